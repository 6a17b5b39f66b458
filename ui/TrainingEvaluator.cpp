#include "TrainingEvaluator.h"

#include <QSettings>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "Evaluation.h"
#include "Settings.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

const QString kIntervalKey = QStringLiteral("timeline/evaluationSeconds");
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TrainingEvaluator::TrainingEvaluator(TrainingController* controller, QObject* parent)
    : QObject(parent), controller_(controller) {
    const double remembered = QSettings().value(kIntervalKey, kDefaultIntervalSeconds).toDouble();
    intervalSeconds_ =
        std::clamp(remembered > 0 ? remembered : kDefaultIntervalSeconds, 0.05, 3600.0);
    timer_.setInterval(int(intervalSeconds_ * 1000));
    connect(&timer_, &QTimer::timeout, this, &TrainingEvaluator::evaluate);
    connect(controller_, &TrainingController::stateChanged, this,
            &TrainingEvaluator::onStateChanged);
    connect(controller_, &TrainingController::trainerReset, this, [this] {
        timer_.stop();
        jobs_.cancel();
        latest_.reset();
    });
}

void TrainingEvaluator::setIntervalSeconds(double seconds) {
    intervalSeconds_ = std::clamp(seconds, 0.05, 3600.0);
    QSettings().setValue(kIntervalKey, intervalSeconds_);
    timer_.setInterval(int(intervalSeconds_ * 1000));
}

void TrainingEvaluator::setFiles(const QString& analogies, const QStringList& wordPairs) {
    analogies_ = analogies;
    wordPairs_ = wordPairs;
}

void TrainingEvaluator::onStateChanged(TrainerState state) {
    if (state == TrainerState::Running && !controller_->loadedVectors())
        timer_.start();
    else
        timer_.stop();
}

void TrainingEvaluator::evaluate() {
    if (jobs_.busy() || !controller_->source() || controller_->loadedVectors())
        return;
    const QSettings stored;
    const QString analogies =
        analogies_ ? *analogies_ : stored.value(settings::kEvaluationAnalogiesKey).toString();
    const QStringList pairFiles =
        analogies_ ? wordPairs_ : stored.value(settings::kEvaluationSimilarityKey).toStringList();
    const QString pairs = pairFiles.isEmpty() ? QString() : pairFiles.front();
    if (analogies.isEmpty() && pairs.isEmpty())
        return;
    const int restrict = stored.value(settings::kEvaluationRestrictKey, 30000).toInt();
    const double seconds = controller_->progress().elapsedSeconds;
    auto vectors = std::make_shared<const WordVectors>(controller_->currentVectors());
    jobs_.run<TrainingScore>(
        [vectors, analogies, pairs, restrict, seconds](const JobControl& control) {
            TrainingScore score{seconds, kNaN, kNaN};
            const NeighbourIndex index(vectors->vectors);
            if (!analogies.isEmpty()) {
                const AnalogyResult result =
                    evaluateAnalogies(analogies.toStdString(), vectors->words, index, restrict,
                                      AnalogyMethod::CosAdd, control);
                if (result.total > 0)
                    score.analogyAccuracy = result.accuracy();
            }
            if (!pairs.isEmpty()) {
                control.throwIfCancelled();
                const SimilarityResult result =
                    evaluateSimilarity(pairs.toStdString(), vectors->words, index);
                if (std::isfinite(result.spearman))
                    score.spearman = result.spearman;
            }
            return score;
        },
        [this, generation = controller_->trainerGeneration()](JobOutcome<TrainingScore> outcome) {
            // A file that cannot be read gives no score (the Evaluate dialog reports why), and a
            // score of a table that has since been replaced is dropped.
            if (!outcome.value || generation != controller_->trainerGeneration())
                return;
            latest_ = *outcome.value;
            emit scored(*latest_);
        });
}

}  // namespace embedscope
