#include "JobProgressTimer.h"

namespace embedscope {

JobProgressTimer::JobProgressTimer(QObject* parent) : QObject(parent) {
    timer_.setInterval(50);
    connect(&timer_, &QTimer::timeout, this, [this] {
        const std::uint64_t total = job_ ? job_->total.load() : 0;
        if (total > 0)
            emit progress(double(job_->done.load()) / double(total));
    });
}

void JobProgressTimer::watch(std::shared_ptr<const JobState> job) {
    job_ = std::move(job);
    timer_.start();
}

void JobProgressTimer::stop() {
    timer_.stop();
    job_.reset();
}

}  // namespace embedscope
