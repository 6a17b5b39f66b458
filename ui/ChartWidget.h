// A small line chart (QPainter, no QtCharts): one series over time, axes with "nice" ticks,
// autoscaled to the data. Used for the loss and the words/s curves.
#pragma once

#include <QPointF>
#include <QVector>
#include <QWidget>

#include <optional>

namespace embedscope {

// Tick positions covering [lo, hi] at a 1-2-5 step, at most about maxTicks of them. The first tick
// is <= lo and the last >= hi, so an axis drawn from first to last contains the data.
QVector<double> niceTicks(double lo, double hi, int maxTicks);
// Compact number for tick labels: 1.2M, 350k, 0.031.
QString compactNumber(double value);

class ChartWidget : public QWidget {
    Q_OBJECT
public:
    ChartWidget(const QString& title, const QString& xLabel, QWidget* parent = nullptr);

    // Points must come with non-decreasing x. Beyond maxPoints the older half is thinned by
    // averaging neighbours, so a long run keeps its shape in bounded memory.
    void addPoint(double x, double y);
    void clear();
    const QVector<QPointF>& points() const { return points_; }
    void setMaxPoints(int maxPoints);
    void setTitle(const QString& title);
    // A vertical line at x (the replay's cursor); nullopt removes it.
    void setMarker(std::optional<double> x);
    std::optional<double> marker() const { return marker_; }

    QSize sizeHint() const override { return {320, 140}; }
    QSize minimumSizeHint() const override { return {160, 90}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString title_;
    QString xLabel_;
    QVector<QPointF> points_;
    int maxPoints_ = 2000;
    std::optional<double> marker_;

    void thin();
};

}  // namespace embedscope
