// The trainer's state machine and its monitor: the control state the workers poll between
// sentences (pause, step, stop), the launch, and the monitor thread that merges the workers'
// figures into progress, stops a diverging run, and sets the final state.
#include "TrainerImpl.h"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "Error.h"
#include "TrainingKernel.h"

namespace embedscope {

namespace {

// Recent figures (rate, loss) are taken over this much training time.
constexpr double kRecentWindowSeconds = 1.0;
// The ETA divides the words left by the rate over this much training time: the one-second rate
// swings by +-30% on a shared machine, which made a 10-minute ETA jump by minutes from one line
// to the next; half a minute smooths that and still follows a lasting change of speed.
constexpr double kEtaWindowSeconds = 30.0;
// Healthy word2vec vectors stay within a few units (|value| < 10 in practice, with N(0,1) init
// too); values beyond this mean the run is diverging even while they are still finite.
constexpr float kDivergedMagnitude = 1e4f;
// Rows checked for divergence on each periodic check: the most frequent words, which receive most
// updates and so blow up first.
constexpr std::int32_t kDivergenceCheckRows = 1000;

}  // namespace

// Between sentences: returns false when the worker must stop; blocks while paused.
bool Trainer::Impl::checkControl() {
    if (!stopRequested.load(std::memory_order_relaxed) &&
        !pauseRequested.load(std::memory_order_relaxed) &&
        wordsProcessed.load(std::memory_order_relaxed) < stepTarget.load(std::memory_order_relaxed))
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
void Trainer::Impl::updatePausedState() {
    if (pauseRequested && state == TrainerState::Running && activeWorkers > 0 &&
        parkedWorkers == activeWorkers) {
        setState(TrainerState::Paused);
        stateChanged.notify_all();
    }
}

// The largest |value| among the most frequent rows of both tables (NaN if any is NaN).
float Trainer::Impl::largestMagnitude(std::int32_t rows) const {
    rows = std::min<std::int32_t>(rows, static_cast<std::int32_t>(inputTable.rows()));
    // The padding between rows is zero: scanning it changes neither the largest value nor NaN.
    const std::size_t count = std::size_t(rows) * std::size_t(inputTable.stride());
    const float inputLargest = hogwildLargestMagnitude(inputTable.data(), count);
    if (std::isnan(inputLargest))
        return inputLargest;
    const float outputLargest = hogwildLargestMagnitude(outputTable.data(), count);
    return std::isnan(outputLargest) ? outputLargest : std::max(inputLargest, outputLargest);
}

std::string Trainer::Impl::divergenceMessage(const std::string& symptom) const {
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.0f%%", 100.0 * fractionDone(wordsProcessed.load()));
    return "training diverged at " + std::string(percent) + " (" + symptom +
           "); lower the learning rate (now " + shortNumber(lrBase.load()) + ")";
}

// Returns a non-empty message when the run is diverging.
std::string Trainer::Impl::checkDivergence(bool scanRows, std::int32_t rowsToScan) {
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

// The progress record is guarded by progressMutex, which progress() reads it under; callers hold
// `mutex` (the order is always mutex, then progressMutex).
void Trainer::Impl::recordFinalState(TrainerState finalState) {
    std::lock_guard<std::mutex> lock(progressMutex);
    lastProgress.state = finalState;
}

// Called by the monitor: merges the workers' figures into a progress record.
TrainingProgress Trainer::Impl::measure(TrainerState currentState, double dt) {
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
    if (etaWindow.empty() || now.seconds > etaWindow.back().seconds)
        etaWindow.push_back(now);
    while (etaWindow.size() > 2 && now.seconds - etaWindow[1].seconds >= kEtaWindowSeconds)
        etaWindow.pop_front();
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
    const double etaSpan = now.seconds - etaWindow.front().seconds;
    const double etaRate =
        etaSpan > 0 ? double(now.words - etaWindow.front().words) / etaSpan : p.wordsPerSecond;
    p.etaSeconds = etaRate > 0 ? double(totalWords - std::min(totalWords, now.words)) / etaRate : 0;
    lastProgress = p;
    return p;
}

// launched: when the workers were started. Training time counts from there, not from the
// monitor's first tick: a tiny corpus can be trained before the monitor thread even runs.
// launchedChanges: stateChanges right after the launch, so that a change made before this
// thread first runs (a pause on a busy machine) is still reported.
void Trainer::Impl::runMonitor(Clock::time_point launched, std::uint64_t launchedChanges) {
    auto last = launched;
    auto lastScan = last;
    std::uint64_t reportedChanges = launchedChanges;
    std::string diverged;
    const auto tick = std::chrono::milliseconds(std::max(1, options.progressIntervalMs));
    for (;;) {
        TrainerState currentState;
        std::uint64_t changes;
        bool done;
        {
            std::unique_lock<std::mutex> lock(mutex);
            stateChanged.wait_for(lock, tick, [&] { return activeWorkers == 0; });
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
        recordFinalState(finalState);
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
void Trainer::Impl::launch() {
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
    monitor =
        std::thread([this, launched, changes = stateChanges] { runMonitor(launched, changes); });
}

}  // namespace embedscope
