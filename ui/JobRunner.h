// The one helper that runs background work for the GUI (DESIGN.md, "One job helper"): loading,
// projecting, indexing. Work runs on a thread pool with a JobControl (progress and cancel); its
// end comes back on the GUI thread as one JobOutcome: a value, an error or a cancellation.
//
// Two policies for a request that arrives while a job runs:
//  - CancelRunning (opening a file): the running job is cancelled and its outcome dropped; only
//    the newest request is ever answered.
//  - FinishRunning (projections asked for 10 times a second): the running job finishes and is
//    answered, and then the newest waiting request runs; older waiting ones are dropped unrun. A
//    job slower than the request rate still delivers, and requests never pile up.
//
// The outcome passes from the pool to the GUI thread through Qt (a future's "finished" in the
// event queue), which ThreadSanitizer cannot see into; HandOver.h tells it about the hand-over,
// so a job's captured values are not reported as races and real races stay visible.
#pragma once

#include <QFuture>
#include <QObject>
#include <QString>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "Error.h"
#include "HandOver.h"
#include "JobControl.h"
#include "JobProgressTimer.h"

class QThreadPool;

namespace embedscope {

template <class T>
struct JobOutcome {
    std::optional<T> value;  // set when the work returned
    QString error;           // set when it threw (the exception's message)
    bool cancelled = false;  // set when it threw Cancelled
    std::uint64_t request = 0;
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    enum class Policy { CancelRunning, FinishRunning };

    // pool: where jobs run (default: Qt's global pool). It must outlive the runner.
    explicit JobRunner(Policy policy, QObject* parent = nullptr, QThreadPool* pool = nullptr);
    // Cancels the running job and waits for every job it started; no outcome is delivered.
    ~JobRunner() override;

    // Queues work(control) as the newest request and returns its number. done(outcome) is called
    // on the runner's thread when the job ends, unless the request is superseded first (see the
    // policies) or the runner is destroyed.
    template <class T>
    std::uint64_t run(std::function<T(const JobControl&)> work,
                      std::function<void(JobOutcome<T>)> done);

    // Cancels the running job (it is still answered, normally with cancelled set) and drops a
    // waiting one.
    void cancel();
    bool busy() const { return running_.has_value(); }
    // The number of the newest request (0 before the first).
    std::uint64_t latestRequest() const { return requests_; }
    // Blocks until every started job has returned; their outcomes are delivered later (by the
    // event loop), or never if the runner goes first. After this returns, whatever the jobs read
    // may be freed.
    void waitForIdle();

signals:
    // done / total of the running job's last report, in [0, 1] (see JobProgressTimer).
    void progress(double fraction);
    void busyChanged(bool busy);

private:
    struct Task {
        std::uint64_t request = 0;
        std::shared_ptr<JobState> state;
        std::shared_ptr<const void> handOver;  // the outcome: published by work, received here
        std::function<void()> work;            // runs on the pool, fills the outcome
        std::function<void()> deliver;         // runs on the GUI thread, passes it on
    };
    struct InFlight {
        QFuture<void> future;
        std::shared_ptr<const void> handOver;
    };

    void submit(Task task);
    void launch(Task task);
    void finished(const Task& task);

    Policy policy_;
    QThreadPool* pool_;
    std::uint64_t requests_ = 0;
    std::optional<Task> running_;     // the job whose outcome will be delivered
    std::optional<Task> waiting_;     // FinishRunning: the newest request behind it
    std::vector<InFlight> inFlight_;  // every started job that may still run (for waitForIdle)
    JobProgressTimer progressTimer_;
};

template <class T>
std::uint64_t JobRunner::run(std::function<T(const JobControl&)> work,
                             std::function<void(JobOutcome<T>)> done) {
    auto outcome = std::make_shared<JobOutcome<T>>();
    outcome->request = ++requests_;
    Task task;
    task.request = outcome->request;
    task.state = std::make_shared<JobState>();
    task.handOver = outcome;
    task.work = [work = std::move(work), outcome, state = task.state] {
        try {
            outcome->value.emplace(work(controlFor(state)));
        } catch (const Cancelled&) {
            outcome->cancelled = true;
        } catch (const std::exception& e) {
            outcome->error = QString::fromUtf8(e.what());
        }
        publish(outcome.get());
    };
    task.deliver = [done = std::move(done), outcome] {
        receive(outcome.get());
        done(std::move(*outcome));
    };
    submit(std::move(task));
    return requests_;
}

}  // namespace embedscope
