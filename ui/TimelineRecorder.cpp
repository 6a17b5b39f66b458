#include "TimelineRecorder.h"

#include <QSettings>

#include <algorithm>
#include <vector>

#include "Error.h"
#include "Settings.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

// The snapshot's vectors, shared with it (a snapshot is never changed once made): no copy.
std::shared_ptr<const RowMatrixXf> vectorsOf(const std::shared_ptr<const Snapshot>& snapshot) {
    return std::shared_ptr<const RowMatrixXf>(snapshot, &snapshot->vectors);
}

}  // namespace

TimelineRecorder::TimelineRecorder(TrainingController* controller, QObject* parent)
    : QObject(parent),
      controller_(controller),
      budgetMb_(settings::loadTimelineBudgetMb(QSettings(), kDefaultBudgetMb)) {
    poll_.setInterval(kPollMs);
    connect(&poll_, &QTimer::timeout, this, &TimelineRecorder::record);
    connect(controller_, &TrainingController::stateChanged, this,
            &TimelineRecorder::onStateChanged);
    connect(controller_, &TrainingController::trainerReset, this, [this] {
        poll_.stop();
        timeline_.reset();
        noteScore(std::numeric_limits<double>::quiet_NaN(),
                  std::numeric_limits<double>::quiet_NaN());
    });
}

void TimelineRecorder::setBudgetMb(int megabytes) {
    budgetMb_ = std::clamp(megabytes, 1, 65536);
    QSettings settings;
    settings::saveTimelineBudgetMb(settings, budgetMb_);
}

void TimelineRecorder::noteScore(double analogyAccuracy, double spearman) {
    analogyAccuracy_ = analogyAccuracy;
    spearman_ = spearman;
}

FrameMetrics TimelineRecorder::stamped(const TrainingProgress& progress) const {
    FrameMetrics metrics = FrameMetrics::from(progress);
    metrics.analogyAccuracy = analogyAccuracy_;
    metrics.spearman = spearman_;
    return metrics;
}

void TimelineRecorder::onStateChanged(TrainerState state) {
    if (state != TrainerState::Running) {
        poll_.stop();
        addFinal();
        emit settled(state);
        return;
    }
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source || !source->isLive())
        return;
    if (!timeline_ || timelineGeneration_ != controller_->trainerGeneration()) {
        timeline_.reset();
        try {
            // The plotted words, without the selected word that only joined them to be seen.
            timeline_ =
                std::make_unique<TrainingTimeline>(controller_->chosenRows(), source->dim(),
                                                   static_cast<std::size_t>(budgetMb_) << 20);
        } catch (const Error& e) {
            emit recordingFailed(tr("No training timeline is recorded: %1").arg(e.what()));
            return;
        }
        timelineGeneration_ = controller_->trainerGeneration();
    }
    record();
    poll_.start();
}

void TimelineRecorder::record() {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!timeline_ || !source || timelineGeneration_ != controller_->trainerGeneration())
        return;
    // The snapshot is only taken when the timeline keeps a frame at this training time.
    if (!timeline_->wants(controller_->progress().elapsedSeconds))
        return;
    const std::shared_ptr<const Snapshot> snapshot = source->snapshot(timeline_->rows());
    timeline_->offer(stamped(snapshot->progress), vectorsOf(snapshot));
}

void TimelineRecorder::addFinal() {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!timeline_ || !source || !source->isLive() ||
        timelineGeneration_ != controller_->trainerGeneration())
        return;
    const std::shared_ptr<const Snapshot> snapshot = source->snapshot(timeline_->rows());
    timeline_->addFinal(stamped(snapshot->progress), vectorsOf(snapshot));
}

}  // namespace embedscope
