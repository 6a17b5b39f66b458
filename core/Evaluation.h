// The two standard intrinsic evaluations of word vectors, with the semantics of gensim's
// KeyedVectors.evaluate_word_analogies and evaluate_word_pairs (case-insensitive), so that numbers
// can be compared with gensim's on the same vectors.
//
// Analogies (questions-words.txt): lines ": section" start a section; every other non-blank line
// is a question "a b c d" (a is to b as c is to d). A question is skipped when any of its four
// words is not among the first restrictTo words of the vocabulary; otherwise the prediction is the
// best candidate among those words, excluding a, b and c, and the question is correct when it is d.
// Accuracy = correct / answered.
//
// Word pairs (wordsim353.tsv, simlex999.txt): tab-separated "word1 word2 score" lines (columns
// past the third are ignored), lines starting with '#' are comments, and a first line whose score
// column is not a number is a header. Pairs with a word outside the (restricted) vocabulary are
// skipped and counted; the model's cosine is compared with the human scores by Spearman's rank
// correlation (ties get their average rank) and Pearson's correlation.
//
// Skips are counted by reason: a word not in the vocabulary at all (no restriction would help),
// or every word in the vocabulary but one past the restriction (a larger restriction would).
//
// Malformed files throw Error naming the file and the line.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "JobControl.h"
#include "NeighbourIndex.h"

namespace embedscope {

struct AnalogySection {
    std::string name;
    int correct = 0;
    int total = 0;                      // questions answered (not skipped) in this section
    int skipped = 0;                    // skippedNotInVocabulary + skippedOutsideRestriction
    int skippedNotInVocabulary = 0;     // a word the vocabulary does not have
    int skippedOutsideRestriction = 0;  // every word known, one past the restriction
    double accuracy() const { return total ? double(correct) / total : 0.0; }
};

struct AnalogyResult {
    std::vector<AnalogySection> sections;  // in file order
    int correct = 0;
    int total = 0;                      // answered questions
    int skipped = 0;                    // questions with a word outside the restricted vocabulary
    int skippedNotInVocabulary = 0;     // of skipped: a word the vocabulary does not have
    int skippedOutsideRestriction = 0;  // of skipped: every word known, one past the restriction
    int all = 0;                        // every question in the file (total + skipped)
    int vocabularySize = 0;  // words evaluated (the vocabulary, as far as the index has rows)
    int restrictedSize = 0;  // words that take part: the restriction, at most vocabularySize
    // The usual split of Mikolov et al.'s file: sections named "gram..." are syntactic, the
    // others semantic.
    AnalogySection semantic{"semantic"};
    AnalogySection syntactic{"syntactic"};
    double accuracy() const { return total ? double(correct) / total : 0.0; }
    // All answered questions as one section named "total".
    AnalogySection overall() const {
        return {
            "total", correct, total, skipped, skippedNotInVocabulary, skippedOutsideRestriction};
    }
};

// words: the vocabulary in row order of index (most frequent first). restrictTo <= 0 or larger
// than the vocabulary means all words.
AnalogyResult evaluateAnalogies(const std::string& path, const std::vector<std::string>& words,
                                const NeighbourIndex& index, std::int32_t restrictTo = 30000,
                                AnalogyMethod method = AnalogyMethod::CosAdd,
                                const JobControl& control = {});

struct SimilarityResult {
    double spearman = 0.0;  // NaN when fewer than 2 pairs were used or a side is constant
    double pearson = 0.0;
    int used = 0;
    int skipped = 0;                    // pairs with a word outside the (restricted) vocabulary
    int skippedNotInVocabulary = 0;     // of skipped: a word the vocabulary does not have
    int skippedOutsideRestriction = 0;  // of skipped: both words known, one past the restriction
};

SimilarityResult evaluateSimilarity(const std::string& path, const std::vector<std::string>& words,
                                    const NeighbourIndex& index, std::int32_t restrictTo = 0);

// Statistics exposed for tests and reuse. Both return NaN for fewer than 2 values or zero
// variance. x and y have the same length.
double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y);
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y);
// Ranks 1..n, ties share the average of the ranks they span.
std::vector<double> averageRanks(const std::vector<double>& values);

}  // namespace embedscope
