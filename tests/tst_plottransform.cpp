// PlotTransform: the data <-> pixel maths of the scatter plot, without a widget.
#include <QtTest>

#include <cmath>
#include <limits>

#include "PlotTransform.h"
#include "testutil.h"

using embedscope::PlotTransform;

namespace {

bool near(const QPointF& a, const QPointF& b, double tolerance = 1e-6) {
    return std::abs(a.x() - b.x()) <= tolerance && std::abs(a.y() - b.y()) <= tolerance;
}

QString show(const QPointF& p) {
    return QStringLiteral("(%1, %2)").arg(p.x()).arg(p.y());
}

}  // namespace

class TestPlotTransform : public QObject {
    Q_OBJECT
private slots:
    void finiteBoundsSkipNonFinitePoints();
    void fitShowsAllDataCentred_data();
    void fitShowsAllDataCentred();
    void fitDegenerateBoundsGivesFiniteScale_data();
    void fitDegenerateBoundsGivesFiniteScale();
    void toDataInvertsToPixel_data();
    void toDataInvertsToPixel();
    void aspectIsOneToOneAndYPointsUp();
    void zoomAboutKeepsTheCursorPointFixed_data();
    void zoomAboutKeepsTheCursorPointFixed();
    void zoomIgnoresInvalidFactorsAndClamps();
    void panMovesContentWithTheCursor();
    void setViewportKeepsCentreAndScale();
    void toDataRectIsNormalized();
};

void TestPlotTransform::fitShowsAllDataCentred_data() {
    QTest::addColumn<QRectF>("viewport");
    QTest::addColumn<QRectF>("data");
    QTest::addColumn<double>("margin");
    QTest::newRow("square data, wide viewport")
        << QRectF(0, 0, 800, 400) << QRectF(-1, -1, 2, 2) << 0.05;
    QTest::newRow("wide data, tall viewport")
        << QRectF(0, 0, 300, 900) << QRectF(-10, 3, 40, 5) << 0.1;
    QTest::newRow("tall data, offset viewport")
        << QRectF(50, 20, 640, 480) << QRectF(0.001, -0.5, 0.002, 3.0) << 0.05;
    QTest::newRow("no margin") << QRectF(0, 0, 500, 500) << QRectF(100, 200, 10, 20) << 0.0;
}

void TestPlotTransform::fitShowsAllDataCentred() {
    QFETCH(QRectF, viewport);
    QFETCH(QRectF, data);
    QFETCH(double, margin);
    PlotTransform t;
    t.setViewport(viewport);
    t.fit(data, margin);

    QVERIFY2(near(t.toPixel(data.center()), viewport.center(), 1e-6),
             qPrintable(show(t.toPixel(data.center()))));
    const QRectF usable =
        viewport.adjusted(margin * viewport.width(), margin * viewport.height(),
                          -margin * viewport.width(), -margin * viewport.height());
    for (const QPointF& corner :
         {data.topLeft(), data.topRight(), data.bottomLeft(), data.bottomRight()}) {
        const QPointF p = t.toPixel(corner);
        QVERIFY2(p.x() >= usable.left() - 1e-6 && p.x() <= usable.right() + 1e-6 &&
                     p.y() >= usable.top() - 1e-6 && p.y() <= usable.bottom() + 1e-6,
                 qPrintable(show(corner) + QStringLiteral(" -> ") + show(p)));
    }
    // The fit is tight along the limiting axis: the data fill the usable width or height.
    const double filledWidth = data.width() * t.scale();
    const double filledHeight = data.height() * t.scale();
    QVERIFY(std::abs(filledWidth - usable.width()) < 1e-6 ||
            std::abs(filledHeight - usable.height()) < 1e-6);
}

void TestPlotTransform::fitDegenerateBoundsGivesFiniteScale_data() {
    QTest::addColumn<QRectF>("data");
    QTest::newRow("single point") << QRectF(3, 4, 0, 0);
    QTest::newRow("horizontal line") << QRectF(-2, 1, 4, 0);
    QTest::newRow("vertical line") << QRectF(5, -1, 0, 2);
}

void TestPlotTransform::fitDegenerateBoundsGivesFiniteScale() {
    QFETCH(QRectF, data);
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 400, 300));
    t.fit(data);
    QVERIFY(std::isfinite(t.scale()));
    QVERIFY(t.scale() > 0);
    QVERIFY(near(t.toPixel(data.center()), QPointF(200, 150)));
    // The points still lie inside the viewport.
    for (const QPointF& corner : {data.topLeft(), data.bottomRight()}) {
        const QPointF p = t.toPixel(corner);
        QVERIFY2(QRectF(0, 0, 400, 300).contains(p), qPrintable(show(p)));
    }
}

void TestPlotTransform::toDataInvertsToPixel_data() {
    QTest::addColumn<QRectF>("viewport");
    QTest::addColumn<QRectF>("data");
    QTest::addColumn<QPointF>("point");
    QTest::newRow("origin") << QRectF(0, 0, 640, 480) << QRectF(-1, -1, 2, 2) << QPointF(0, 0);
    QTest::newRow("offset viewport")
        << QRectF(30, 40, 500, 200) << QRectF(-5, 2, 10, 3) << QPointF(4.25, -7.5);
    QTest::newRow("tiny data") << QRectF(0, 0, 800, 600) << QRectF(1e-4, 1e-4, 1e-5, 2e-5)
                               << QPointF(1.3e-4, 0.9e-4);
    QTest::newRow("large data") << QRectF(0, 0, 800, 600) << QRectF(-1e5, -1e5, 3e5, 1e5)
                                << QPointF(12345.5, -67890.25);
}

void TestPlotTransform::toDataInvertsToPixel() {
    QFETCH(QRectF, viewport);
    QFETCH(QRectF, data);
    QFETCH(QPointF, point);
    PlotTransform t;
    t.setViewport(viewport);
    t.fit(data);
    t.zoomAbout(QPointF(13, 17), 1.7);  // an arbitrary, non-centred state
    t.panByPixels(QPointF(-21, 8));
    const double tolerance = 1e-9 * std::max(1.0, std::abs(point.x()) + std::abs(point.y()));
    QVERIFY2(near(t.toData(t.toPixel(point)), point, tolerance),
             qPrintable(show(t.toData(t.toPixel(point)))));
    const QPointF pixel(123.5, 77.25);
    QVERIFY2(near(t.toPixel(t.toData(pixel)), pixel, 1e-6),
             qPrintable(show(t.toPixel(t.toData(pixel)))));
}

void TestPlotTransform::aspectIsOneToOneAndYPointsUp() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 1000, 300));  // a very wide viewport must not stretch x
    t.fit(QRectF(-1, -1, 2, 2));
    const QPointF origin = t.toPixel(QPointF(0, 0));
    const QPointF unitX = t.toPixel(QPointF(1, 0)) - origin;
    const QPointF unitY = t.toPixel(QPointF(0, 1)) - origin;
    QCOMPARE(unitX.y(), 0.0);
    QCOMPARE(unitY.x(), 0.0);
    QVERIFY(unitY.y() < 0);  // data y up is pixel y down
    QCOMPARE(unitX.x(), -unitY.y());
    QCOMPARE(unitX.x(), t.scale());
}

void TestPlotTransform::zoomAboutKeepsTheCursorPointFixed_data() {
    QTest::addColumn<QPointF>("cursor");
    QTest::addColumn<double>("factor");
    QTest::newRow("zoom in at a corner") << QPointF(10, 20) << 1.2;
    QTest::newRow("zoom out off-centre") << QPointF(500, 90) << 1.0 / 1.2;
    QTest::newRow("zoom in a lot at the centre") << QPointF(320, 240) << 50.0;
    QTest::newRow("zoom outside the viewport") << QPointF(-100, 900) << 3.0;
}

void TestPlotTransform::zoomAboutKeepsTheCursorPointFixed() {
    QFETCH(QPointF, cursor);
    QFETCH(double, factor);
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 640, 480));
    t.fit(QRectF(-3, -2, 6, 4));
    const QPointF underCursor = t.toData(cursor);
    const double before = t.scale();
    t.zoomAbout(cursor, factor);
    QVERIFY(std::abs(t.scale() - before * factor) < 1e-9 * before * factor);
    QVERIFY2(near(t.toPixel(underCursor), cursor, 1e-6), qPrintable(show(t.toPixel(underCursor))));
    QVERIFY2(near(t.toData(cursor), underCursor, 1e-9), qPrintable(show(t.toData(cursor))));
}

void TestPlotTransform::zoomIgnoresInvalidFactorsAndClamps() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 100, 100));
    t.fit(QRectF(0, 0, 1, 1), 0.0);
    const double before = t.scale();
    t.zoomAbout(QPointF(10, 10), 0.0);
    t.zoomAbout(QPointF(10, 10), -2.0);
    t.zoomAbout(QPointF(10, 10), std::nan(""));
    QCOMPARE(t.scale(), before);
    for (int i = 0; i < 100; ++i)
        t.zoomAbout(QPointF(10, 10), 1e3);
    QCOMPARE(t.scale(), PlotTransform::kMaxScale);
    for (int i = 0; i < 100; ++i)
        t.zoomAbout(QPointF(10, 10), 1e-3);
    QCOMPARE(t.scale(), PlotTransform::kMinScale);
}

void TestPlotTransform::panMovesContentWithTheCursor() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 640, 480));
    t.fit(QRectF(-1, -1, 2, 2));
    const QPointF data(0.3, -0.7);
    const QPointF before = t.toPixel(data);
    const double scale = t.scale();
    t.panByPixels(QPointF(25, -40));
    QVERIFY2(near(t.toPixel(data), before + QPointF(25, -40), 1e-9),
             qPrintable(show(t.toPixel(data))));
    QCOMPARE(t.scale(), scale);
}

void TestPlotTransform::setViewportKeepsCentreAndScale() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 400, 300));
    t.fit(QRectF(2, 3, 4, 4));
    const double scale = t.scale();
    const QPointF centre = t.dataCentre();
    t.setViewport(QRectF(0, 0, 1000, 700));
    QCOMPARE(t.scale(), scale);
    QCOMPARE(t.dataCentre(), centre);
    QVERIFY(near(t.toPixel(centre), QPointF(500, 350)));
}

void TestPlotTransform::toDataRectIsNormalized() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 200, 100));
    t.fit(QRectF(-2, -1, 4, 2), 0.0);
    const QRectF visible = t.visibleData();
    QVERIFY(visible.width() > 0 && visible.height() > 0);
    QVERIFY(near(visible.topLeft(), QPointF(-2, -1)));
    QVERIFY(near(visible.bottomRight(), QPointF(2, 1)));
}

void TestPlotTransform::finiteBoundsSkipNonFinitePoints() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QPointF min, max;
    QVERIFY(embedscope::finiteBounds(
        {QPointF(1, -2), QPointF(nan, 50), QPointF(-3, 4), QPointF(inf, 0), QPointF(0.5, 7)}, &min,
        &max));
    QCOMPARE(min, QPointF(-3, -2));
    QCOMPARE(max, QPointF(1, 7));
    QVERIFY(!embedscope::finiteBounds({QPointF(nan, 0), QPointF(0, -inf)}, &min, &max));
    QVERIFY(!embedscope::finiteBounds({}, &min, &max));
}

EMBEDSCOPE_TEST_MAIN(TestPlotTransform)
#include "tst_plottransform.moc"
