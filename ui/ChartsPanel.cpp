#include "ChartsPanel.h"

#include <QBoxLayout>
#include <QResizeEvent>

#include <cmath>

#include "ChartWidget.h"

namespace embedscope {

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent),
      loss_(new ChartWidget(tr("Loss (mean SGNS loss per pair)"), tr("seconds"), this)),
      speed_(new ChartWidget(tr("Throughput (words/s)"), tr("seconds"), this)),
      quality_(new ChartWidget(tr("Analogy accuracy"), tr("seconds"), this)) {
    layout_ = new QBoxLayout(QBoxLayout::TopToBottom, this);
    auto* layout = layout_;
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(loss_);
    layout->addWidget(speed_);
    layout->addWidget(quality_);
    quality_->hide();
}

void ChartsPanel::addScore(double seconds, double analogyAccuracy, double spearman) {
    // One measure a curve: the analogy accuracy when the run is scored on analogies, else the
    // word-pair Spearman (the first score decides).
    if (qualityKind_ == Quality::None) {
        if (std::isfinite(analogyAccuracy))
            qualityKind_ = Quality::Analogies;
        else if (std::isfinite(spearman))
            qualityKind_ = Quality::WordPairs;
        else
            return;
        quality_->setTitle(qualityKind_ == Quality::Analogies ? tr("Analogy accuracy")
                                                              : tr("Word-pair Spearman"));
        quality_->show();
    }
    const double value = qualityKind_ == Quality::Analogies ? analogyAccuracy : spearman;
    if (std::isfinite(value) &&
        (quality_->points().isEmpty() || seconds >= quality_->points().back().x()))
        quality_->addPoint(seconds, value);
}

void ChartsPanel::addProgress(const TrainingProgress& progress) {
    // A paused trainer repeats its last time: one sample per moment of training time.
    if (progress.elapsedSeconds <= lastElapsed_)
        return;
    lastElapsed_ = progress.elapsedSeconds;
    if (progress.loss > 0)
        loss_->addPoint(progress.elapsedSeconds, progress.loss);
    speed_->addPoint(progress.elapsedSeconds, progress.wordsPerSecond);
}

void ChartsPanel::showTimeline(const std::vector<FrameMetrics>& frames) {
    // A run trained in this window keeps its live curves, which are finer than its frames; an
    // opened session (the charts were cleared with the new table) gets its curves from them.
    if (quality_->points().isEmpty())
        for (const FrameMetrics& frame : frames)
            addScore(frame.seconds, frame.analogyAccuracy, frame.spearman);
    if (!loss_->points().isEmpty() || !speed_->points().isEmpty())
        return;
    for (const FrameMetrics& frame : frames) {
        // The same samples a live run adds: time, loss (once known) and words/s.
        TrainingProgress progress;
        progress.elapsedSeconds = frame.seconds;
        progress.loss = frame.loss;
        progress.wordsPerSecond = frame.wordsPerSecond;
        addProgress(progress);
    }
}

void ChartsPanel::setCursorSeconds(std::optional<double> seconds) {
    loss_->setMarker(seconds);
    speed_->setMarker(seconds);
    quality_->setMarker(seconds);
}

void ChartsPanel::resizeEvent(QResizeEvent* event) {
    // Side by side in a wide dock (under the plot), stacked in a tall one (a side column).
    layout_->setDirection(event->size().width() > 2 * event->size().height()
                              ? QBoxLayout::LeftToRight
                              : QBoxLayout::TopToBottom);
    QWidget::resizeEvent(event);
}

void ChartsPanel::clear() {
    lastElapsed_ = -1;
    setCursorSeconds(std::nullopt);
    loss_->clear();
    speed_->clear();
    quality_->clear();
    quality_->hide();
    qualityKind_ = Quality::None;
}

}  // namespace embedscope
