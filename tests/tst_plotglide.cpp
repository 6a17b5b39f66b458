// PlotGlide: the critically damped spring that moves the plot's points, without a widget; and
// PlotViewGlide, the view following the data on the same spring.
#include <QtTest>

#include <cmath>
#include <limits>

#include "PlotGlide.h"
#include "testutil.h"

using embedscope::PlotGlide;
using embedscope::PlotTransform;
using embedscope::PlotViewGlide;

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
    void viewGlidesToTheFittedCentreAndScale();
    void viewGlideSnapsAndStops();
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

void TestPlotGlide::viewGlidesToTheFittedCentreAndScale() {
    PlotTransform view;
    view.setViewport(QRectF(0, 0, 400, 300));
    view.setDataCentre(QPointF(0, 0));
    view.setScale(10.0);
    PlotTransform fitted = view;
    fitted.setDataCentre(QPointF(5, -3));
    fitted.setScale(40.0);
    PlotViewGlide glide;
    QVERIFY(glide.step(view, 0.06, 16, 0.01));  // inactive: settled, the view stays
    QCOMPARE(view.scale(), 10.0);
    glide.retarget(fitted);
    QVERIFY(glide.active());
    QVERIFY(!glide.step(view, 0.06, 16, 0.01));
    // Part of the way, on both: log(scale) moves, as the centre does, without overshoot.
    QVERIFY(view.scale() > 10.0 && view.scale() < 40.0);
    QVERIFY(view.dataCentre().x() > 0 && view.dataCentre().x() < 5);
    bool settled = false;
    for (int frame = 0; frame < 200 && !settled; ++frame)
        settled = glide.step(view, 0.06, 16, 0.01);
    QVERIFY(settled);
    QVERIFY(std::abs(view.scale() - 40.0) < 40.0 * 1e-3);
    QVERIFY(std::hypot(view.dataCentre().x() - 5, view.dataCentre().y() + 3) * 40.0 < 0.01);
}

void TestPlotGlide::viewGlideSnapsAndStops() {
    PlotTransform view;
    view.setViewport(QRectF(0, 0, 400, 300));
    view.setScale(10.0);
    PlotTransform fitted = view;
    fitted.setDataCentre(QPointF(-2, 1));
    fitted.setScale(2.5);
    PlotViewGlide glide;
    glide.retarget(fitted);
    glide.step(view, 0.06, 16, 0.01);
    glide.snap(view);
    QVERIFY(!glide.active());
    QCOMPARE(view.dataCentre(), QPointF(-2, 1));
    QVERIFY(std::abs(view.scale() - 2.5) < 1e-12);
    // Stopped, a snap leaves the view where it is.
    view.setScale(7.0);
    glide.snap(view);
    QCOMPARE(view.scale(), 7.0);
}

EMBEDSCOPE_TEST_MAIN(TestPlotGlide)
#include "tst_plotglide.moc"
