#include "LineBlocks.h"

#include <numeric>

#include "Random.h"
#include "TokenReader.h"
#include "TokenizedCorpus.h"

namespace embedscope {

LineBlocks::LineBlocks(const std::vector<std::int32_t>& tokens, std::size_t begin,
                       std::size_t end) {
    std::size_t position = begin;
    cut([&] { return tokens[position++]; }, begin, end, kMinBlockTokens);
}

LineBlocks::LineBlocks(TokenReader& reader, std::uint64_t begin, std::uint64_t end,
                       std::size_t minBlockTokens) {
    reader.seek(begin, end);
    cut([&] { return reader.next(); }, static_cast<std::size_t>(begin),
        static_cast<std::size_t>(end), minBlockTokens);
}

template <typename NextToken>
void LineBlocks::cut(NextToken nextToken, std::size_t begin, std::size_t end,
                     std::size_t minBlockTokens) {
    starts_.push_back(begin);
    for (std::size_t position = begin; position < end; ++position) {
        if (nextToken() == kSentenceEnd && position + 1 - starts_.back() >= minBlockTokens &&
            position + 1 < end)
            starts_.push_back(position + 1);
    }
    if (end > begin)
        starts_.push_back(end);
    order_.resize(starts_.size() - 1);
    std::iota(order_.begin(), order_.end(), std::uint32_t(0));
}

void LineBlocks::shuffle(SplitMix64& rng) {
    for (std::size_t i = order_.size(); i > 1; --i)
        std::swap(order_[i - 1], order_[rng.next() % i]);
}

}  // namespace embedscope
