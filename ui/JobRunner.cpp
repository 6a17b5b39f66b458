#include "JobRunner.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>

namespace embedscope {

JobRunner::JobRunner(Policy policy, QObject* parent, QThreadPool* pool)
    : QObject(parent), policy_(policy), pool_(pool ? pool : QThreadPool::globalInstance()) {
    connect(&progressTimer_, &JobProgressTimer::progress, this, &JobRunner::progress);
}

JobRunner::~JobRunner() {
    waiting_.reset();
    if (running_)
        running_->state->cancel = true;
    waitForIdle();
}

void JobRunner::cancel() {
    waiting_.reset();
    if (running_)
        running_->state->cancel = true;
}

void JobRunner::waitForIdle() {
    for (InFlight& job : inFlight_) {
        job.future.waitForFinished();
        receive(job.handOver.get());
    }
    inFlight_.clear();
}

void JobRunner::submit(Task task) {
    if (running_) {
        if (policy_ == Policy::FinishRunning) {
            waiting_ = std::move(task);  // an older waiting request is dropped unrun
            return;
        }
        running_->state->cancel = true;  // superseded: finished() will not deliver it
    }
    launch(std::move(task));
}

void JobRunner::launch(Task task) {
    const bool wasIdle = !running_;
    running_ = task;
    QFuture<void> future = QtConcurrent::run(pool_, task.work);
    inFlight_.push_back({future, task.handOver});
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, task] {
        watcher->deleteLater();
        finished(task);
    });
    watcher->setFuture(future);
    progressTimer_.watch(task.state);
    if (wasIdle)
        emit busyChanged(true);
}

void JobRunner::finished(const Task& task) {
    inFlight_.erase(std::remove_if(inFlight_.begin(), inFlight_.end(),
                                   [](const InFlight& job) { return job.future.isFinished(); }),
                    inFlight_.end());
    if (!running_ || running_->request != task.request)
        return;  // superseded (CancelRunning): dropped
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
