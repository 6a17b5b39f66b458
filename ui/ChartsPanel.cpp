#include "ChartsPanel.h"

#include <QBoxLayout>
#include <QResizeEvent>

#include "ChartWidget.h"

namespace embedscope {

ChartsPanel::ChartsPanel(QWidget* parent)
    : QWidget(parent),
      loss_(new ChartWidget(tr("Loss (mean SGNS loss per pair)"), tr("seconds"), this)),
      speed_(new ChartWidget(tr("Throughput (words/s)"), tr("seconds"), this)) {
    layout_ = new QBoxLayout(QBoxLayout::TopToBottom, this);
    auto* layout = layout_;
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(loss_);
    layout->addWidget(speed_);
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

void ChartsPanel::resizeEvent(QResizeEvent* event) {
    // Side by side in a wide dock (under the plot), stacked in a tall one (a side column).
    layout_->setDirection(event->size().width() > 2 * event->size().height()
                              ? QBoxLayout::LeftToRight
                              : QBoxLayout::TopToBottom);
    QWidget::resizeEvent(event);
}

void ChartsPanel::clear() {
    lastElapsed_ = -1;
    loss_->clear();
    speed_->clear();
}

}  // namespace embedscope
