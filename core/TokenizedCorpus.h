// A corpus read once and kept as a compact stream of vocabulary ids (4 bytes a token), so that
// epochs do not re-tokenize and worker threads split it by offset.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "CorpusReader.h"
#include "JobControl.h"
#include "Tokenizer.h"
#include "Vocabulary.h"
#include "WordCountPass.h"

class QIODevice;

namespace embedscope {

// Marks the end of a sentence in TokenizedCorpus::tokens.
constexpr std::int32_t kSentenceEnd = -1;

struct CorpusOptions {
    TokenizerOptions tokenizer;
    std::uint64_t minCount = 5;
    std::size_t maxSize = 0;  // 0: no limit
    // The vocabulary pass (countVocabulary; WordCountPass.h): threads (0: all cores) and the cap
    // of distinct words above which rare words are pruned while counting (0: none).
    WordCountOptions counting;
};

struct TokenizedCorpus {
    Vocabulary vocabulary;
    // Ids of in-vocabulary tokens in corpus order; words dropped by min-count/max-size are left out
    // (as word2vec does); kSentenceEnd after each sentence.
    std::vector<std::int32_t> tokens;
    ReadReport report;
    std::string name;  // file name, for messages
};

// One pass over the file: counts words, builds the vocabulary and the id stream. Throws Error
// (also when no word reaches minCount: the message says how many distinct words there are and
// suggests a lower min-count) and Cancelled.
TokenizedCorpus loadCorpus(const std::string& path, const CorpusOptions& options,
                           const JobControl& control = {});
TokenizedCorpus loadCorpus(QIODevice& device, const std::string& name, const CorpusOptions& options,
                           const JobControl& control = {});

// The same for several files read in order as one stream (a folder's or a list's: CorpusReader.h).
TokenizedCorpus loadCorpus(const std::vector<std::string>& files, const CorpusOptions& options,
                           const JobControl& control = {});

// Counting only (no id stream), on options.counting.threads threads: what `embedscope-cli vocab`
// and the vocabulary benchmark run. path is a file or a folder.
Vocabulary countVocabulary(const std::string& path, const CorpusOptions& options,
                           const JobControl& control = {}, ReadReport* report = nullptr);
Vocabulary countVocabulary(const std::vector<std::string>& files, const CorpusOptions& options,
                           const JobControl& control = {}, ReadReport* report = nullptr);

}  // namespace embedscope
