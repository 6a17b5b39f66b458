// Records the training timeline while the window trains (issue 18), as embedscope-cli train
// --session does: frames of the plotted words' vectors, kept by core/TrainingTimeline within a
// memory budget (default 200 MB, remembered), so that File > Save session holds the run's frames.
//
// A run's timeline starts when a fresh table starts training and follows the words plotted at
// that moment (without the selected word that joined them); a new table drops it. While the run
// trains, a timer looks twice as often as the timeline's first interval (1/20 s) and takes a
// snapshot of those rows only when the timeline wants a frame; the end of the run (finished,
// stopped, or paused) adds its last state. It reads the controller's public API only: its state,
// progress and VectorSource::snapshot (a copy of a few hundred rows, microseconds on the GUI
// thread).
#pragma once

#include <QObject>
#include <QTimer>

#include <cstdint>
#include <limits>
#include <memory>

#include "Trainer.h"
#include "TrainingTimeline.h"

namespace embedscope {

class TrainingController;

class TimelineRecorder : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultBudgetMb = 200;
    static constexpr int kPollMs = 25;

    explicit TimelineRecorder(TrainingController* controller, QObject* parent = nullptr);

    // The budget of the next run's timeline, in MB; remembered in the settings.
    int budgetMb() const { return budgetMb_; }
    void setBudgetMb(int megabytes);

    // The current table's timeline, or null (nothing trained since the last new table, or the
    // budget cannot hold two frames).
    const TrainingTimeline* timeline() const { return timeline_.get(); }
    // The run's latest evaluation (TrainingEvaluator), stamped on the frames kept after it.
    void noteScore(double analogyAccuracy, double spearman);

signals:
    // The timeline could not be made (the message says why); training goes on without one.
    void recordingFailed(const QString& message);
    // Training left the Running state (state) and the timeline holds its final frame: the
    // moment to read it (the controller's stateChanged may reach a reader before the recorder).
    void settled(embedscope::TrainerState state);

private:
    void onStateChanged(TrainerState state);
    void record();
    void addFinal();
    FrameMetrics stamped(const TrainingProgress& progress) const;

    TrainingController* controller_;
    int budgetMb_;
    std::unique_ptr<TrainingTimeline> timeline_;
    std::uint64_t timelineGeneration_ = 0;  // the trainer generation timeline_ belongs to
    QTimer poll_;
    double analogyAccuracy_ = std::numeric_limits<double>::quiet_NaN();
    double spearman_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace embedscope
