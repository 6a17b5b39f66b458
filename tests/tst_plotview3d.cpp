// PlotView3D on the offscreen platform: the camera follows drags, the wheel and the keys, a click
// selects the point under it, the highlight and labels are drawn, and the picture is not blank.
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "Frame.h"
#include "PlotArea.h"
#include "PlotColours.h"
#include "PlotView3D.h"
#include "uitestutil.h"

using embedscope::Frame;
using embedscope::LayoutMethod;
using embedscope::OrbitCamera;
using embedscope::PlotArea;
using embedscope::PlotView3D;
using embedscope::PlotWord;
using embedscope::ScreenPoint;
using namespace embedscope::test;

namespace {

// The eight corners of the cube [-1, 1]^3: well apart from every side.
std::vector<float> cubeCorners() {
    std::vector<float> xyz;
    for (int i = 0; i < 8; ++i) {
        xyz.push_back(i & 1 ? 1.f : -1.f);
        xyz.push_back(i & 2 ? 1.f : -1.f);
        xyz.push_back(i & 4 ? 1.f : -1.f);
    }
    return xyz;
}

// n points in four Gaussian clusters in 3-D.
std::vector<float> clusteredPoints(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> gauss(0.f, 0.45f);
    const float centres[4][3] = {{-2, -1, 0}, {1.5, 1, 1}, {2, -2, -1}, {-1, 2, -1.5}};
    std::vector<float> xyz;
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c)
            xyz.push_back(centres[i % 4][c] + gauss(rng));
    return xyz;
}

std::unique_ptr<PlotView3D> makeView(const QVector<PlotWord>& words, const std::vector<float>& xyz,
                                     QSize size = {500, 400}) {
    auto view = std::make_unique<PlotView3D>();
    showExposed(*view, size);
    view->setWords(words);
    view->setTargetPositions(xyz.data(), qsizetype(xyz.size() / 3), 0);
    return view;
}

void drag(QWidget* widget, QPointF from, QPointF to, Qt::MouseButton button) {
    sendMouse(widget, QEvent::MouseButtonPress, from, button, button);
    sendMouse(widget, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, button);
    sendMouse(widget, QEvent::MouseMove, to, Qt::NoButton, button);
    sendMouse(widget, QEvent::MouseButtonRelease, to, button, Qt::NoButton);
}

QPointF pixelOf(const PlotView3D& view, int index) {
    const ScreenPoint s = view.screenPosition(index);
    return {s.x, s.y};
}

// Pixels within radius of centre that pass the colour test.
template <typename Test>
int pixelsNear(const QImage& image, QPointF centre, int radius, Test test) {
    int count = 0;
    for (int y = int(centre.y()) - radius; y <= int(centre.y()) + radius; ++y)
        for (int x = int(centre.x()) - radius; x <= int(centre.x()) + radius; ++x)
            if (x >= 0 && y >= 0 && x < image.width() && y < image.height() &&
                test(image.pixel(x, y)))
                ++count;
    return count;
}

// The highlight's orange, shaded lighter or darker: no colour of the Viridis palette (purple,
// blue, green) is this red.
bool orangeish(QRgb p) {
    return qRed(p) > qGreen(p) + 40 && qRed(p) > qBlue(p) + 80;
}

// The selected word's colour (plotcolours::kSelected, a crimson) over the light background.
bool crimsonish(QRgb p) {
    return qRed(p) > qGreen(p) + 40 && qRed(p) > qBlue(p) + 20;
}

// A point's colour rather than the grey of the axes, the labels and the background.
bool saturated(QRgb p) {
    return std::max({qRed(p), qGreen(p), qBlue(p)}) - std::min({qRed(p), qGreen(p), qBlue(p)}) > 20;
}

}  // namespace

class TestPlotView3D : public QObject {
    Q_OBJECT
private slots:
    void firstPositionsFitTheView() {
        const std::vector<float> xyz = clusteredPoints(300, 1);
        auto view = makeView(makeWords(300), xyz);
        QCOMPARE(view->camera().yaw(), OrbitCamera::kDefaultYaw);
        for (int i = 0; i < 300; ++i) {
            const ScreenPoint s = view->screenPosition(i);
            QVERIFY(s.visible);
            QVERIFY2(QRectF(view->rect()).contains(s.x, s.y), qPrintable(QString::number(i)));
        }
    }

    void dragTurnsTheCameraWithoutClicking() {
        const std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        QSignalSpy clicked(view.get(), &PlotView3D::pointClicked);
        const double yaw = view->camera().yaw(), pitch = view->camera().pitch();
        // A press on a point, then a drag: a turn, not a click.
        const QPointF start = pixelOf(*view, 0);
        drag(view.get(), start, start + QPointF(60, 20), Qt::LeftButton);
        QVERIFY(std::abs(view->camera().yaw() - (yaw - 60 * OrbitCamera::kRadiansPerPixel)) < 1e-9);
        QVERIFY(std::abs(view->camera().pitch() - (pitch + 20 * OrbitCamera::kRadiansPerPixel)) <
                1e-9);
        QCOMPARE(clicked.count(), 0);
        QCOMPARE(view->selectedIndex(), -1);
        // The points moved on screen with the camera.
        QVERIFY(QLineF(pixelOf(*view, 0), start).length() > 5);
    }

    void rightDragPansAndWheelZooms() {
        const std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        const Eigen::Vector3d target = view->camera().target();
        const QPointF before = pixelOf(*view, 3);
        drag(view.get(), {100, 100}, {140, 80}, Qt::RightButton);
        QVERIFY((view->camera().target() - target).norm() > 1e-3);
        // The content followed the drag (exactly at the target's depth, roughly elsewhere).
        const QPointF moved = pixelOf(*view, 3) - before;
        QVERIFY2(moved.x() > 20 && moved.y() < -10,
                 qPrintable(QStringLiteral("%1, %2").arg(moved.x()).arg(moved.y())));

        const double distance = view->camera().distance();
        const QPointF centre = QRectF(view->rect()).center();
        sendWheelNotch(view.get(), centre);
        QVERIFY(std::abs(view->camera().distance() - distance / OrbitCamera::kWheelZoom) < 1e-9);
    }

    void clickSelectsThePointUnderTheCursor() {
        const std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        QSignalSpy clicked(view.get(), &PlotView3D::pointClicked);
        // Turned a little first, so that the picking must use the camera's projection.
        drag(view.get(), {200, 200}, {235, 185}, Qt::LeftButton);
        for (int i : {5, 0, 7, 2}) {
            const QPointF pixel = pixelOf(*view, i);
            QTest::mouseClick(view.get(), Qt::LeftButton, Qt::NoModifier,
                              (pixel + QPointF(2, -1)).toPoint());
            QCOMPARE(view->selectedIndex(), i);
            QCOMPARE(clicked.last().at(0).toInt(), i);
        }
        // Empty space selects nothing new.
        QTest::mouseClick(view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(3, 3));
        QCOMPARE(view->selectedIndex(), 2);
        QCOMPARE(clicked.count(), 4);
        QCOMPARE(view->pointAt(QPointF(3, 3)), -1);
    }

    void hoverReportsThePoint() {
        const std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        QSignalSpy hovered(view.get(), &PlotView3D::pointHovered);
        QTest::mouseMove(view.get(), pixelOf(*view, 6).toPoint());
        QVERIFY(!hovered.isEmpty());
        QCOMPARE(hovered.last().at(0).toInt(), 6);
        QTest::mouseMove(view.get(), QPoint(2, 2));
        QCOMPARE(hovered.last().at(0).toInt(), -1);
    }

    void resetKeysRestoreTheFittedView() {
        const std::vector<float> xyz = clusteredPoints(100, 2);
        auto view = makeView(makeWords(100), xyz);
        const double distance = view->camera().distance();
        const Eigen::Vector3d target = view->camera().target();
        for (Qt::Key key : {Qt::Key_R, Qt::Key_Home}) {
            drag(view.get(), {100, 100}, {180, 150}, Qt::LeftButton);
            drag(view.get(), {100, 100}, {130, 120}, Qt::RightButton);
            view->camera().zoomBy(3);
            QVERIFY(std::abs(view->camera().yaw() - OrbitCamera::kDefaultYaw) > 0.1);
            QTest::keyClick(view.get(), key);
            QCOMPARE(view->camera().yaw(), OrbitCamera::kDefaultYaw);
            QCOMPARE(view->camera().pitch(), OrbitCamera::kDefaultPitch);
            QVERIFY(std::abs(view->camera().distance() - distance) < 1e-9 * distance);
            QVERIFY((view->camera().target() - target).norm() < 1e-9);
        }
    }

    void highlightedWordIsDrawnAndLabelled() {
        QStringList texts;
        for (int i = 0; i < 60; ++i)
            texts.append(QStringLiteral("word%1").arg(i));
        texts[37] = QStringLiteral("Pelican");
        const std::vector<float> xyz = clusteredPoints(60, 3);
        auto view = makeView(makeWords(texts), xyz);
        const QPointF pixel = pixelOf(*view, 37);
        QVERIFY(orangeish(embedscope::plotcolours::kHighlightPoint));
        QCOMPARE(pixelsNear(view->grab().toImage(), pixel, 3, orangeish), 0);
        QSignalSpy changed(view.get(), &PlotView3D::highlightChanged);
        view->setHighlight(QStringLiteral("pel"), false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(view->highlightCount(), 1);
        QVERIFY(view->isHighlighted(37));
        const QImage image = view->grab().toImage();
        QVERIFY2(pixelsNear(image, pixel, 3, orangeish) >= 9,
                 qPrintable(QString::number(pixelsNear(image, pixel, 3, orangeish))));
        QVERIFY(view->placedLabelIndices().contains(37));
        // A regular expression, and an invalid one that says why.
        view->setHighlight(QStringLiteral("^word[0-9]$"), true);
        QCOMPARE(view->highlightCount(), 10);
        view->setHighlight(QStringLiteral("(word"), true);
        QCOMPARE(view->highlightCount(), 0);
        QVERIFY(view->highlightError().contains(QStringLiteral("invalid pattern")));
        QCOMPARE(view->highlightSummary(), view->highlightError());
    }

    void labelsDoNotOverlapAndAxesAreLabelled() {
        const std::vector<float> xyz = clusteredPoints(300, 4);
        auto view = makeView(makeWords(300), xyz, {700, 500});
        view->setAxisInfo(QStringLiteral("PC1 (23.4%)"), QStringLiteral("PC2 (11.0%)"),
                          QStringLiteral("PC3 (7.5%)"));
        view->grab();
        const QVector<QRectF> rects = view->placedLabelRects();
        QVERIFY2(rects.size() >= 20, qPrintable(QString::number(rects.size())));
        for (int a = 0; a < rects.size(); ++a)
            for (int b = a + 1; b < rects.size(); ++b)
                QVERIFY(!rects[a].intersects(rects[b]));
        QVERIFY(view->placedLabelIndices().contains(0));  // the most frequent word wins
        view->setLabelsVisible(false);
        view->grab();
        QCOMPARE(view->placedLabelRects().size(), 0);
    }

    void grabIsNotBlank() {
        const std::vector<float> xyz = clusteredPoints(300, 5);
        auto view = makeView(makeWords(300), xyz);
        const QImage image = view->grab().toImage();
        // Points, not just the axes, the labels and the hint: those are grey, the points are in
        // the palette's colours, shaded and faded into many shades.
        int pointPixels = 0;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (saturated(image.pixel(x, y))) {
                    ++pointPixels;
                    colours.insert(image.pixel(x, y));
                }
        QVERIFY2(pointPixels > 1500, qPrintable(QString::number(pointPixels)));
        QVERIFY(colours.size() > 50);
        // An export at twice the size shows the same scene.
        QImage exported(1000, 800, QImage::Format_ARGB32);
        exported.fill(Qt::black);
        QPainter painter(&exported);
        view->renderTo(painter, exported.rect());
        painter.end();
        QCOMPARE(exported.pixel(1, 1) & 0xffffff, 0xffffffu);  // painted over, background white
        int exportedPointPixels = 0;
        for (int y = 0; y < exported.height(); ++y)
            for (int x = 0; x < exported.width(); ++x)
                exportedPointPixels += saturated(exported.pixel(x, y));
        QVERIFY2(exportedPointPixels > 1500, qPrintable(QString::number(exportedPointPixels)));
    }

    void nearPointsAreDrawnLargerThanFarOnes() {
        // Two points straight on the line of sight's sides, one near, one far.
        const std::vector<float> xyz = {-1, 0, 2, 1, 0, -2, 0, 1, 0};
        auto view = makeView(makeWords(3), xyz);
        view->camera().setYaw(0);
        view->camera().setPitch(0);
        view->update();
        const ScreenPoint near = view->screenPosition(0), far = view->screenPosition(1);
        QVERIFY(near.depth < far.depth);
        view->setLabelsVisible(false);
        const QImage image = view->grab().toImage();
        const int nearCount = pixelsNear(image, {near.x, near.y}, 15, saturated);
        const int farCount = pixelsNear(image, {far.x, far.y}, 15, saturated);
        QVERIFY2(nearCount > farCount * 1.5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(nearCount).arg(farCount)));
    }

    void pointsGlideToNewPositionsAndSettle() {
        std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        const Eigen::Vector3d target = view->camera().target();
        const double distance = view->camera().distance();
        QTest::keyClick(view.get(), Qt::Key_Left);  // the user turned the camera: it stays put
        QVERIFY(view->camera().yaw() != OrbitCamera::kDefaultYaw);
        xyz[21] = 3.0f;  // corner 7 moves from (1, 1, 1), out of the old bounds
        view->setTargetPositions(xyz.data(), 8, 120);
        QVERIFY(view->isAnimating());
        const ScreenPoint goal = view->camera().project({3, 1, 1});
        QTRY_VERIFY_WITH_TIMEOUT(!view->isAnimating(), 3000);
        const ScreenPoint now = view->screenPosition(7);
        QVERIFY2(
            std::abs(now.x - goal.x) < 1e-3 && std::abs(now.y - goal.y) < 1e-3,
            qPrintable(
                QStringLiteral("%1,%2 vs %3,%4").arg(now.x).arg(now.y).arg(goal.x).arg(goal.y)));
        QCOMPARE(view->camera().distance(), distance);
        QVERIFY((view->camera().target() - target).norm() < 1e-12);
        // After a reset the camera follows the data again: new bounds, a new fit.
        QTest::keyClick(view.get(), Qt::Key_R);
        const double fitted = view->camera().distance();
        xyz[21] = 6.0f;
        view->setTargetPositions(xyz.data(), 8, 0);
        QVERIFY(view->camera().distance() > fitted * 1.2);
        QVERIFY(view->camera().target().x() > target.x() + 1);
    }

    void selectedWordLeavesATrailThatTurnsWithTheCamera() {
        std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        view->setSelectedIndex(0);
        QVERIFY(view->selectedTrail().isEmpty());
        QVERIFY(view->selectedTrailPixels().isEmpty());
        // Corner 0 walks from (-1, -1, -1) along x and up in z: one frame per step.
        const QVector<QVector3D> walk = {
            {-1, -1, -1}, {-0.4f, -1, -0.8f}, {0.2f, -1, -0.6f}, {0.8f, -1, -0.4f}};
        for (int k = 1; k < walk.size(); ++k) {
            xyz[0] = walk[k].x();
            xyz[1] = walk[k].y();
            xyz[2] = walk[k].z();
            view->setTargetPositions(xyz.data(), 8, 0);
        }
        // The positions it left, in data space, oldest first.
        const QVector<QVector3D> trail = view->selectedTrail();
        QCOMPARE(trail, walk.mid(0, 3));
        // Drawn through the camera, ending at the point itself.
        QVector<QPointF> pixels = view->selectedTrailPixels();
        QCOMPARE(pixels.size(), 4);
        QVERIFY(QLineF(pixels.last(), pixelOf(*view, 0)).length() < 1e-9);
        for (int k = 0; k < 3; ++k) {
            const ScreenPoint p =
                view->camera().project(Eigen::Vector3d(trail[k].x(), trail[k].y(), trail[k].z()));
            QVERIFY(QLineF(pixels[k], QPointF(p.x, p.y)).length() < 1e-9);
        }
        // The trail is painted: crimson between its two older positions, where no point is.
        const QPointF middle = (pixels[1] + pixels[2]) / 2;
        const int drawn = pixelsNear(view->grab().toImage(), middle, 2, crimsonish);
        QVERIFY2(drawn > 0, qPrintable(QString::number(drawn)));

        // A turn of the camera turns the trail with it.
        drag(view.get(), {60, 60}, {130, 90}, Qt::LeftButton);
        const QVector<QPointF> turned = view->selectedTrailPixels();
        QCOMPARE(turned.size(), 4);
        QVERIFY(QLineF(turned[0], pixels[0]).length() > 5);
        const ScreenPoint oldest =
            view->camera().project(Eigen::Vector3d(trail[0].x(), trail[0].y(), trail[0].z()));
        QVERIFY(QLineF(turned[0], QPointF(oldest.x, oldest.y)).length() < 1e-9);
        QCOMPARE(view->selectedTrail(), trail);  // the data positions stay
        // Frames that leave it where it is add its position once, then nothing.
        view->setTargetPositions(xyz.data(), 8, 0);
        view->setTargetPositions(xyz.data(), 8, 0);
        QCOMPARE(view->selectedTrail(), walk);

        // New words start again; so does another selection.
        view->setWords(makeWords(8));
        QVERIFY(view->selectedTrail().isEmpty());
        view->setTargetPositions(xyz.data(), 8, 0);
        view->setSelectedIndex(3);
        xyz[9] = 0.f;
        view->setTargetPositions(xyz.data(), 8, 0);
        QCOMPARE(view->selectedTrail().size(), 1);
        view->setSelectedIndex(4);
        QVERIFY(view->selectedTrail().isEmpty());
        view->setSelectedIndex(3);
        xyz[9] = 0.5f;
        view->setTargetPositions(xyz.data(), 8, 0);
        QCOMPARE(view->selectedTrail().size(), 1);
        view->clearTrail();
        QVERIFY(view->selectedTrail().isEmpty());
        const QImage cleared = view->grab().toImage();
        QCOMPARE(pixelsNear(cleared, middle, 2, crimsonish), 0);
    }

    void trailIsBoundedAndSkipsPointsThatCannotBeDrawn() {
        std::vector<float> xyz = cubeCorners();
        auto view = makeView(makeWords(8), xyz);
        view->setSelectedIndex(5);
        const int frames = PlotView3D::kTrailLength + 15;
        for (int k = 1; k <= frames; ++k) {
            xyz[15] = 0.01f * float(k);
            view->setTargetPositions(xyz.data(), 8, 0);
        }
        QVector<QVector3D> trail = view->selectedTrail();
        QCOMPARE(trail.size(), PlotView3D::kTrailLength);
        // The newest trail point is where the point was before the last frame.
        QCOMPARE(trail.last().x(), 0.01f * float(frames - 1));
        QCOMPARE(trail.first().x(), 0.01f * float(frames - PlotView3D::kTrailLength));
        // A frame from a NaN position adds nothing (it cannot be drawn), and paints.
        xyz[16] = std::numeric_limits<float>::quiet_NaN();
        view->setTargetPositions(xyz.data(), 8, 0);
        xyz[16] = 2.f;
        view->setTargetPositions(xyz.data(), 8, 0);
        QCOMPARE(view->selectedTrail().size(), PlotView3D::kTrailLength);
        QCOMPARE(view->selectedTrail().last().x(), 0.01f * float(frames));
        view->grab();
    }

    // The window's plot area starts the 3-D trail again when the 2-D one does: with a new table,
    // another layout, and for t-SNE / UMAP frames (their positions are not a word's motion).
    void plotAreaRestartsTheTrailAsIn2D() {
        const std::vector<float> corners = cubeCorners();
        auto frame = [&](LayoutMethod method, float shift) {
            Frame f;
            f.method = method;
            f.positions.resize(8, 3);
            for (int i = 0; i < 8; ++i) {
                f.rows.push_back(i);
                for (int c = 0; c < 3; ++c)
                    f.positions(i, c) = corners[std::size_t(3 * i + c)];
            }
            f.positions(0, 0) += shift;
            return f;
        };
        PlotArea area;
        showExposed(area, {500, 400});
        area.setWords(makeWords(8));
        area.setSelectedIndex(0);
        PlotView3D* view = area.plot3d();
        area.showFrame(frame(LayoutMethod::Pca, 0.f), 0);
        QVERIFY(area.showing3d());
        QVERIFY(view->selectedTrail().isEmpty());
        area.showFrame(frame(LayoutMethod::Pca, 0.5f), 0);
        area.showFrame(frame(LayoutMethod::Pca, 1.f), 0);
        QCOMPARE(view->selectedTrail().size(), 2);
        area.startNewTable();
        QVERIFY(view->selectedTrail().isEmpty());
        area.showFrame(frame(LayoutMethod::Pca, 1.5f), 0);  // the new table's first frame
        QVERIFY(view->selectedTrail().isEmpty());
        area.showFrame(frame(LayoutMethod::Pca, 2.f), 0);
        QCOMPARE(view->selectedTrail().size(), 1);
        area.showFrame(frame(LayoutMethod::Tsne, 2.5f), 0);  // another layout
        QVERIFY(view->selectedTrail().isEmpty());
        area.showFrame(frame(LayoutMethod::Tsne, 3.f), 0);  // t-SNE converging
        QVERIFY(view->selectedTrail().isEmpty());
    }

    void mismatchedPositionsAreIgnored() {
        auto view = makeView(makeWords(8), cubeCorners());
        const ScreenPoint before = view->screenPosition(1);
        const std::vector<float> wrong(9, 5.0f);
        QTest::ignoreMessage(QtWarningMsg,
                             "PlotView3D::setTargetPositions: 3 positions for 8 words; ignored");
        view->setTargetPositions(wrong.data(), 3, 0);
        QCOMPARE(view->screenPosition(1).x, before.x);
    }

    void placeholderUntilThereArePoints() {
        PlotView3D view;
        QCOMPARE(view.placeholderText(), QStringLiteral("No words to show yet"));
        view.setWords(makeWords(2));
        QVERIFY(view.placeholderText().contains(QStringLiteral("at least 3")));
        view.setWords(makeWords(5));
        QCOMPARE(view.placeholderText(), QStringLiteral("Waiting for vectors"));
        QCOMPARE(view.pointAt(QPointF(10, 10)), -1);
    }
};

EMBEDSCOPE_TEST_MAIN(TestPlotView3D)
#include "tst_plotview3d.moc"
