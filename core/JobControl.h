// Progress and cancellation for long work (loading a corpus, writing an export). Both are
// optional: a default JobControl never cancels and reports nowhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "Error.h"

namespace embedscope {

struct JobControl {
    // Set to true from any thread to cancel; the job then throws Cancelled.
    const std::atomic<bool>* cancel = nullptr;
    // Called now and then (not per item) from the thread doing the work.
    std::function<void(std::uint64_t done, std::uint64_t total)> progress;

    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
    void throwIfCancelled() const {
        if (cancelled()) throw Cancelled();
    }
    void report(std::uint64_t done, std::uint64_t total) const {
        if (progress) progress(done, total);
    }
};

}  // namespace embedscope
