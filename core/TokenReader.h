// A cursor over a range of a corpus's id stream, the same for both ways of keeping it: ids in
// memory are read in place; ids in an IdFile are read in chunks of `chunkTokens` into a buffer the
// cursor owns, so that a worker's resident memory is one chunk whatever the corpus size. Both
// deliver the same ids in the same order, which is what makes a streamed run and an in-memory run
// with one thread and a fixed seed give identical vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace embedscope {

struct TokenizedCorpus;

class TokenReader {
public:
    // 1 M ids (4 MB) a chunk: one pread per second or so of training, a few MB per worker.
    static constexpr std::size_t kDefaultChunkTokens = std::size_t(1) << 20;

    // chunkTokens 0: the corpus's own setting (TokenizedCorpus::streamChunkTokens).
    explicit TokenReader(const TokenizedCorpus& corpus, std::size_t chunkTokens = 0);

    // Positions the cursor on [first, end) of the id stream.
    void seek(std::uint64_t first, std::uint64_t end);
    bool atEnd() const { return position_ == end_; }
    std::uint64_t position() const { return position_; }
    // The next id; only when !atEnd().
    std::int32_t next() {
        if (current_ == limit_)
            refill();
        ++position_;
        return *current_++;
    }
    // For loops that read many ids at once: the ids from the cursor to the end of what is in
    // memory (at least one; only when !atEnd()). skip(n) then moves the cursor past n of them.
    struct Span {
        const std::int32_t* first;
        const std::int32_t* last;
    };
    Span buffered() {
        if (current_ == limit_)
            refill();
        return {current_, limit_};
    }
    void skip(std::size_t n) {
        current_ += n;
        position_ += n;
    }

private:
    void refill();

    const TokenizedCorpus& corpus_;
    std::vector<std::int32_t> buffer_;
    const std::int32_t* current_ = nullptr;
    const std::int32_t* limit_ = nullptr;
    std::uint64_t position_ = 0;  // id position of *current_
    std::uint64_t end_ = 0;
};

}  // namespace embedscope
