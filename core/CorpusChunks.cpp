#include "CorpusChunks.h"

#include <algorithm>
#include <cstring>

#include "CorpusReader.h"
#include "Error.h"
#include "VectorFileSniffer.h"

namespace embedscope {

namespace {

// Files smaller than this still get a buffer of this size: room for a character carried over.
constexpr std::size_t kMinChunkBytes = 4096;
// The encoding is judged while fewer than this many non-ASCII bytes have been seen and within the
// first few chunks; after that the file has proven itself UTF-8 and bad bytes are strays.
constexpr std::uint64_t kEncodingEvidenceBytes = 4096;

std::string notUtf8(const std::string& name, std::uint64_t offset, const char* looksLike) {
    return offsetError(name, static_cast<long long>(offset),
                       std::string("not UTF-8 text (looks like ") + looksLike + ")");
}

// Refuses UTF-16 and binary data from the first chunk: a BOM, or NUL bytes. UTF-16 text of
// mostly ASCII characters has a NUL in every other byte, at odd offsets for little-endian.
void checkFirstChunk(const std::string& name, const unsigned char* data, std::size_t size) {
    if (size >= 2 && data[0] == 0xFF && data[1] == 0xFE)
        throw Error(notUtf8(name, 0, "UTF-16 little-endian"));
    if (size >= 2 && data[0] == 0xFE && data[1] == 0xFF)
        throw Error(notUtf8(name, 0, "UTF-16 big-endian"));
    const void* firstNul = std::memchr(data, 0, size);
    if (!firstNul)
        return;
    std::size_t nulAtEven = 0, nulAtOdd = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0)
            ++(i % 2 ? nulAtOdd : nulAtEven);
    }
    const std::size_t nuls = nulAtEven + nulAtOdd;
    const auto offset =
        static_cast<std::uint64_t>(static_cast<const unsigned char*>(firstNul) - data);
    // A quarter of the bytes NUL, nine tenths of them on one parity: UTF-16 of Latin script.
    if (nuls * 4 >= size && nulAtOdd * 10 >= nuls * 9)
        throw Error(notUtf8(name, offset, "UTF-16 little-endian"));
    if (nuls * 4 >= size && nulAtEven * 10 >= nuls * 9)
        throw Error(notUtf8(name, offset, "UTF-16 big-endian"));
    throw Error(notUtf8(name, offset, "binary data"));
}

// The length of the longest prefix of data that does not end inside a UTF-8 sequence, so that
// a character split by a chunk boundary is carried over whole into the next chunk.
std::size_t completeCharactersPrefix(const unsigned char* data, std::size_t size) {
    for (std::size_t back = 1; back <= 3 && back <= size; ++back) {
        const unsigned char c = data[size - back];
        if ((c & 0xC0) == 0x80)
            continue;  // continuation byte: look further back
        std::size_t needed = 1;
        if (c >= 0xC2 && c <= 0xDF)
            needed = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            needed = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            needed = 4;
        return needed > back ? size - back : size;
    }
    return size;
}

void allocate(CorpusChunk& chunk, std::size_t capacity) {
    if (chunk.capacity >= capacity)
        return;
    chunk.data = std::make_unique<char[]>(capacity);  // value-initialised once per buffer
    chunk.capacity = capacity;
}

}  // namespace

CorpusFileChunks::CorpusFileChunks(std::unique_ptr<ByteStream> stream, std::string name,
                                   ChunkCut cut, std::uint64_t sizeHint)
    : stream_(std::move(stream)),
      name_(std::move(name)),
      cut_(cut),
      sizeHint_(sizeHint),
      chunkBytes_(sizeHint > 0 && stream_->compression().empty()
                      ? static_cast<std::size_t>(
                            std::clamp<std::uint64_t>(sizeHint, kMinChunkBytes, kCorpusChunkBytes))
                      : kCorpusChunkBytes) {
    allocate(buffer_, chunkBytes_);
}

void CorpusFileChunks::fill() {
    while (!atEnd_ && buffer_.size < chunkBytes_) {
        const std::size_t got =
            stream_->read(buffer_.data.get() + buffer_.size, chunkBytes_ - buffer_.size);
        if (got == 0)
            atEnd_ = true;
        buffer_.size += got;
    }
}

std::size_t CorpusFileChunks::cutPoint() const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.data.get());
    const std::size_t size = buffer_.size;
    if (atEnd_)
        return size;
    if (cut_ == ChunkCut::Whitespace) {
        // Whitespace ends a token and leaves the tokenizer as it was at the start (a joiner or a
        // number separator needs a character after it), so the next chunk starts afresh.
        if (const void* newline = memrchr(bytes, '\n', size))
            return static_cast<std::size_t>(static_cast<const unsigned char*>(newline) - bytes) + 1;
        for (std::size_t i = size; i > 0; --i) {
            const unsigned char c = bytes[i - 1];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
                return i;
        }
    }
    return completeCharactersPrefix(bytes, size);
}

bool CorpusFileChunks::next(CorpusChunk& chunk) {
    fill();
    if (first_) {
        first_ = false;
        if (buffer_.size == 0) {
            empty_ = true;
            return false;
        }
        // Vectors first: a word2vec binary file would otherwise be called binary data.
        const bool wholeFile = atEnd_ || (sizeHint_ > 0 && buffer_.size >= sizeHint_ &&
                                          stream_->compression().empty());
        if (const auto guess =
                sniffVectorFile(std::string_view(buffer_.data.get(), buffer_.size), wholeFile))
            throw Error(fileError(name_, describeVectorFileGuess(*guess)));
        const auto* bytes = reinterpret_cast<const unsigned char*>(buffer_.data.get());
        checkFirstChunk(name_, bytes, buffer_.size);
        if (buffer_.size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
            std::memmove(buffer_.data.get(), buffer_.data.get() + 3, buffer_.size - 3);
            buffer_.size -= 3;
            buffer_.offset = 3;
            fill();
        }
    }
    if (buffer_.size == 0)
        return false;
    const std::size_t cut = cutPoint();
    // The whole buffer goes to the caller; the bytes after the cut come back into ours.
    allocate(chunk, chunkBytes_);
    std::swap(chunk.data, buffer_.data);
    std::swap(chunk.capacity, buffer_.capacity);
    const std::size_t rest = buffer_.size - cut;
    std::memcpy(buffer_.data.get(), chunk.data.get() + cut, rest);
    chunk.size = cut;
    chunk.offset = buffer_.offset;
    chunk.endsLine = (cut == buffer_.size && atEnd_) || chunk.data[cut - 1] == '\n';
    buffer_.size = rest;
    buffer_.offset += cut;
    return true;
}

std::string describeReadWarning(const std::string& name, const ReadReport& report) {
    std::string warning;
    if (report.invalidBytes > 0) {
        warning = "skipped " + std::to_string(report.invalidBytes) + " invalid UTF-8 byte" +
                  (report.invalidBytes == 1 ? "" : "s") + " (the first at byte offset " +
                  std::to_string(report.firstInvalidOffset) + ")";
    }
    if (report.truncatedTokens > 0) {
        if (!warning.empty())
            warning += "; ";
        warning += "cut " + std::to_string(report.truncatedTokens) + " token" +
                   (report.truncatedTokens == 1 ? "" : "s") + " longer than " +
                   std::to_string(kMaxTokenBytes) + " bytes";
    }
    return warning.empty() ? warning : fileError(name, warning);
}

void EncodingJudge::afterChunk(std::uint64_t invalidBytes, std::uint64_t nonAsciiBytes,
                               std::int64_t firstInvalidOffset, std::uint64_t endOffset) {
    if (!judging_)
        return;
    // Latin-1 puts one byte >= 0x80 per accented letter, nearly always invalid as UTF-8; valid
    // UTF-8 puts two or more per character, all valid.
    if (invalidBytes >= 4 && invalidBytes * 2 > nonAsciiBytes)
        throw Error(notUtf8(name_, static_cast<std::uint64_t>(firstInvalidOffset), "Latin-1"));
    judging_ = nonAsciiBytes < kEncodingEvidenceBytes && endOffset < kEncodingWindowBytes;
}

}  // namespace embedscope
