// Streams a UTF-8 text file of any size through the tokenizer without holding it in memory.
//
// Encoding rules: a UTF-8 BOM is skipped; CRLF is a newline. A few stray invalid UTF-8 bytes are
// skipped and counted (ReadReport::invalidBytes, firstInvalidOffset). A file that is mostly not
// UTF-8 (Latin-1, UTF-16 with or without BOM) or is binary (NUL bytes) is refused with an Error
// naming the file, the byte offset and the likely encoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "JobControl.h"
#include "Tokenizer.h"

class QIODevice;

namespace embedscope {

// Receives the tokens in corpus order.
class TokenSink {
public:
    virtual ~TokenSink() = default;
    // The view is valid only during the call.
    virtual void onToken(std::string_view word) = 0;
    // A newline (or the end of the file after text).
    virtual void onSentenceEnd() = 0;
};

struct ReadReport {
    std::uint64_t bytes = 0;             // bytes read
    std::uint64_t tokens = 0;            // tokens delivered
    std::uint64_t sentences = 0;         // sentence ends delivered
    std::uint64_t invalidBytes = 0;      // invalid UTF-8 bytes skipped
    std::int64_t firstInvalidOffset = -1;
    std::uint64_t truncatedTokens = 0;   // tokens cut at kMaxTokenBytes
    // Human-readable warning naming the file when invalidBytes or truncatedTokens > 0, else empty.
    std::string warning;
};

// Reads path (progress in bytes, cancellable). Throws Error (missing file, directory, no read
// permission, empty file, binary or wrong encoding) and Cancelled.
ReadReport readCorpus(const std::string& path, const TokenizerOptions& options, TokenSink& sink,
                      const JobControl& control = {});

// The same for an open device (e.g. the embedded default corpus in a Qt resource); name is what
// error messages call it.
ReadReport readCorpus(QIODevice& device, const std::string& name, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control = {});

}  // namespace embedscope
