// The 3-D scatter plot of the tracked words, drawn in software with QPainter (so it runs under
// Xvfb, the offscreen platform and without a GPU): an orbit camera (core/OrbitCamera) that a drag
// turns, the wheel zooms, a right-drag pans and R (or Home) resets; points drawn far to near as
// small shaded spheres, smaller and paler with depth; labels without overlap; hover tooltip,
// click selects, Shift+drag selects the words inside a rectangle or a lasso (as projected),
// search highlight, and three axes through the origin labelled like "PC1 (23.4%)".
//
// Its public API mirrors ScatterPlot's where the meaning is the same, so that a window can show
// either. It reuses ScatterPlot's pieces: PlotGlide (the glide between frames: one for x and y,
// one for z), PlotPickGrid (picking, on the projected pixels), PlotLabelPlacer, plotcolours,
// WordHighlight and PlotTrail (the selected word's trail, kept in data space); PlotWidget (the
// words, highlight, selection, labels, hover and tooltip, frame clock) is the base of both.
// PlotScene3D projects the points through the camera and holds the depth cues.
//
// PlotView3D.cpp holds the state, the glide, picking and the input; PlotView3DPainting.cpp paints.
#pragma once

#include <QHash>
#include <QPixmap>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector3D>
#include <QVector>

#include <vector>

#include "OrbitCamera.h"
#include "PlotGlide.h"
#include "PlotPickGrid.h"
#include "PlotScene3D.h"
#include "PlotTrail.h"
#include "PlotWidget.h"

class QPainter;

namespace embedscope {

class PlotView3D : public PlotWidget {
    Q_OBJECT
public:
    explicit PlotView3D(QWidget* parent = nullptr);
    ~PlotView3D() override;

    // Words in priority order (most frequent first: they win label collisions). Resets the
    // positions (all at the origin until the first setTargetPositions), the selection and the
    // trail.
    void setWords(const QVector<PlotWord>& words);
    // New target positions, rows x 3 floats (x0, y0, z0, x1, ...), e.g. a projection's n x 3
    // table, in the order of setWords. Points glide there within about glideMs (<= 0 jumps). The
    // very first positions after setWords fit the camera (as R does); after that the camera
    // follows the data (keeping its orientation) until the user turns, zooms or pans it.
    void setTargetPositions(const float* xyz, qsizetype rows, int glideMs = 100);
    void setAxisInfo(const QString& xLabel, const QString& yLabel, const QString& zLabel);
    void setSelectedIndex(int index);  // -1: none; the selected word leaves a fading trail
    void setPointSize(double pixels);  // the diameter at the target's depth
    double pointSize() const { return pointSize_; }
    // Default orientation, fitted to the points (keys R and Home); the camera follows the data
    // again.
    void resetView();
    // The nearest drawn point to `pixel` within kPickRadius pixels, or -1.
    int pointAt(const QPointF& pixel) const override;
    // Where point `index` is drawn now (widget pixels); visible false when behind the eye.
    ScreenPoint screenPosition(int index) const;
    const OrbitCamera& camera() const { return camera_; }
    OrbitCamera& camera() { return camera_; }  // tests and the window may set it directly
    // Whether the camera follows the data (false once the user turned, zoomed or panned it).
    bool followsData() const { return followData_; }
    // Puts the camera where a saved view had it (yaw and pitch in radians, the field of view in
    // degrees). Following the data, it keeps that orientation and fits the points as R does.
    void setCameraPose(const Eigen::Vector3d& target, double yaw, double pitch, double distance,
                       double fieldOfViewDegrees, bool followData);
    // Paints the same scene into target (PNG/SVG export).
    void renderTo(QPainter& painter, const QRect& target);
    // Recent data positions of the selected word, oldest first (at most kTrailLength), one per
    // setTargetPositions that moved it, as in the 2-D plot.
    QVector<QVector3D> selectedTrail() const { return selectedTrail_.points(); }
    // The trail as drawn now (widget pixels, through the current camera), oldest first, then the
    // selected point itself; NaN where a position is behind the eye. Empty without a trail.
    QVector<QPointF> selectedTrailPixels() const;
    // Forgets the trail (a new table: its positions have nothing to do with the old ones).
    void clearTrail();

    static constexpr double kPickRadius = 6.0;
    static constexpr int kTrailLength = PlotTrail<QVector3D>::kLength;

    QSize sizeHint() const override { return {800, 600}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

signals:
    void cameraChanged();  // the user turned, zoomed, panned or reset the view

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    std::vector<int> pointsInRegion(const PlotRegion& region) const override;
    void shownPointsChanged() override { invalidateScene(); }

private:
    using Scene = PlotScene3D;  // one frame's view of the points
    void advanceAnimation(double elapsedMs) override;
    void currentXyz(std::vector<float>& xyz) const;  // the drawn positions, n x 3
    void recordTrailPoint();  // the selected word's drawn position joins its trail
    QVector<QPointF> trailPath(const OrbitCamera& camera, const QRectF& area,
                               const Scene& scene) const;
    void fitCamera(bool keepOrientation);
    void userMovedCamera();
    void invalidateScene();  // positions or camera changed: projections and pick grid are stale
    void syncViewport();
    const Scene& scene() const;  // of the widget's camera, computed lazily
    void buildScene(const OrbitCamera& camera, const QRectF& area, Scene& scene) const;
    void ensurePickGrid() const;

    void paintScene(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                    const Scene& scene);
    struct AxisTitle {
        QRectF box;
        QString text;
    };
    void paintAxes(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                   QVector<AxisTitle>& titles) const;
    void paintTrail(QPainter& painter, const QRectF& area, const OrbitCamera& camera,
                    const Scene& scene) const;
    void paintPoints(QPainter& painter, const QRectF& area, const Scene& scene);
    void paintSelectedPoints(QPainter& painter, const Scene& scene) const;
    void paintLabels(QPainter& painter, const QRectF& area, const Scene& scene,
                     const QVector<QRectF>& reserved);
    QRectF hintRect(const QRectF& area, const QPaintDevice* device) const;
    QRgb pointColour(int index) const;  // before the fade
    const QPixmap& sprite(QRgb colour, double diameter, qreal devicePixelRatio);

    PlotGlide glideXY_, glideZ_;          // z glides as the x of a second PlotGlide
    PlotTrail<QVector3D> selectedTrail_;  // recent data positions of the selected word
    QString axisLabels_[3];
    double pointSize_ = 6.0;

    OrbitCamera camera_;
    bool followData_ = true;  // until the user moves the camera; again after reset

    mutable bool sceneValid_ = false;
    mutable Scene scene_;
    mutable bool pickValid_ = false;
    mutable PlotPickGrid pickGrid_;
    mutable QVector<QPointF> pickPositions_;  // (x, -y) of the drawn pixels; NaN when not drawn
    mutable PlotTransform pickTransform_;     // maps pickPositions_ back to the pixels

    QHash<quint64, QPixmap> sprites_;
    std::vector<char> pixelTaken_;  // paintPoints' scratch: one byte per pixel already claimed
    std::vector<int> drawOrder_;    // paintPoints' scratch: the points drawn, nearest first

    Qt::MouseButton dragButton_ = Qt::NoButton;
    bool dragging_ = false;
    QPointF pressPos_, dragLast_;
};

}  // namespace embedscope
