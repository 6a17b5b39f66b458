#include "TokenReader.h"

#include <algorithm>
#include <stdexcept>

#include "TokenizedCorpus.h"

namespace embedscope {

TokenReader::TokenReader(const TokenizedCorpus& corpus, std::size_t chunkTokens) : corpus_(corpus) {
    if (corpus_.idFile)
        buffer_.resize(
            std::max<std::size_t>(1, chunkTokens ? chunkTokens : corpus_.streamChunkTokens));
}

void TokenReader::seek(std::uint64_t first, std::uint64_t end) {
    end = std::min(end, corpus_.tokenCount());
    first = std::min(first, end);
    position_ = first;
    end_ = end;
    if (!corpus_.idFile) {
        current_ = corpus_.tokens.data() + first;
        limit_ = corpus_.tokens.data() + end;
    } else {
        current_ = limit_ = buffer_.data();
    }
}

void TokenReader::refill() {
    // Only a streamed corpus gets here: in memory, limit_ is the end of the range.
    const std::size_t wanted =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), end_ - position_));
    const std::size_t got = corpus_.idFile->read(position_, buffer_.data(), wanted);
    if (got == 0)
        throw std::logic_error("TokenReader: read past the end of the id stream");
    current_ = buffer_.data();
    limit_ = buffer_.data() + got;
}

}  // namespace embedscope
