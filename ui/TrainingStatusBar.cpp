#include "TrainingStatusBar.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStatusBar>

#include "TrainingController.h"

namespace embedscope {

namespace {

QString stateName(TrainerState state) {
    switch (state) {
        case TrainerState::Idle:
            return TrainingStatusBar::tr("ready");
        case TrainerState::Running:
            return TrainingStatusBar::tr("training");
        case TrainerState::Paused:
            return TrainingStatusBar::tr("paused");
        case TrainerState::Finished:
            return TrainingStatusBar::tr("finished");
        case TrainerState::Stopped:
            return TrainingStatusBar::tr("stopped");
        case TrainerState::Failed:
            return TrainingStatusBar::tr("failed");
    }
    return {};
}

}  // namespace

TrainingStatusBar::TrainingStatusBar(const TrainingController* controller, QStatusBar* bar)
    : QObject(bar), controller_(controller), bar_(bar) {
    stateLabel_ = new QLabel(bar);
    stateLabel_->setObjectName(QStringLiteral("trainingState"));
    epochLabel_ = new QLabel(bar);
    speedLabel_ = new QLabel(bar);
    lrLabel_ = new QLabel(bar);
    lossLabel_ = new QLabel(bar);
    progressBar_ = new QProgressBar(bar);
    progressBar_->setRange(0, 1000);
    progressBar_->setMaximumWidth(220);
    progressBar_->setFormat(QStringLiteral("%p%"));
    for (QLabel* label : {stateLabel_, epochLabel_, speedLabel_, lrLabel_, lossLabel_}) {
        label->setMinimumWidth(90);
        bar->addPermanentWidget(label);
    }
    bar->addPermanentWidget(progressBar_);
}

void TrainingStatusBar::showState(TrainerState state) {
    const bool haveCorpus = controller_->corpus() != nullptr;
    stateLabel_->setText(haveCorpus                     ? stateName(state)
                         : controller_->loadedVectors() ? tr("vectors from a file")
                                                        : tr("no corpus"));
    stateLabel_->setToolTip({});
    if (controller_->progress().learntNothing()) {
        QString why = QString::fromUtf8(kNothingLearnt);
        why[0] = why[0].toUpper();
        stateLabel_->setText(tr("finished: nothing learnt"));
        stateLabel_->setToolTip(why + tr(". Setting Subsampling to 0 keeps every word."));
        // The whole explanation does not fit beside the permanent labels: it is the tooltip.
        bar_->showMessage(
            tr("Nothing was learnt: no word had a neighbour in its line (try Subsampling 0)"),
            15000);
    }
}

void TrainingStatusBar::showProgress(const TrainingProgress& progress) {
    epochLabel_->setText(tr("epoch %1/%2").arg(progress.epoch).arg(controller_->options().epochs));
    speedLabel_->setText(
        tr("%1 words/s").arg(QLocale().toString(qlonglong(progress.wordsPerSecond))));
    lrLabel_->setText(tr("lr %1").arg(progress.learningRate, 0, 'g', 3));
    lossLabel_->setText(progress.loss > 0 ? tr("loss %1").arg(progress.loss, 0, 'f', 3)
                                          : tr("loss –"));
    progressBar_->setValue(static_cast<int>(progress.fraction * 1000));
}

}  // namespace embedscope
