// A small n by n matrix of similarities between words, drawn as coloured cells with the words
// along both edges and the values written in the cells when they fit. Values are in [-1, 1]
// (cosine) and share the diverging colour map with the heat strip.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

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

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltip: the pair and its value

private:
    QString title_;
    QStringList words_;
    QVector<double> values_;
    QPointF origin_;
    double cellSize_ = 0;
};

}  // namespace embedscope
