// A small n by n matrix of similarities between words, drawn as coloured cells with the words
// along both edges and the values written in the cells when they fit. Values are in [-1, 1]
// (cosine) and share the diverging colour map with the heat strip; a colour bar under or beside
// the matrix shows the scale from -1 to 1.
#pragma once

#include <QRectF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <utility>

class QPainter;

namespace embedscope {

class SimilarityHeatmap : public QWidget {
    Q_OBJECT
public:
    SimilarityHeatmap(const QString& title, QWidget* parent = nullptr);

    // values: row-major words.size() squared.
    void setMatrix(const QStringList& words, const QVector<double>& values);
    const QStringList& words() const { return words_; }
    double value(int row, int column) const { return values_[row * words_.size() + column]; }

    QSize sizeHint() const override { return {260, 240}; }
    QSize minimumSizeHint() const override { return {160, 150}; }

    // The (row, column) under a widget position as of the last paint; -1 outside.
    int cellAt(const QPointF& pixel, int* column) const;

    // The values at the two ends of the colour scale (divergingColor clamps beyond them): the
    // colour bar's low end (left, or bottom when it stands) has the colour of first, its high end
    // (right, or top) that of second.
    std::pair<double, double> colourScaleRange() const { return {-1.0, 1.0}; }
    // Where the colour bar was drawn (widget coordinates) by the last paint: under the matrix
    // (wider than high) or beside it (higher than wide), whichever leaves the matrix larger.
    // Empty before the first paint, without words, or when the widget is too small for the matrix.
    QRectF colourBarRect() const { return colourBar_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltip: the pair and its value

private:
    void paintColourBar(QPainter& painter, const QRectF& bar);
    static QString scaleLabel(double value);  // "−1", "0", "1"

    QString title_;
    QStringList words_;
    QVector<double> values_;
    QPointF origin_;
    double cellSize_ = 0;
    QRectF colourBar_;
};

}  // namespace embedscope
