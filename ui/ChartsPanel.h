// Training curves: the loss and the throughput against training time, live while a run trains,
// or from a recorded timeline's frames, with the replay cursor marked; and, once the run is
// evaluated as it trains (TrainingEvaluator), its quality: the analogy accuracy, or the word-pair
// Spearman when no analogy file is scored (hidden until there is a score).
#pragma once

#include <QWidget>

#include <optional>
#include <vector>

#include "Trainer.h"
#include "TrainingTimeline.h"

class QBoxLayout;

namespace embedscope {

class ChartWidget;

class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);
    const ChartWidget* lossChart() const { return loss_; }
    const ChartWidget* speedChart() const { return speed_; }
    const ChartWidget* qualityChart() const { return quality_; }

public slots:
    void addProgress(const embedscope::TrainingProgress& progress);
    // An evaluation at training time seconds (NaN: not measured).
    void addScore(double seconds, double analogyAccuracy, double spearman);
    void clear();
    // The curves of a recorded timeline (one point per frame), when the charts are empty.
    void showTimeline(const std::vector<embedscope::FrameMetrics>& frames);
    // The replay's cursor at training time seconds, on both charts; nullopt removes it.
    void setCursorSeconds(std::optional<double> seconds);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QBoxLayout* layout_;
    ChartWidget* loss_;
    ChartWidget* speed_;
    ChartWidget* quality_;
    enum class Quality { None, Analogies, WordPairs } qualityKind_ = Quality::None;
    double lastElapsed_ = -1;
};

}  // namespace embedscope
