#include "LayoutJob.h"

namespace embedscope {

LayoutJob::LayoutJob(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<const Frame>>();
    connect(&runner_, &JobRunner::busyChanged, this, &LayoutJob::runningChanged);
}

LayoutJob::~LayoutJob() {
    runner_.cancel();
    runner_.waitForIdle();
}

void LayoutJob::start(Work work, Frame base) {
    const std::uint64_t job = ++currentJob_;
    const auto pause = pause_;
    const auto templateFrame = std::make_shared<const Frame>(std::move(base));
    runner_.run<std::shared_ptr<const Frame>>(
        [this, work = std::move(work), job, pause, templateFrame](const JobControl& control) {
            JobControl pausable = control;
            pausable.pause = pause.get();
            const LayoutSink sink = [this, job, templateFrame](const RowMatrixXf& positions,
                                                               const LayoutProgress& progress) {
                auto frame = std::make_shared<Frame>(*templateFrame);
                frame->positions = positions;
                frame->layout = progress;
                {
                    std::lock_guard<std::mutex> lock(mailboxMutex_);
                    mailbox_ = std::move(frame);
                    mailboxJob_ = job;
                }
                wake_.wake();
            };
            LayoutResult result = work(pausable, sink);
            auto frame = std::make_shared<Frame>(*templateFrame);
            frame->positions = std::move(result.positions);
            frame->explained = std::move(result.explained);
            frame->layout = result.progress;
            frame->laidOutRows = result.sampledRows;
            return std::shared_ptr<const Frame>(std::move(frame));
        },
        [this, job](JobOutcome<std::shared_ptr<const Frame>> outcome) {
            if (job != currentJob_)
                return;
            {
                // Nothing intermediate may follow the final frame.
                std::lock_guard<std::mutex> lock(mailboxMutex_);
                mailbox_.reset();
            }
            if (outcome.value)
                emit frameReady(*outcome.value);
            emit finished(outcome.cancelled, outcome.error);
        });
}

void LayoutJob::deliverIntermediate() {
    std::shared_ptr<const Frame> frame;
    std::uint64_t job = 0;
    {
        std::lock_guard<std::mutex> lock(mailboxMutex_);
        frame = std::move(mailbox_);
        job = mailboxJob_;
    }
    if (frame && job == currentJob_ && job != cancelledJob_)
        emit frameReady(frame);
}

void LayoutJob::cancel() {
    cancelledJob_ = currentJob_;  // its intermediate frames are dropped; finished() follows
    runner_.cancel();
}

void LayoutJob::setPaused(bool paused) {
    pause_->store(paused);
}

void LayoutJob::waitForIdle() {
    ++currentJob_;
    runner_.cancel();
    runner_.waitForIdle();
}

}  // namespace embedscope
