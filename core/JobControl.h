// Progress and cancellation for long work (loading a corpus, writing an export). Both are
// optional: a default JobControl never cancels and reports nowhere.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "Error.h"

namespace embedscope {

struct JobControl {
    // Set to true from any thread to cancel; the job then throws Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Called now and then (not per item) from the thread doing the work.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;
    // Set to true from any thread to pause the work at its next waitWhilePaused() (iterative
    // layouts call it once per iteration); false resumes. Cancelling also ends a pause.
    const std::atomic<bool>* pause = nullptr;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void throwIfCancelled() const {
        if (cancelled())
            throw Cancelled();
    }
    // Blocks while paused (polling every 20 ms: a pause is for a person, who cannot tell), then
    // throws Cancelled if the job was cancelled meanwhile.
    void waitWhilePaused() const {
        while (pause && pause->load(std::memory_order_relaxed) && !cancelled())
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throwIfCancelled();
    }
    void report(std::uint64_t done, std::uint64_t total) const {
        if (progress)
            progress(done, total);
    }
};

// What the thread that starts a background job shares with it: a cancel flag to set, and the
// job's last progress report to poll.
struct JobState {
    std::atomic<bool> cancel{false};
    std::atomic<std::uint64_t> done{0};
    std::atomic<std::uint64_t> total{0};
};

// A JobControl that cancels when state->cancel is set and records progress in state. It shares
// ownership of state, so the job may outlive whoever started it.
inline JobControl controlFor(std::shared_ptr<JobState> state) {
    JobControl control;
    control.cancel = &state->cancel;
    control.progress = [state](std::uint64_t done, std::uint64_t total) {
        state->done = done;
        state->total = total;
    };
    return control;
}

}  // namespace embedscope
