#include "TimelineBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>

#include <algorithm>
#include <array>
#include <cmath>

#include "SessionActions.h"
#include "Settings.h"
#include "TimelineRecorder.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

// Far above the controller's generations, so that a replay frame never passes for a live one.
constexpr std::uint64_t kReplayGenerationBase = std::uint64_t(1) << 62;
constexpr std::array<double, 7> kSpeeds = {0.25, 0.5, 1, 2, 4, 8, 16};

}  // namespace

TimelineBar::TimelineBar(TrainingController* controller, TimelineRecorder* recorder,
                         SessionActions* sessions, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      recorder_(recorder),
      sessions_(sessions),
      playButton_(new QToolButton(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      speedBox_(new QComboBox(this)),
      axesBox_(new QComboBox(this)),
      basisButton_(new QToolButton(this)),
      markButton_(new QToolButton(this)),
      epochBox_(new QSpinBox(this)),
      label_(new QLabel(this)) {
    setObjectName(QStringLiteral("timelineBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    playButton_->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    playButton_->setToolTip(tr("Play or pause the training timeline"));
    playButton_->setCheckable(true);
    slider_->setToolTip(tr("Scrub the training timeline (arrow keys step one frame)"));
    slider_->setPageStep(10);
    label_->setMinimumWidth(label_->fontMetrics().horizontalAdvance(
        QStringLiteral("frame 0000 of 0000 · 00000.0 s · loss 0.0000")));
    slider_->setMinimumWidth(120);  // the label's width never squeezes the slider away
    layout->addWidget(new QLabel(tr("Timeline"), this));
    layout->addWidget(playButton_);
    layout->addWidget(slider_, 1);
    for (const double speed : kSpeeds)
        speedBox_->addItem(QStringLiteral("%1×").arg(speed), speed);
    speedBox_->setToolTip(tr("Replay speed (1×: 20 frames a second)"));
    speedBox_->setCurrentIndex(2);
    connect(speedBox_, &QComboBox::activated, this,
            [this](int index) { setSpeed(speedBox_->itemData(index).toDouble()); });
    layout->addWidget(speedBox_);
    axesBox_->addItem(tr("Fixed axes"), int(ReplayAxes::Fixed));
    axesBox_->addItem(tr("Aligned per frame"), int(ReplayAxes::Aligned));
    axesBox_->setToolTip(
        tr("Fixed axes: every frame on one frame's principal axes, so movement is absolute.\n"
           "Aligned per frame: each frame's own axes turned towards the previous frame's, as the "
           "plot showed the run live."));
    connect(axesBox_, &QComboBox::activated, this, [this](int index) {
        setReplayAxes(static_cast<ReplayAxes>(axesBox_->itemData(index).toInt()));
    });
    layout->addWidget(axesBox_);
    basisButton_->setText(tr("This frame's axes"));
    basisButton_->setToolTip(tr("Fix the axes to the principal axes of the frame at the cursor"));
    connect(basisButton_, &QToolButton::clicked, this, &TimelineBar::useCurrentFrameAxes);
    layout->addWidget(basisButton_);
    markButton_->setText(tr("Trail from here"));
    markButton_->setCheckable(true);
    markButton_->setToolTip(
        tr("Trails of the selected words start at this frame (otherwise where play started or "
           "the slider was grabbed)"));
    connect(markButton_, &QToolButton::toggled, this, &TimelineBar::markTrailStart);
    layout->addWidget(markButton_);
    epochBox_->setPrefix(tr("epoch "));
    epochBox_->setToolTip(tr("Jump to the first frame of an epoch"));
    epochBox_->setKeyboardTracking(false);
    connect(epochBox_, &QSpinBox::valueChanged, this, &TimelineBar::jumpToEpoch);
    layout->addWidget(epochBox_);
    layout->addWidget(label_);
    hide();
    {
        const QSettings settings;
        axes_ = settings::loadReplayAligned(settings) ? ReplayAxes::Aligned : ReplayAxes::Fixed;
    }
    updateAxesControls();

    play_.setInterval(kPlayIntervalMs);
    connect(&play_, &QTimer::timeout, this, [this] {
        if (currentFrame() + 1 >= frameCount()) {
            setPlaying(false);
            return;
        }
        const int step = std::max(1, static_cast<int>(speed_));
        setCurrentFrame(std::min(currentFrame() + step, frameCount() - 1));
    });
    connect(playButton_, &QToolButton::toggled, this, &TimelineBar::setPlaying);
    connect(slider_, &QSlider::valueChanged, this, &TimelineBar::showFrame);
    // A drag of the slider replays a span of its own: its trails start where it was grabbed.
    connect(slider_, &QSlider::sliderPressed, this, [this] {
        if (!startMarked_)
            spanStart_ = slider_->value();
    });

    connect(sessions_, &SessionActions::sessionOpened, this, [this] {
        const std::shared_ptr<const Session> session = sessions_->openedSession();
        if (!session || session->frames.empty()) {
            setReplay(nullptr);
            return;
        }
        // The frames stay where the session holds them: the replay shares them.
        auto frames = std::shared_ptr<const std::vector<TimelineFrame>>(session, &session->frames);
        setReplay(std::make_unique<TimelineReplay>(session->trackedRows, std::move(frames)));
    });
    connect(controller_, &TrainingController::trainerReset, this, [this] { setReplay(nullptr); });
    connect(controller_, &TrainingController::stateChanged, this, [this](TrainerState state) {
        if (state == TrainerState::Running)
            setReplay(nullptr);  // the plot follows the live table
    });
    // From the recorder, once it has added the run's final frame.
    connect(recorder_, &TimelineRecorder::settled, this, [this](TrainerState state) {
        if (state == TrainerState::Finished || state == TrainerState::Stopped ||
            state == TrainerState::Paused)
            takeRecordedTimeline();
    });
}

void TimelineBar::takeRecordedTimeline() {
    const TrainingTimeline* timeline = recorder_->timeline();
    if (!timeline || timeline->frames().size() < 2) {
        setReplay(nullptr);
        return;
    }
    auto frames = std::make_shared<const std::vector<TimelineFrame>>(timeline->frames());
    setReplay(std::make_unique<TimelineReplay>(timeline->rows(), std::move(frames)));
}

void TimelineBar::setReplayAxes(ReplayAxes axes) {
    axes_ = axes;
    QSettings settings;
    settings::saveReplayAligned(settings, axes == ReplayAxes::Aligned);
    if (replay_)
        replay_->setAxes(axes);
    updateAxesControls();
    if (replay_)
        showFrame(currentFrame());
}

void TimelineBar::useCurrentFrameAxes() {
    if (!replay_)
        return;
    replay_->setBasisFrame(currentFrame());
    setReplayAxes(ReplayAxes::Fixed);
}

void TimelineBar::setTrailRows(const std::vector<std::int32_t>& rows) {
    if (rows == trailRows_)
        return;
    trailRows_ = rows;
    if (replay_ && cursorShown_)
        emitTrails();
}

void TimelineBar::markTrailStart(bool marked) {
    marked = marked && replay_;
    startMarked_ = marked;
    if (marked)
        spanStart_ = currentFrame();
    {
        const QSignalBlocker blocker(markButton_);
        markButton_->setChecked(marked);
    }
    if (replay_ && cursorShown_)
        emitTrails();
}

void TimelineBar::emitTrails() {
    auto trails = std::make_shared<std::vector<ReplayTrail>>();
    if (replay_ && !trailRows_.empty())
        *trails = trails_.trails(*replay_, trailRows_, spanStart_, currentFrame());
    emit trailsChanged(std::move(trails));
}

void TimelineBar::updateAxesControls() {
    const QSignalBlocker blocker(axesBox_);
    axesBox_->setCurrentIndex(axesBox_->findData(int(axes_)));
    // The fixed item names whose axes it uses once a frame other than the final one was chosen.
    const bool chosen = replay_ && replay_->basisFrame() != frameCount() - 1;
    axesBox_->setItemText(
        axesBox_->findData(int(ReplayAxes::Fixed)),
        chosen ? tr("Axes of frame %1").arg(replay_->basisFrame() + 1) : tr("Fixed axes"));
}

void TimelineBar::setReplay(std::unique_ptr<TimelineReplay> replay) {
    setPlaying(false);
    trails_.clear();  // before the old replay goes: a new one may take its address
    replay_ = replay && !replay->empty() ? std::move(replay) : nullptr;
    if (replay_)
        replay_->setAxes(axes_);
    // The trails start at the cursor (the end) until play starts, the slider is grabbed or a
    // start is marked.
    spanStart_ = frameCount() - 1;
    startMarked_ = false;
    cursorShown_ = false;
    {
        const QSignalBlocker blocker(markButton_);
        markButton_->setChecked(false);
    }
    updateAxesControls();
    ++generation_;
    const QSignalBlocker blocker(slider_);
    slider_->setRange(0, std::max(0, frameCount() - 1));
    slider_->setValue(frameCount() - 1);  // the end: what the plot shows already
    setVisible(replay_ != nullptr);
    {
        const QSignalBlocker epochBlocker(epochBox_);
        epochBox_->setRange(
            1, replay_ ? std::max(1, replay_->frame(frameCount() - 1).metrics.epoch) : 1);
        epochBox_->setValue(epochBox_->maximum());
    }
    emit replayChanged(replay_ != nullptr);
    if (replay_)
        label_->setText(tr("%1 recorded").arg(embedscope::frameCount(std::size_t(frameCount()))));
    std::vector<FrameMetrics> metrics;
    for (int f = 0; f < frameCount(); ++f)
        metrics.push_back(replay_->frame(f).metrics);
    emit replayMetricsChanged(metrics);
    emit cursorChanged(nullptr);
    emit cursorMoved(replay_ ? std::optional<double>(metrics.back().seconds) : std::nullopt);
    emit trailsChanged(nullptr);
}

void TimelineBar::setSpeed(double speed) {
    const auto nearest =
        std::min_element(kSpeeds.begin(), kSpeeds.end(), [speed](double a, double b) {
            return std::abs(std::log2(a / speed)) < std::abs(std::log2(b / speed));
        });
    speed_ = speed > 0 ? *nearest : 1.0;
    const QSignalBlocker blocker(speedBox_);
    speedBox_->setCurrentIndex(speedBox_->findData(speed_));
    // Below 1x a frame stays longer; above it the timer keeps 20 ticks a second and skips frames.
    play_.setInterval(static_cast<int>(kPlayIntervalMs / std::min(speed_, 1.0)));
}

void TimelineBar::jumpToEpoch(int epoch) {
    if (!replay_)
        return;
    int index = frameCount() - 1;
    for (int f = 0; f < frameCount(); ++f)
        if (replay_->frame(f).metrics.epoch >= epoch) {
            index = f;
            break;
        }
    setCurrentFrame(index);
}

int TimelineBar::currentFrame() const {
    return replay_ ? slider_->value() : -1;
}

void TimelineBar::setCurrentFrame(int index) {
    if (!replay_)
        return;
    index = std::clamp(index, 0, frameCount() - 1);
    if (slider_->value() == index)
        showFrame(index);
    else
        slider_->setValue(index);  // valueChanged shows it
}

void TimelineBar::setPlaying(bool playing) {
    playing = playing && replay_ && frameCount() > 1;
    // The replayed span starts here: its trails too (unless a start is marked).
    const bool atEnd = currentFrame() + 1 >= frameCount();
    if (playing && !startMarked_ && !play_.isActive())
        spanStart_ = atEnd ? 0 : currentFrame();
    if (playing && atEnd)
        setCurrentFrame(0);  // play from the start again
    if (playing)
        play_.start();
    else
        play_.stop();
    const QSignalBlocker blocker(playButton_);
    playButton_->setChecked(playing);
    playButton_->setIcon(
        style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void TimelineBar::showFrame(int index) {
    if (!replay_ || index < 0 || index >= frameCount())
        return;
    const FrameMetrics& metrics = replay_->frame(index).metrics;
    emit cursorMoved(metrics.seconds);
    {
        const QSignalBlocker blocker(epochBox_);
        epochBox_->setValue(metrics.epoch);
    }
    // The epoch is in its box.
    label_->setText(tr("frame %1 of %2 · %3 s · loss %4")
                        .arg(index + 1)
                        .arg(frameCount())
                        .arg(metrics.seconds, 0, 'f', 1)
                        .arg(metrics.loss, 0, 'f', 4));
    auto frame = std::make_shared<Frame>();
    frame->generation = kReplayGenerationBase + generation_;
    frame->rows = replay_->rows();
    frame->positions = replay_->positions(index);
    frame->explained = replay_->explained(index);
    frame->method = LayoutMethod::Pca;
    frame->progress.elapsedSeconds = metrics.seconds;
    frame->progress.epoch = metrics.epoch;
    frame->progress.loss = metrics.loss;
    emit frameChosen(std::move(frame));
    cursorShown_ = true;
    emitTrails();
    emit cursorChanged(std::make_shared<const ReplayCursor>(replay_->rows(), replay_->frame(index),
                                                            index, frameCount()));
}

}  // namespace embedscope
