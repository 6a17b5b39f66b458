#include "JobRunner.h"

#include <algorithm>

namespace embedscope {

JobRunner::JobRunner(Policy policy, QObject* parent) : QObject(parent), policy_(policy) {
    connect(&progressTimer_, &JobProgressTimer::progress, this, &JobRunner::progress);
}

JobRunner::~JobRunner() {
    waiting_.reset();
    if (running_)
        running_->state->cancel = true;  // superseded jobs were cancelled when superseded
    running_.reset();                    // nothing is delivered any more
    for (InFlight& job : inFlight_)
        job.thread.join();
}

void JobRunner::cancel() {
    waiting_.reset();
    if (running_)
        running_->state->cancel = true;
}

void JobRunner::waitForIdle() {
    for (InFlight& job : inFlight_)
        job.thread.join();
    inFlight_.clear();
}

void JobRunner::submit(Task task) {
    if (running_) {
        if (policy_ == Policy::FinishRunning) {
            waiting_ = std::move(task);  // an older waiting request is dropped unrun
            return;
        }
        running_->state->cancel = true;  // superseded: its outcome is never delivered
    }
    launch(std::move(task));
}

void JobRunner::launch(Task task) {
    const bool wasIdle = !running_;
    running_ = task;
    InFlight& job = inFlight_.emplace_back();
    job.request = task.request;
    job.thread = std::thread([this, work = task.work, request = task.request] {
        work();
        {
            std::lock_guard<std::mutex> lock(finishedMutex_);
            finishedRequests_.push_back(request);
        }
        finishedWake_.wake();
    });
    progressTimer_.watch(task.state);
    if (wasIdle)
        emit busyChanged(true);
}

void JobRunner::collectFinished() {
    std::vector<std::uint64_t> done;
    {
        std::lock_guard<std::mutex> lock(finishedMutex_);
        done.swap(finishedRequests_);
    }
    for (std::uint64_t request : done) {
        const auto job =
            std::find_if(inFlight_.begin(), inFlight_.end(),
                         [request](const InFlight& j) { return j.request == request; });
        if (job != inFlight_.end()) {
            job->thread.join();
            inFlight_.erase(job);
        }
    }
    for (std::uint64_t request : done)
        if (running_ && running_->request == request) {
            const Task task = *running_;
            finished(task);
        }
}

void JobRunner::finished(const Task& task) {
    running_.reset();
    // The waiting request starts before this outcome is delivered, so that a request made by the
    // receiver waits behind it instead of starting a second job.
    if (waiting_) {
        Task next = std::move(*waiting_);
        waiting_.reset();
        launch(std::move(next));
    } else {
        progressTimer_.stop();
    }
    const bool idle = !running_;
    task.deliver();
    if (idle && !running_)
        emit busyChanged(false);
}

}  // namespace embedscope
