// The window's status bar figures of training: the state (ready, training, paused, "vectors from
// a file" ...), the epoch, the speed, the learning rate, the loss and a progress bar, as
// permanent widgets of the window's QStatusBar (whose message area stays the window's).
#pragma once

#include <QObject>

#include "Trainer.h"

class QLabel;
class QProgressBar;
class QStatusBar;

namespace embedscope {

class TrainingController;

class TrainingStatusBar : public QObject {
    Q_OBJECT
public:
    // Adds its widgets to bar (which owns them from then on).
    TrainingStatusBar(const TrainingController* controller, QStatusBar* bar);

    // The state label: the trainer's state, or what is open instead of a run; a run that learnt
    // nothing says so, with the why in its tooltip and a message.
    void showState(TrainerState state);
    void showProgress(const TrainingProgress& progress);

private:
    const TrainingController* controller_;
    QStatusBar* bar_;
    QLabel* stateLabel_;
    QLabel* epochLabel_;
    QLabel* speedLabel_;
    QLabel* lrLabel_;
    QLabel* lossLabel_;
    QProgressBar* progressBar_;
};

}  // namespace embedscope
