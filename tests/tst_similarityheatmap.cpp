// The similarity heatmap draws its colour scale: a bar under the matrix whose ends have the colours
// of the ends of the range it reports, and whose middle is the colour of the range's midpoint.
#include <QImage>
#include <QtTest>

#include <cmath>

#include "DivergingColorMap.h"
#include "SimilarityHeatmap.h"
#include "testutil.h"

using embedscope::divergingColor;
using embedscope::SimilarityHeatmap;

namespace {

// The largest difference of the red, green and blue channels.
int colourDistance(const QColor& a, const QColor& b) {
    return std::max({std::abs(a.red() - b.red()), std::abs(a.green() - b.green()),
                     std::abs(a.blue() - b.blue())});
}

SimilarityHeatmap* filledHeatmap(SimilarityHeatmap& heatmap, QSize size) {
    const QStringList words = {QStringLiteral("dog"), QStringLiteral("cat"), QStringLiteral("red")};
    heatmap.setMatrix(words, {1.0, 0.6, -0.3, 0.6, 1.0, -0.2, -0.3, -0.2, 1.0});
    heatmap.resize(size);
    return &heatmap;
}

}  // namespace

class TestSimilarityHeatmap : public QObject {
    Q_OBJECT
private slots:
    void reportsTheRangeOfItsColourMap() {
        SimilarityHeatmap heatmap(QStringLiteral("cosine"));
        const auto [low, high] = heatmap.colourScaleRange();
        QCOMPARE(low, -1.0);
        QCOMPARE(high, 1.0);
        // The map saturates at these ends: beyond them the colour no longer changes.
        QCOMPARE(divergingColor(low - 0.5), divergingColor(low));
        QCOMPARE(divergingColor(high + 0.5), divergingColor(high));
        QVERIFY(divergingColor(low + 0.1) != divergingColor(low));
        QVERIFY(divergingColor(high - 0.1) != divergingColor(high));
    }

    // Under the matrix when the widget is width-bound, beside it when height-bound; either way
    // its low end is the map's colour for the low end of the range, its high end the high end's.
    void drawsTheColourBar_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("beside");
        QTest::newRow("narrow: under") << QSize(210, 300) << false;
        QTest::newRow("low: beside") << QSize(210, 160) << true;
        QTest::newRow("wide and low: beside") << QSize(420, 200) << true;
        QTest::newRow("narrow and tall: under") << QSize(170, 400) << false;
    }
    void drawsTheColourBar() {
        QFETCH(QSize, size);
        QFETCH(bool, beside);
        SimilarityHeatmap heatmap(QStringLiteral("cosine"));
        filledHeatmap(heatmap, size);
        QVERIFY(heatmap.colourBarRect().isEmpty());  // not painted yet
        const QImage image = heatmap.grab().toImage();
        const QRectF bar = heatmap.colourBarRect();
        QVERIFY(!bar.isEmpty());
        QVERIFY(QRectF(heatmap.rect()).contains(bar));
        QCOMPARE(bar.height() > bar.width(), beside);
        // Next to the matrix: beside its last column, or under its last row.
        int column = -1;
        const QPointF justBefore = beside ? QPointF(bar.left() - 6, bar.center().y())
                                          : QPointF(bar.center().x(), bar.top() - 6);
        const int row = heatmap.cellAt(justBefore, &column);
        QVERIFY(row >= 0);
        QCOMPARE(beside ? column : row, 2);  // the last column, or the last row
        QCOMPARE(heatmap.cellAt(bar.center(), &column), -1);

        const auto [low, high] = heatmap.colourScaleRange();
        const double length = beside ? bar.height() : bar.width();
        // The point at fraction t of the way from the low end to the high end.
        const auto along = [&](double t) {
            return beside ? QPointF(bar.center().x(), bar.bottom() - t * length)
                          : QPointF(bar.left() + t * length, bar.center().y());
        };
        const double scale = image.width() / double(heatmap.width());  // device pixel ratio
        const auto pixelAt = [&](double t) {
            const QPointF p = along(t) * scale;
            return image.pixelColor(int(p.x()), int(p.y()));
        };
        // Inside the grey frame: 2.5 pixels in from each end, and the middle.
        const double inset = 2.5 / length;
        for (const double t : {inset, 0.5, 1.0 - inset}) {
            const double value = low + (high - low) * t;
            const QColor drawn = pixelAt(t);
            QVERIFY2(colourDistance(drawn, divergingColor(value)) <= 4,
                     qPrintable(QStringLiteral("t %1: %2 for value %3, expected %4")
                                    .arg(t)
                                    .arg(drawn.name())
                                    .arg(value)
                                    .arg(divergingColor(value).name())));
        }
        // The ends are the ends of the map, as near as a few pixels of a long bar allow.
        const int tolerance = int(std::ceil(2 * inset * 255)) + 4;
        QVERIFY(colourDistance(pixelAt(inset), divergingColor(low)) <= tolerance);
        QVERIFY(colourDistance(pixelAt(1.0 - inset), divergingColor(high)) <= tolerance);
        QVERIFY(colourDistance(divergingColor(low), divergingColor(high)) > 100);
    }

    // Too small to draw the matrix: no bar either; without words, none.
    void noBarWithoutAMatrix() {
        SimilarityHeatmap tiny(QStringLiteral("cosine"));
        filledHeatmap(tiny, QSize(60, 40));
        tiny.grab();
        QVERIFY(tiny.colourBarRect().isEmpty());
        SimilarityHeatmap empty(QStringLiteral("cosine"));
        empty.resize(260, 240);
        empty.grab();
        QVERIFY(empty.colourBarRect().isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestSimilarityHeatmap)
#include "tst_similarityheatmap.moc"
