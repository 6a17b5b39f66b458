// Streams a UTF-8 text file of any size through the tokenizer without holding it in memory.
//
// Encoding rules: a UTF-8 BOM is skipped; CRLF is a newline. A few stray invalid UTF-8 bytes are
// skipped and counted (ReadReport::invalidBytes, firstInvalidOffset). A file that is mostly not
// UTF-8 (Latin-1, UTF-16 with or without BOM) or is binary (NUL bytes) is refused with an Error
// naming the file, the byte offset and the likely encoding. Latin-1 is recognised from the first
// chunks: at least 4 invalid bytes that are more than half of all bytes >= 0x80 seen so far (valid
// UTF-8 text has at least two such bytes per non-ASCII character, all valid).
//
// The file is read in 1 MB chunks; memory stays bounded whatever its size or line length.
//
// Compressed files (.gz, .xz, .bz2, .zst, a .zip of one file; told by their signature) are
// decompressed on a thread of their own as they are read (ByteStream.h); a damaged one is refused
// with the file and the compressed byte offset. A corpus may also be several files read in order
// as one stream: a folder (its files in name order, hidden files and sub-folders skipped) or a
// list (readCorpusList). Each file is checked as a file of its own (encoding, BOM); a sentence
// ends at the end of each file; an empty file among several is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "JobControl.h"
#include "Tokenizer.h"

class QIODevice;

namespace embedscope {

// TokenSink (Tokenizer.h) receives the tokens in corpus order.

struct ReadReport {
    std::uint64_t bytes = 0;         // bytes read
    std::uint64_t tokens = 0;        // tokens delivered
    std::uint64_t sentences = 0;     // sentence ends delivered
    std::uint64_t invalidBytes = 0;  // invalid UTF-8 bytes skipped
    std::int64_t firstInvalidOffset = -1;
    std::uint64_t truncatedTokens = 0;  // tokens cut at kMaxTokenBytes
    // The files as they are on disk (readCorpus of files or a path): how many, their total size,
    // and how they are compressed: "" (plain text), "gzip", "xz", "bzip2", "zstd" or "zip", or
    // "mixed" when the files differ.
    std::uint64_t files = 0;
    std::uint64_t fileBytes = 0;
    std::string compression;
    // Vocabulary pass only (WordCountPass.h): how many times the count table passed its cap and
    // dropped its rarest words, and the last count at or below which words were dropped.
    std::uint64_t pruneRounds = 0;
    std::uint64_t prunedAtOrBelow = 0;
    // Human-readable warning naming the file when invalidBytes or truncatedTokens > 0 (or the
    // counts were pruned), else empty.
    std::string warning;
};

// The files a corpus path stands for: the file itself, or a folder's files in name order (byte
// order of the names; hidden files and sub-folders skipped). Throws Error for a missing path or a
// folder without files.
std::vector<std::string> corpusFiles(const std::string& path);

// The files a list names, one path per line (relative paths are relative to the list's folder;
// empty lines and lines starting with # are skipped; a folder stands for its files). Throws Error
// naming the list and the line of a missing file.
std::vector<std::string> readCorpusList(const std::string& listPath);

// What messages call a corpus of these files: the one file, or the first file and how many more.
std::string corpusName(const std::vector<std::string>& files);

// Reads path, a file or a folder (progress in bytes of the files on disk, cancellable). Throws
// Error (missing file, folder without files, no read permission, empty file, a file without a
// single word, binary or wrong encoding, a file of word vectors as VectorFileSniffer.h recognises
// them, a damaged compressed file) and Cancelled.
ReadReport readCorpus(const std::string& path, const TokenizerOptions& options, TokenSink& sink,
                      const JobControl& control = {});

// The same for several files read in order as one stream.
ReadReport readCorpus(const std::vector<std::string>& files, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control = {});

// The same for an open device (e.g. the embedded default corpus in a Qt resource); name is what
// error messages call it.
ReadReport readCorpus(QIODevice& device, const std::string& name, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control = {});

}  // namespace embedscope
