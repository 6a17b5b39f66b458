// PlotPickGrid: the point under the cursor, without a widget.
#include <QtTest>

#include <limits>
#include <random>
#include <utility>

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

// Builds a grid over positions and queries it under pixelsTransform() in a 200 x 100 widget.
struct Picker {
    QVector<QPointF> positions;
    PlotTransform transform = pixelsTransform();
    PlotPickGrid grid;
    explicit Picker(QVector<QPointF> points) : positions(std::move(points)) {
        grid.build(positions);
    }
    int at(const QPointF& pixel, double radius = 6) const {
        return grid.nearest(positions, pixel, radius, transform, QSizeF(200, 100));
    }
};

class TestPlotPickGrid : public QObject {
    Q_OBJECT
private slots:
    void findsTheNearestWithinTheRadius();
    void tiesGoToTheLowerIndex();
    void ignoresPointsOutsideTheWidgetAndNonFinite();
    void agreesWithABruteForceSearch();
    void viewChangesNeedNoRebuild();
};

void TestPlotPickGrid::findsTheNearestWithinTheRadius() {
    const Picker p({QPointF(50, 50), QPointF(54, 50), QPointF(150, 10)});
    QCOMPARE(p.grid.filedCount(), 3);
    QCOMPARE(p.at(QPointF(51, 50)), 0);
    QCOMPARE(p.at(QPointF(53, 51)), 1);
    QCOMPARE(p.at(QPointF(150, 90)), 2);
    QCOMPARE(p.at(QPointF(150, 97)), -1);  // 7 pixels away
    QCOMPARE(p.at(QPointF(150, 97), 8), 2);
    QCOMPARE(p.at(QPointF(-50, -50)), -1);
}

void TestPlotPickGrid::tiesGoToTheLowerIndex() {
    const Picker p({QPointF(60, 50), QPointF(40, 50), QPointF(40, 50)});
    QCOMPARE(p.at(QPointF(40, 50)), 1);
    QCOMPARE(p.at(QPointF(50, 50), 12), 0);  // 10 pixels from all three
}

void TestPlotPickGrid::ignoresPointsOutsideTheWidgetAndNonFinite() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Picker p({QPointF(-1, 50), QPointF(nan, 50), QPointF(5, 50)});
    QCOMPARE(p.grid.filedCount(), 2);   // the non-finite one is not filed
    QCOMPARE(p.at(QPointF(0, 50)), 2);  // (-1, 50) is outside the widget: not drawn
    QCOMPARE(p.at(QPointF(nan, 50)), -1);
    const Picker none({QPointF(nan, nan)});
    QCOMPARE(none.at(QPointF(0, 0)), -1);
}

void TestPlotPickGrid::agreesWithABruteForceSearch() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> x(-10, 210), y(-10, 110);
    QVector<QPointF> points;
    for (int i = 0; i < 3000; ++i)
        points.append(QPointF(std::round(x(rng)), std::round(y(rng))));  // ties happen
    const Picker picker(points);
    const PlotTransform& t = picker.transform;
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
        QCOMPARE(picker.at(cursor), best);
    }
}

void TestPlotPickGrid::viewChangesNeedNoRebuild() {
    Picker p({QPointF(50, 50), QPointF(50.5, 50), QPointF(150, 10)});
    // Zoomed in 20 times about (50, 50): the two close points are 10 pixels apart.
    p.transform.zoomAbout(QPointF(50, 50), 20);
    QCOMPARE(p.at(QPointF(50, 50)), 0);
    QCOMPARE(p.at(QPointF(59, 50)), 1);
    QCOMPARE(p.at(QPointF(150, 90)), -1);  // now far outside the widget
    // Panned: the third point moves from (150, 90) to (50, 50).
    p.transform = pixelsTransform();
    p.transform.panByPixels(QPointF(-100, -40));
    QCOMPARE(p.at(QPointF(150, 90)), -1);
    QCOMPARE(p.at(QPointF(50, 50)), 2);
}

EMBEDSCOPE_TEST_MAIN(TestPlotPickGrid)
#include "tst_plotpickgrid.moc"
