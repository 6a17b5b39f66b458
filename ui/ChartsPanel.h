// Training curves: the loss and the throughput against training time.
#pragma once

#include <QWidget>

#include "Trainer.h"

class QBoxLayout;

namespace embedscope {

class ChartWidget;

class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(QWidget* parent = nullptr);
    const ChartWidget* lossChart() const { return loss_; }
    const ChartWidget* speedChart() const { return speed_; }

public slots:
    void addProgress(const embedscope::TrainingProgress& progress);
    void clear();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QBoxLayout* layout_;
    ChartWidget* loss_;
    ChartWidget* speed_;
    double lastElapsed_ = -1;
};

}  // namespace embedscope
