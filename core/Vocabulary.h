// Word <-> index with counts, most frequent first.
//
// Order: descending count; ties by the words' UTF-8 bytes, ascending, so that the order (and so
// every index and every export) is deterministic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace embedscope {

class Vocabulary {
public:
    Vocabulary() = default;

    // Sorts, then keeps words with count >= minCount, then the first maxSize of them (0: no
    // limit). corpusTokens is the number of tokens read, including the ones dropped here.
    static Vocabulary fromCounts(std::vector<std::pair<std::string, std::uint64_t>> counts,
                                 std::uint64_t minCount, std::size_t maxSize,
                                 std::uint64_t corpusTokens);

    std::int32_t size() const { return static_cast<std::int32_t>(words_.size()); }
    bool empty() const { return words_.empty(); }
    // -1 when the word is not in the vocabulary.
    std::int32_t indexOf(std::string_view word) const;
    const std::string& word(std::int32_t index) const { return words_[index]; }
    std::uint64_t count(std::int32_t index) const { return counts_[index]; }
    const std::vector<std::string>& words() const { return words_; }
    const std::vector<std::uint64_t>& counts() const { return counts_; }

    // Tokens in the corpus, including words below min-count.
    std::uint64_t corpusTokens() const { return corpusTokens_; }
    // Sum of the counts of the words kept (what one training epoch processes).
    std::uint64_t vocabTokens() const { return vocabTokens_; }

    // word2vec's subsampling: a token of word w with frequency f = count/vocabTokens is kept with
    // probability min(1, (sqrt(f/t) + 1) * t/f). t <= 0 keeps everything.
    double keepProbability(std::int32_t index, double t) const;

    // TSV: "word<TAB>count\n", one per line, descending, no header. Atomic write.
    void save(const std::string& path) const;
    // Validates: two fields, count a positive integer, no duplicate words, descending order.
    // Throws Error naming file and line.
    static Vocabulary load(const std::string& path);

private:
    std::vector<std::string> words_;
    std::vector<std::uint64_t> counts_;
    std::unordered_map<std::string_view, std::int32_t> index_;  // views into words_
    std::uint64_t corpusTokens_ = 0;
    std::uint64_t vocabTokens_ = 0;

    void rebuildIndex();

public:
    Vocabulary(const Vocabulary& other);
    Vocabulary& operator=(const Vocabulary& other);
    Vocabulary(Vocabulary&&) noexcept = default;
    Vocabulary& operator=(Vocabulary&&) noexcept = default;
};

}  // namespace embedscope
