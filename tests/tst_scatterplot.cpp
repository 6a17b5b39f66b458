// ScatterPlot on the offscreen platform: gliding, picking, clicking, highlighting, label
// placement, export rendering and the view keys.
#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QSvgGenerator>
#include <QToolTip>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>

#include "PlotArea.h"
#include "ScatterPlot.h"
#include "uitestutil.h"

using embedscope::Frame;
using embedscope::LayoutMethod;
using embedscope::PlotArea;
using embedscope::PlotWord;
using embedscope::ScatterPlot;
using namespace embedscope::test;

namespace {

// n points in a few Gaussian clusters, word 0 at the centre of the first cluster.
QVector<QPointF> clusteredPositions(int n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    const QPointF centres[] = {{-2, -1}, {1.5, 1.0}, {2.0, -2.0}, {-1.0, 2.0}};
    QVector<QPointF> positions;
    for (int i = 0; i < n; ++i) {
        const QPointF c = centres[i % 4];
        positions.append(i == 0 ? c : c + QPointF(gauss(rng), gauss(rng)) * 0.5);
    }
    return positions;
}

bool allInside(const ScatterPlot& plot) {
    const QRectF area(plot.rect());
    for (const QPointF& p : plot.currentPositions())
        if (!area.contains(plot.transform().toPixel(p)))
            return false;
    return true;
}

// A shown plot of the given size (events need a window), with words and positions set.
std::unique_ptr<ScatterPlot> makePlot(const QVector<PlotWord>& words,
                                      const QVector<QPointF>& positions, QSize size = {400, 300}) {
    auto plot = std::make_unique<ScatterPlot>();
    showExposed(*plot, size);
    plot->setWords(words);
    plot->setTargetPositions(positions, 0);
    return plot;
}

int nonWhitePixels(const QImage& image) {
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if ((image.pixel(x, y) & 0xffffff) != 0xffffff)
                ++count;
    return count;
}

}  // namespace

class TestScatterPlot : public QObject {
    Q_OBJECT
private slots:
    void glidesToTheTargetPositions();
    void streamedTargetsMoveForwardOnly();
    void nonFiniteTargetsDoNotKeepTheTimerRunning();
    void firstPositionsFitTheView();
    void wrongNumberOfPositionsIsIgnored();
    void pointAtFindsTheNearestWord();
    void clickSelectsAndEmitsPointClicked();
    void clickOnEmptySpaceEmitsNothing();
    void hoverEmitsPointHovered();
    void tooltipShowsWordCountAndNeighbours();
    void highlightCount_data();
    void highlightCount();
    void invalidPatternSaysWhereAndWhy_data();
    void invalidPatternSaysWhereAndWhy();
    void labelsDoNotOverlap_data();
    void labelsDoNotOverlap();
    void labelsOffKeepsOnlySelectedAndMatches();
    void renderToDrawsTheScene_data();
    void renderToDrawsTheScene();
    void renderToSvgDrawsVectorShapes();
    void tinyAndEmptyTargetsPaintSafely();
    void keyFFitsAllPoints();
    void wheelZoomsAboutTheCursor();
    void dragPansWithoutClicking();
    void selectedWordLeavesABoundedTrail();
    void iterativeLayoutFramesGlideTheViewWithoutATrail();
    void setWordsResets();
    void placeholderSaysWhyNothingIsDrawn();
    void manyPointsDrawAsADensityImageAndStayInteractive();
    void floatPositionsMatchPointPositions();
};

void TestScatterPlot::glidesToTheTargetPositions() {
    const QVector<QPointF> start = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    const QVector<QPointF> end = {{2, 2}, {-1, 3}, {0.5, -2}, {1, 1}};
    auto plot = makePlot(makeWords(4), start);
    QCOMPARE(plot->currentPositions(), start);
    QVERIFY(!plot->isAnimating());

    plot->setTargetPositions(end, 300);
    QVERIFY(plot->isAnimating());
    QCOMPARE(plot->currentPositions(), start);  // nothing moves before the first frame
    // Some frame part-way through lies strictly between start and end on the moving points.
    QTRY_VERIFY_WITH_TIMEOUT(plot->currentPositions() != start, 2000);
    if (plot->isAnimating()) {
        const QPointF mid = plot->currentPositions()[0];
        QVERIFY(mid.x() > 0 && mid.x() <= 2 && mid.y() > 0 && mid.y() <= 2);
        QCOMPARE(plot->currentPositions()[3], QPointF(1, 1));  // a still point stays put
    }
    QTRY_COMPARE_WITH_TIMEOUT(plot->currentPositions(), end, 3000);
    QTRY_VERIFY(!plot->isAnimating());  // the timer stops when nothing moves

    // A zero glide jumps.
    plot->setTargetPositions(start, 0);
    QCOMPARE(plot->currentPositions(), start);
    QVERIFY(!plot->isAnimating());
}

void TestScatterPlot::streamedTargetsMoveForwardOnly() {
    // Targets arrive faster than the glide time, marching to the right: the points follow
    // without ever stepping back (no overshoot, no restart from rest), then settle on the last.
    auto plot = makePlot(makeWords(2), {{0, 0}, {0, 1}});
    plot->setSelectedIndex(0);
    double lastX = 0.0;
    for (int k = 1; k <= 12; ++k) {
        plot->setTargetPositions({{0.5 * k, 0}, {0.5 * k, 1}}, 200);
        QTest::qWait(25);
        const double x = plot->currentPositions()[0].x();
        QVERIFY2(x >= lastX - 1e-12, qPrintable(QStringLiteral("%1 < %2").arg(x).arg(lastX)));
        QVERIFY(x <= 0.5 * k + 1e-12);
        lastX = x;
    }
    const QVector<QPointF> last = {{6, 0}, {6, 1}};
    QTRY_COMPARE_WITH_TIMEOUT(plot->currentPositions(), last, 5000);
    QTRY_VERIFY(!plot->isAnimating());
    QVERIFY(allInside(*plot));  // the view followed the data
    QVERIFY(!plot->selectedTrail().isEmpty());
}

void TestScatterPlot::nonFiniteTargetsDoNotKeepTheTimerRunning() {
    auto plot = makePlot(makeWords(3), {{0, 0}, {1, 1}, {2, 0}});
    plot->setSelectedIndex(1);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    plot->setTargetPositions({{0, 1}, {nan, 1}, {2, 1}}, 50);
    QTRY_VERIFY_WITH_TIMEOUT(!plot->isAnimating(), 3000);
    QCOMPARE(plot->currentPositions()[2], QPointF(2, 1));
    plot->grab();  // paints without the NaN point, its label or its trail
    QVERIFY(!plot->placedLabelIndices().contains(1));
    QVERIFY(plot->pointAt(QPointF(0, 0)) != 1);
}

void TestScatterPlot::firstPositionsFitTheView() {
    // Far from the origin and tiny: the first positions must still be fitted into view.
    const QVector<QPointF> positions = {{1000.0, 1000.0}, {1000.001, 1000.002}, {999.999, 1000}};
    auto plot = makePlot(makeWords(3), positions);
    QVERIFY(allInside(*plot));
}

void TestScatterPlot::wrongNumberOfPositionsIsIgnored() {
    const QVector<QPointF> positions = {{0, 0}, {1, 1}};
    auto plot = makePlot(makeWords(2), positions);
    QTest::ignoreMessage(QtWarningMsg,
                         "ScatterPlot::setTargetPositions: 3 positions for 2 words; ignored");
    plot->setTargetPositions({{5, 5}, {6, 6}, {7, 7}}, 0);
    QCOMPARE(plot->currentPositions(), positions);
}

void TestScatterPlot::pointAtFindsTheNearestWord() {
    const QVector<QPointF> positions = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0.5, 0.5}};
    auto plot = makePlot(makeWords(5), positions);
    for (int i = 0; i < positions.size(); ++i) {
        const QPointF pixel = plot->transform().toPixel(positions[i]);
        QCOMPARE(plot->pointAt(pixel), i);
        QCOMPARE(plot->pointAt(pixel + QPointF(3, -2)), i);  // within the pick radius
    }
    // Far from every point.
    const QPointF between = plot->transform().toPixel(QPointF(0.25, 0.75));
    QCOMPARE(plot->pointAt(between), -1);
    QCOMPARE(plot->pointAt(QPointF(-50, -50)), -1);
}

void TestScatterPlot::clickSelectsAndEmitsPointClicked() {
    const QVector<QPointF> positions = clusteredPositions(200, 7);
    auto plot = makePlot(makeWords(200), positions);
    QSignalSpy clicked(plot.get(), &ScatterPlot::pointClicked);
    const int target = 37;
    const QPoint pixel = plot->transform().toPixel(positions[target]).toPoint();
    // The grid lookup agrees with a brute-force search (ties go to the earlier word).
    int expected = -1;
    double best = ScatterPlot::kPickRadius * ScatterPlot::kPickRadius;
    for (int i = 0; i < positions.size(); ++i) {
        const QPointF d = plot->transform().toPixel(positions[i]) - QPointF(pixel);
        const double distance2 = d.x() * d.x() + d.y() * d.y();
        if (distance2 < best) {
            best = distance2;
            expected = i;
        }
    }
    QVERIFY(expected >= 0);
    QCOMPARE(plot->pointAt(QPointF(pixel)), expected);
    QTest::mouseClick(plot.get(), Qt::LeftButton, Qt::NoModifier, pixel);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), expected);
    QCOMPARE(plot->selectedIndex(), expected);

    // An isolated point: the click must pick exactly it.
    QVector<QPointF> sparse = {{0, 0}, {5, 5}, {-5, 5}};
    plot->setWords(makeWords(3));
    plot->setTargetPositions(sparse, 0);
    QTest::mouseClick(plot.get(), Qt::LeftButton, Qt::NoModifier,
                      plot->transform().toPixel(sparse[2]).toPoint() + QPoint(2, 1));
    QCOMPARE(clicked.count(), 2);
    QCOMPARE(clicked.at(1).at(0).toInt(), 2);
    QCOMPARE(plot->selectedIndex(), 2);
}

void TestScatterPlot::clickOnEmptySpaceEmitsNothing() {
    auto plot = makePlot(makeWords(2), {{0, 0}, {1, 1}});
    QSignalSpy clicked(plot.get(), &ScatterPlot::pointClicked);
    QTest::mouseClick(plot.get(), Qt::LeftButton, Qt::NoModifier,
                      plot->transform().toPixel(QPointF(1, 0)).toPoint());
    QCOMPARE(clicked.count(), 0);
    QCOMPARE(plot->selectedIndex(), -1);
}

void TestScatterPlot::hoverEmitsPointHovered() {
    const QVector<QPointF> positions = {{0, 0}, {1, 1}};
    auto plot = makePlot(makeWords(2), positions);
    QSignalSpy hovered(plot.get(), &ScatterPlot::pointHovered);
    QTest::mouseMove(plot.get(), plot->transform().toPixel(positions[1]).toPoint());
    QTRY_COMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toInt(), 1);
    QTest::mouseMove(plot.get(), plot->transform().toPixel(QPointF(1, 0)).toPoint());
    QTRY_COMPARE(hovered.count(), 2);
    QCOMPARE(hovered.at(1).at(0).toInt(), -1);
}

void TestScatterPlot::tooltipShowsWordCountAndNeighbours() {
    const QVector<QPointF> positions = {{0, 0}, {1, 1}};
    auto plot = makePlot(makeWords({QStringLiteral("paris"), QStringLiteral("<rome>")}), positions);
    int askedFor = -1;
    plot->setNeighbourProvider([&](int index) {
        askedFor = index;
        return QStringList{QStringLiteral("berlin"), QStringLiteral("madrid")};
    });
    const QPoint pixel = plot->transform().toPixel(positions[1]).toPoint();
    QHelpEvent help(QEvent::ToolTip, pixel, plot->mapToGlobal(pixel));
    QApplication::sendEvent(plot.get(), &help);
    QCOMPARE(askedFor, 1);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString text = QToolTip::text();
    QVERIFY2(text.contains(QStringLiteral("&lt;rome&gt;")), qPrintable(text));  // escaped
    QVERIFY2(text.contains(QStringLiteral("500")), qPrintable(text));           // the count
    QVERIFY2(text.contains(QStringLiteral("berlin, madrid")), qPrintable(text));
    QToolTip::hideText();
}

void TestScatterPlot::highlightCount_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<int>("expected");
    QTest::addColumn<int>("expectedForDoghouse");
    QTest::newRow("substring") << QStringLiteral("dog") << false << 4 << 1;
    QTest::newRow("substring, case-insensitive") << QStringLiteral("DOG") << false << 4 << 1;
    QTest::newRow("substring is literal") << QStringLiteral("^dog") << false << 0 << 0;
    QTest::newRow("regex anchored") << QStringLiteral("^dog") << true << 3 << 1;
    QTest::newRow("regex end") << QStringLiteral("s$") << true << 1 << 0;
    QTest::newRow("regex alternation") << QStringLiteral("^(cat|bird)$") << true << 2 << 0;
    QTest::newRow("invalid regex matches nothing") << QStringLiteral("(dog") << true << 0 << 0;
    QTest::newRow("empty clears") << QString() << false << 0 << 0;
}

void TestScatterPlot::highlightCount() {
    QFETCH(QString, pattern);
    QFETCH(bool, regex);
    QFETCH(int, expected);
    QFETCH(int, expectedForDoghouse);
    const QStringList texts = {QStringLiteral("dog"),   QStringLiteral("dogs"),
                               QStringLiteral("cat"),   QStringLiteral("hotdog"),
                               QStringLiteral("Dogma"), QStringLiteral("bird")};
    auto plot = makePlot(makeWords(texts), clusteredPositions(int(texts.size()), 3));
    plot->setHighlight(pattern, regex);
    QCOMPARE(plot->highlightCount(), expected);
    int flagged = 0;
    for (int i = 0; i < texts.size(); ++i)
        flagged += plot->isHighlighted(i) ? 1 : 0;
    QCOMPARE(flagged, expected);
    // Highlighted words win the label contest: all of them are labelled in this sparse plot.
    plot->grab();
    for (int i = 0; i < texts.size(); ++i)
        if (plot->isHighlighted(i))
            QVERIFY(plot->placedLabelIndices().contains(i));
    // The matches follow new words.
    plot->setWords(makeWords({QStringLiteral("doghouse")}));
    QCOMPARE(plot->highlightCount(), expectedForDoghouse);
}

// An invalid regular expression is reported with its place and Qt's reason instead of reading as
// "0 matches"; the summary a search box shows follows the pattern and the words.
void TestScatterPlot::invalidPatternSaysWhereAndWhy_data() {
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unclosed group") << QStringLiteral("(dog")
                                    << QStringLiteral(
                                           "invalid pattern at its end: missing closing "
                                           "parenthesis");
    QTest::newRow("nothing to repeat")
        << QStringLiteral("do*+?g")
        << QStringLiteral(
               "invalid pattern at character 5: quantifier does not follow a "
               "repeatable item");
    QTest::newRow("unmatched parenthesis")
        << QStringLiteral("a)b")
        << QStringLiteral("invalid pattern at character 2: unmatched closing parenthesis");
    // Characters, not UTF-16 units: the emoji before it is one character (two units).
    QTest::newRow("after characters outside the BMP")
        << QString::fromUtf8("\xF0\x9F\x98\x80\xC3\xA9)x")
        << QStringLiteral("invalid pattern at character 3: unmatched closing parenthesis");
}

void TestScatterPlot::invalidPatternSaysWhereAndWhy() {
    QFETCH(QString, pattern);
    QFETCH(QString, expected);
    auto plot =
        makePlot(makeWords({QStringLiteral("dog"), QStringLiteral("cat"), QStringLiteral("dogs")}),
                 clusteredPositions(3, 1));
    QSignalSpy changed(plot.get(), &ScatterPlot::highlightChanged);
    QCOMPARE(plot->highlightSummary(), QString());
    plot->setHighlight(pattern, true);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(plot->highlightCount(), 0);
    QCOMPARE(plot->highlightError(), expected);
    QCOMPARE(plot->highlightSummary(), plot->highlightError());

    // The same text as a substring is fine; so is the corrected expression.
    plot->setHighlight(pattern, false);
    QCOMPARE(plot->highlightError(), QString());
    plot->setHighlight(QStringLiteral("^dog"), true);
    QCOMPARE(plot->highlightError(), QString());
    QCOMPARE(plot->highlightSummary(), QStringLiteral("2 plotted match(es)"));
    plot->setWords(makeWords({QStringLiteral("dog")}));  // new words: the count follows
    QCOMPARE(plot->highlightSummary(), QStringLiteral("1 plotted match(es)"));
    QCOMPARE(changed.size(), 4);
    plot->setHighlight(QString(), true);
    QCOMPARE(plot->highlightSummary(), QString());
}

void TestScatterPlot::labelsDoNotOverlap_data() {
    QTest::addColumn<int>("points");
    QTest::addColumn<QString>("highlight");
    QTest::newRow("300 words") << 300 << QString();
    QTest::newRow("3000 words") << 3000 << QString();
    QTest::newRow("3000 words, highlight") << 3000 << QStringLiteral("7");
}

void TestScatterPlot::labelsDoNotOverlap() {
    QFETCH(int, points);
    QFETCH(QString, highlight);
    auto plot = makePlot(makeWords(points), clusteredPositions(points, 11), QSize(600, 400));
    plot->setAxisInfo(QStringLiteral("PC1 (23.4%)"), QStringLiteral("PC2 (11.8%)"));
    plot->setHighlight(highlight, false);
    plot->setSelectedIndex(5);
    plot->grab();  // paints
    const QVector<QRectF> rects = plot->placedLabelRects();
    const QVector<int> indices = plot->placedLabelIndices();
    QCOMPARE(rects.size(), indices.size());
    QVERIFY2(rects.size() >= 20, qPrintable(QString::number(rects.size())));
    QVERIFY2(rects.size() < points, "labels in a dense plot must be thinned");
    for (int a = 0; a < rects.size(); ++a) {
        QVERIFY(QRectF(plot->rect()).contains(rects[a]));
        for (int b = a + 1; b < rects.size(); ++b)
            QVERIFY2(
                !rects[a].intersects(rects[b]),
                qPrintable(
                    QStringLiteral("labels %1 and %2 overlap").arg(indices[a]).arg(indices[b])));
    }
    QVERIFY(indices.contains(5));  // the selected word
    if (highlight.isEmpty()) {
        QVERIFY(indices.contains(0));  // the most frequent word
    } else {
        // Every placed non-matching label comes after all matches in priority.
        int lastMatch = -1, firstOther = int(indices.size());
        for (int k = 0; k < indices.size(); ++k) {
            if (indices[k] == 5)
                continue;
            if (plot->isHighlighted(indices[k]))
                lastMatch = k;
            else
                firstOther = std::min(firstOther, k);
        }
        QVERIFY(lastMatch >= 0);
        QVERIFY(lastMatch < firstOther);
    }
}

void TestScatterPlot::labelsOffKeepsOnlySelectedAndMatches() {
    auto plot = makePlot(makeWords(300), clusteredPositions(300, 5), QSize(600, 400));
    plot->setLabelsVisible(false);
    plot->grab();
    QVERIFY(plot->placedLabelIndices().isEmpty());
    plot->setSelectedIndex(42);
    plot->setHighlight(QStringLiteral("word29"), false);  // word29, word290..word299
    plot->grab();
    for (int i : plot->placedLabelIndices())
        QVERIFY(i == 42 || plot->isHighlighted(i));
    QVERIFY(plot->placedLabelIndices().contains(42));
}

void TestScatterPlot::renderToDrawsTheScene_data() {
    QTest::addColumn<qreal>("devicePixelRatio");
    QTest::newRow("1x") << qreal(1);
    QTest::newRow("2x (high DPI)") << qreal(2);
}

void TestScatterPlot::renderToDrawsTheScene() {
    QFETCH(qreal, devicePixelRatio);
    const QVector<QPointF> positions = clusteredPositions(100, 1);
    auto plot = makePlot(makeWords(100), positions);
    const QSize logical = plot->size();
    QImage image(logical * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(devicePixelRatio);
    image.fill(Qt::black);
    {
        QPainter painter(&image);
        plot->renderTo(painter, QRect(QPoint(0, 0), logical));
    }
    // The background is painted everywhere (no black left), and there is content on it.
    int black = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if ((image.pixel(x, y) & 0xffffff) == 0)
                ++black;
    QCOMPARE(black, 0);
    QVERIFY(nonWhitePixels(image) > 500);
    // A point is drawn where the transform says it is (word 0, drawn on top of its cluster).
    const QPointF pixel = plot->transform().toPixel(positions[0]) * devicePixelRatio;
    const QColor colour = image.pixelColor(pixel.toPoint());
    QVERIFY2(colour.lightness() < 200,
             qPrintable(QStringLiteral("lightness %1").arg(colour.lightness())));

    // An empty plot still paints its background and a hint.
    ScatterPlot empty;
    empty.resize(200, 100);
    QImage blank(200, 100, QImage::Format_ARGB32_Premultiplied);
    blank.fill(Qt::black);
    {
        QPainter painter(&blank);
        empty.renderTo(painter, blank.rect());
    }
    QCOMPARE(blank.pixelColor(1, 1), QColor(Qt::white));
}

void TestScatterPlot::renderToSvgDrawsVectorShapes() {
    const QVector<QPointF> positions = clusteredPositions(40, 9);
    auto plot = makePlot(makeWords(40), positions);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(plot->size());
    svg.setViewBox(plot->rect());
    {
        QPainter painter(&svg);
        plot->renderTo(painter, plot->rect());
    }
    const QString text = QString::fromUtf8(buffer.data());
    // Points are vector ellipses, not embedded sprite images, and the labels are text.
    QCOMPARE(text.count(QStringLiteral("<image")), 0);
    QVERIFY2(text.count(QStringLiteral("<ellipse")) + text.count(QStringLiteral("<circle")) +
                     text.count(QStringLiteral("<path")) >=
                 40,
             qPrintable(text.left(400)));
    QVERIFY(!plot->placedLabelIndices().isEmpty());
    const QString firstLabel = plot->words()[plot->placedLabelIndices().first()].word;
    QVERIFY2(text.contains(firstLabel), qPrintable(firstLabel));
}

void TestScatterPlot::tinyAndEmptyTargetsPaintSafely() {
    auto plot = makePlot(makeWords(500), clusteredPositions(500, 8), QSize(3, 2));
    plot->setAxisInfo(QStringLiteral("PC1 (50.0%)"), QStringLiteral("PC2 (20.0%)"));
    plot->setSelectedIndex(0);
    plot->grab();
    for (const QRectF& r : plot->placedLabelRects())
        QVERIFY(QRectF(plot->rect()).contains(r));
    QImage image(10, 10, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    plot->renderTo(painter, QRect(0, 0, 0, 0));
    plot->renderTo(painter, QRect(5, 5, 1, 1));
    plot->renderTo(painter, QRect(-20, -20, 10, 10));  // partly and wholly outside the device
}

void TestScatterPlot::keyFFitsAllPoints() {
    const QVector<QPointF> positions = clusteredPositions(500, 2);
    auto plot = makePlot(makeWords(500), positions);
    QVERIFY(allInside(*plot));
    // Zoom in and pan away until points fall outside.
    for (int i = 0; i < 6; ++i)
        QTest::keyClick(plot.get(), Qt::Key_Plus);
    QTest::keyClick(plot.get(), Qt::Key_Left);
    QVERIFY(!allInside(*plot));
    // While zoomed in by the user, new positions do not refit the view.
    plot->setTargetPositions(positions, 0);
    QVERIFY(!allInside(*plot));
    QTest::keyClick(plot.get(), Qt::Key_F);
    QVERIFY(allInside(*plot));
    // Moved data after F: the view follows again.
    QVector<QPointF> moved = positions;
    for (QPointF& p : moved)
        p = p * 10 + QPointF(100, -50);
    plot->setTargetPositions(moved, 50);
    QTRY_COMPARE(plot->currentPositions(), moved);
    QTRY_VERIFY(!plot->isAnimating());
    QVERIFY(allInside(*plot));
}

void TestScatterPlot::wheelZoomsAboutTheCursor() {
    auto plot = makePlot(makeWords(50), clusteredPositions(50, 4));
    const QPointF cursor(120, 90);
    const QPointF underCursor = plot->transform().toData(cursor);
    const double scale = plot->transform().scale();
    sendWheelNotch(plot.get(), cursor);
    QVERIFY(plot->transform().scale() > scale * 1.05);
    const QPointF after = plot->transform().toPixel(underCursor);
    QVERIFY2(QLineF(after, cursor).length() < 1e-6,
             qPrintable(QStringLiteral("%1,%2").arg(after.x()).arg(after.y())));
}

void TestScatterPlot::dragPansWithoutClicking() {
    const QVector<QPointF> positions = {{0, 0}, {1, 1}};
    auto plot = makePlot(makeWords(2), positions);
    QSignalSpy clicked(plot.get(), &ScatterPlot::pointClicked);
    const QPointF start = plot->transform().toPixel(positions[0]);  // press on a point...
    const QPointF end = start + QPointF(40, 25);
    auto send = [&](QEvent::Type type, QPointF pos, Qt::MouseButtons buttons) {
        sendMouse(plot.get(), type, pos, Qt::LeftButton, buttons);
    };
    send(QEvent::MouseButtonPress, start, Qt::LeftButton);
    send(QEvent::MouseMove, start + QPointF(20, 10), Qt::LeftButton);
    send(QEvent::MouseMove, end, Qt::LeftButton);
    send(QEvent::MouseButtonRelease, end, Qt::NoButton);
    // ...the content followed the cursor, and a drag is not a click.
    const QPointF moved = plot->transform().toPixel(positions[0]);
    QVERIFY2(QLineF(moved, end).length() < 1e-6,
             qPrintable(QStringLiteral("%1,%2").arg(moved.x()).arg(moved.y())));
    QCOMPARE(clicked.count(), 0);
}

void TestScatterPlot::selectedWordLeavesABoundedTrail() {
    QVector<QPointF> positions = {{0, 0}, {1, 1}};
    auto plot = makePlot(makeWords(2), positions);
    plot->setSelectedIndex(1);
    QVERIFY(plot->selectedTrail().isEmpty());
    for (int step = 1; step <= 100; ++step) {
        positions[1] = QPointF(1 + 0.01 * step, 1);
        plot->setTargetPositions(positions, 0);
    }
    const QVector<QPointF> trail = plot->selectedTrail();
    QCOMPARE(trail.size(), ScatterPlot::kTrailLength);
    // Oldest first, ending at the position drawn before the latest update.
    QCOMPARE(trail.last(), QPointF(1.99, 1));
    QCOMPARE(trail.first(), QPointF(1 + 0.01 * (99 - ScatterPlot::kTrailLength + 1), 1));
    plot->grab();  // the trail paints without trouble
    plot->setSelectedIndex(0);
    QVERIFY(plot->selectedTrail().isEmpty());
    plot->setSelectedIndex(7);  // out of range: no selection
    QCOMPARE(plot->selectedIndex(), -1);
}

void TestScatterPlot::iterativeLayoutFramesGlideTheViewWithoutATrail() {
    // t-SNE spreads out as it converges: each frame's view glides to fit the points (it does not
    // jump), even after the user zoomed, and the selected word leaves no trail (its positions are
    // of different layouts, not of its motion).
    const int n = 30;
    const QVector<QPointF> cloud = clusteredPositions(n, 7);
    auto frameScaled = [&](double factor) {
        Frame frame;
        frame.method = LayoutMethod::Tsne;
        frame.positions.resize(n, 2);
        for (int i = 0; i < n; ++i) {
            frame.rows.push_back(i);
            frame.positions(i, 0) = float(cloud[i].x() * factor);
            frame.positions(i, 1) = float(cloud[i].y() * factor);
        }
        return frame;
    };
    PlotArea area;
    showExposed(area, {400, 300});
    area.setWords(makeWords(n));
    area.setSelectedIndex(0);
    ScatterPlot* plot = area.plot2d();
    area.showFrame(frameScaled(1), 100);
    const double firstScale = plot->transform().scale();

    area.showFrame(frameScaled(10), 100);
    QVERIFY(plot->selectedTrail().isEmpty());
    QVERIFY(plot->isAnimating());
    QCOMPARE(plot->transform().scale(), firstScale);  // not fitted yet: the view glides there
    QTRY_VERIFY_WITH_TIMEOUT(!plot->isAnimating(), 3000);
    QVERIFY(allInside(*plot));
    QVERIFY(plot->transform().scale() < firstScale / 5);

    // The user zooms in; the next frame's view glides back to all points.
    QTest::keyClick(plot, Qt::Key_Plus);
    QTest::keyClick(plot, Qt::Key_Plus);
    QVERIFY(!allInside(*plot));
    area.showFrame(frameScaled(11), 100);
    QVERIFY(plot->selectedTrail().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!plot->isAnimating(), 3000);
    QVERIFY(allInside(*plot));
}

void TestScatterPlot::setWordsResets() {
    auto plot = makePlot(makeWords(3), {{0, 0}, {1, 1}, {2, 2}});
    plot->setSelectedIndex(2);
    plot->setHighlight(QStringLiteral("word"), false);
    QCOMPARE(plot->highlightCount(), 3);
    plot->setWords(makeWords({QStringLiteral("alpha"), QStringLiteral("word")}));
    QCOMPARE(plot->selectedIndex(), -1);
    QCOMPARE(plot->highlightCount(), 1);  // the pattern stays, the matches are recomputed
    QCOMPARE(plot->currentPositions().size(), 2);
    QCOMPARE(plot->pointAt(plot->transform().toPixel(QPointF(0, 0))), -1);  // no positions yet
}

// Instead of points the plot says why there are none; two words are too few to project.
void TestScatterPlot::placeholderSaysWhyNothingIsDrawn() {
    ScatterPlot plot;
    QCOMPARE(plot.placeholderText(), ScatterPlot::tr("No words to show yet"));
    plot.setWords(makeWords(QStringList{QStringLiteral("cat"), QStringLiteral("dog")}));
    QVERIFY2(plot.placeholderText().contains(QStringLiteral("at least 3 words; 2 plotted")),
             qPrintable(plot.placeholderText()));
    plot.setWords(makeWords(5));
    QCOMPARE(plot.placeholderText(), ScatterPlot::tr("Waiting for vectors"));
    plot.setTargetPositions(clusteredPositions(5, 1), 0);
    QVERIFY(plot.placeholderText().isEmpty());
}

void TestScatterPlot::manyPointsDrawAsADensityImageAndStayInteractive() {
    const int n = 3 * ScatterPlot::kMaxSpritePoints;
    const QVector<QPointF> positions = clusteredPositions(n, 17);
    auto plot = makePlot(makeWords(n), positions, QSize(600, 400));
    QSignalSpy hovered(plot.get(), &ScatterPlot::pointHovered);
    QImage image(plot->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    {
        QPainter painter(&image);
        plot->renderTo(painter, image.rect());
    }
    QVERIFY(plot->lastPaintUsedDensity());
    QVERIFY(nonWhitePixels(image) > 5000);
    // Word 0 (the most frequent: the darkest colour, and it wins its pixel) is drawn where the
    // transform puts it, and gets the first label.
    const QPointF pixel = plot->transform().toPixel(positions[0]);
    QVERIFY2(image.pixelColor(pixel.toPoint()).lightness() < 150,
             qPrintable(QString::number(image.pixelColor(pixel.toPoint()).lightness())));
    const QVector<int> indices = plot->placedLabelIndices();
    const QVector<QRectF> rects = plot->placedLabelRects();
    QVERIFY(indices.size() >= 20);
    QCOMPARE(indices.first(), 0);
    QVERIFY(std::is_sorted(indices.cbegin(), indices.cend()));  // by priority
    for (int a = 0; a < rects.size(); ++a)
        for (int b = a + 1; b < rects.size(); ++b)
            QVERIFY(!rects[a].intersects(rects[b]));
    // Picking, hovering and selecting work as with few points.
    QCOMPARE(plot->pointAt(pixel), 0);
    QTest::mouseMove(plot.get(), pixel.toPoint());
    QVERIFY(!hovered.isEmpty());
    const int under = plot->pointAt(QPointF(pixel.toPoint()));  // the cursor's whole pixel
    QVERIFY(under >= 0);
    QCOMPARE(hovered.last().at(0).toInt(), under);
    plot->setSelectedIndex(0);
    {
        QPainter painter(&image);
        plot->renderTo(painter, image.rect());
    }
    const QColor selected = image.pixelColor(pixel.toPoint());
    QVERIFY2(selected.red() > 150 && selected.green() < 120,
             qPrintable(selected.name()));  // the selection's pink, on top of the density
    // Zoomed in far enough, the few visible points are single sprites again.
    for (int notch = 0; notch < 30 && plot->lastPaintUsedDensity(); ++notch) {
        sendWheelNotch(plot.get(), pixel);
        plot->grab();
    }
    QVERIFY(!plot->lastPaintUsedDensity());
    QCOMPARE(plot->pointAt(plot->transform().toPixel(positions[0])), 0);
}

void TestScatterPlot::floatPositionsMatchPointPositions() {
    const QVector<QPointF> positions = clusteredPositions(50, 4);
    std::vector<float> xy;
    QVector<QPointF> rounded;
    for (const QPointF& p : positions) {
        xy.push_back(float(p.x()));
        xy.push_back(float(p.y()));
        rounded.append(QPointF(float(p.x()), float(p.y())));
    }
    ScatterPlot plot;
    plot.setWords(makeWords(50));
    plot.setTargetPositions(xy.data(), 50, 0);
    QCOMPARE(plot.currentPositions(), rounded);
    plot.setTargetPositions(xy.data(), 49, 0);  // a wrong size is ignored, as with QPointF
    QCOMPARE(plot.currentPositions(), rounded);
}

EMBEDSCOPE_TEST_MAIN(TestScatterPlot)
#include "tst_scatterplot.moc"
