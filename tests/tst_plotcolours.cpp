// plotcolours: the scatter plot's colour scheme, without a widget.
#include <QtTest>

#include "PlotColours.h"
#include "testutil.h"

namespace colours = embedscope::plotcolours;

class TestPlotColours : public QObject {
    Q_OBJECT
private slots:
    void viridisEndsAndClamps();
    void paletteRunsFromDarkToLight();
    void rankColourIndexIsLogarithmic();
};

void TestPlotColours::viridisEndsAndClamps() {
    QCOMPARE(colours::viridis(0.0).rgb(), QColor(0x44, 0x01, 0x54).rgb());
    QCOMPARE(colours::viridis(1.0).rgb(), QColor(0xfd, 0xe7, 0x25).rgb());
    QCOMPARE(colours::viridis(-3.0).rgb(), colours::viridis(0.0).rgb());
    QCOMPARE(colours::viridis(7.0).rgb(), colours::viridis(1.0).rgb());
    QCOMPARE(colours::viridis(qQNaN()).rgb(), colours::viridis(0.0).rgb());
}

void TestPlotColours::paletteRunsFromDarkToLight() {
    const QVector<QRgb>& palette = colours::rankPalette();
    QCOMPARE(palette.size(), colours::kPaletteSize);
    QCOMPARE(palette.first(),
             (colours::viridis(0.0).rgb() & 0xffffffu) | (QRgb(colours::kPointAlpha) << 24));
    for (int i = 1; i < palette.size(); ++i) {
        QCOMPARE(qAlpha(palette[i]), colours::kPointAlpha);
        QVERIFY(qGray(palette[i]) >= qGray(palette[i - 1]));
    }
    // The yellow end is not used.
    QVERIFY(QColor(palette.last()).blue() > QColor(colours::viridis(1.0)).blue());
}

void TestPlotColours::rankColourIndexIsLogarithmic() {
    QCOMPARE(colours::rankColourIndex(0, 1000000), 0);
    QCOMPARE(colours::rankColourIndex(999999, 1000000), colours::kPaletteSize - 1);
    QCOMPARE(colours::rankColourIndex(5000000, 1000000), colours::kPaletteSize - 1);
    QCOMPARE(colours::rankColourIndex(0, 1), 0);
    QCOMPARE(colours::rankColourIndex(-4, 10), 0);
    // log(1 + 99) / log(1e6) = 1/3: the first hundred of a million words get a third of the
    // colours; 31 / 3 rounds to 10.
    QCOMPARE(int(colours::rankColourIndex(99, 1000001)), 10);
    for (int rank = 1; rank < 1000; ++rank)
        QVERIFY(colours::rankColourIndex(rank, 1000) >= colours::rankColourIndex(rank - 1, 1000));
}

EMBEDSCOPE_TEST_MAIN(TestPlotColours)
#include "tst_plotcolours.moc"
