// The timeline bar under the plot (issue 18): replays a recorded training timeline, the opened
// session's or the one the window recorded for the run that just ended (TimelineRecorder). A
// slider scrubs the frames (mouse, arrow keys, Page Up/Down, Home/End), a button plays and pauses
// (20 frames a second at 1x; 0.25x to 16x: below 1x each frame stays longer, above it frames are
// skipped, since painting more than 20 a second adds nothing to see), an epoch box shows the
// frame's epoch and jumps to an epoch's first frame, and a label gives the frame's number,
// training time and loss. Each frame chosen goes to the plot as a Frame of the tracked rows,
// placed by TimelineReplay in the projection the axes box chooses (remembered): on fixed axes,
// the final frame's or, after "This frame's axes", the frame at the cursor's, so that movement is
// absolute; or aligned per frame, as the live plot showed the run. With each frame go the trails
// of the selected words (ReplayTrails: at most 50 words over at most 1,000 frames), from the
// start of the replayed span (where play started or the slider was grabbed, or the frame marked
// with "Trail from here") to the cursor. Hidden when there is nothing to replay and while a run
// trains (the plot then shows the live table).
#pragma once

#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "Frame.h"
#include "ReplayCursor.h"
#include "ReplayTrails.h"
#include "TimelineReplay.h"

class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;

namespace embedscope {

class SessionActions;
class TimelineRecorder;
class TrainingController;

class TimelineBar : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPlayIntervalMs = 50;

    TimelineBar(TrainingController* controller, TimelineRecorder* recorder,
                SessionActions* sessions, QWidget* parent = nullptr);

    int frameCount() const { return replay_ ? replay_->size() : 0; }
    int currentFrame() const;
    void setCurrentFrame(int index);
    bool isPlaying() const { return play_.isActive(); }
    void setPlaying(bool playing);
    // 0.25, 0.5, 1, 2, 4, 8 or 16 (the nearest of them).
    void setSpeed(double speed);
    double speed() const { return speed_; }
    // The first frame of epoch (1-based; the nearest recorded epoch at or after it, else the
    // last frame).
    void jumpToEpoch(int epoch);
    // The projection of the replay, remembered for the next replays.
    ReplayAxes replayAxes() const { return axes_; }
    void setReplayAxes(ReplayAxes axes);
    // "This frame's axes": the fixed axes become those of the frame at the cursor (and the
    // projection fixed).
    void useCurrentFrameAxes();
    // The words whose trails go with each frame (table rows, the first ReplayTrails::kMaxWords
    // tracked ones): the Inspector's word and the selection (PlotArea::trailRows).
    void setTrailRows(const std::vector<std::int32_t>& rows);
    // "Trail from here": the trails start at the frame at the cursor until unmarked; unmarked,
    // they start where play started or the slider was grabbed (at first: at the cursor).
    void markTrailStart(bool marked);
    bool trailStartMarked() const { return startMarked_; }
    int trailStart() const { return replay_ ? spanStart_ : -1; }
    // What the bar replays; null when it is hidden.
    const TimelineReplay* replay() const { return replay_.get(); }
    QSlider* slider() const { return slider_; }
    QToolButton* playButton() const { return playButton_; }
    QComboBox* axesBox() const { return axesBox_; }
    QToolButton* trailStartButton() const { return markButton_; }

signals:
    // The frame at the cursor, to show on the plot.
    void frameChosen(std::shared_ptr<const embedscope::Frame> frame);
    // A new replay (or none: frames empty): the metrics of its frames, for the charts.
    void replayMetricsChanged(const std::vector<embedscope::FrameMetrics>& frames);
    // The cursor's training time, for the charts' marker; nullopt without a replay.
    void cursorMoved(std::optional<double> seconds);
    // The frame at the cursor once the user scrubs or plays, for the Inspector and the
    // neighbours; null when a replay starts or ends (they show the current table).
    void cursorChanged(std::shared_ptr<const embedscope::ReplayCursor> cursor);
    // A new replay, or none (File > Export > Replay is enabled while there is one).
    void replayChanged(bool haveReplay);
    // The trails to draw with the frame at the cursor (after frameChosen), as the replay projects
    // them; null when a replay starts or ends (the plot shows the live table: no replay trails).
    void trailsChanged(std::shared_ptr<const std::vector<embedscope::ReplayTrail>> trails);

private:
    void setReplay(std::unique_ptr<TimelineReplay> replay);
    void showFrame(int index);
    void takeRecordedTimeline();
    void updateAxesControls();
    void emitTrails();  // of the frame at the cursor

    TrainingController* controller_;
    TimelineRecorder* recorder_;
    SessionActions* sessions_;
    QToolButton* playButton_;
    QSlider* slider_;
    QComboBox* speedBox_;
    QComboBox* axesBox_;
    QToolButton* basisButton_;
    QToolButton* markButton_;
    QSpinBox* epochBox_;
    QLabel* label_;
    double speed_ = 1;
    ReplayAxes axes_ = ReplayAxes::Fixed;
    QTimer play_;
    std::unique_ptr<TimelineReplay> replay_;
    std::uint64_t generation_ = 0;  // of the frames sent: a new replay is a new set of rows
    ReplayTrails trails_;
    std::vector<std::int32_t> trailRows_;
    int spanStart_ = -1;        // the frame the trails start at
    bool startMarked_ = false;  // spanStart_ was marked: play and the slider leave it
    bool cursorShown_ = false;  // a frame of this replay went to the plot
};

}  // namespace embedscope
