#include "Trainer.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <tuple>

#include "Error.h"
#include "LineBlocks.h"
#include "NoiseDistribution.h"
#include "Random.h"
#include "TrainingKernel.h"

namespace embedscope {

namespace {

using Clock = std::chrono::steady_clock;

// word2vec's MAX_SENTENCE_LENGTH: longer sentences (after subsampling) are trained in pieces.
constexpr std::size_t kMaxSentenceLength = 1000;
// CBOW batched kernel: targets (spread over a sentence) that share one set of negatives.
constexpr int kCbowBatch = 4;
constexpr auto kTick = std::chrono::milliseconds(50);
// Recent figures (rate, loss) are taken over this much training time.
constexpr double kRecentWindowSeconds = 1.0;
// Healthy word2vec vectors stay within a few units (|value| < 10 in practice, with N(0,1) init
// too); values beyond this mean the run is diverging even while they are still finite.
constexpr float kDivergedMagnitude = 1e4f;
// Rows checked for divergence on each periodic check: the most frequent words, which receive most
// updates and so blow up first.
constexpr std::int32_t kDivergenceCheckRows = 1000;

}  // namespace

struct Trainer::Impl {
    struct alignas(64) WorkerSlot {
        // Written by one worker (cumulative totals), read by the monitor.
        std::atomic<double> lossSum{0};
        std::atomic<std::uint64_t> pairs{0};
        std::atomic<std::uint64_t> nonFinite{0};
    };
    struct Sample {
        double seconds;  // training time, pauses excluded
        std::uint64_t words;
        double lossSum;
        std::uint64_t pairs;
    };

    const TokenizedCorpus& corpus;
    const TrainerOptions& options;
    // V by dim each, written by the kernels through mutableWeight(). With pretrained vectors the
    // input table is from_pretrained (not frozen as a whole); with PretrainedVectors::freeze its
    // rows from those vectors are frozen (EmbeddingTable::freezeRows), which the kernels honour.
    EmbeddingTable input;
    EmbeddingTable output;
    std::int32_t pretrainedRows = 0;
    // Rows of options.pretrained.vectors whose words the corpus lacks, in the file's order.
    std::vector<std::int32_t> keptPretrained;
    NoiseDistribution noise;
    std::vector<float> keepProbability;                       // V
    std::vector<std::pair<std::size_t, std::size_t>> shards;  // token ranges, one per worker
    std::uint64_t wordsPerEpoch = 0;
    std::uint64_t totalWords = 0;
    double initialLearningRate = 0;

    // Control. The atomics are what workers poll between sentences; the mutex guards the rest.
    mutable std::mutex mutex;
    std::condition_variable controlChanged;  // workers wait here while paused
    std::condition_variable stateChanged;    // pause(), wait() and the monitor wait here
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> pauseRequested{false};
    std::atomic<std::uint64_t> stepTarget{std::numeric_limits<std::uint64_t>::max()};
    TrainerState state = TrainerState::Idle;
    // Counts the changes of `state`, so that the monitor reports a change even when the state
    // went back to the value it last reported between two of its ticks (a Step that ends before
    // the next tick goes Paused -> Running -> Paused).
    std::uint64_t stateChanges = 0;
    bool callbacksDone = false;
    int activeWorkers = 0;
    int parkedWorkers = 0;
    std::string failure;
    std::function<void(const TrainingProgress&)> progressCallback;
    std::function<void(TrainerState, const std::string&)> finishedCallback;

    // Schedule: lr(f) = base (1 - f) / (1 - baseFraction), floored at base * minFactor, with f the
    // fraction of all words processed. setLearningRate moves (base, baseFraction).
    std::atomic<double> lrBase{0};
    std::atomic<double> lrBaseFraction{0};
    std::atomic<std::uint64_t> wordsProcessed{0};
    std::unique_ptr<WorkerSlot[]> slots;

    mutable std::mutex progressMutex;
    TrainingProgress lastProgress;
    std::deque<Sample> recent;
    double trainingSeconds = 0;
    mutable std::atomic<std::uint64_t> snapshotGeneration{0};

    std::mutex joinMutex;
    std::vector<std::thread> workers;
    std::thread monitor;

    Impl(const TokenizedCorpus& corpus_, const TrainerOptions& options_)
        : corpus(corpus_), options(options_) {}

    // With the mutex held.
    void setState(TrainerState next) {
        if (state != next) {
            state = next;
            ++stateChanges;
        }
    }

    double fractionDone(std::uint64_t words) const {
        return totalWords ? std::min(1.0, double(words) / double(totalWords)) : 1.0;
    }

    double learningRateAt(std::uint64_t words) const {
        const double base = lrBase.load(std::memory_order_relaxed);
        const double from = lrBaseFraction.load(std::memory_order_relaxed);
        const double f = fractionDone(words);
        const double lr = from < 1 ? base * (1 - f) / (1 - from) : base;
        return std::max(lr, base * options.minLearningRateFactor);
    }

    void initialiseTables() {
        const auto vocabSize = corpus.vocabulary.size();
        input = EmbeddingTable(vocabSize, options.dim, options.effectiveInit(), options.seed);
        output = EmbeddingTable(vocabSize, options.dim, EmbeddingInit::Zeros);
        if (options.pretrained.vectors)
            startFromPretrained(*options.pretrained.vectors);
    }

    // from_pretrained: the corpus words of `pretrained` take its rows (the first of a repeated
    // word); the other corpus words keep the random rows drawn above, so that a seed gives them
    // the values it gives without pretrained vectors.
    void startFromPretrained(const WordVectors& pretrained) {
        const Vocabulary& vocabulary = corpus.vocabulary;
        RowMatrixXf weights = input.weight();
        std::vector<std::uint8_t> fromFile(std::size_t(vocabulary.size()), 0);
        for (std::int32_t row = 0; row < pretrained.rows(); ++row) {
            const std::int32_t id = vocabulary.indexOf(pretrained.words[std::size_t(row)]);
            if (id < 0) {
                keptPretrained.push_back(row);
            } else if (!fromFile[std::size_t(id)]) {
                fromFile[std::size_t(id)] = 1;
                weights.row(id) = pretrained.vectors.row(row);
                ++pretrainedRows;
            }
        }
        input = EmbeddingTable::fromPretrained(weights, /*freeze=*/false);
        if (options.pretrained.freeze)
            input.freezeRows(std::move(fromFile));
    }

    // Splits the token stream into `count` ranges of about equal size, moving each cut forward to
    // just after a sentence end so that no sentence is split between two workers.
    void splitShards(int count) {
        const auto& tokens = corpus.tokens;
        std::size_t begin = 0;
        for (int t = 0; t < count; ++t) {
            std::size_t end = t + 1 == count ? tokens.size() : tokens.size() * (t + 1) / count;
            end = std::max(end, begin);
            while (end < tokens.size() && end > 0 && tokens[end - 1] != kSentenceEnd)
                ++end;
            shards.emplace_back(begin, end);
            begin = end;
        }
    }

    // Between sentences: returns false when the worker must stop; blocks while paused.
    bool checkControl() {
        if (!stopRequested.load(std::memory_order_relaxed) &&
            !pauseRequested.load(std::memory_order_relaxed) &&
            wordsProcessed.load(std::memory_order_relaxed) <
                stepTarget.load(std::memory_order_relaxed))
            return true;
        std::unique_lock<std::mutex> lock(mutex);
        if (wordsProcessed.load() >= stepTarget.load()) {
            stepTarget = std::numeric_limits<std::uint64_t>::max();
            pauseRequested = true;
        }
        if (pauseRequested && !stopRequested) {
            ++parkedWorkers;
            updatePausedState();
            controlChanged.wait(lock, [&] { return !pauseRequested || stopRequested; });
            --parkedWorkers;
        }
        return !stopRequested;
    }

    // With the mutex held: once every live worker is parked, the trainer is Paused.
    void updatePausedState() {
        if (pauseRequested && state == TrainerState::Running && activeWorkers > 0 &&
            parkedWorkers == activeWorkers) {
            setState(TrainerState::Paused);
            stateChanged.notify_all();
        }
    }

    void runWorker(int index) {
        try {
            train(index);
        } catch (const std::exception& e) {
            std::lock_guard<std::mutex> lock(mutex);
            if (failure.empty())
                failure = std::string("training failed: ") + e.what();
            stopRequested = true;
            controlChanged.notify_all();
        }
        std::lock_guard<std::mutex> lock(mutex);
        --activeWorkers;
        updatePausedState();
        stateChanged.notify_all();
    }

    void train(int index) {
        const bool skipGram = options.model == TrainingModel::SkipGram;
        const bool batched = options.effectiveKernel() == TrainingKernelKind::Batched;
        const int window = options.window;
        const int negative = options.negative;
        const KernelTables tables{input.mutableWeight().data(), output.mutableWeight().data(),
                                  options.dim, input.frozenRowFlags()};
        KernelScratch scratch(options.dim, skipGram ? 2 * window : kCbowBatch, 1 + negative,
                              2 * window);
        SplitMix64 rng(options.seed + 0x632BE59BD9B4E019ULL * std::uint64_t(index + 1));
        KernelLoss loss;
        WorkerSlot& slot = slots[index];
        std::vector<std::int32_t> sentence;
        sentence.reserve(kMaxSentenceLength);
        std::vector<std::int32_t> contexts(std::size_t(2 * window) * kCbowBatch);
        std::vector<std::int32_t> negatives(negative);
        std::vector<CbowExample> examples(kCbowBatch);
        const bool subsample = options.sample > 0;
        const auto& tokens = corpus.tokens;
        const auto [shardBegin, shardEnd] = shards[index];

        // Draws up to k noise words, skipping the true word as word2vec does.
        auto sampleNegatives = [&](std::int32_t exclude) {
            int count = 0;
            for (int j = 0; j < negative; ++j) {
                const std::int32_t id = noise.sample(rng.next());
                if (id != exclude)
                    negatives[count++] = id;
            }
            return count;
        };

        // Trains the lines of tokens[position, end); false when the worker must stop.
        auto trainLines = [&](std::size_t position, const std::size_t end) {
            while (position < end) {
                if (!checkControl())
                    return false;
                sentence.clear();
                std::uint64_t wordsRead = 0;
                while (position < end) {
                    const std::int32_t token = tokens[position++];
                    if (token == kSentenceEnd)
                        break;
                    ++wordsRead;
                    if (subsample && keepProbability[token] < rng.uniformFloat())
                        continue;
                    sentence.push_back(token);
                    if (sentence.size() >= kMaxSentenceLength)
                        break;
                }
                const float lr = static_cast<float>(
                    learningRateAt(wordsProcessed.load(std::memory_order_relaxed)));
                const int length = static_cast<int>(sentence.size());
                // word2vec's dynamic window: an effective size drawn from 1..window, which weights
                // near contexts more than far ones. Writes the contexts of sentence[center] to out
                // and returns how many.
                auto gatherWindow = [&](int center, std::int32_t* out) {
                    const int reach = window - static_cast<int>(rng.next() % std::uint64_t(window));
                    const int from = std::max(0, center - reach);
                    const int to = std::min(length - 1, center + reach);
                    int count = 0;
                    for (int c = from; c <= to; ++c)
                        if (c != center)
                            out[count++] = sentence[c];
                    return count;
                };
                if (!skipGram && batched) {
                    // The examples of one batch lie `stride` positions apart rather than next to
                    // each other: neighbouring targets have nearly the same context mean, so their
                    // shared negatives would receive nearly the same update several times, and each
                    // would train on context rows its neighbour has not updated yet.
                    const int stride = (length + kCbowBatch - 1) / kCbowBatch;
                    for (int offset = 0; offset < stride; ++offset) {
                        int pending = 0;
                        int contextsUsed = 0;
                        for (int center = offset; center < length; center += stride) {
                            const int count = gatherWindow(center, contexts.data() + contextsUsed);
                            if (count == 0)
                                continue;
                            examples[pending++] =
                                CbowExample{sentence[center], contextsUsed, count};
                            contextsUsed += count;
                        }
                        if (pending == 0)
                            continue;
                        for (int j = 0; j < negative; ++j)
                            negatives[j] = noise.sample(rng.next());
                        hogwildCbowBatched(tables, examples.data(), pending, contexts.data(),
                                           negatives.data(), negative, lr, scratch, loss);
                    }
                } else {
                    for (int center = 0; center < length; ++center) {
                        const std::int32_t target = sentence[center];
                        std::int32_t* windowContexts = contexts.data();
                        const int contextCount = gatherWindow(center, windowContexts);
                        if (contextCount == 0)
                            continue;
                        if (skipGram && batched) {
                            const int count = sampleNegatives(target);
                            hogwildSkipGramBatched(tables, windowContexts, contextCount, target,
                                                   negatives.data(), count, lr, scratch, loss);
                        } else if (skipGram) {
                            for (int c = 0; c < contextCount; ++c) {
                                const int count = sampleNegatives(target);
                                hogwildSkipGramClassic(tables, windowContexts[c], target,
                                                       negatives.data(), count, lr, scratch, loss);
                            }
                        } else {
                            const int count = sampleNegatives(target);
                            hogwildCbowClassic(tables, windowContexts, contextCount, target,
                                               negatives.data(), count, lr, scratch, loss);
                        }
                    }
                }
                wordsProcessed.fetch_add(wordsRead, std::memory_order_relaxed);
                slot.lossSum.store(loss.sum, std::memory_order_relaxed);
                slot.pairs.store(loss.pairs, std::memory_order_relaxed);
                slot.nonFinite.store(loss.nonFinite, std::memory_order_relaxed);
                if (loss.nonFinite > 0)
                    return false;  // diverged: the monitor reports it
            }
            return true;
        };

        LineBlocks blocks(tokens, shardBegin, shardEnd);
        for (int epoch = 0; epoch < options.epochs; ++epoch) {
            if (options.shuffleLines)
                blocks.shuffle(rng);
            for (std::size_t b = 0; b < blocks.size(); ++b) {
                const auto [begin, end] = blocks.block(b);
                if (!trainLines(begin, end))
                    return;
            }
        }
    }

    // The largest |value| among the most frequent rows of both tables (NaN if any is NaN).
    float largestMagnitude(std::int32_t rows) const {
        rows = std::min<std::int32_t>(rows, static_cast<std::int32_t>(input.numEmbeddings()));
        const std::size_t count = std::size_t(rows) * std::size_t(options.dim);
        const float inputLargest = hogwildLargestMagnitude(input.weight().data(), count);
        if (std::isnan(inputLargest))
            return inputLargest;
        const float outputLargest = hogwildLargestMagnitude(output.weight().data(), count);
        return std::isnan(outputLargest) ? outputLargest : std::max(inputLargest, outputLargest);
    }

    std::string divergenceMessage(const std::string& symptom) const {
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.0f%%",
                      100.0 * fractionDone(wordsProcessed.load()));
        return "training diverged at " + std::string(percent) + " (" + symptom +
               "); lower the learning rate (now " + shortNumber(lrBase.load()) + ")";
    }

    // Returns a non-empty message when the run is diverging.
    std::string checkDivergence(bool scanRows, std::int32_t rowsToScan) {
        std::uint64_t nonFinite = 0;
        double lossSum = 0;
        for (std::size_t t = 0; t < workers.size(); ++t) {
            nonFinite += slots[t].nonFinite.load(std::memory_order_relaxed);
            lossSum += slots[t].lossSum.load(std::memory_order_relaxed);
        }
        if (nonFinite > 0 || !std::isfinite(lossSum))
            return divergenceMessage("loss is NaN");
        if (scanRows) {
            const float largest = largestMagnitude(rowsToScan);
            if (std::isnan(largest) || std::isinf(largest))
                return divergenceMessage("vectors contain non-finite values");
            if (largest > kDivergedMagnitude)
                return divergenceMessage("vector values reached " + shortNumber(largest));
        }
        return {};
    }

    // Called by the monitor: merges the workers' figures into a progress record.
    TrainingProgress measure(TrainerState currentState, double dt) {
        std::lock_guard<std::mutex> lock(progressMutex);
        if (currentState == TrainerState::Running)
            trainingSeconds += dt;
        Sample now{trainingSeconds, wordsProcessed.load(), 0, 0};
        for (std::size_t t = 0; t < workers.size(); ++t) {
            now.lossSum += slots[t].lossSum.load(std::memory_order_relaxed);
            now.pairs += slots[t].pairs.load(std::memory_order_relaxed);
        }
        if (recent.empty() || now.seconds > recent.back().seconds)
            recent.push_back(now);
        while (recent.size() > 2 && now.seconds - recent[1].seconds >= kRecentWindowSeconds)
            recent.pop_front();
        const Sample& oldest = recent.front();

        TrainingProgress p;
        p.state = currentState;
        p.wordsProcessed = now.words;
        p.totalWords = totalWords;
        p.fraction = fractionDone(now.words);
        p.learningRate = learningRateAt(now.words);
        p.epoch = wordsPerEpoch ? int(std::min<std::uint64_t>(now.words / wordsPerEpoch + 1,
                                                              std::uint64_t(options.epochs)))
                                : 1;
        p.elapsedSeconds = trainingSeconds;
        p.examplesTrained = now.pairs;
        const double span = now.seconds - oldest.seconds;
        if (span > 0) {
            p.wordsPerSecond = double(now.words - oldest.words) / span;
        } else if (trainingSeconds > 0) {
            p.wordsPerSecond = double(now.words) / trainingSeconds;
        }
        if (now.pairs > oldest.pairs) {
            p.loss = (now.lossSum - oldest.lossSum) / double(now.pairs - oldest.pairs);
        } else if (now.pairs > 0) {
            p.loss = now.lossSum / double(now.pairs);
        } else {
            p.loss = lastProgress.loss;
        }
        p.etaSeconds = p.wordsPerSecond > 0
                           ? double(totalWords - std::min(totalWords, now.words)) / p.wordsPerSecond
                           : 0;
        lastProgress = p;
        return p;
    }

    // launched: when the workers were started. Training time counts from there, not from the
    // monitor's first tick: a tiny corpus can be trained before the monitor thread even runs.
    // launchedChanges: stateChanges right after the launch, so that a change made before this
    // thread first runs (a pause on a busy machine) is still reported.
    void runMonitor(Clock::time_point launched, std::uint64_t launchedChanges) {
        auto last = launched;
        auto lastScan = last;
        std::uint64_t reportedChanges = launchedChanges;
        std::string diverged;
        for (;;) {
            TrainerState currentState;
            std::uint64_t changes;
            bool done;
            {
                std::unique_lock<std::mutex> lock(mutex);
                stateChanged.wait_for(lock, kTick, [&] { return activeWorkers == 0; });
                done = activeWorkers == 0;
                currentState = state;
                changes = stateChanges;
            }
            const auto now = Clock::now();
            const double dt = std::chrono::duration<double>(now - last).count();
            last = now;
            // A periodic scan of the most used rows catches runs whose values grow without
            // bound while the logits are still finite.
            const bool scan = now - lastScan > std::chrono::seconds(1);
            if (scan)
                lastScan = now;
            if (!done)
                diverged = checkDivergence(scan, kDivergenceCheckRows);
            if (!diverged.empty()) {
                std::lock_guard<std::mutex> lock(mutex);
                if (failure.empty())
                    failure = diverged;
                stopRequested = true;
                controlChanged.notify_all();
                break;
            }
            const TrainingProgress progress = measure(currentState, dt);
            if (done)
                break;
            if (currentState == TrainerState::Running || changes != reportedChanges) {
                if (progressCallback)
                    progressCallback(progress);
                reportedChanges = changes;
            }
        }
        for (auto& worker : workers)
            worker.join();

        // A last full check, so that no run ends with non-finite vectors and a success state.
        TrainerState finalState;
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (failure.empty() && !stopRequested) {
                failure = checkDivergence(true, std::numeric_limits<std::int32_t>::max());
            }
            finalState = !failure.empty() ? TrainerState::Failed
                         : stopRequested  ? TrainerState::Stopped
                                          : TrainerState::Finished;
        }
        TrainingProgress final = measure(finalState, 0);
        final.state = finalState;
        {
            std::lock_guard<std::mutex> lock(mutex);
            setState(finalState);
            lastProgress.state = finalState;
        }
        if (progressCallback)
            progressCallback(final);
        if (finishedCallback)
            finishedCallback(finalState, failure);
        std::lock_guard<std::mutex> lock(mutex);
        callbacksDone = true;
        stateChanged.notify_all();
    }

    // With the mutex held.
    void launch() {
        setState(TrainerState::Running);
        activeWorkers = static_cast<int>(shards.size());
        const auto launched = Clock::now();
        slots.reset(new WorkerSlot[shards.size()]);
        for (std::size_t t = 0; t < shards.size(); ++t)
            workers.emplace_back([this, t] {
                // Linux applies a nice value to the calling thread alone.
                if (options.backgroundPriority)
                    setpriority(PRIO_PROCESS, 0, 10);
                runWorker(static_cast<int>(t));
            });
        monitor = std::thread(
            [this, launched, changes = stateChanges] { runMonitor(launched, changes); });
    }

    static bool terminal(TrainerState s) {
        return s == TrainerState::Finished || s == TrainerState::Stopped ||
               s == TrainerState::Failed;
    }
};

bool operator==(const TrainerOptions& a, const TrainerOptions& b) {
    const auto fields = [](const TrainerOptions& o) {
        return std::tie(o.model, o.kernel, o.dim, o.window, o.negative, o.epochs, o.learningRate,
                        o.minLearningRateFactor, o.sample, o.noiseExponent, o.threads, o.seed,
                        o.init, o.shuffleLines, o.backgroundPriority, o.pretrained.vectors,
                        o.pretrained.source, o.pretrained.freeze);
    };
    return fields(a) == fields(b);
}

std::optional<TrainingKernelKind> trainingKernelFromName(const std::string& name) {
    if (name == "classic")
        return TrainingKernelKind::Classic;
    if (name == "batched")
        return TrainingKernelKind::Batched;
    return std::nullopt;
}

const char* trainingKernelName(TrainingKernelKind kernel) {
    return kernel == TrainingKernelKind::Classic ? "classic" : "batched";
}

std::optional<bool> shuffleLinesFromName(const std::string& name) {
    if (name == "shuffled")
        return true;
    if (name == "file")
        return false;
    return std::nullopt;
}

Trainer::Trainer(std::shared_ptr<const TokenizedCorpus> corpus, TrainerOptions options)
    : corpus_(std::move(corpus)), options_(options) {
    if (!corpus_)
        throw Error("cannot train: no corpus");
    const std::string name = corpus_->name.empty() ? std::string("corpus") : corpus_->name;
    auto invalid = [&](const std::string& what) { throw Error(fileError(name, what)); };
    if (corpus_->vocabulary.empty())
        invalid("cannot train: the vocabulary is empty");
    if (options_.dim < 1 || options_.dim > 10000)
        invalid("dimension must be between 1 and 10000, got " + std::to_string(options_.dim));
    if (options_.window < 1 || options_.window > 1000)
        invalid("window must be between 1 and 1000, got " + std::to_string(options_.window));
    if (options_.negative < 1 || options_.negative > 1000)
        invalid("negative samples must be between 1 and 1000, got " +
                std::to_string(options_.negative));
    if (options_.epochs < 1)
        invalid("epochs must be at least 1");
    if (!(options_.learningRate >= 0) || !std::isfinite(options_.learningRate))
        invalid("the learning rate must be positive");
    if (!(options_.sample >= 0))
        invalid("the subsampling threshold must not be negative");
    if (options_.threads < 0)
        invalid("the thread count must not be negative");
    if (const auto& pretrained = options_.pretrained.vectors) {
        const std::string source = options_.pretrained.source.empty() ? "the pretrained vectors"
                                                                      : options_.pretrained.source;
        if (pretrained->dim() != options_.dim)
            throw Error(fileError(
                source, "the vectors have dimension " + std::to_string(pretrained->dim()) +
                            ", but training uses dimension " + std::to_string(options_.dim)));
        if (pretrained->words.size() != std::size_t(pretrained->rows()))
            throw Error(fileError(source, std::to_string(pretrained->words.size()) + " words for " +
                                              std::to_string(pretrained->rows()) + " vectors"));
        if (!pretrained->vectors.allFinite())
            throw Error(fileError(source, "the vectors hold a NaN or infinite value"));
    }

    impl_ = std::make_unique<Impl>(*corpus_, options_);
    Impl& d = *impl_;
    const Vocabulary& vocabulary = corpus_->vocabulary;
    for (const std::int32_t token : corpus_->tokens) {
        if (token == kSentenceEnd)
            continue;
        if (token < 0 || token >= vocabulary.size())
            invalid("token id " + std::to_string(token) + " is outside the vocabulary of " +
                    std::to_string(vocabulary.size()) + " words");
        ++d.wordsPerEpoch;
    }
    if (d.wordsPerEpoch == 0)
        invalid("cannot train: the corpus has no in-vocabulary words");
    d.totalWords = d.wordsPerEpoch * std::uint64_t(options_.epochs);
    d.initialLearningRate = options_.effectiveLearningRate();
    d.lrBase = d.initialLearningRate;
    d.noise = NoiseDistribution(vocabulary, options_.noiseExponent);
    d.keepProbability.resize(vocabulary.size());
    for (std::int32_t i = 0; i < vocabulary.size(); ++i)
        d.keepProbability[i] = static_cast<float>(vocabulary.keepProbability(i, options_.sample));
    d.initialiseTables();

    int threads = options_.threads > 0 ? options_.threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::max(1, threads);
    // Tiny corpora: no more workers than sentences' worth of tokens to share.
    threads = static_cast<int>(std::min<std::uint64_t>(
        std::uint64_t(threads), std::max<std::uint64_t>(1, d.wordsPerEpoch / 1000)));
    d.splitShards(threads);
    d.lastProgress.totalWords = d.totalWords;
    d.lastProgress.learningRate = d.initialLearningRate;
    d.lastProgress.epoch = 1;
}

Trainer::~Trainer() {
    stop();
}

void Trainer::setProgressCallback(std::function<void(const TrainingProgress&)> callback) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->progressCallback = std::move(callback);
}

void Trainer::setFinishedCallback(
    std::function<void(TrainerState, const std::string& error)> callback) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->finishedCallback = std::move(callback);
}

void Trainer::start() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->state == TrainerState::Idle)
        impl_->launch();
}

void Trainer::pause() {
    Impl& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    if (d.state != TrainerState::Running)
        return;
    d.pauseRequested = true;
    d.updatePausedState();
    // Returns once every worker is parked, so that no update happens after pause() returns.
    d.stateChanged.wait(lock, [&] {
        return d.state != TrainerState::Running || d.activeWorkers == 0 || !d.pauseRequested;
    });
}

void Trainer::resume() {
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    if (d.state != TrainerState::Paused && !(d.state == TrainerState::Running && d.pauseRequested))
        return;
    d.pauseRequested = false;
    d.setState(TrainerState::Running);
    d.controlChanged.notify_all();
}

void Trainer::stop() {
    Impl& d = *impl_;
    {
        std::lock_guard<std::mutex> lock(d.mutex);
        if (d.state == TrainerState::Idle) {
            d.setState(TrainerState::Stopped);
            d.lastProgress.state = TrainerState::Stopped;
            d.callbacksDone = true;
            d.stateChanged.notify_all();
            return;
        }
        d.stopRequested = true;
        d.controlChanged.notify_all();
    }
    std::lock_guard<std::mutex> joinLock(d.joinMutex);
    if (d.monitor.joinable() && d.monitor.get_id() != std::this_thread::get_id())
        d.monitor.join();
}

void Trainer::step(std::uint64_t words) {
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    if (Impl::terminal(d.state))
        return;
    d.stepTarget = d.wordsProcessed.load() + std::max<std::uint64_t>(words, 1);
    if (d.state == TrainerState::Idle) {
        d.launch();
    } else {
        d.pauseRequested = false;
        d.setState(TrainerState::Running);
        d.controlChanged.notify_all();
    }
}

void Trainer::setLearningRate(double lr) {
    if (!(lr > 0) || !std::isfinite(lr))
        return;
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    d.lrBaseFraction = std::min(0.999999, d.fractionDone(d.wordsProcessed.load()));
    d.lrBase = lr;
}

void Trainer::wait() {
    Impl& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    d.stateChanged.wait(lock, [&] { return Impl::terminal(d.state) && d.callbacksDone; });
}

TrainerState Trainer::state() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->state;
}

TrainingProgress Trainer::progress() const {
    TrainerState current = state();
    std::lock_guard<std::mutex> lock(impl_->progressMutex);
    TrainingProgress p = impl_->lastProgress;
    p.state = current;
    p.wordsProcessed = impl_->wordsProcessed.load();
    p.fraction = impl_->fractionDone(p.wordsProcessed);
    p.learningRate = impl_->learningRateAt(p.wordsProcessed);
    return p;
}

std::shared_ptr<const Snapshot> Trainer::snapshot(const std::vector<std::int32_t>& rows) const {
    auto result = std::make_shared<Snapshot>();
    result->rows = rows;
    result->vectors.resize(static_cast<Eigen::Index>(rows.size()), options_.dim);
    const RowMatrixXf& input = impl_->input.weight();
    for (const std::int32_t row : rows) {
        if (row < 0 || row >= input.rows())
            throw Error("snapshot: row " + std::to_string(row) + " is outside the table of " +
                        std::to_string(input.rows()) + " rows");
    }
    hogwildCopyRows(input.data(), options_.dim, rows.data(), rows.size(), result->vectors.data());
    result->progress = progress();
    result->generation = ++impl_->snapshotGeneration;
    return result;
}

int Trainer::workerCount() const {
    return static_cast<int>(impl_->shards.size());
}

namespace {

// A copy of a table that workers may be writing: through the kernel's racy copy, which is where
// every Hogwild access lives (TrainingKernel.h).
RowMatrixXf copyLiveTable(const RowMatrixXf& table) {
    RowMatrixXf copy(table.rows(), table.cols());
    hogwildCopy(table.data(), static_cast<std::size_t>(table.size()), copy.data());
    return copy;
}

}  // namespace

RowMatrixXf Trainer::inputVectors() const {
    return copyLiveTable(impl_->input.weight());
}

RowMatrixXf Trainer::outputVectors() const {
    return copyLiveTable(impl_->output.weight());
}

WordVectors Trainer::wordVectors() const {
    const std::vector<std::int32_t>& kept = impl_->keptPretrained;
    const RowMatrixXf& input = impl_->input.weight();
    WordVectors result;
    result.words = corpus_->vocabulary.words();
    result.vectors.resize(input.rows() + Eigen::Index(kept.size()), options_.dim);
    hogwildCopy(input.data(), static_cast<std::size_t>(input.size()), result.vectors.data());
    if (!kept.empty()) {
        // Nothing trains these rows: they are the pretrained vectors as given.
        const WordVectors& pretrained = *options_.pretrained.vectors;
        for (std::size_t k = 0; k < kept.size(); ++k) {
            result.words.push_back(pretrained.words[std::size_t(kept[k])]);
            result.vectors.row(input.rows() + Eigen::Index(k)) = pretrained.vectors.row(kept[k]);
        }
    }
    return result;
}

std::int32_t Trainer::pretrainedRows() const {
    return impl_->pretrainedRows;
}

std::int32_t Trainer::keptPretrainedRows() const {
    return static_cast<std::int32_t>(impl_->keptPretrained.size());
}

}  // namespace embedscope
