// PlotLabelPlacer: labels next to their points without overlap, without a widget.
#include <QtTest>

#include <random>

#include "PlotLabelPlacer.h"
#include "testutil.h"

using embedscope::PlotLabelPlacer;

class TestPlotLabelPlacer : public QObject {
    Q_OBJECT
private slots:
    void firstLabelGoesRightOfItsPoint();
    void preferredSideIsTriedFirst();
    void crowdedPointsTakeOtherSides();
    void placedLabelsNeverIntersect();
    void labelsStayInsideTheArea();
    void reservedRectanglesStayFree();
    void mightFitIsFalseOnlyWhenPlaceFails();
};

void TestPlotLabelPlacer::firstLabelGoesRightOfItsPoint() {
    PlotLabelPlacer placer;
    placer.reset(QRectF(0, 0, 400, 300));
    QRectF r;
    QCOMPARE(placer.place(QPointF(100, 100), 3, 40, 12, 0, &r), 0);
    QCOMPARE(r, QRectF(100 + 3 + PlotLabelPlacer::kGap, 94, 40, 12));
    QVERIFY(!placer.isFree(r));
}

void TestPlotLabelPlacer::preferredSideIsTriedFirst() {
    PlotLabelPlacer placer;
    placer.reset(QRectF(0, 0, 400, 300));
    QRectF r;
    QCOMPARE(placer.place(QPointF(100, 100), 3, 40, 12, 3, &r), 3);  // below
    QCOMPARE(r, QRectF(80, 100 + 3 + PlotLabelPlacer::kGap, 40, 12));
}

void TestPlotLabelPlacer::crowdedPointsTakeOtherSides() {
    PlotLabelPlacer placer;
    placer.reset(QRectF(0, 0, 400, 300));
    QRectF first, second;
    QCOMPARE(placer.place(QPointF(100, 100), 3, 40, 12, 0, &first), 0);
    // The same spot again: right is taken, left is next.
    QCOMPARE(placer.place(QPointF(100, 100), 3, 40, 12, 0, &second), 1);
    QVERIFY(!first.intersects(second));
}

void TestPlotLabelPlacer::placedLabelsNeverIntersect() {
    std::mt19937 rng(11);
    std::normal_distribution<double> gauss(0, 60);
    std::uniform_real_distribution<double> width(10, 80);
    PlotLabelPlacer placer;
    const QRectF area(5, 5, 640, 480);
    placer.reset(area);
    QVector<QRectF> placed;
    for (int i = 0; i < 3000; ++i) {
        QRectF r;
        const QPointF p(320 + gauss(rng), 240 + gauss(rng));
        if (placer.place(p, 2.5, width(rng), 13, i % 8, &r) >= 0)
            placed.append(r);
    }
    QVERIFY(placed.size() > 50);
    QVERIFY(placed.size() < 3000);
    for (int a = 0; a < placed.size(); ++a)
        for (int b = a + 1; b < placed.size(); ++b)
            QVERIFY2(!placed[a].intersects(placed[b]), qPrintable(QString::number(a)));
}

void TestPlotLabelPlacer::labelsStayInsideTheArea() {
    PlotLabelPlacer placer;
    const QRectF area(0, 0, 200, 100);
    placer.reset(area);
    QRectF r;
    // At the right edge the label goes left.
    QCOMPARE(placer.place(QPointF(195, 50), 3, 40, 12, 0, &r), 1);
    QVERIFY(area.adjusted(1, 1, -1, -1).contains(r));
    // Wider than the area: nowhere.
    QCOMPARE(placer.place(QPointF(100, 50), 3, 250, 12, 0, &r), -1);
}

void TestPlotLabelPlacer::reservedRectanglesStayFree() {
    PlotLabelPlacer placer;
    placer.reset(QRectF(0, 0, 400, 300));
    const QRectF legend(100, 80, 200, 40);
    placer.reserve(legend);
    QVERIFY(!placer.isFree(QRectF(150, 90, 10, 10)));
    QRectF r;
    const int side = placer.place(QPointF(120, 100), 3, 40, 12, 0, &r);
    QVERIFY(side < 0 || !r.intersects(legend));
    QVERIFY(placer.isFree(QRectF(10, 200, 30, 12)));
}

void TestPlotLabelPlacer::mightFitIsFalseOnlyWhenPlaceFails() {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> coordinate(0, 200), width(6, 60);
    PlotLabelPlacer placer;
    placer.reset(QRectF(0, 0, 200, 200));
    int rejected = 0;
    for (int i = 0; i < 2000; ++i) {
        const QPointF p(coordinate(rng), coordinate(rng));
        const double w = width(rng);
        const bool might = placer.mightFit(p, 2.5, 6, 12);
        QRectF r;
        const int side = placer.place(p, 2.5, w, 12, 0, &r);
        if (!might) {
            ++rejected;
            QCOMPARE(side, -1);
        }
    }
    QVERIFY(rejected > 100);  // the area filled up
}

EMBEDSCOPE_TEST_MAIN(TestPlotLabelPlacer)
#include "tst_plotlabelplacer.moc"
