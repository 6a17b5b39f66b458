// PlotScene3D: the 3-D view's points through an OrbitCamera, without a widget: the far-to-near
// order, what enters the picture, the depth range and the depth cues.
#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

#include "PlotScene3D.h"
#include "testutil.h"

using embedscope::mixColour;
using embedscope::OrbitCamera;
using embedscope::PlotScene3D;

namespace {

// Looking down -z at the origin from distance 10 (yaw and pitch 0), 400 x 300 pixels.
OrbitCamera straightCamera() {
    OrbitCamera camera;
    camera.setViewport(400, 300);
    camera.setTarget(Eigen::Vector3d::Zero());
    camera.setYaw(0);
    camera.setPitch(0);
    camera.setDistance(10);
    return camera;
}

}  // namespace

class TestPlotScene3D : public QObject {
    Q_OBJECT
private slots:
    void ordersFarToNearInsideTheArea();
    void depthCuesFollowTheDepthRange();
    void interleavesTheTwoGlides();
};

void TestPlotScene3D::ordersFarToNearInsideTheArea() {
    const OrbitCamera camera = straightCamera();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Point 3 is far off to the side (projected, out of the area), point 4 behind the eye,
    // point 5 not finite; 0..2 are in view at different depths.
    const std::vector<float> xyz = {0,   0, 0, 0.5f, 0, -3, -0.5f, 0, 2,
                                    500, 0, 0, 0,    0, 20, nan,   0, 0};
    PlotScene3D scene;
    const QRectF area(10, 20, 400, 300);
    scene.build(camera, xyz.data(), 6, area, 5.0);
    QCOMPARE(scene.screen.size(), std::size_t(6));
    QCOMPARE(scene.order, (std::vector<int>{1, 0, 2}));  // far first: z = -3, 0, 2
    // The area's offset is added; the target is drawn at the area's centre.
    QCOMPARE(scene.screen[0].x, area.center().x());
    QCOMPARE(scene.screen[0].y, area.center().y());
    QVERIFY(scene.screen[3].visible);  // in front of the eye, outside the picture
    QVERIFY(!scene.screen[4].visible);
    QVERIFY(!scene.screen[5].visible);
    // The depth range covers everything in front of the eye, in view or not.
    QCOMPARE(scene.nearDepth, 8.0);
    QCOMPARE(scene.farDepth, 13.0);
}

void TestPlotScene3D::depthCuesFollowTheDepthRange() {
    PlotScene3D scene;
    scene.nearDepth = 10;
    scene.farDepth = 20;
    QCOMPARE(scene.depthFraction(10), 0.0);
    QCOMPARE(scene.depthFraction(15), 0.5);
    QCOMPARE(scene.depthFraction(99), 1.0);
    QCOMPARE(scene.pointFade(20), PlotScene3D::kFarFade);
    // Quantised to kFadeLevels steps: 0.26 of the way fades as 0.25 does.
    QCOMPARE(scene.pointFade(12.6), scene.pointFade(12.5));
    QVERIFY(scene.pointFade(12.6) != scene.pointFade(14.0));
    QCOMPARE(scene.labelFade(20), 0.5 * PlotScene3D::kFarFade);
    QCOMPARE(mixColour(qRgba(0, 100, 200, 50), qRgba(200, 200, 200, 255), 0.5),
             qRgba(100, 150, 200, 50));

    const OrbitCamera camera = straightCamera();
    // At the target's distance the radius is half the point size; nearer is larger, clamped.
    QCOMPARE(embedscope::perspectiveRadius(camera, 10, 6), 3.0);
    QCOMPARE(embedscope::perspectiveRadius(camera, 5, 6), 6.0);
    QCOMPARE(embedscope::perspectiveRadius(camera, 0.1, 6), 3.0 * PlotScene3D::kMaxSizeFactor);
    QCOMPARE(embedscope::perspectiveRadius(camera, 1000, 6), 3.0 * PlotScene3D::kMinSizeFactor);
}

void TestPlotScene3D::interleavesTheTwoGlides() {
    std::vector<float> xyz;
    embedscope::interleaveXyz({QPointF(1, 2), QPointF(4, 5)}, {QPointF(3, 0), QPointF(6, 0)}, xyz);
    QCOMPARE(xyz, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

EMBEDSCOPE_TEST_MAIN(TestPlotScene3D)
#include "tst_plotscene3d.moc"
