// PlotPointRenderer: the density pass over millions of points, without a widget.
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "PlotPointRenderer.h"
#include "testutil.h"

using embedscope::PlotPointRenderer;
using embedscope::PlotTransform;

namespace {

// A 100 x 50 pixel area at (10, 20) showing data x in [0, 100), y in (-50, 0]: data (x, y) lands
// on pixel (10 + x, 20 - y) of the widget, i.e. (x, -y) of the area.
PlotTransform identityLike() {
    PlotTransform t;
    t.setViewport(QRectF(10, 20, 100, 50));
    t.setScale(1.0);
    t.setDataCentre(QPointF(50, -25));
    return t;
}

PlotPointRenderer::Frame frameOf(const std::vector<QPointF>& points,
                                 const std::vector<quint8>& keys) {
    PlotPointRenderer::Frame frame;
    frame.positions = points.data();
    frame.count = qsizetype(points.size());
    frame.keys = keys.data();
    frame.transform = identityLike();
    frame.area = QRectF(10, 20, 100, 50);
    return frame;  // listLimit 0: always the density buffers
}

}  // namespace

class TestPlotPointRenderer : public QObject {
    Q_OBJECT
private slots:
    void countsEachPointInItsPixel();
    void lowestKeyWinsThePixel();
    void skipsPointsOutsideAndNonFinite();
    void listsVisiblePointsOnlyUpToTheLimit();
    void listMarginKeepsPointsNearTheEdge();
    void threadsGiveTheSameResult();
    void densityImageColoursOnlyOccupiedPixels();
    void denserPixelsAreMoreOpaque();
    void dotSizeTwoGrowsPointsRightAndDown();
    void devicePixelRatioScalesTheBuffers();
};

void TestPlotPointRenderer::countsEachPointInItsPixel() {
    const std::vector<QPointF> points = {{3.2, -4.7}, {3.9, -4.1}, {99.5, -49.5}, {0, 0}};
    const std::vector<quint8> keys = {5, 5, 5, 5};
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QCOMPARE(r.width(), 100);
    QCOMPARE(r.height(), 50);
    QCOMPARE(r.countAt(3, 4), 2);
    QCOMPARE(r.countAt(99, 49), 1);
    QCOMPARE(r.countAt(0, 0), 1);
    QCOMPARE(r.countAt(4, 4), 0);
    QCOMPARE(r.maxCount(), 2);
    QCOMPARE(r.visibleCount(), 4);
}

void TestPlotPointRenderer::lowestKeyWinsThePixel() {
    const std::vector<QPointF> points = {{7.5, -7.5}, {7.5, -7.5}, {7.5, -7.5}, {20.5, -1.5}};
    const std::vector<quint8> keys = {9, 2, 30, 17};
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QCOMPARE(r.keyAt(7, 7), 2);
    QCOMPARE(r.keyAt(20, 1), 17);
    QCOMPARE(r.keyAt(0, 0), 0xff);  // empty
}

void TestPlotPointRenderer::skipsPointsOutsideAndNonFinite() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<QPointF> points = {{-0.5, -1}, {100, -1}, {5, 0.5}, {5, -50},
                                         {nan, -1},  {5, inf},  {5, -5}};
    const std::vector<quint8> keys(points.size(), 0);
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QCOMPARE(r.visibleCount(), 1);
    QCOMPARE(r.countAt(5, 5), 1);
    int total = 0;
    for (int y = 0; y < r.height(); ++y)
        for (int x = 0; x < r.width(); ++x)
            total += r.countAt(x, y);
    QCOMPARE(total, 1);
}

void TestPlotPointRenderer::listsVisiblePointsOnlyUpToTheLimit() {
    std::vector<QPointF> points;
    for (int i = 0; i < 10; ++i)
        points.push_back(i % 2 ? QPointF(i, -i) : QPointF(-100, 0));  // odd ones visible
    const std::vector<quint8> keys(points.size(), 0);
    PlotPointRenderer r;
    PlotPointRenderer::Frame frame = frameOf(points, keys);
    frame.listLimit = 5;
    r.accumulate(frame, 1);
    QVERIFY(r.hasVisibleList());
    QCOMPARE(r.visibleIndices(), (std::vector<int>{1, 3, 5, 7, 9}));
    frame.listLimit = 4;
    r.accumulate(frame, 1);
    QVERIFY(!r.hasVisibleList());
    QCOMPARE(r.visibleCount(), 5);
}

void TestPlotPointRenderer::listMarginKeepsPointsNearTheEdge() {
    // Half a sprite outside the area is still drawn: listed, but not counted in the image.
    const std::vector<QPointF> points = {{-2, -10}, {-5, -10}};
    const std::vector<quint8> keys(points.size(), 0);
    PlotPointRenderer r;
    PlotPointRenderer::Frame frame = frameOf(points, keys);
    frame.listMargin = 3;
    frame.listLimit = 10;
    r.accumulate(frame, 1);
    QCOMPARE(r.visibleIndices(), std::vector<int>{0});
    // In a density frame, it counts as visible but lands on no pixel.
    frame.listLimit = 0;
    r.accumulate(frame, 1);
    QCOMPARE(r.visibleCount(), 1);
    QCOMPARE(r.maxCount(), 0);
}

void TestPlotPointRenderer::threadsGiveTheSameResult() {
    std::mt19937 rng(7);
    std::normal_distribution<double> gauss(0, 15);
    std::uniform_int_distribution<int> key(0, 31);
    std::vector<QPointF> points;
    std::vector<quint8> keys;
    for (int i = 0; i < 20000; ++i) {
        points.emplace_back(50 + gauss(rng), -25 + gauss(rng));
        keys.push_back(quint8(key(rng)));
    }
    PlotPointRenderer one, four;
    const PlotPointRenderer::Frame frame = frameOf(points, keys);
    one.accumulate(frame, 1);
    four.accumulate(frame, 4);
    QVERIFY(!four.hasVisibleList());
    QCOMPARE(four.visibleCount(), one.visibleCount());
    QCOMPARE(four.maxCount(), one.maxCount());
    for (int y = 0; y < one.height(); ++y)
        for (int x = 0; x < one.width(); ++x) {
            QCOMPARE(four.countAt(x, y), one.countAt(x, y));
            QCOMPARE(four.keyAt(x, y), one.keyAt(x, y));
        }
    QVERIFY(one.maxCount() > 1);
}

void TestPlotPointRenderer::densityImageColoursOnlyOccupiedPixels() {
    const std::vector<QPointF> points = {{10.5, -10.5}, {30.5, -20.5}};
    const std::vector<quint8> keys = {0, 1};
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QRgb colours[256] = {};
    colours[0] = 0xffff0000;
    colours[1] = 0xff0000ff;
    const QImage& image = r.densityImage(colours);
    QCOMPARE(image.size(), QSize(100, 50));
    QCOMPARE(image.format(), QImage::Format_ARGB32_Premultiplied);
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(11, 10)), 0);
    const QRgb red = image.pixel(10, 10), blue = image.pixel(30, 20);
    QVERIFY(qRed(red) > 0 && qGreen(red) == 0 && qBlue(red) == 0);
    QVERIFY(qBlue(blue) > 0 && qRed(blue) == 0 && qGreen(blue) == 0);
    // A lone point is drawn at kMinOpacity of its colour.
    QVERIFY(std::abs(qAlpha(red) - 255 * PlotPointRenderer::kMinOpacity) <= 1.0);
}

void TestPlotPointRenderer::denserPixelsAreMoreOpaque() {
    std::vector<QPointF> points = {{1.5, -1.5}};
    for (int i = 0; i < 3; ++i)
        points.emplace_back(2.5, -1.5);
    for (int i = 0; i < 9; ++i)
        points.emplace_back(3.5, -1.5);
    const std::vector<quint8> keys(points.size(), 0);
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QRgb colours[256] = {};
    colours[0] = 0xff000000;
    const QImage& image = r.densityImage(colours);
    const int a1 = qAlpha(image.pixel(1, 1)), a3 = qAlpha(image.pixel(2, 1));
    const int a9 = qAlpha(image.pixel(3, 1));
    QVERIFY2(a1 < a3 && a3 < a9, qPrintable(QStringLiteral("%1 %2 %3").arg(a1).arg(a3).arg(a9)));
    QCOMPARE(a9, 255);  // the fullest pixel
}

void TestPlotPointRenderer::dotSizeTwoGrowsPointsRightAndDown() {
    const std::vector<QPointF> points = {{10.5, -10.5}, {12.5, -10.5}};
    const std::vector<quint8> keys = {3, 1};
    PlotPointRenderer r;
    r.accumulate(frameOf(points, keys), 1);
    QRgb colours[256] = {};
    colours[1] = 0xff0000ff;
    colours[3] = 0xffff0000;
    const QImage& one = r.densityImage(colours, 1);
    QCOMPARE(qAlpha(one.pixel(11, 11)), 0);
    const QImage& two = r.densityImage(colours, 2);
    for (const QPoint p : {QPoint(10, 10), QPoint(11, 10), QPoint(10, 11), QPoint(11, 11)})
        QVERIFY(qRed(two.pixel(p)) > 0);
    QVERIFY(qBlue(two.pixel(13, 11)) > 0);
    QCOMPARE(qAlpha(two.pixel(9, 10)), 0);   // not to the left
    QCOMPARE(qAlpha(two.pixel(10, 9)), 0);   // nor up
    QCOMPARE(qAlpha(two.pixel(14, 10)), 0);  // one pixel only
    // The point itself keeps its colour where its neighbour's dot would reach (12, 10 is blue).
    QVERIFY(qBlue(two.pixel(12, 10)) > 0 && qRed(two.pixel(12, 10)) == 0);
}

void TestPlotPointRenderer::devicePixelRatioScalesTheBuffers() {
    const std::vector<QPointF> points = {{10.75, -10.25}};
    const std::vector<quint8> keys = {0};
    PlotPointRenderer r;
    PlotPointRenderer::Frame frame = frameOf(points, keys);
    frame.devicePixelRatio = 2.0;
    r.accumulate(frame, 1);
    QCOMPARE(r.width(), 200);
    QCOMPARE(r.height(), 100);
    QCOMPARE(r.countAt(21, 20), 1);
    QRgb colours[256] = {0xff000000};
    QCOMPARE(r.densityImage(colours).devicePixelRatio(), 2.0);
}

EMBEDSCOPE_TEST_MAIN(TestPlotPointRenderer)
#include "tst_plotpointrenderer.moc"
