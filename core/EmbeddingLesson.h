// The model behind Help > Lesson: the three-word vocabulary of "I like dogs", grown by a sentence
// the user types, and its nn.Embedding(V, 5) table.
//
// The vocabulary is built as PyTorch tutorials build word_to_ix: every word not seen yet gets the
// next index, in order of first appearance (the seed sentence's words first). Words come from the
// app's tokenizer with the case kept ("I" stays "I"), at most kMaxWords of them.
//
// The table is EmbeddingTable(V, kDim) with nn.Embedding's N(0, 1) initialisation from a fixed
// seed. The weights are drawn row by row from one generator, so a larger table begins with the
// rows of a smaller one: when the vocabulary grows, the old words keep their rows and only the
// new words get new ones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "EmbeddingTable.h"

namespace embedscope {

class EmbeddingLesson {
public:
    static constexpr std::string_view kSeedSentence = "I like dogs";
    static constexpr std::int64_t kDim = 5;
    static constexpr int kMaxWords = 16;
    static constexpr std::uint64_t kSeed = 42;

    EmbeddingLesson();

    // The seed sentence's words, then sentence's new ones. Returns the number of new words left
    // out above kMaxWords.
    int setSentence(std::string_view sentence);
    const std::string& sentence() const { return sentence_; }

    // The words of text, as the lesson's tokenizer splits them (repeats kept).
    static std::vector<std::string> tokenize(std::string_view text);

    const std::vector<std::string>& words() const { return words_; }
    std::int64_t size() const { return static_cast<std::int64_t>(words_.size()); }  // V
    std::int64_t seedSize() const { return seedSize_; }  // the seed sentence's words: 3
    // -1 for a word not in the vocabulary.
    std::int32_t indexOf(std::string_view word) const;

    // V by kDim.
    const EmbeddingTable& table() const { return table_; }

private:
    std::string sentence_;
    std::vector<std::string> words_;
    std::int64_t seedSize_ = 0;
    EmbeddingTable table_;
};

}  // namespace embedscope
