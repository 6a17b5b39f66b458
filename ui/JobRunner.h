// The one helper that runs background work for the GUI (DESIGN.md, "One job helper"): loading,
// projecting, indexing. Work runs off the GUI thread with a JobControl (progress and cancel); its
// end comes back on the GUI thread as one JobOutcome: a value, an error or a cancellation.
//
// Two policies for a request that arrives while a job runs:
//  - CancelRunning (opening a file): the running job is cancelled and its outcome dropped; only
//    the newest request is ever answered.
//  - FinishRunning (projections asked for 10 times a second): the running job finishes and is
//    answered, and then the newest waiting request runs; older waiting ones are dropped unrun. A
//    job slower than the request rate still delivers, and requests never pile up.
//
// Each job runs on a thread of its own (std::thread: starting one costs tens of microseconds, far
// below any job's work). A finished job files itself under a std::mutex and wakes the runner
// (GuiWake: a bare posted event), which joins it on the GUI thread and delivers its outcome. Every
// hand-over is thus a thread start, a mutex or a join, all of which ThreadSanitizer sees. (Through
// a Qt thread pool the hand-over happens inside Qt, which TSan cannot see, and every captured value
// was reported as a race.)
#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "Error.h"
#include "GuiWake.h"
#include "JobControl.h"
#include "JobProgressTimer.h"

namespace embedscope {

template <class T>
struct JobOutcome {
    std::optional<T> value;  // set when the work returned
    QString error;           // set when it threw (the exception's message)
    bool cancelled = false;  // set when it threw Cancelled
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    enum class Policy { CancelRunning, FinishRunning };

    explicit JobRunner(Policy policy, QObject* parent = nullptr);
    // Cancels the running job and joins every job it started; no outcome is delivered.
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
    // Joins every started job: afterwards none of them runs, and whatever they read may be freed.
    // Their outcomes are still delivered by the event loop (a waiting request then starts); call
    // cancel() first to drop the waiting request.
    void waitForIdle();

signals:
    // done / total of the running job's last report, in [0, 1] (see JobProgressTimer).
    void progress(double fraction);
    void busyChanged(bool busy);

private:
    struct Task {
        std::uint64_t request = 0;
        std::shared_ptr<JobState> state;
        std::function<void()> work;     // runs on the job's thread, fills the outcome
        std::function<void()> deliver;  // runs on the GUI thread, passes it on
    };
    struct InFlight {
        std::uint64_t request = 0;
        std::thread thread;
    };

    void submit(Task task);
    void launch(Task task);
    // Joins the jobs that filed themselves as finished; delivers the running one's outcome if it
    // is among them.
    void collectFinished();
    void finished(const Task& task);

    Policy policy_;
    std::uint64_t requests_ = 0;
    std::optional<Task> running_;   // the job whose outcome will be delivered
    std::optional<Task> waiting_;   // FinishRunning: the newest request behind it
    std::list<InFlight> inFlight_;  // every started job not yet joined
    std::mutex finishedMutex_;
    std::vector<std::uint64_t> finishedRequests_;  // filed by the jobs' threads
    GuiWake finishedWake_{[this] { collectFinished(); }};
    JobProgressTimer progressTimer_;
};

template <class T>
std::uint64_t JobRunner::run(std::function<T(const JobControl&)> work,
                             std::function<void(JobOutcome<T>)> done) {
    auto outcome = std::make_shared<JobOutcome<T>>();
    Task task;
    task.request = ++requests_;
    task.state = std::make_shared<JobState>();
    task.work = [work = std::move(work), outcome, state = task.state] {
        try {
            outcome->value.emplace(work(controlFor(state)));
        } catch (const Cancelled&) {
            outcome->cancelled = true;
        } catch (const std::exception& e) {
            outcome->error = QString::fromUtf8(e.what());
        }
    };
    task.deliver = [done = std::move(done), outcome] { done(std::move(*outcome)); };
    submit(std::move(task));
    return requests_;
}

}  // namespace embedscope
