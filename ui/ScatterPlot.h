// The live 2-D scatter plot of the tracked words: points glide between projection snapshots at
// display rate, labels are placed by priority without overlap, hover shows a tooltip with the
// neighbours, click selects, wheel zooms about the cursor, drag pans, F fits.
#pragma once

#include <QElapsedTimer>
#include <QPointF>
#include <QRectF>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <functional>

#include "PlotTransform.h"

class QPainter;

namespace embedscope {

struct PlotWord {
    QString word;
    quint64 count = 0;
    int vocabIndex = -1;
};

class ScatterPlot : public QWidget {
    Q_OBJECT
public:
    explicit ScatterPlot(QWidget* parent = nullptr);
    ~ScatterPlot() override;

    // Words in priority order (most frequent first: they win label collisions). Resets positions
    // (all points at the origin until the first setTargetPositions), the selection and the trail.
    void setWords(const QVector<PlotWord>& words);
    const QVector<PlotWord>& words() const { return words_; }
    // New target positions (same order and size as setWords, data coordinates). Points glide from
    // where they are drawn now to these over glideMs with an ease-out curve; glideMs <= 0 jumps.
    // The very first positions after setWords also fit the view.
    void setTargetPositions(const QVector<QPointF>& positions, int glideMs = 100);
    void setAxisInfo(const QString& xLabel, const QString& yLabel);  // e.g. "PC1 (23.4%)"
    void setSelectedIndex(int index);  // -1: none; the selected word leaves a fading trail
    int selectedIndex() const { return selected_; }
    // Case-insensitive substring match, or a QRegularExpression when regex is true (an invalid
    // expression matches nothing). "" clears. Matches are drawn strongly and their labels win.
    void setHighlight(const QString& pattern, bool regex);
    int highlightCount() const { return highlightCount_; }
    bool isHighlighted(int index) const;
    void setLabelsVisible(bool visible);
    bool labelsVisible() const { return labelsVisible_; }
    void setPointSize(double pixels);
    double pointSize() const { return pointSize_; }
    void fitToData();  // also on key F
    // Hover tooltip: word, count, and these neighbours (h6 provides them from core).
    void setNeighbourProvider(std::function<QStringList(int index)> provider);
    // Nearest point to `pixel` (widget coordinates) within kPickRadius pixels, or -1.
    int pointAt(const QPointF& pixel) const;
    const PlotTransform& transform() const { return transform_; }
    QVector<QPointF> currentPositions() const;  // as drawn now (data coordinates)
    bool isAnimating() const { return animTimer_.isActive(); }
    // Paints the same scene into target (for PNG/SVG export and the paint benchmark).
    void renderTo(QPainter& painter, const QRect& target);
    // The label rectangles (widget pixels) and the word indices placed by the last paint, for
    // tests: they never intersect pairwise.
    QVector<QRectF> placedLabelRects() const { return placedLabelRects_; }
    QVector<int> placedLabelIndices() const { return placedLabelIndices_; }

    static constexpr double kPickRadius = 6.0;
    static constexpr int kTrailLength = 40;

    QSize sizeHint() const override { return {800, 600}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

signals:
    void pointClicked(int index);  // index into the setWords order
    void pointHovered(int index);  // -1 when the cursor leaves all points

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;  // QEvent::ToolTip

private:
    void advanceAnimation();
    void updateCurrentPositions(double t);
    void recordTrail();
    void invalidateGeometry();  // pixel positions and the pick grid are stale
    void ensurePixelCache() const;
    void updateHighlightMatches();
    void paintScene(QPainter& painter, const QRectF& area, const PlotTransform& transform,
                    bool recordLabels);
    void paintBackground(QPainter& painter, const QRectF& area,
                         const PlotTransform& transform) const;
    void paintPoints(QPainter& painter, const QRectF& area, const QVector<QPointF>& pixels);
    void paintTrail(QPainter& painter, const PlotTransform& transform) const;
    void paintLabels(QPainter& painter, const QRectF& area, const QVector<QPointF>& pixels,
                     bool recordLabels);
    void paintAxisLabels(QPainter& painter, const QRectF& area) const;
    QString tooltipText(int index) const;

    QVector<PlotWord> words_;
    QVector<QPointF> from_;           // positions at the start of the current glide
    QVector<QPointF> target_;         // where the glide ends
    QVector<QPointF> current_;        // as drawn now
    QVector<QPointF> selectedTrail_;  // recent data positions of the selected word, oldest first
    QVector<int> colourRank_;         // index into the colour table per word
    QVector<bool> highlighted_;
    int highlightCount_ = 0;
    QString highlightPattern_;
    bool highlightRegex_ = false;
    bool highlightActive_ = false;
    QString xLabel_, yLabel_;
    int selected_ = -1;
    int hovered_ = -1;
    bool labelsVisible_ = true;
    double pointSize_ = 5.0;
    bool needsInitialFit_ = true;

    PlotTransform transform_;
    QTimer animTimer_;
    QElapsedTimer animClock_;
    int glideMs_ = 100;

    // Pixel positions of current_ under transform_ and a uniform grid over them for picking,
    // rebuilt lazily whenever positions or the transform change.
    mutable bool pixelCacheValid_ = false;
    mutable QVector<QPointF> pixelCache_;
    mutable QVector<int>
        pickCellStart_;  // CSR layout: cell c holds pickItems_[start[c]..start[c+1])
    mutable QVector<int> pickItems_;
    mutable int pickCols_ = 0, pickRows_ = 0;
    mutable double pickCellSize_ = 16.0;

    QVector<QRectF> placedLabelRects_;
    QVector<int> placedLabelIndices_;

    bool dragging_ = false;
    QPointF dragLast_;
    QPointF pressPos_;

    std::function<QStringList(int)> neighbourProvider_;
};

}  // namespace embedscope
