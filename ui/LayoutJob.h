// Runs an iterative layout (t-SNE, UMAP) of the plotted rows in the background and hands its
// frames to the GUI thread while it converges, so that the plot shows the layout forming.
//
// Intermediate frames arrive at the layout's pace (every few dozen milliseconds); the GUI takes
// the newest from a mailbox of one (a std::mutex, which ThreadSanitizer sees) so that a slow event
// loop never queues stale frames. The final frame comes with the job's outcome. A new start
// cancels the running layout (the newest request wins, JobRunner::Policy::CancelRunning); a
// cancelled or superseded job's frames are dropped. Pause holds the layout between iterations.
#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "Frame.h"
#include "GuiWake.h"
#include "JobRunner.h"
#include "Layout.h"

namespace embedscope {

class LayoutJob : public QObject {
    Q_OBJECT
public:
    // Lays out the rows it is given; called on the job's thread.
    using Work = std::function<LayoutResult(const JobControl& control, const LayoutSink& sink)>;

    explicit LayoutJob(QObject* parent = nullptr);
    // Cancels the running layout and joins it; no frame is delivered afterwards.
    ~LayoutJob() override;

    // Starts work, cancelling a running layout. Every frame delivered is a copy of base (its
    // generation, rows, method) with the positions, explained variances and progress of the
    // layout at that moment.
    void start(Work work, Frame base);
    void cancel();
    void setPaused(bool paused);
    bool paused() const { return pause_->load(); }
    bool running() const { return runner_.busy(); }
    // Joins the running layout (its outcome is then dropped when it arrives).
    void waitForIdle();

signals:
    void frameReady(std::shared_ptr<const embedscope::Frame> frame);  // intermediate and final
    void finished(bool cancelled, const QString& error);
    void runningChanged(bool running);

private:
    void deliverIntermediate();

    // Shared with the jobs, which may outlive a pause flag's owner only until they are joined.
    std::shared_ptr<std::atomic<bool>> pause_ = std::make_shared<std::atomic<bool>>(false);
    std::mutex mailboxMutex_;
    std::shared_ptr<const Frame> mailbox_;  // the newest intermediate frame not yet delivered
    std::uint64_t mailboxJob_ = 0;          // the start() it belongs to
    GuiWake wake_{[this] { deliverIntermediate(); }};
    std::uint64_t currentJob_ = 0;    // GUI thread: the newest start()
    std::uint64_t cancelledJob_ = 0;  // GUI thread: the last one cancel() stopped
    JobRunner runner_{JobRunner::Policy::CancelRunning};  // last: joined before the rest goes
};

}  // namespace embedscope
