// OrbitCamera without a widget: projection, rotation, zoom, pan and fitting a cloud.
#include <QtTest>

#include <Eigen/Geometry>

#include <cmath>
#include <random>
#include <vector>

#include "OrbitCamera.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr double kPi = OrbitCamera::kPi;

OrbitCamera straightCamera(double width = 400, double height = 300) {
    OrbitCamera camera;
    camera.setViewport(width, height);
    camera.setYaw(0);
    camera.setPitch(0);
    camera.setDistance(5);
    return camera;
}

}  // namespace

class TestOrbitCamera : public QObject {
    Q_OBJECT
private slots:
    void targetProjectsToTheViewportCentre() {
        OrbitCamera camera = straightCamera();
        camera.setTarget({1.0, -2.0, 0.5});
        for (double yaw : {0.0, 0.7, -2.5})
            for (double pitch : {0.0, 0.4, -1.2}) {
                camera.setYaw(yaw);
                camera.setPitch(pitch);
                const ScreenPoint s = camera.project(camera.target());
                QVERIFY(s.visible);
                QVERIFY(std::abs(s.x - 200) < 1e-9 && std::abs(s.y - 150) < 1e-9);
                QVERIFY(std::abs(s.depth - 5) < 1e-9);
            }
    }

    void straightOnXIsRightAndYIsUp() {
        const OrbitCamera camera = straightCamera();
        const ScreenPoint x = camera.project({1, 0, 0});
        const ScreenPoint y = camera.project({0, 1, 0});
        QVERIFY(x.x > 200 && std::abs(x.y - 150) < 1e-9);
        QVERIFY(y.y < 150 && std::abs(y.x - 200) < 1e-9);
        // One unit at the target's depth spans f / distance pixels, f = (h/2) / tan(fov/2).
        const double f = 150 / std::tan(camera.fieldOfView() / 2 * kPi / 180);
        QVERIFY(std::abs(x.x - 200 - f / 5) < 1e-9);
        QVERIFY(std::abs(camera.pixelsPerUnitAt(5) - f / 5) < 1e-9);
        // +z comes towards the viewer: nearer, so drawn larger.
        QVERIFY(std::abs(camera.project({0, 0, 1}).depth - 4) < 1e-9);
        QVERIFY(!camera.project({0, 0, 6}).visible);  // behind the eye
    }

    void yawOfNinetyDegreesTurnsXIntoDepth() {
        OrbitCamera camera = straightCamera();
        const ScreenPoint before = camera.project({1, 0, 0});
        QVERIFY(std::abs(before.depth - 5) < 1e-9);
        camera.setYaw(kPi / 2);
        const ScreenPoint after = camera.project({1, 0, 0});
        // +x now points at the eye: it sits at the centre, one unit nearer.
        QVERIFY(std::abs(after.x - 200) < 1e-9 && std::abs(after.y - 150) < 1e-9);
        QVERIFY(std::abs(after.depth - 4) < 1e-9);
        // and -z went to the right, where +x was.
        QVERIFY(camera.project({0, 0, -1}).x > 200);
    }

    void dragsRotateAndPitchStopsShortOfThePoles() {
        OrbitCamera camera = straightCamera();
        camera.rotateByPixels(100, 0);
        QVERIFY(std::abs(camera.yaw() + 100 * OrbitCamera::kRadiansPerPixel) < 1e-12);
        QCOMPARE(camera.pitch(), 0.0);
        // Dragging right carries the front of the cloud (+z, nearest) to the right.
        QVERIFY(camera.project({0, 0, 1}).x > 200);
        camera.rotateByPixels(0, 30);
        QVERIFY(std::abs(camera.pitch() - 30 * OrbitCamera::kRadiansPerPixel) < 1e-12);
        camera.rotateByPixels(0, 100000);
        QCOMPARE(camera.pitch(), OrbitCamera::kMaxPitch);
        camera.rotateByPixels(0, -1e9);
        QCOMPARE(camera.pitch(), -OrbitCamera::kMaxPitch);
        // Long yaw drags wrap, and the frame stays orthonormal.
        camera.rotateByPixels(1e6, 0);
        QVERIFY(camera.yaw() > -kPi && camera.yaw() <= kPi);
        QVERIFY(std::abs(camera.right().dot(camera.up())) < 1e-12);
        QVERIFY(std::abs(camera.right().cross(camera.up()).dot(camera.back()) - 1) < 1e-12);
    }

    void zoomDividesTheDistance() {
        OrbitCamera camera = straightCamera();
        camera.zoomBy(2);
        QVERIFY(std::abs(camera.distance() - 2.5) < 1e-12);
        camera.zoomBySteps(std::log(2.0) / std::log(OrbitCamera::kWheelZoom));  // 2x closer
        QVERIFY(std::abs(camera.distance() - 1.25) < 1e-12);
        camera.zoomBySteps(-1);
        QVERIFY(std::abs(camera.distance() - 1.25 * OrbitCamera::kWheelZoom) < 1e-12);
        camera.zoomBy(0);  // ignored
        camera.zoomBy(std::nan(""));
        QVERIFY(std::abs(camera.distance() - 1.25 * OrbitCamera::kWheelZoom) < 1e-12);
        camera.zoomBySteps(1e6);
        QCOMPARE(camera.distance(), OrbitCamera::kMinDistance);
    }

    void panMovesTheTargetInTheViewPlane() {
        OrbitCamera camera = straightCamera();
        camera.setYaw(0.6);
        camera.setPitch(0.3);
        camera.setTarget({1, 2, 3});
        const Eigen::Vector3d anchor(1, 2, 3);
        camera.panByPixels(40, -25);
        const Eigen::Vector3d moved = camera.target() - anchor;
        QVERIFY(moved.norm() > 0);
        QVERIFY(std::abs(moved.dot(camera.back())) < 1e-12);  // in the view plane
        // What was at the old target follows the drag on screen.
        const ScreenPoint s = camera.project(anchor);
        QVERIFY2(std::abs(s.x - (200 + 40)) < 1e-9 && std::abs(s.y - (150 - 25)) < 1e-9,
                 qPrintable(QStringLiteral("%1, %2").arg(s.x).arg(s.y)));
        QCOMPARE(camera.distance(), 5.0);
    }

    void fitPutsEveryPointInsideTheViewport_data() {
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("height");
        QTest::addColumn<double>("yaw");
        QTest::newRow("wide") << 800.0 << 300.0 << 0.0;
        QTest::newRow("tall") << 250.0 << 700.0 << 1.0;
        QTest::newRow("square, from behind") << 400.0 << 400.0 << 3.0;
    }
    void fitPutsEveryPointInsideTheViewport() {
        QFETCH(double, width);
        QFETCH(double, height);
        QFETCH(double, yaw);
        std::mt19937 engine(3);
        std::normal_distribution<float> normal;
        std::vector<float> xyz;
        for (int i = 0; i < 500; ++i) {
            xyz.push_back(10 + 4 * normal(engine));
            xyz.push_back(-3 + 1 * normal(engine));
            xyz.push_back(0.5f * normal(engine));
        }
        xyz.push_back(std::nanf(""));  // skipped
        xyz.push_back(0);
        xyz.push_back(0);
        OrbitCamera camera;
        camera.setViewport(width, height);
        camera.fit(xyz.data(), xyz.size() / 3);
        QCOMPARE(camera.yaw(), OrbitCamera::kDefaultYaw);
        auto checkInside = [&](const char* when) {
            double minX = 1e300, maxX = -1e300, minY = 1e300, maxY = -1e300;
            for (std::size_t i = 0; i + 1 < xyz.size() / 3; ++i) {
                const ScreenPoint s = camera.project({xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]});
                QVERIFY(s.visible);
                minX = std::min(minX, s.x);
                maxX = std::max(maxX, s.x);
                minY = std::min(minY, s.y);
                maxY = std::max(maxY, s.y);
            }
            QVERIFY2(minX >= 0 && maxX <= width && minY >= 0 && maxY <= height,
                     qPrintable(QStringLiteral("%1: x %2..%3, y %4..%5")
                                    .arg(when)
                                    .arg(minX)
                                    .arg(maxX)
                                    .arg(minY)
                                    .arg(maxY)));
            // Not lost in the middle either.
            QVERIFY2(std::max((maxX - minX) / width, (maxY - minY) / height) > 0.25, when);
        };
        checkInside("fitted");
        // The fitted sphere keeps every point in view however the camera turns afterwards.
        for (double turnYaw : {0.0, 1.0, 2.2, -2.9})
            for (double turnPitch : {-1.2, 0.0, 0.9}) {
                camera.setYaw(turnYaw);
                camera.setPitch(turnPitch);
                checkInside("turned");
            }
        camera.setYaw(yaw);
        camera.setPitch(-0.8);
        camera.fitKeepingOrientation(xyz.data(), xyz.size() / 3);
        QCOMPARE(camera.yaw(), yaw);
        checkInside("fitted again");
    }

    void fitOfDegenerateClouds() {
        OrbitCamera camera;
        camera.fit(nullptr, 0);
        QVERIFY(camera.distance() > 0 && std::isfinite(camera.distance()));
        QVERIFY(camera.target().isZero());
        const float one[3] = {2, 2, 2};
        camera.fit(one, 1);
        QVERIFY(camera.distance() > 0 && std::isfinite(camera.distance()));
        QVERIFY(std::abs(camera.project({2, 2, 2}).x - 50) < 1e-9);  // default 100 x 100
    }
};

EMBEDSCOPE_TEST_MAIN(TestOrbitCamera)
#include "tst_orbitcamera.moc"
