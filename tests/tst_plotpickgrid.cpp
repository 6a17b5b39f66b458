// PlotPickGrid: the point under the cursor, without a widget.
#include <QtTest>

#include <limits>
#include <random>

#include "PlotPickGrid.h"
#include "testutil.h"

using embedscope::PlotPickGrid;
using embedscope::PlotTransform;

namespace {

// Data (x, y) is pixel (x, 100 - y) in a 200 x 100 viewport.
PlotTransform pixelsTransform() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 200, 100));
    t.setScale(1.0);
    t.setDataCentre(QPointF(100, 50));
    return t;
}

}  // namespace

class TestPlotPickGrid : public QObject {
    Q_OBJECT
private slots:
    void findsTheNearestWithinTheRadius();
    void tiesGoToTheLowerIndex();
    void ignoresPointsOutsideTheWidgetAndNonFinite();
    void agreesWithABruteForceSearch();
};

void TestPlotPickGrid::findsTheNearestWithinTheRadius() {
    PlotPickGrid grid;
    grid.build({QPointF(50, 50), QPointF(54, 50), QPointF(150, 10)}, pixelsTransform(),
               QSizeF(200, 100));
    QCOMPARE(grid.filedCount(), 3);
    QCOMPARE(grid.nearest(QPointF(51, 50), 6), 0);
    QCOMPARE(grid.nearest(QPointF(53, 51), 6), 1);
    QCOMPARE(grid.nearest(QPointF(150, 90), 6), 2);
    QCOMPARE(grid.nearest(QPointF(150, 97), 6), -1);  // 7 pixels away
    QCOMPARE(grid.nearest(QPointF(150, 97), 8), 2);
    QCOMPARE(grid.nearest(QPointF(-50, -50), 6), -1);
}

void TestPlotPickGrid::tiesGoToTheLowerIndex() {
    PlotPickGrid grid;
    grid.build({QPointF(60, 50), QPointF(40, 50), QPointF(40, 50)}, pixelsTransform(),
               QSizeF(200, 100));
    QCOMPARE(grid.nearest(QPointF(40, 50), 6), 1);
    QCOMPARE(grid.nearest(QPointF(50, 50), 12), 0);  // 10 pixels from all three
}

void TestPlotPickGrid::ignoresPointsOutsideTheWidgetAndNonFinite() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    PlotPickGrid grid;
    grid.build({QPointF(-1, 50), QPointF(nan, 50), QPointF(5, 50)}, pixelsTransform(),
               QSizeF(200, 100));
    QCOMPARE(grid.filedCount(), 1);
    QCOMPARE(grid.nearest(QPointF(0, 50), 6), 2);
    QCOMPARE(grid.nearest(QPointF(nan, 50), 6), -1);
}

void TestPlotPickGrid::agreesWithABruteForceSearch() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> x(-10, 210), y(-10, 110);
    QVector<QPointF> points;
    for (int i = 0; i < 3000; ++i)
        points.append(QPointF(std::round(x(rng)), std::round(y(rng))));  // ties happen
    const PlotTransform t = pixelsTransform();
    PlotPickGrid grid;
    grid.build(points, t, QSizeF(200, 100));
    for (int q = 0; q < 500; ++q) {
        const QPointF cursor(x(rng), y(rng));
        int best = -1;
        double bestDistance2 = 6.0 * 6.0;
        for (int i = 0; i < points.size(); ++i) {
            const QPointF p = t.toPixel(points[i]);
            if (!(p.x() >= 0 && p.y() >= 0 && p.x() < 200 && p.y() < 100))
                continue;
            const QPointF d = p - cursor;
            const double d2 = QPointF::dotProduct(d, d);
            if (d2 < bestDistance2 || (d2 == bestDistance2 && best < 0)) {
                bestDistance2 = d2;
                best = i;
            }
        }
        QCOMPARE(grid.nearest(cursor, 6), best);
    }
}

EMBEDSCOPE_TEST_MAIN(TestPlotPickGrid)
#include "tst_plotpickgrid.moc"
