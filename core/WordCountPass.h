// The vocabulary pass: counts the words of a corpus on all cores, in a table of bounded size.
//
// Parallel: the files are cut into chunks of about 1 MB that end just after a newline (or other
// whitespace: CorpusChunks.h), so that a chunk tokenizes the same alone as within the file. Each
// thread takes the next chunk (reading it under a lock: a memcpy or the decompressing thread's
// output), tokenizes it (NFC included) and counts it into a table of its own; the tables are
// merged at the end. Counting is a sum, so the counts, and so the vocabulary, are those of one
// thread reading the files in order (tst_vocabulary checks it).
//
// Bounded: word2vec's min_reduce. When a table holds more than its cap of distinct words (cap /
// threads per thread, cap after the merge), every word counted at most `reduce` times so far is
// dropped and `reduce` rises by one (it starts at 1). A dropped word that comes back starts
// counting again from 0, so the counts of rare words can come out low and some words that reach
// min-count in the corpus can be missing: the report says so (ReadReport::pruneRounds and its
// warning). With one thread the result depends only on the corpus; with several it also depends
// on which thread took which chunk, but only when the table was pruned.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "CorpusReader.h"
#include "JobControl.h"
#include "Tokenizer.h"
#include "WordCounts.h"

namespace embedscope {

// 8 million words: the table is then at most 2^24 slots of 32 bytes (512 MB) plus the bytes of
// words over 15 bytes; word2vec's cap is 21 million (0.7 of its 30 million hash entries).
constexpr std::size_t kDefaultCountCap = 8'000'000;

struct WordCountOptions {
    unsigned threads = 0;                // 0: all cores
    std::size_t cap = kDefaultCountCap;  // distinct words before pruning; 0: no cap
};

struct WordCountResult {
    WordCounts counts;
    ReadReport report;  // warning includes the pruning's, when it pruned
};

// Throws what readCorpus throws, for the same files.
WordCountResult countCorpusWords(const std::vector<std::string>& files,
                                 const TokenizerOptions& options,
                                 const WordCountOptions& countOptions,
                                 const JobControl& control = {});

}  // namespace embedscope
