// Trainer's private state and the declarations of its parts, shared by the files that implement
// it (private to core: only Trainer*.cpp include it):
//  - Trainer.cpp: options, the constructor's checks, the public control calls and the copies;
//  - TrainerMonitor.cpp: the state machine the workers poll (pause, step, stop) and the monitor
//    thread (progress, divergence, the final state and callbacks);
//  - TrainerWorker.cpp: the token shards and the worker loop that feeds the kernels;
//  - TrainerPretrained.cpp: the tables' initialisation, from_pretrained and the export of the
//    pretrained words the corpus lacks.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "NoiseDistribution.h"
#include "PaddedTable.h"
#include "Trainer.h"

namespace embedscope {

struct Trainer::Impl {
    using Clock = std::chrono::steady_clock;

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
    // The input table is initialised here (random or pretrained rows, frozen flags), then copied
    // into inputTable and emptied. From then on inputTable and outputTable (zeros at first) are
    // the trainer's tables: rows padded to whole cache lines for the kernels (PaddedTable.h),
    // and every read copies rows out of them densely.
    EmbeddingTable input;
    PaddedTable inputTable;
    PaddedTable outputTable;
    std::vector<std::uint8_t> frozenInputRows;  // input.frozenRowFlags(), kept; empty: none
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
    std::deque<Sample> etaWindow;  // the longer window the ETA's rate is taken over
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

    // ---- TrainerPretrained.cpp ----
    void initialiseTables();

    // from_pretrained: the corpus words of `pretrained` take its rows (the first of a repeated
    // word); the other corpus words keep the random rows drawn above, so that a seed gives them
    // the values it gives without pretrained vectors.
    void startFromPretrained(const WordVectors& pretrained);

    // ---- TrainerWorker.cpp ----
    // Splits the token stream into `count` ranges of about equal size, moving each cut forward to
    // just after a sentence end so that no sentence is split between two workers.
    void splitShards(int count);

    void runWorker(int index);

    void train(int index);

    // ---- TrainerMonitor.cpp ----
    // Between sentences: returns false when the worker must stop; blocks while paused.
    bool checkControl();

    // With the mutex held: once every live worker is parked, the trainer is Paused.
    void updatePausedState();

    // The largest |value| among the most frequent rows of both tables (NaN if any is NaN).
    float largestMagnitude(std::int32_t rows) const;

    std::string divergenceMessage(const std::string& symptom) const;

    // Returns a non-empty message when the run is diverging.
    std::string checkDivergence(bool scanRows, std::int32_t rowsToScan);

    // Called by the monitor: merges the workers' figures into a progress record.
    // Writes the final state into the progress record under progressMutex.
    void recordFinalState(TrainerState finalState);
    TrainingProgress measure(TrainerState currentState, double dt);

    // launched: when the workers were started. Training time counts from there, not from the
    // monitor's first tick: a tiny corpus can be trained before the monitor thread even runs.
    // launchedChanges: stateChanges right after the launch, so that a change made before this
    // thread first runs (a pause on a busy machine) is still reported.
    void runMonitor(Clock::time_point launched, std::uint64_t launchedChanges);

    // With the mutex held.
    void launch();

    static bool terminal(TrainerState s) {
        return s == TrainerState::Finished || s == TrainerState::Stopped ||
               s == TrainerState::Failed;
    }
};

}  // namespace embedscope
