// A corpus read once and kept as a compact stream of vocabulary ids (4 bytes a token), so that
// epochs do not re-tokenize and worker threads split it by offset. Up to
// CorpusOptions::memoryTokenLimit ids the stream stays in memory; beyond, it is streamed: kept in
// an IdFile on disk and read back in chunks (TokenReader.h), so that memory does not grow with the
// corpus (issue 19; bench/README.md, "Streamed training", says why this design).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "IdFile.h"

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
    // 32 M ids (128 MB, about 190 MB of text): wiki-17m stays in memory, a larger corpus streams.
    static constexpr std::uint64_t kDefaultMemoryTokenLimit = std::uint64_t(32) << 20;
    static constexpr std::size_t kDefaultStreamChunkTokens = std::size_t(1) << 20;

    TokenizerOptions tokenizer;
    std::uint64_t minCount = 5;
    std::size_t maxSize = 0;  // 0: no limit
    // The vocabulary pass (countVocabulary; WordCountPass.h): threads (0: all cores) and the cap
    // of distinct words above which rare words are pruned while counting (0: none).
    WordCountOptions counting;
    // Ids kept in memory at most; a corpus with more is streamed from an IdFile. 0: always stream.
    std::uint64_t memoryTokenLimit = kDefaultMemoryTokenLimit;
    // Where a streamed corpus's id file goes (empty: defaultCacheFolder()); it is unlinked at once.
    std::string cacheFolder;
    // Ids read at a time from the id file: while loading, and by each training worker.
    std::size_t streamChunkTokens = kDefaultStreamChunkTokens;
};

struct TokenizedCorpus {
    Vocabulary vocabulary;
    // Ids of in-vocabulary tokens in corpus order; words dropped by min-count/max-size are left out
    // (as word2vec does); kSentenceEnd after each sentence. Empty when the corpus is streamed.
    std::vector<std::int32_t> tokens;
    // A streamed corpus: the same ids, on disk (tokens is then empty). Shared by the copies of the
    // corpus; the file goes when the last one does.
    std::shared_ptr<const IdFile> idFile;
    std::uint64_t idFileWords = 0;  // the ids in idFile that are not kSentenceEnd
    std::size_t streamChunkTokens = CorpusOptions::kDefaultStreamChunkTokens;
    ReadReport report;
    std::string name;  // file name, for messages

    bool streamed() const { return idFile != nullptr; }
    // Ids in the stream, sentence ends included.
    std::uint64_t tokenCount() const { return idFile ? idFile->size() : tokens.size(); }
    std::uint64_t idBytes() const { return tokenCount() * sizeof(std::int32_t); }
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
