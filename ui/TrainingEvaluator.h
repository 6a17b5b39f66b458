// Scores a training run as it trains (issue 18): every N seconds (10 by default, remembered) the
// window's current vectors are evaluated off the GUI thread with the files chosen in Training >
// Evaluate (its remembered analogy file and first word-pair file): analogy accuracy (3CosAdd over
// the Evaluate dialog's restriction) and word-pair Spearman. The timeline recorder stamps the
// latest score on the frames it keeps after it, so a replay draws a quality curve over training
// time, and the Charts panel draws it live.
//
// One evaluation at a time: when the interval comes round while one still runs (a large analogy
// file on a big vocabulary), the next waits for the next tick. The table is copied on the GUI
// thread as the Evaluate dialog does (a few ms for 30,000 x 100); the neighbour index and the
// scoring run on a JobRunner worker. Nothing happens when no file was chosen.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <optional>

#include "JobRunner.h"
#include "Trainer.h"

namespace embedscope {

class TrainingController;

struct TrainingScore {
    double seconds = 0;          // the training time of the vectors scored
    double analogyAccuracy = 0;  // NaN without an analogy file (or no question answered)
    double spearman = 0;         // NaN without a word-pair file (or too few pairs)
};

class TrainingEvaluator : public QObject {
    Q_OBJECT
public:
    static constexpr double kDefaultIntervalSeconds = 10;

    explicit TrainingEvaluator(TrainingController* controller, QObject* parent = nullptr);

    // Seconds between evaluations while training runs (0.05..3600); remembered.
    double intervalSeconds() const { return intervalSeconds_; }
    void setIntervalSeconds(double seconds);
    // The files scored; by default the Evaluate dialog's remembered choices, read when a run
    // starts. Tests set them.
    void setFiles(const QString& analogies, const QStringList& wordPairs);
    // The latest score of the current run, if any.
    std::optional<TrainingScore> latest() const { return latest_; }
    bool isRunning() const { return jobs_.busy(); }

signals:
    void scored(const embedscope::TrainingScore& score);

private:
    void onStateChanged(TrainerState state);
    void evaluate();

    TrainingController* controller_;
    double intervalSeconds_;
    std::optional<QString> analogies_;  // set by setFiles, else read from the settings
    QStringList wordPairs_;
    std::optional<TrainingScore> latest_;
    QTimer timer_;
    JobRunner jobs_{JobRunner::Policy::FinishRunning};
};

}  // namespace embedscope
