// Density contours: around two separate blobs of points the lowest level's iso-line encloses
// each blob centre (a ray from it crosses the line an odd number of times) and not the empty
// space between or beside them; denser levels lie inside sparser ones; hidden points do not
// count; an empty set has no lines.
#include <QtTest>

#include <cmath>

#include "DensityContours.h"
#include "Random.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Crossings of the horizontal ray from p to the right with the segments.
int crossingsToTheRight(const QVector<QLineF>& segments, QPointF p) {
    int crossings = 0;
    for (const QLineF& s : segments) {
        const QPointF a = s.p1(), b = s.p2();
        if ((a.y() > p.y()) == (b.y() > p.y()))
            continue;
        const double x = a.x() + (p.y() - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
        crossings += x > p.x();
    }
    return crossings;
}

// Two Gaussian blobs (sigma 0.5) at (-3, 0) and (3, 0), in a 400 x 300 view of [-8, 8] x [-6, 6].
QVector<QPointF> twoBlobs(int perBlob) {
    SplitMix64 random(11);
    auto gaussian = [&] {
        const double u = (random.next() >> 11) * 0x1.0p-53 + 1e-12;
        const double v = (random.next() >> 11) * 0x1.0p-53;
        return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
    };
    QVector<QPointF> points;
    for (int i = 0; i < 2 * perBlob; ++i)
        points.append({(i % 2 ? 3.0 : -3.0) + 0.5 * gaussian(), 0.5 * gaussian()});
    return points;
}

PlotTransform view() {
    PlotTransform t;
    t.setViewport(QRectF(0, 0, 400, 300));
    t.fit(QRectF(-8, -6, 16, 12));
    return t;
}

}  // namespace

class TestDensityContours : public QObject {
    Q_OBJECT
private slots:
    void enclosesEachBlob() {
        const PlotTransform t = view();
        const QVector<QPointF> points = twoBlobs(5000);
        const DensityContours c = densityContours(points, nullptr, 0, t, QRectF(0, 0, 400, 300));
        QCOMPARE(c.levels.size(), int(std::size(DensityContours::kLevelFractions)));
        for (int level = 0; level < c.levels.size(); ++level) {
            QVERIFY(!c.levels[level].isEmpty());
            for (QPointF blob : {QPointF(-3, 0), QPointF(3, 0)})
                QCOMPARE(crossingsToTheRight(c.levels[level], t.toPixel(blob)) % 2, 1);
            for (QPointF empty : {QPointF(0, 0), QPointF(-6.5, 4), QPointF(6.5, -4)})
                QCOMPARE(crossingsToTheRight(c.levels[level], t.toPixel(empty)) % 2, 0);
            if (level > 0)
                QVERIFY(c.thresholds[level] > c.thresholds[level - 1]);
        }
        // The densest level hugs the blob: its points are near a centre.
        for (const QLineF& s : c.levels.last()) {
            const QPointF d = t.toData(s.p1());
            QVERIFY(std::min(std::hypot(d.x() + 3, d.y()), std::hypot(d.x() - 3, d.y())) < 1.5);
        }
    }

    void hiddenPointsDoNotCount() {
        const PlotTransform t = view();
        const QVector<QPointF> points = twoBlobs(3000);
        QVector<quint8> keys(points.size());
        for (int i = 0; i < points.size(); ++i)
            keys[i] = i % 2 ? 255 : 0;  // the right blob hidden
        const DensityContours c =
            densityContours(points, keys.constData(), 255, t, QRectF(0, 0, 400, 300));
        QCOMPARE(crossingsToTheRight(c.levels[0], t.toPixel(QPointF(-3, 0))) % 2, 1);
        QCOMPARE(crossingsToTheRight(c.levels[0], t.toPixel(QPointF(3, 0))) % 2, 0);
    }

    void noPointsNoLines() {
        const DensityContours c = densityContours({}, nullptr, 0, view(), QRectF(0, 0, 400, 300));
        QVERIFY(c.levels.isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestDensityContours)
#include "tst_densitycontours.moc"
