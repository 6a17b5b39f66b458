// "The vectors" that every panel reads (DESIGN.md): words, optional counts, a read-only table,
// value snapshots of chosen rows, and a generation. Two kinds exist:
//  - TrainingRunSource: a live training run. Its table changes under the reader, so it hands out
//    copies taken through the trainer's racy-copy functions, and its generation moves with every
//    word trained.
//  - LoadedVectorSource: a file that was opened. Its table never changes: table() shares it
//    without a copy (parsed into memory, or mapped from the reopen cache, VectorCache.h), and its
//    generation is fixed.
// A widget asks a VectorSource, never a Trainer, and never touches a live table.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "SharedTable.h"
#include "Trainer.h"
#include "Types.h"
#include "WordRowSet.h"
#include "WordVectors.h"

namespace embedscope {

struct TokenizedCorpus;

class VectorSource {
public:
    virtual ~VectorSource() = default;

    // What the source is called in titles and messages: the corpus or the file name.
    virtual std::string name() const = 0;
    virtual std::int32_t rows() const = 0;
    virtual int dim() const = 0;
    // The words in row order; row r's vector is row r of the table.
    virtual const std::vector<std::string>& words() const = 0;
    // The row of word, or -1.
    virtual std::int32_t indexOf(const std::string& word) const = 0;
    // Corpus counts, when the source knows them (a training run does; a file does not).
    virtual bool hasCounts() const = 0;
    virtual std::uint64_t count(std::int32_t row) const = 0;  // 0 without counts
    // True while the table may still change (a training run).
    virtual bool isLive() const = 0;
    // Changes whenever the table's contents may have changed.
    virtual std::uint64_t generation() const = 0;

    // A value copy of the given rows (an empty snapshot for an empty list).
    virtual std::shared_ptr<const Snapshot> snapshot(
        const std::vector<std::int32_t>& rows) const = 0;
    // The whole table: shared as it is for a file, a copy for a live run.
    virtual SharedTable table() const = 0;

    // Words and the whole table, for exports.
    virtual WordVectors wordVectors() const;
};

// A file's vectors, immutable once made. Rows are in the file's order (most frequent first in
// every format written by word2vec, fastText, GloVe and gensim).
class LoadedVectorSource : public VectorSource {
public:
    // path: where the vectors came from (name() is its file name). Throws Error for duplicate
    // words (the readers refuse them already).
    LoadedVectorSource(std::string path, WordVectors vectors);
    // The same over a table held elsewhere (a mapped cache file); table.rows() == words.size().
    LoadedVectorSource(std::string path, std::vector<std::string> words, SharedTable table);

    const std::string& path() const { return path_; }
    std::string name() const override;
    std::int32_t rows() const override { return static_cast<std::int32_t>(words_.size()); }
    int dim() const override { return static_cast<int>(table_->cols()); }
    const std::vector<std::string>& words() const override { return words_; }
    std::int32_t indexOf(const std::string& word) const override;
    bool hasCounts() const override { return false; }
    std::uint64_t count(std::int32_t) const override { return 0; }
    bool isLive() const override { return false; }
    std::uint64_t generation() const override { return 1; }
    std::shared_ptr<const Snapshot> snapshot(const std::vector<std::int32_t>& rows) const override;
    SharedTable table() const override { return table_; }
    // Bytes of the word lookup beside the words themselves.
    std::size_t lookupBytes() const { return rowOf_.memoryBytes(); }

private:
    std::string path_;
    std::vector<std::string> words_;
    SharedTable table_;
    // Row numbers hashed by word, into words_: the words are held once.
    WordRowSet rowOf_;
};

// A training run's input vectors. It reads the trainer by pointer: whoever owns the trainer keeps
// it alive while the source, or a job holding it, is in use.
class TrainingRunSource : public VectorSource {
public:
    explicit TrainingRunSource(const Trainer* trainer);

    std::string name() const override;
    std::int32_t rows() const override;
    int dim() const override;
    const std::vector<std::string>& words() const override;
    std::int32_t indexOf(const std::string& word) const override;
    bool hasCounts() const override { return true; }
    std::uint64_t count(std::int32_t row) const override;
    bool isLive() const override { return true; }
    // Words trained so far: every word trained may move the vectors.
    std::uint64_t generation() const override;
    std::shared_ptr<const Snapshot> snapshot(const std::vector<std::int32_t>& rows) const override;
    SharedTable table() const override;
    // Also the pretrained words the corpus lacks, after the corpus's (Trainer::wordVectors).
    WordVectors wordVectors() const override;

private:
    const Trainer* trainer_;
};

}  // namespace embedscope
