// The live 2-D scatter plot of the tracked words: points glide between projection snapshots at
// display rate, labels are placed by priority without overlap, hover shows a tooltip with the
// neighbours, click selects, wheel zooms about the cursor, drag pans, F fits; Shift+drag selects
// the words inside a rectangle or a lasso (PlotWidget, PlotRegion).
//
// The widget wires pieces that are each tested without it: PlotTransform (data <-> pixels),
// PlotGlide (the spring glide of the points), PlotPickGrid (the point under the cursor),
// PlotLabelPlacer (labels without overlap), plotcolours (the colour scheme), PlotPointRenderer
// (millions of points as a density image when zoomed out, as single points when zoomed in),
// WordHighlight (the search matches), plotTooltipText (the hover text) and PlotTrail (the
// selected word's fading trail, and the replay's trails of the selected words); PlotView3D
// shares them, and PlotWidget (the words, highlight, selection, labels, hover and tooltip, frame
// clock) is the base of both.
#pragma once

#include <QHash>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QStaticText>
#include <QString>
#include <QVector>

#include <vector>

#include "DensityContours.h"
#include "PlotGlide.h"
#include "PlotPickGrid.h"
#include "PlotPointRenderer.h"
#include "PlotTrail.h"
#include "PlotTransform.h"
#include "PlotWidget.h"

class QPainter;

namespace embedscope {

class ScatterPlot : public PlotWidget {
    Q_OBJECT
public:
    explicit ScatterPlot(QWidget* parent = nullptr);
    ~ScatterPlot() override;

    // Words in priority order (most frequent first: they win label collisions). Resets positions
    // (all points at the origin until the first setTargetPositions), the selection and the trail.
    void setWords(const QVector<PlotWord>& words);
    // New target positions (same order and size as setWords, data coordinates). Points glide from
    // where they are drawn now to these, about 98% of the way within glideMs, then settle exactly;
    // glideMs <= 0 jumps. The glide is a critically damped spring: an ease-out after a single
    // update, and motion without stutter when updates stream in faster than glideMs (a point keeps
    // its velocity when its target changes). The very first positions after setWords fit the view.
    void setTargetPositions(const QVector<QPointF>& positions, int glideMs = 100);
    // The same from rows x 2 floats (x0, y0, x1, y1, ...), e.g. a projection's n x 2 table: spares
    // a caller with millions of rows an intermediate QVector<QPointF>.
    void setTargetPositions(const float* xy, qsizetype rows, int glideMs = 100);
    void setAxisInfo(const QString& xLabel, const QString& yLabel);  // e.g. "PC1 (23.4%)"
    void setSelectedIndex(int index);  // -1: none; the selected word leaves a fading trail
    void setPointSize(double pixels);
    double pointSize() const { return pointSize_; }
    // Shows all points. Until the user zooms (wheel, +/-) or pans (drag, arrow keys) the view
    // follows the data, refitting with every setTargetPositions; fitToData (key F) resumes that.
    void fitToData();
    // The view follows the data again, from the next setTargetPositions on: it glides to their
    // fit with the points instead of jumping to the current one now (no bounds pass here).
    void followData();
    // Whether the view follows the data (false once the user zoomed or panned, or after setView).
    bool followsData() const { return autoFit_; }
    // Shows the data point centre at the middle of the widget at pixelsPerUnit (a saved view, a
    // bookmark's); the view stops following the data, as after a zoom.
    void setView(const QPointF& centre, double pixelsPerUnit);
    // Nearest point to `pixel` (widget coordinates) within kPickRadius pixels, or -1.
    int pointAt(const QPointF& pixel) const override;
    const PlotTransform& transform() const { return transform_; }
    QVector<QPointF> currentPositions() const;  // as drawn now (data coordinates)
    // How the last paint drew the points: as single sprites (at most kMaxSpritePoints visible) or
    // as a density image.
    bool lastPaintUsedDensity() const { return lastPaintUsedDensity_; }
    // Paints the same scene into target (for PNG/SVG export and the paint benchmark).
    void renderTo(QPainter& painter, const QRect& target);
    // Recent data positions of the selected word, oldest first (at most kTrailLength).
    QVector<QPointF> selectedTrail() const { return selectedTrail_.points(); }
    // The replay's trails (issue 18): each word's data positions over the replayed span, drawn
    // like the selected word's trail (its own in the selection colour, the others' in
    // kReplayTrail), each ending at its point as drawn. While they are shown the selected word
    // records no trail of its own: the replay's says where it went. Indices out of range are
    // dropped.
    void setReplayTrails(const QVector<PlotTrailPath>& trails);
    const QVector<PlotTrailPath>& replayTrails() const { return replayTrails_; }
    bool showingReplayTrails() const { return showingReplayTrails_; }
    // Forgets the trails, the selected word's and the replay's (a new table: its positions have
    // nothing to do with the old ones); the selected word records its trail again.
    void clearTrail();
    // Iso-lines of the points' density over them (DensityContours), for large sets.
    void setDensityContours(bool on);
    bool densityContoursShown() const { return densityContours_; }
    const DensityContours& lastContours() const { return contours_; }  // of the last paint

    static constexpr double kPickRadius = 6.0;
    static constexpr int kTrailLength = PlotTrail<QPointF>::kLength;
    // More visible points than this are drawn as a density image (PlotPointRenderer).
    static constexpr int kMaxSpritePoints = 20000;
    // In a density image, labels are offered to at most this many visible words per frame, most
    // frequent first: with millions of points the plot is full long before, and the rest would
    // only cost time. Drawn as sprites, every visible word is offered one.
    static constexpr int kMaxLabelCandidates = 5000;

    QSize sizeHint() const override { return {800, 600}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    // PlotWidget's, and the laid-out label texts go.
    void updateLabelMetrics() override;
    std::vector<int> pointsInRegion(const PlotRegion& region) const override;
    void shownPointsChanged() override;

private:
    void advanceAnimation(double elapsedMs) override;
    void recordTrailPoint();
    void invalidatePositions();  // the drawn positions changed: the pick grid is stale
    // The positions drawn, picked and labelled: the glide's, NaN where isolation hides a point.
    const QVector<QPointF>& drawnPositions() const;
    void ensurePickIndex() const;
    void syncViewport();
    QRectF targetBounds() const;
    // The density's keys of the new matches, and PlotWidget's highlightChanged.
    void highlightUpdated() override;
    void userMovedView();  // the user zoomed or panned: stop following the data
    void paintScene(QPainter& painter, const QRectF& area, const PlotTransform& transform);
    void paintBackground(QPainter& painter, const QRectF& area,
                         const PlotTransform& transform) const;
    void paintTrail(QPainter& painter, const PlotTransform& transform) const;
    void paintSelectedPoints(QPainter& painter, const QRectF& area,
                             const PlotTransform& transform) const;
    void paintPoints(QPainter& painter, const QRectF& area, const PlotTransform& transform);
    void paintSprites(QPainter& painter, const QRectF& area, const PlotTransform& transform,
                      const std::vector<int>& visible);
    void paintLabels(QPainter& painter, const QRectF& area, const PlotTransform& transform);
    void paintContours(QPainter& painter, const QRectF& area, const PlotTransform& transform);
    // Where the axis titles and the colour legend go; labels keep out of these rectangles.
    struct Decorations {
        QRectF xTitle, yTitle, legend;  // yTitle is the bounding box of the rotated text
    };
    Decorations decorations(const QRectF& area, const QPaintDevice* device) const;
    void paintAxisLabels(QPainter& painter, const QRectF& area) const;
    const QPixmap& sprite(QRgb colour, double diameter, qreal devicePixelRatio);

    PlotGlide glide_;                   // the points' positions: current, target, velocity
    PlotTrail<QPointF> selectedTrail_;  // recent data positions of the selected word
    QVector<PlotTrailPath> replayTrails_;
    bool showingReplayTrails_ = false;
    QVector<quint8> highlightKeys_;  // per word, 0 if highlighted else 1: the density's keys
    QString xLabel_, yLabel_;
    double pointSize_ = 5.0;

    // While autoFit_ holds (until the user zooms or pans; again after F) the view follows the
    // data: the view's centre and log(scale) follow the target's fit with the same spring.
    PlotTransform transform_;
    bool autoFit_ = true;
    PlotViewGlide viewGlide_;

    // Rebuilt lazily after the drawn positions changed (not when the view moves).
    mutable bool pickIndexValid_ = false;
    mutable PlotPickGrid pickGrid_;
    mutable bool isolatedPositionsValid_ = false;
    mutable QVector<QPointF> isolatedPositions_;  // drawnPositions() while isolating

    bool densityContours_ = false;
    DensityContours contours_;
    QHash<int, QStaticText> labelTexts_;  // laid-out labels of recent frames, by word
    PlotPointRenderer pointRenderer_;
    bool lastPaintUsedDensity_ = false;
    std::vector<quint8> pixelTaken_;  // hotspot's trick: one byte per pixel already drawn
    std::vector<int> drawOrder_;
    std::vector<QPointF> drawPixels_;  // where drawOrder_'s points are, in pixels
    QHash<quint64, QPixmap> sprites_;

    bool pressed_ = false;
    bool dragging_ = false;
    QPointF pressPos_, dragLast_;
};

}  // namespace embedscope
