// Colouring the plot (issue 18, section 3): a categorical metadata column of more than 50
// categories (the legend lists the 20 largest and "other", with the right counts), a numeric one
// (the scale's minimum and maximum), isolating and hiding categories by clicking the legend,
// k-means clusters with their labels placed without overlap, word-list membership, and a bad
// metadata file that leaves the earlier colouring as it was.
#include <QtTest>

#include <QFile>
#include <QTemporaryDir>

#include <array>
#include <cmath>
#include <numeric>
#include <set>

#include "ColouringActions.h"
#include "MetadataTsv.h"
#include "PlotArea.h"
#include "PlotColours.h"
#include "PlotLegend.h"
#include "PlotView3D.h"
#include "Random.h"
#include "TrainingController.h"
#include "VectorSource.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

constexpr int kWords = 900;
constexpr int kCategories = 60;

// Word i's category: category c holds about (c + 1) % 7 + 1 shares (so counts differ and ties
// are few), ordered as MetadataTsv leaves them: most frequent first.
MetadataColumn manyCategories(int words, std::vector<int>& counts) {
    MetadataColumn column;
    column.name = "topic";
    std::vector<int> categoryOf;
    for (int c = 0; c < kCategories; ++c)
        for (int k = 0; k < 1 + (c * 7) % 23; ++k)
            categoryOf.push_back(c);
    counts.assign(kCategories, 0);
    for (int c = 0; c < kCategories; ++c)
        column.categories.push_back("topic" + std::to_string(c));
    for (int i = 0; i < words; ++i) {
        // Every 50th word has no value.
        const int c = i % 50 == 49 ? -1 : categoryOf[std::size_t(i) % categoryOf.size()];
        column.categoryOfRow.push_back(c);
        if (c >= 0)
            ++counts[std::size_t(c)];
    }
    return column;
}

QVector<QPointF> spread(int n) {
    QVector<QPointF> points;
    SplitMix64 random(3);
    for (int i = 0; i < n; ++i)
        points.append({random.uniformFloat() * 10.0, random.uniformFloat() * 10.0});
    return points;
}

// Vectors in four well-separated directions (clusters "a", "b", "c", "d"), words "a0", "b0", ...
std::shared_ptr<LoadedVectorSource> fourClusters(int perCluster) {
    WordVectors vectors;
    const int n = 4 * perCluster;
    vectors.vectors.resize(n, 8);
    SplitMix64 random(5);
    for (int i = 0; i < n; ++i) {
        const int c = i % 4;
        vectors.words.push_back(std::string(1, char('a' + c)) + std::to_string(i / 4));
        for (int d = 0; d < 8; ++d)
            vectors.vectors(i, d) = (d == c ? 1.0f : 0.0f) + 0.15f * (random.uniformFloat() - 0.5f);
    }
    return std::make_shared<LoadedVectorSource>("four.vec", std::move(vectors));
}

void writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

void clickAt(QWidget* widget, QPointF pos, Qt::KeyboardModifiers modifiers = {}) {
    QTest::mouseClick(widget, Qt::LeftButton, modifiers, pos.toPoint());
}

QRectF rowOf(const ScatterPlot* plot, int entry) {
    for (const PlotLegend::Row& row : plot->legendRows())
        if (row.entry == entry)
            return row.rect;
    return {};
}

}  // namespace

class TestColouringGui : public QObject {
    Q_OBJECT
private slots:
    void categoricalLegendListsTwentyAndOther() {
        PlotArea area;
        showExposed(area, {900, 700});
        const QVector<PlotWord> words = makeWords(kWords);
        area.setWords(words);
        area.plot2d()->setTargetPositions(spread(kWords), 0);
        std::vector<int> counts;
        MetadataColumn column = manyCategories(kWords, counts);
        // The column as the reader leaves it: categories most frequent first.
        sortCategoriesByFrequency(column);
        std::sort(counts.begin(), counts.end(), std::greater<>());
        area.setColourColumn(std::make_shared<const MetadataColumn>(column));
        const PlotColouring& c = area.colouring();
        QVERIFY(c.kind == PlotColouring::Kind::Categorical);
        QCOMPARE(c.legend.size(), PlotColouring::kNoValueKey + 1);
        int other = 0;
        for (int k = 0; k < kCategories; ++k) {
            if (k < plotcolours::kCategoryColours)
                QCOMPARE(c.legend[k].count, qsizetype(counts[std::size_t(k)]));
            else
                other += counts[std::size_t(k)];
        }
        QCOMPARE(c.legend[PlotColouring::kOtherKey].count, qsizetype(other));
        QCOMPARE(c.legend[PlotColouring::kNoValueKey].count, qsizetype(kWords / 50));
        QCOMPARE(c.legend[PlotColouring::kOtherKey].name, QStringLiteral("other (40 categories)"));
        // The twenty colours differ, and differ from "other".
        std::set<QRgb> colours;
        for (int k = 0; k <= PlotColouring::kOtherKey; ++k)
            colours.insert(c.palette[k]);
        QCOMPARE(int(colours.size()), PlotColouring::kOtherKey + 1);
        // Each word's key is its category's, or "other".
        for (int i = 0; i < kWords; ++i) {
            const int category = column.categoryOfRow[std::size_t(i)];
            const int expected = category < 0    ? PlotColouring::kNoValueKey
                                 : category < 20 ? category
                                                 : PlotColouring::kOtherKey;
            QCOMPARE(int(c.keys[i]), expected);
        }
        // The legend the widget shows: 22 rows, the counts as text.
        area.plot2d()->grab();
        const QVector<PlotLegend::Row> rows = area.plot2d()->legendRows();
        QCOMPARE(rows.size(), 22);
        QCOMPARE(rows.last().entry, PlotColouring::kNoValueKey);
        QCOMPARE(PlotLegend::countText(30631), QStringLiteral("30,631"));
        for (int r = 1; r < rows.size(); ++r)
            QVERIFY(!rows[r].rect.intersects(rows[r - 1].rect));
        // Labels keep out of the legend.
        QRectF legendBox;
        for (const PlotLegend::Row& row : rows)
            legendBox |= row.rect;
        for (const QRectF& label : area.plot2d()->placedLabelRects())
            QVERIFY(!label.intersects(legendBox));
    }

    void numericColumnHasAScale() {
        PlotArea area;
        showExposed(area, {700, 500});
        area.setWords(makeWords(200));
        area.plot2d()->setTargetPositions(spread(200), 0);
        MetadataColumn column;
        column.name = "length";
        column.kind = MetadataColumn::Kind::Numeric;
        for (int i = 0; i < 300; ++i)  // rows beyond the plotted 200 do not count
            column.valueOfRow.push_back(i % 10 == 3 ? MetadataColumn::missingValue()
                                                    : float(i < 200 ? -5 + 0.5 * i : 1e6));
        area.setColourColumn(std::make_shared<const MetadataColumn>(column));
        const PlotColouring& c = area.colouring();
        QVERIFY(c.kind == PlotColouring::Kind::Numeric);
        QCOMPARE(c.minimum, -5.0);
        QCOMPARE(c.maximum, -5 + 0.5 * 199);
        QCOMPARE(c.legend[PlotColouring::kNumericSteps].count, qsizetype(20));  // no value
        QCOMPARE(int(c.keys[0]), 0);
        QCOMPARE(int(c.keys[199]), PlotColouring::kNumericSteps - 1);
        for (int i = 1; i < 200; ++i)
            if (i % 10 != 3 && (i - 1) % 10 != 3)
                QVERIFY(c.keys[i] >= c.keys[i - 1]);
        area.plot2d()->grab();
        const QVector<PlotLegend::Row> rows = area.plot2d()->legendRows();
        QCOMPARE(rows.size(), 1);  // "no value"; the bar is not a row
        QCOMPARE(rows[0].entry, PlotColouring::kNumericSteps);
    }

    void legendClicksIsolateAndHide() {
        PlotArea area;
        showExposed(area, {900, 700});
        area.setWords(makeWords(kWords));
        area.plot2d()->setTargetPositions(spread(kWords), 0);
        std::vector<int> counts;
        MetadataColumn column = manyCategories(kWords, counts);
        sortCategoriesByFrequency(column);
        area.setColourColumn(std::make_shared<const MetadataColumn>(column));
        ScatterPlot* plot = area.plot2d();
        plot->grab();
        // A click on entry 2 isolates it.
        clickAt(plot, rowOf(plot, 2).center());
        for (int e = 0; e < area.hiddenEntries().size(); ++e)
            QCOMPARE(bool(area.hiddenEntries()[e]), e != 2);
        int shown = 0;
        for (int i = 0; i < kWords; ++i) {
            const bool inTwo = column.categoryOfRow[std::size_t(i)] == 2;
            QCOMPARE(plot->isHiddenPoint(i), !inTwo);
            shown += inTwo;
        }
        QCOMPARE(shown, int(area.colouring().legend[2].count));
        // Hidden points cannot be picked, nor do they get labels.
        plot->grab();
        for (int i : plot->placedLabelIndices())
            QVERIFY(!plot->isHiddenPoint(i));
        // Clicking the isolated entry again shows all.
        clickAt(plot, rowOf(plot, 2).center());
        for (bool hidden : area.hiddenEntries())
            QVERIFY(!hidden);
        // Ctrl+click hides one; "show all" appears and shows it again.
        QVERIFY(rowOf(plot, PlotLegend::kShowAll).isNull());
        clickAt(plot, rowOf(plot, 0).center(), Qt::ControlModifier);
        QVERIFY(area.hiddenEntries()[0]);
        QCOMPARE(std::count(area.hiddenEntries().begin(), area.hiddenEntries().end(), true), 1);
        for (int i = 0; i < kWords; ++i)
            QCOMPARE(plot->isHiddenPoint(i), column.categoryOfRow[std::size_t(i)] == 0);
        plot->grab();
        const QRectF showAll = rowOf(plot, PlotLegend::kShowAll);
        QVERIFY(!showAll.isNull());
        clickAt(plot, showAll.center());
        for (bool hidden : area.hiddenEntries())
            QVERIFY(!hidden);
        // A hidden category's words keep no pixels in the density image either (keys sort it
        // last): the frequency colouring after "Frequency rank" shows every point again.
        area.setColourColumn(nullptr);
        QVERIFY(area.colouring().kind == PlotColouring::Kind::Frequency);
        for (int i = 0; i < kWords; ++i)
            QVERIFY(!plot->isHiddenPoint(i));
    }

    void kMeansColoursAndLabelsClusters() {
        QTemporaryDir dir;
        useTemporarySettings(dir);
        QStringList errors;
        auto window = newQuietWindow(errors);
        showExposed(*window, {1100, 800});
        window->controller()->setLoadedVectors(fourClusters(60));
        QTRY_VERIFY_WITH_TIMEOUT(
            window->controller()->lastFrame() &&
                window->plotArea()->showsRows(window->controller()->lastFrame()->rows),
            10000);
        QVERIFY(window->colouring()->colourByKMeans(4));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        const PlotColouring& c = window->plotArea()->colouring();
        QVERIFY(c.kind == PlotColouring::Kind::Categorical);
        QCOMPARE(c.title, QStringLiteral("k-means (k=4)"));
        QCOMPARE(c.listedEntries().size(), 4);
        // Each cluster is one of the four directions: its label's words share a first letter,
        // and the four labels cover a, b, c and d.
        QCOMPARE(c.categoryLabels.size(), 4);
        std::set<QChar> letters;
        for (const QString& label : c.categoryLabels) {
            const QStringList words = label.split(QStringLiteral(" · "));
            QCOMPARE(words.size(), 3);
            for (const QString& w : words)
                QCOMPARE(w[0], words[0][0]);
            letters.insert(words[0][0]);
        }
        QCOMPARE(int(letters.size()), 4);
        // The labels are on the map, apart from each other and from the word labels.
        ScatterPlot* plot = window->plot();
        QTRY_VERIFY_WITH_TIMEOUT(!plot->isAnimating(), 5000);
        plot->grab();
        const QVector<QRectF> labels = plot->placedCategoryLabelRects();
        QCOMPARE(labels.size(), 4);
        for (int a = 0; a < labels.size(); ++a) {
            QVERIFY(QRectF(plot->rect()).contains(labels[a]));
            for (int b = a + 1; b < labels.size(); ++b)
                QVERIFY(!labels[a].intersects(labels[b]));
            for (const QRectF& word : plot->placedLabelRects())
                QVERIFY(!labels[a].intersects(word));
        }
        // The menu offers the clustering as a column; frequency again removes the labels.
        QCOMPARE(int(window->colouring()->columns().size()), 1);
        window->colouring()->colourByColumn(-1);
        plot->grab();
        QVERIFY(plot->placedCategoryLabelRects().isEmpty());
    }

    void wordListAndBadMetadataKeepState() {
        QTemporaryDir dir;
        useTemporarySettings(dir);
        QStringList errors;
        auto window = newQuietWindow(errors);
        showExposed(*window, {900, 700});
        window->controller()->setLoadedVectors(fourClusters(10));
        QTRY_VERIFY_WITH_TIMEOUT(window->controller()->lastFrame(), 10000);
        ColouringActions* colouring = window->colouring();
        // Good file, by word: column "kind" (categorical) and "weight" (numeric).
        const QString good = dir.filePath(QStringLiteral("good.tsv"));
        writeFile(good, "word\tkind\tweight\na0\tvowel\t1\nb0\tconsonant\t2\nzz\tnone\t3\n");
        QVERIFY(colouring->openMetadata(good));
        QVERIFY(errors.isEmpty());
        QCOMPARE(int(colouring->columns().size()), 2);
        QCOMPARE(colouring->currentColumn(), 0);
        const auto before = window->plotArea()->colourColumn();
        QCOMPARE(QString::fromStdString(before->name), QStringLiteral("kind"));
        QTRY_VERIFY_WITH_TIMEOUT(window->plotArea()->colouring().legend.size() > 0, 5000);
        QCOMPARE(window->plotArea()->colouring().legend[0].count, qsizetype(1));
        // A bad file: an error naming file and line, and nothing changes.
        const QString bad = dir.filePath(QStringLiteral("bad.tsv"));
        writeFile(bad, "word\tkind\na1\tx\nb1\n");
        QVERIFY(!colouring->openMetadata(bad));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains(QStringLiteral("bad.tsv: line 3: expected 2")),
                 qPrintable(errors[0]));
        QCOMPARE(int(colouring->columns().size()), 2);
        QCOMPARE(window->plotArea()->colourColumn(), before);
        QVERIFY(!colouring->openMetadata(dir.filePath(QStringLiteral("missing.tsv"))));
        QCOMPARE(errors.size(), 2);
        QCOMPARE(window->plotArea()->colourColumn(), before);
        // A word list: its words are "in the list", the rest have no value.
        colouring->colourByWords({QStringLiteral("a1"), QStringLiteral("c2"), QStringLiteral("zz")},
                                 QStringLiteral("test"));
        const PlotColouring& c = window->plotArea()->colouring();
        QCOMPARE(c.title, QStringLiteral("word list: test"));
        QCOMPARE(c.legend[0].name, QStringLiteral("in the list"));
        QCOMPARE(c.legend[0].count, qsizetype(2));
        QCOMPARE(c.legend[PlotColouring::kNoValueKey].count,
                 qsizetype(window->plotArea()->words().size() - 2));
        // Other vectors: the columns (rows of the old vectors) are dropped.
        window->controller()->setLoadedVectors(fourClusters(5));
        QVERIFY(colouring->columns().empty());
        QVERIFY(!window->plotArea()->colourColumn());
    }

    void densityContoursToggle() {
        PlotArea area;
        showExposed(area, {600, 500});
        area.setWords(makeWords(2000));
        area.plot2d()->setTargetPositions(spread(2000), 0);
        area.plot2d()->grab();
        QVERIFY(area.plot2d()->lastContours().levels.isEmpty());
        area.setDensityContours(true);
        area.plot2d()->grab();
        QVERIFY(!area.plot2d()->lastContours().levels.isEmpty());
        QVERIFY(!area.plot2d()->lastContours().levels[0].isEmpty());
        area.setDensityContours(false);
        area.plot2d()->grab();
        QVERIFY(area.plot2d()->lastContours().levels.isEmpty());
    }

    void threeDimensionalViewColoursToo() {
        PlotArea area;
        showExposed(area, {600, 500});
        area.setWords(makeWords(30));
        MetadataColumn column;
        column.name = "parity";
        column.categories = {"even", "odd"};
        for (int i = 0; i < 30; ++i)
            column.categoryOfRow.push_back(i % 2);
        area.setColourColumn(std::make_shared<const MetadataColumn>(column));
        Frame frame;
        frame.rows.resize(30);
        std::iota(frame.rows.begin(), frame.rows.end(), 0);
        frame.positions = RowMatrixXf::Random(30, 3);
        area.showFrame(frame, 0);
        QVERIFY(area.showing3d());
        QCOMPARE(area.plot3d()->colouring().title, QStringLiteral("parity"));
        // The 3-D view shows the legend too, and a click on it isolates "odd".
        area.plot3d()->grab();
        QRectF odd;
        for (const PlotLegend::Row& row : area.plot3d()->legendRows())
            if (row.entry == 1)
                odd = row.rect;
        QVERIFY(!odd.isNull());
        clickAt(area.plot3d(), odd.center());
        for (int i = 0; i < 30; ++i)
            QCOMPARE(area.plot3d()->isHiddenPoint(i), i % 2 == 0);
        QVERIFY(area.hiddenEntries()[0] && !area.hiddenEntries()[1]);
    }

    // The k-means labels in 3-D: one a cluster, on its points as the camera projects them,
    // inside the view, apart from each other and from the words' labels; they follow the
    // clusters when the view turns.
    void clusterLabelsIn3d() {
        constexpr int n = 160;
        PlotArea area;
        showExposed(area, {760, 560});
        area.setWords(makeWords(n));
        MetadataColumn column;
        column.name = "k-means (k=4)";
        column.categories = {"0", "1", "2", "3"};
        for (int i = 0; i < n; ++i)
            column.categoryOfRow.push_back(i % 4);
        const QStringList labels = {
            QStringLiteral("apple · apricot · avocado"), QStringLiteral("bear · bison · boar"),
            QStringLiteral("cedar · cypress · chestnut"), QStringLiteral("dove · duck · dunlin")};
        area.setColourColumn(std::make_shared<const MetadataColumn>(column), labels);
        // Four tight clusters on four corners of a tetrahedron.
        const float corners[4][3] = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
        Frame frame;
        frame.rows.resize(n);
        std::iota(frame.rows.begin(), frame.rows.end(), 0);
        frame.positions.resize(n, 3);
        SplitMix64 random(11);
        for (int i = 0; i < n; ++i)
            for (int d = 0; d < 3; ++d)
                frame.positions(i, d) =
                    corners[i % 4][d] + 0.2f * (float(random.uniformFloat()) - 0.5f);
        area.showFrame(frame, 0);
        QVERIFY(area.showing3d());
        PlotView3D* view = area.plot3d();
        for (int turn = 0; turn < 2; ++turn) {
            if (turn == 1)  // another side: the labels follow the cores
                for (int k = 0; k < 4; ++k)
                    QTest::keyClick(view, Qt::Key_Right);
            view->grab();
            const QVector<QRectF> rects = view->placedCategoryLabelRects();
            const QStringList texts = view->placedCategoryLabelTexts();
            QCOMPARE(rects.size(), 4);
            QCOMPARE(QSet<QString>(texts.begin(), texts.end()),
                     QSet<QString>(labels.begin(), labels.end()));
            for (int a = 0; a < rects.size(); ++a) {
                QVERIFY(QRectF(view->rect()).contains(rects[a]));
                for (int b = a + 1; b < rects.size(); ++b)
                    QVERIFY2(!rects[a].intersects(rects[b]),
                             qPrintable(texts[a] + " / " + texts[b]));
                for (const QRectF& word : view->placedLabelRects())
                    QVERIFY(!rects[a].intersects(word));
                // On its own cluster: a point of it lies within the label's size of the label,
                // and the label is nearer its own cluster's projected centre than any other's.
                const int cluster = int(labels.indexOf(texts[a]));
                const QPointF c = rects[a].center();
                const double reach = std::hypot(rects[a].width(), rects[a].height());
                double nearestOwn = 1e9;
                std::array<QPointF, 4> centre{};
                for (int i = 0; i < n; ++i) {
                    const ScreenPoint p = view->screenPosition(i);
                    QVERIFY(p.visible);
                    centre[std::size_t(i % 4)] += QPointF(p.x, p.y) / (n / 4);
                    if (i % 4 == cluster)
                        nearestOwn = std::min(nearestOwn, std::hypot(p.x - c.x(), p.y - c.y()));
                }
                QVERIFY2(nearestOwn < reach, qPrintable(QString::number(nearestOwn)));
                for (int other = 0; other < 4; ++other)
                    if (other != cluster)
                        QVERIFY(QLineF(c, centre[std::size_t(cluster)]).length() <
                                QLineF(c, centre[std::size_t(other)]).length());
            }
        }
        // Frequency colouring: no category labels in 3-D either.
        area.setColourColumn(nullptr);
        view->grab();
        QVERIFY(view->placedCategoryLabelRects().isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestColouringGui)
#include "tst_colouring_gui.moc"
