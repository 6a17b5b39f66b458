// One corpus file read in chunks for the tokenizer: decompressed when it is compressed
// (ByteStream.h), its first bytes checked (a file of word vectors, UTF-16, binary data), a UTF-8
// BOM skipped, and each chunk cut where the tokenizer loses nothing:
// - ChunkCut::Character: at a UTF-8 character boundary (one tokenizer reads all the chunks);
// - ChunkCut::Whitespace: just after the last newline, else after the last ASCII whitespace, so
//   that each chunk can go to a tokenizer of its own (the vocabulary pass on all cores) and give
//   the same tokens. A chunk of 1 MB without any whitespace is cut at a character boundary: a
//   token of over 1 MB is then counted as two truncated tokens instead of one.
// Memory: two chunk buffers of at most 1 MB, whatever the file's size or line length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "ByteStream.h"

namespace embedscope {

constexpr std::size_t kCorpusChunkBytes = 1 << 20;

enum class ChunkCut { Character, Whitespace };

struct CorpusChunk {
    std::unique_ptr<char[]> data;
    std::size_t capacity = 0;
    std::size_t size = 0;
    std::uint64_t offset = 0;  // byte offset of data[0] in the (decompressed) file
    bool endsLine = false;     // ends just after a newline, or at the end of the file
};

class CorpusFileChunks {
public:
    // sizeHint: the file's size on disk (0: unknown); small files get a small buffer.
    CorpusFileChunks(std::unique_ptr<ByteStream> stream, std::string name, ChunkCut cut,
                     std::uint64_t sizeHint);

    // The next chunk, swapped into chunk; false at the end of the file. The first call checks the
    // file's first bytes. Throws Error naming the file (and the byte offset).
    bool next(CorpusChunk& chunk);
    // True when the file turned out to hold no byte at all.
    bool empty() const { return empty_; }
    // Bytes of the file on disk read so far (compressed bytes for a compressed file).
    long long consumed() const { return stream_->consumed(); }
    std::string_view compression() const { return stream_->compression(); }
    const std::string& name() const { return name_; }

private:
    void fill();
    std::size_t cutPoint() const;

    std::unique_ptr<ByteStream> stream_;
    std::string name_;
    ChunkCut cut_;
    std::uint64_t sizeHint_;
    std::size_t chunkBytes_;
    CorpusChunk buffer_;  // bytes read and not yet handed out, from buffer_.offset
    bool atEnd_ = false;
    bool first_ = true;
    bool empty_ = false;
};

// The Latin-1 judgement of CorpusReader.h over the first chunks of a file: fed the tokenizer's
// running totals after each chunk, in file order, it throws Error when the file looks like
// Latin-1 and stops judging once the file has proven itself UTF-8.
class EncodingJudge {
public:
    explicit EncodingJudge(std::string name) : name_(std::move(name)) {}
    bool judging() const { return judging_; }
    void afterChunk(std::uint64_t invalidBytes, std::uint64_t nonAsciiBytes,
                    std::int64_t firstInvalidOffset, std::uint64_t endOffset);

private:
    std::string name_;
    bool judging_ = true;
};

struct ReadReport;
// The warning naming the file when report.invalidBytes or report.truncatedTokens > 0, else "".
std::string describeReadWarning(const std::string& name, const ReadReport& report);

// Chunks starting before this offset are judged for their encoding (EncodingJudge).
constexpr std::uint64_t kEncodingWindowBytes = 4 * kCorpusChunkBytes;

}  // namespace embedscope
