// The order in which a training worker reads its part of the corpus: whole lines, grouped into
// blocks, visited in file order (as word2vec does) or in a new random order every epoch.
//
// Why shuffle: stochastic gradient descent expects its examples in no particular order. In file
// order every epoch walks through a corpus sorted by topic, date or source in the same sequence,
// so the vectors drift towards each part in turn and always end on the same one; in a new order
// each epoch the drift averages out. Why not by default: on wiki-17m (articles in dump order)
// shuffling raised CBOW's analogy accuracy by 0.4-0.7 points but lowered skip-gram's by 0.6 on
// average, WordSim-353 moving within the noise (bench/README.md, "Line order").
//
// Why blocks: one entry per line would cost 12 bytes for each line, as much as the corpus itself
// for short lines. Blocks of at least kMinBlockTokens tokens keep the cost below 3% of the 4-byte
// token stream, and a block of short lines still moves as one small piece of text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace embedscope {

class SplitMix64;
class TokenReader;

class LineBlocks {
public:
    static constexpr std::size_t kMinBlockTokens = 100;

    // Cuts tokens[begin, end) after sentence ends (kSentenceEnd) into blocks of whole lines, each
    // at least kMinBlockTokens tokens long except perhaps the last. The range should end with a
    // sentence end (the trainer's shards do); its last block ends at `end` in any case.
    LineBlocks(const std::vector<std::int32_t>& tokens, std::size_t begin, std::size_t end);
    // The same over a corpus's id stream through a reader (a streamed corpus), with blocks of at
    // least minBlockTokens tokens: a streamed corpus takes larger blocks, so that the table stays
    // small for billions of tokens and each block is one read of the id file.
    LineBlocks(TokenReader& reader, std::uint64_t begin, std::uint64_t end,
               std::size_t minBlockTokens);

    std::size_t size() const { return order_.size(); }
    // The token range [first, second) of the i-th block to visit.
    std::pair<std::size_t, std::size_t> block(std::size_t i) const {
        const std::uint32_t b = order_[i];
        return {starts_[b], starts_[b + 1]};
    }

    // Draws a new visiting order, uniformly among all orders (Fisher-Yates).
    void shuffle(SplitMix64& rng);

private:
    // Cuts [begin, end) with nextToken() giving the tokens from `begin` on.
    template <typename NextToken>
    void cut(NextToken nextToken, std::size_t begin, std::size_t end, std::size_t minBlockTokens);

    std::vector<std::size_t> starts_;   // block b is [starts_[b], starts_[b + 1])
    std::vector<std::uint32_t> order_;  // a permutation of the block numbers
};

}  // namespace embedscope
