// PlotGlide: the critically damped spring that moves the plot's points, without a widget.
#include <QtTest>

#include <cmath>
#include <limits>

#include "PlotGlide.h"
#include "testutil.h"

using embedscope::PlotGlide;

class TestPlotGlide : public QObject {
    Q_OBJECT
private slots:
    void resetPutsPointsAtTheOriginAtRest();
    void stepFollowsTheClosedForm();
    void anyFrameRateGivesTheSameMotion();
    void settlesWithinTheGlideTime();
    void keepsVelocityWhenTheTargetChanges();
    void nonFiniteTargetsSettle();
    void jumpToAndSnapStopAtTheTarget();
};

void TestPlotGlide::resetPutsPointsAtTheOriginAtRest() {
    PlotGlide g;
    g.reset(3);
    QCOMPARE(g.current(), QVector<QPointF>(3, QPointF(0, 0)));
    QCOMPARE(g.target(), QVector<QPointF>(3, QPointF(0, 0)));
    QVERIFY(g.step(16, 1e-9));
}

void TestPlotGlide::stepFollowsTheClosedForm() {
    // From rest at offset x0: x(t) = x0 (1 + wt) e^(-wt).
    PlotGlide g;
    g.jumpTo({QPointF(0, 0)});
    g.glideTo({QPointF(10, -4)}, 100);
    const double w = PlotGlide::kGlideSettle / 100;
    QCOMPARE(g.springRate(), w);
    g.step(30, 0);
    const double left = (1 + w * 30) * std::exp(-w * 30);
    QVERIFY(std::abs(g.current()[0].x() - 10 * (1 - left)) < 1e-9);
    QVERIFY(std::abs(g.current()[0].y() - -4 * (1 - left)) < 1e-9);
}

void TestPlotGlide::anyFrameRateGivesTheSameMotion() {
    PlotGlide coarse, fine;
    for (PlotGlide* g : {&coarse, &fine}) {
        g->jumpTo({QPointF(1, 1), QPointF(-3, 2)});
        g->glideTo({QPointF(5, -2), QPointF(0, 0)}, 80);
    }
    coarse.step(40, 0);
    for (int i = 0; i < 40; ++i)
        fine.step(1, 0);
    for (int i = 0; i < 2; ++i) {
        QVERIFY(std::abs(coarse.current()[i].x() - fine.current()[i].x()) < 1e-9);
        QVERIFY(std::abs(coarse.current()[i].y() - fine.current()[i].y()) < 1e-9);
    }
}

void TestPlotGlide::settlesWithinTheGlideTime() {
    PlotGlide g;
    g.jumpTo({QPointF(0, 0)});
    g.glideTo({QPointF(1, 0)}, 100);
    g.step(100, 0);
    // About 98% of the way after glideMs (the step response is below 2% at wt = 6).
    QVERIFY(g.current()[0].x() > 0.98 && g.current()[0].x() < 1.0);
    QVERIFY(!g.step(1, 1e-4));
    bool settled = false;
    for (int i = 0; i < 200 && !settled; ++i)
        settled = g.step(16, 1e-4);
    QVERIFY(settled);
    QVERIFY(std::abs(g.current()[0].x() - 1.0) < 1e-4);
}

void TestPlotGlide::keepsVelocityWhenTheTargetChanges() {
    PlotGlide g;
    g.jumpTo({QPointF(0, 0)});
    g.glideTo({QPointF(10, 0)}, 100);
    g.step(20, 0);
    const double before = g.current()[0].x();
    // A new target just ahead of the point: it keeps moving forward instead of restarting.
    g.glideTo({QPointF(before, 0)}, 100);
    g.step(5, 0);
    QVERIFY2(g.current()[0].x() > before, "the point lost its velocity");
}

void TestPlotGlide::nonFiniteTargetsSettle() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    PlotGlide g;
    g.jumpTo({QPointF(0, 0), QPointF(1, 1)});
    g.glideTo({QPointF(nan, 0), QPointF(1, 1)}, 50);
    QVERIFY(g.step(16, 1e-3));
}

void TestPlotGlide::jumpToAndSnapStopAtTheTarget() {
    PlotGlide g;
    g.jumpTo({QPointF(2, 3)});
    QCOMPARE(g.current()[0], QPointF(2, 3));
    g.glideTo({QPointF(-1, 7)}, 100);
    g.step(10, 0);
    QVERIFY(g.current()[0] != QPointF(-1, 7));
    g.snap();
    QCOMPARE(g.current()[0], QPointF(-1, 7));
    QVERIFY(g.step(16, 1e-12));  // at rest
    // A different number of targets cannot glide: it jumps.
    g.glideTo({QPointF(1, 1), QPointF(2, 2)}, 100);
    QCOMPARE(g.current(), (QVector<QPointF>{QPointF(1, 1), QPointF(2, 2)}));
}

EMBEDSCOPE_TEST_MAIN(TestPlotGlide)
#include "tst_plotglide.moc"
