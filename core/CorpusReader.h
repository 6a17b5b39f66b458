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
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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
    // Human-readable warning naming the file when invalidBytes or truncatedTokens > 0, else empty.
    std::string warning;
};

// Reads path (progress in bytes, cancellable). Throws Error (missing file, directory, no read
// permission, empty file, a file without a single word, binary or wrong encoding, a file of word
// vectors as VectorFileSniffer.h recognises them) and Cancelled.
ReadReport readCorpus(const std::string& path, const TokenizerOptions& options, TokenSink& sink,
                      const JobControl& control = {});

// The same for an open device (e.g. the embedded default corpus in a Qt resource); name is what
// error messages call it.
ReadReport readCorpus(QIODevice& device, const std::string& name, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control = {});

}  // namespace embedscope
