// word2vec-style training of the embedding tables on worker threads.
//
// Skip-gram or CBOW with negative sampling; Hogwild updates of the shared input and output tables,
// two EmbeddingTable objects (the races are by design and documented at the kernel,
// TrainingKernel.h). Control calls are
// thread-safe and take effect within ~50 ms; progress leaves through one callback at most every
// ~50 ms; snapshots copy selected rows between batches.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "EmbeddingTable.h"
#include "TokenizedCorpus.h"
#include "Types.h"
#include "WordVectors.h"

namespace embedscope {

enum class TrainingModel { SkipGram, Cbow };
enum class TrainingKernelKind { Classic, Batched };

// The defaults that depend on the model, shared by the command line, the app and the benchmarks.
// Chosen from paired runs over 5 to 20 seeds on wiki-17m (bench/README.md, "Defaults by model").
// Kernel: batched for skip-gram (1.5-2x faster, at least as accurate); classic for CBOW, whose
// batched kernel (4 targets sharing their negatives) loses analogy points.
constexpr TrainingKernelKind defaultKernel(TrainingModel model) {
    return model == TrainingModel::Cbow ? TrainingKernelKind::Classic : TrainingKernelKind::Batched;
}
// Initial range of the input vectors: gensim's U(-1/d, 1/d) for CBOW (+0.32 analogy points over
// word2vec's U(-0.5/d, 0.5/d), higher on 20 of 20 seeds, WordSim-353 not lower); word2vec's for
// skip-gram.
constexpr EmbeddingInit defaultInit(TrainingModel model) {
    return model == TrainingModel::Cbow ? EmbeddingInit::GensimUniform
                                        : EmbeddingInit::Word2VecUniform;
}

// Vectors to continue training from: torch.nn.Embedding.from_pretrained for the input table.
// The corpus words found in `vectors` start from their vectors there; the other corpus words are
// initialised as TrainerOptions::init says (the same random rows as without pretrained vectors);
// the words of `vectors` that the corpus lacks are kept unchanged and exported after the corpus
// words (Trainer::wordVectors). With `freeze`, the input rows that came from `vectors` are never
// updated (from_pretrained(freeze=True)); the output table and the input rows of the words
// `vectors` lacked still learn, since freezing random rows would make them useless.
struct PretrainedVectors {
    std::shared_ptr<const WordVectors> vectors;  // null: train from random vectors
    std::string source;                          // the file they came from, for error messages
    bool freeze = false;
};

struct TrainerOptions {
    TrainingModel model = TrainingModel::SkipGram;
    std::optional<TrainingKernelKind> kernel;  // nullopt: defaultKernel(model)
    int dim = 100;
    int window = 5;
    int negative = 5;
    int epochs = 5;
    double learningRate = 0;  // 0: the model's default, 0.025 for skip-gram, 0.05 for CBOW
    double minLearningRateFactor = 1e-4;  // lr decays linearly to lr0 * this
    double sample = 1e-3;                 // subsampling threshold t; 0 disables
    double noiseExponent = 0.75;
    int threads = 0;  // 0: the number of cores
    std::uint64_t seed = 1;
    std::optional<EmbeddingInit> init;  // nullopt: defaultInit(model)
    // Read each worker's lines in a new random order every epoch (in blocks of whole lines, see
    // LineBlocks.h) instead of in file order, as word2vec does. For corpora sorted by topic, date
    // or source. Either way, with one thread and a fixed seed the vectors are reproducible.
    bool shuffleLines = false;
    // Run the workers at a lower scheduling priority (nice +10 on Linux), so that an interactive
    // thread (the GUI) still gets a core at once when training occupies all of them. Changes
    // nothing on cores nobody else wants.
    bool backgroundPriority = false;
    // How often the monitor thread measures progress (and calls the progress callback), which is
    // also the resolution of TrainingProgress::elapsedSeconds. A headless recording of a short run
    // asks for a finer one so that its timeline gets more than 20 frames a second.
    int progressIntervalMs = 50;
    // Start from these vectors (their dimension must be `dim`) instead of random ones.
    PretrainedVectors pretrained;

    double effectiveLearningRate() const {
        return learningRate > 0 ? learningRate : (model == TrainingModel::Cbow ? 0.05 : 0.025);
    }
    TrainingKernelKind effectiveKernel() const { return kernel.value_or(defaultKernel(model)); }
    EmbeddingInit effectiveInit() const { return init.value_or(defaultInit(model)); }
};

// Equal in every field; pretrained vectors are equal when they are the same object.
bool operator==(const TrainerOptions& a, const TrainerOptions& b);
inline bool operator!=(const TrainerOptions& a, const TrainerOptions& b) {
    return !(a == b);
}

// The kernels by their command-line names: "classic" or "batched"; nullopt for anything else.
std::optional<TrainingKernelKind> trainingKernelFromName(const std::string& name);
const char* trainingKernelName(TrainingKernelKind kernel);
inline constexpr const char* kTrainingKernelNames = "classic or batched";

// The line orders by their command-line names: "file" (the default) or "shuffled"
// (TrainerOptions::shuffleLines); nullopt for anything else.
std::optional<bool> shuffleLinesFromName(const std::string& name);
inline constexpr const char* kLineOrderNames = "file or shuffled";

enum class TrainerState { Idle, Running, Paused, Finished, Stopped, Failed };

struct TrainingProgress {
    TrainerState state = TrainerState::Idle;
    std::uint64_t wordsProcessed = 0;  // over all epochs (vocabulary tokens, before subsampling)
    std::uint64_t totalWords = 0;      // epochs * vocabTokens
    double fraction = 0;               // wordsProcessed / totalWords
    double wordsPerSecond = 0;         // recent rate, all threads
    double learningRate = 0;
    int epoch = 0;              // 1-based epoch being trained
    double elapsedSeconds = 0;  // training time, pauses excluded
    double etaSeconds = 0;
    double loss = 0;  // mean SGNS loss per (target, context) pair, recent
    // Training examples so far: (target, context) pairs in skip-gram, windows in CBOW. Still 0 at
    // the end when no kept word had a neighbour in its sentence (one-word lines, or subsampling
    // that dropped nearly every token): the vectors are then their initial values.
    std::uint64_t examplesTrained = 0;

    // A run that finished without one training example: its vectors are still random.
    bool learntNothing() const { return state == TrainerState::Finished && examplesTrained == 0; }
};

// Why a run learnt nothing, for the front ends to show (each adds how to change it there).
inline constexpr const char* kNothingLearnt =
    "nothing was learnt: no word kept for training had a neighbour in its line (too little text, "
    "or subsampling dropped nearly every word), so the vectors are their random initial values";

// A value copy of selected rows of the input table, taken while training runs.
struct Snapshot {
    std::uint64_t generation = 0;  // increases with every snapshot of one trainer
    std::vector<std::int32_t> rows;
    RowMatrixXf vectors;  // rows.size() by dim
    TrainingProgress progress;
};

class Trainer {
public:
    // The corpus is shared (read-only) with the workers. Throws Error for an empty vocabulary or
    // invalid options.
    Trainer(std::shared_ptr<const TokenizedCorpus> corpus, TrainerOptions options);
    // Stops and joins the workers.
    ~Trainer();
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;

    // Set both callbacks before start(): they are read by the trainer's monitor thread.
    // Called from a trainer thread at most every ~50 ms while running, and once at the end.
    void setProgressCallback(std::function<void(const TrainingProgress&)> callback);
    // Called once from a trainer thread when training ends: Finished, Stopped or Failed (with a
    // message, e.g. divergence).
    void setFinishedCallback(std::function<void(TrainerState, const std::string& error)> callback);

    void start();   // Idle -> Running
    void pause();   // Running -> Paused (workers wait on a condition variable, no CPU)
    void resume();  // Paused -> Running
    void stop();    // -> Stopped; returns after the workers have joined
    // Trains about `words` more corpus words, then pauses. Starts the trainer if idle.
    void step(std::uint64_t words);
    void setLearningRate(double lr);  // takes over from the schedule, decaying from there
    void wait();                      // blocks until Finished/Stopped/Failed
    // Blocks until Finished/Stopped/Failed or the timeout, whichever comes first; true if ended.
    // For a watcher that also has other things to do (the CLI prints progress, turns Ctrl-C into
    // stop()): it wakes when the run ends rather than at its next poll.
    bool waitFor(std::chrono::milliseconds timeout);

    TrainerState state() const;
    TrainingProgress progress() const;
    const TrainerOptions& options() const { return options_; }
    // Worker threads used: options().threads (0: the number of cores), fewer for tiny corpora.
    int workerCount() const;
    const TokenizedCorpus& corpus() const { return *corpus_; }

    // Copies the given rows of the input table (cheap: ~1 ms for thousands of rows).
    std::shared_ptr<const Snapshot> snapshot(const std::vector<std::int32_t>& rows) const;
    // A copy of the whole input table (rows in vocabulary order), for export and queries.
    RowMatrixXf inputVectors() const;
    RowMatrixXf outputVectors() const;
    // What an export writes: the corpus words with their input vectors, then the words of
    // options().pretrained that the corpus lacks, with their vectors unchanged.
    WordVectors wordVectors() const;
    // How many corpus words started from pretrained vectors, and how many words of those vectors
    // the corpus lacks (kept at the end of wordVectors()).
    std::int32_t pretrainedRows() const;
    std::int32_t keptPretrainedRows() const;

private:
    struct Impl;
    std::shared_ptr<const TokenizedCorpus> corpus_;
    TrainerOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace embedscope
