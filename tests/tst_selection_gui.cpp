// The multi-word selection on the offscreen platform: rectangle and lasso drags on the 2-D and
// 3-D plots select exactly the points inside the outline, isolation hides the others and Show all
// brings them back, and in the window: the Selection menu's isolate, neighbours, tag (with undo),
// export, Esc and the remembered selection tool.
#include <QAction>
#include <QLabel>
#include <QPainter>
#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <random>

#include "NeighboursPanel.h"
#include "PlotArea.h"
#include "PlotRegion.h"
#include "PlotView3D.h"
#include "ScatterPlot.h"
#include "SelectionActions.h"
#include "TrainingController.h"
#include "VectorFormats.h"
#include "WindowExports.h"
#include "WordSelection.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

// An n x n grid of points at integer data coordinates (1..n, 1..n), row-major.
QVector<QPointF> grid(int n) {
    QVector<QPointF> points;
    for (int y = 1; y <= n; ++y)
        for (int x = 1; x <= n; ++x)
            points.append(QPointF(x, y));
    return points;
}

// Crossing-number test written here, independent of PlotRegion and QPolygonF: is p inside the
// closed polygon? (No test point lies on an edge.)
bool insidePolygon(const QVector<QPointF>& polygon, const QPointF& p) {
    bool inside = false;
    for (qsizetype i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
        const QPointF& a = polygon[i];
        const QPointF& b = polygon[j];
        if ((a.y() > p.y()) != (b.y() > p.y()) &&
            p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x())
            inside = !inside;
    }
    return inside;
}

void sendMouseWith(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
                   Qt::MouseButtons buttons, Qt::KeyboardModifiers modifiers) {
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, modifiers);
    QApplication::sendEvent(widget, &event);
}

// A Shift(+modifiers) drag along the pixels of path (each edge in steps, as a hand moves).
void dragAlong(QWidget* widget, const QVector<QPointF>& path,
               Qt::KeyboardModifiers modifiers = Qt::ShiftModifier) {
    sendMouseWith(widget, QEvent::MouseButtonPress, path.front(), Qt::LeftButton, Qt::LeftButton,
                  modifiers);
    for (qsizetype k = 1; k < path.size(); ++k)
        for (int step = 1; step <= 8; ++step) {
            const QPointF p = path[k - 1] + (path[k] - path[k - 1]) * (step / 8.0);
            sendMouseWith(widget, QEvent::MouseMove, p, Qt::NoButton, Qt::LeftButton, modifiers);
        }
    sendMouseWith(widget, QEvent::MouseButtonRelease, path.back(), Qt::LeftButton, Qt::NoButton,
                  modifiers);
}

std::vector<int> lastSelection(const QSignalSpy& spy) {
    const QVector<int> indices = spy.last().at(0).value<QVector<int>>();
    return std::vector<int>(indices.begin(), indices.end());
}

QVector<QPointF> toPixels(const ScatterPlot& plot, const QVector<QPointF>& data) {
    QVector<QPointF> pixels;
    for (const QPointF& p : data)
        pixels.append(plot.transform().toPixel(p));
    return pixels;
}

// Vectors of n words in three clusters, for a window.
WordVectors clusteredVectors(int n) {
    WordVectors v;
    v.vectors.resize(n, 6);
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    for (int i = 0; i < n; ++i) {
        v.words.push_back("w" + std::to_string(i));
        for (int d = 0; d < 6; ++d)
            v.vectors(i, d) = (d == i % 3 ? 1.0f : 0.0f) + noise(rng);
    }
    return v;
}

}  // namespace

class TestSelectionGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

    std::unique_ptr<MainWindow> windowOnVectors(int n) {
        auto window = newQuietWindow(errors_);
        const QString path = dir_.filePath(QStringLiteral("clusters.vec"));
        writeVectors(path.toStdString(), clusteredVectors(n), VectorFormat::Word2VecText);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(path);
        if (!loaded.wait(10000))
            return nullptr;
        // Wait for the first frame on the plot and the neighbour index.
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10000 && (!window->plot()->placeholderText().isEmpty() ||
                                           !window->controller()->neighbourIndex()))
            QTest::qWait(20);
        return window;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
    }
    void init() { errors_.clear(); }

    void regionContainsByShape() {
        PlotRegion rect(PlotRegion::Shape::Rectangle, {50, 40});
        rect.extendTo({10, 80});  // dragged up-left: normalised
        QVERIFY(rect.contains({30, 60}));
        QVERIFY(rect.contains({10, 40}));  // edges count
        QVERIFY(!rect.contains({51, 60}));
        QVERIFY(!rect.contains({qQNaN(), 60}));
        PlotRegion click(PlotRegion::Shape::Lasso, {5, 5});
        click.extendTo({6, 6});
        QVERIFY(click.isClick());
        // A "C": the notch (20..80 x 30..70) is outside though inside the bounding box.
        PlotRegion c(PlotRegion::Shape::Lasso, {0, 0});
        for (QPointF p : {QPointF(100, 0), QPointF(100, 30), QPointF(20, 30), QPointF(20, 70),
                          QPointF(100, 70), QPointF(100, 100), QPointF(0, 100)})
            c.extendTo(p);
        QVERIFY(!c.isClick());
        QVERIFY(c.contains({10, 50}));
        QVERIFY(c.contains({90, 10}));
        QVERIFY(!c.contains({50, 50}));
        const QVector<QPointF> pixels = {{10, 50}, {50, 50}, {90, 90}, {150, 50}};
        QCOMPARE(c.indicesInside(pixels.size(), QRectF(0, 0, 200, 200),
                                 [&](int i) { return pixels[i]; }),
                 (std::vector<int>{0, 2}));
        // Off the visible area (a widget narrower than the lasso) a point is not seen inside.
        QCOMPARE(
            c.indicesInside(pixels.size(), QRectF(0, 0, 80, 200), [&](int i) { return pixels[i]; }),
            (std::vector<int>{0}));
    }

    void lassoSelectsExactlyThePointsInsideThePolygon() {
        // A concave L-shaped lasso and a triangle whose long edge runs diagonally between grid
        // points; the expected points come from a crossing-number test in data space.
        const QVector<QPointF> points = grid(10);
        const QVector<QVector<QPointF>> lassos = {
            {{0.5, 0.5}, {6.5, 0.5}, {6.5, 3.5}, {3.5, 3.5}, {3.5, 7.5}, {0.5, 7.5}},
            {{0.3, 0.2}, {9.7, 0.2}, {0.3, 9.6}},
        };
        for (const QVector<QPointF>& lasso : lassos) {
            ScatterPlot plot;
            showExposed(plot, {500, 400});
            plot.setWords(makeWords(int(points.size())));
            plot.setTargetPositions(points, 0);
            plot.setSelectionTool(PlotRegion::Shape::Lasso);
            QSignalSpy selected(&plot, &PlotWidget::pointsSelected);
            QSignalSpy clicked(&plot, &PlotWidget::pointClicked);
            const PlotTransform before = plot.transform();
            dragAlong(&plot, toPixels(plot, lasso));
            QVERIFY(!plot.regionActive());
            QCOMPARE(selected.count(), 1);
            QCOMPARE(selected.last().at(1).toBool(), false);  // no Ctrl: replaces
            std::vector<int> expected;
            for (int i = 0; i < points.size(); ++i)
                if (insidePolygon(lasso, points[i]))
                    expected.push_back(i);
            QVERIFY(expected.size() >= 15 && expected.size() < 60);
            QCOMPARE(lastSelection(selected), expected);
            // A selection drag neither pans the view nor clicks.
            QCOMPARE(plot.transform().scale(), before.scale());
            QCOMPARE(plot.transform().toPixel({1, 1}), before.toPixel({1, 1}));
            QCOMPARE(clicked.count(), 0);
        }
    }

    void rectangleSelectsTheBoxAndCtrlAdds() {
        const QVector<QPointF> points = grid(10);
        auto plot = std::make_unique<ScatterPlot>();
        showExposed(*plot, {500, 400});
        plot->setWords(makeWords(int(points.size())));
        plot->setTargetPositions(points, 0);
        QCOMPARE(plot->selectionTool(), PlotRegion::Shape::Rectangle);
        QSignalSpy selected(plot.get(), &PlotWidget::pointsSelected);
        const QPointF a = plot->transform().toPixel({1.5, 1.5});
        const QPointF b = plot->transform().toPixel({4.5, 6.5});
        dragAlong(plot.get(), {a, b});
        std::vector<int> expected;
        for (int i = 0; i < points.size(); ++i)
            if (points[i].x() > 1.5 && points[i].x() < 4.5 && points[i].y() > 1.5 &&
                points[i].y() < 6.5)
                expected.push_back(i);
        QCOMPARE(expected.size(), std::size_t(15));
        QCOMPARE(lastSelection(selected), expected);
        QCOMPARE(selected.last().at(1).toBool(), false);
        dragAlong(plot.get(), {a, b}, Qt::ShiftModifier | Qt::ControlModifier);
        QCOMPARE(selected.last().at(1).toBool(), true);

        // A plain drag pans and selects nothing.
        const QPointF before = plot->transform().toPixel({1, 1});
        dragAlong(plot.get(), {a, b}, Qt::NoModifier);
        QCOMPARE(selected.count(), 2);
        QVERIFY(plot->transform().toPixel({1, 1}) != before);
    }

    void selectedPointsAreDrawnWithRings() {
        const QVector<QPointF> points = grid(4);
        auto plot = std::make_unique<ScatterPlot>();
        showExposed(*plot, {300, 300});
        plot->setLabelsVisible(false);
        plot->setWords(makeWords(int(points.size())));
        plot->setTargetPositions(points, 0);
        auto render = [&] {
            QImage image(plot->size(), QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::white);
            QPainter painter(&image);
            plot->renderTo(painter, image.rect());
            return image;
        };
        // Dark pixels around a point, beyond the point itself (where the ring goes).
        auto darkAround = [&](const QImage& image, int index) {
            const QPointF c = plot->transform().toPixel(points[index]);
            int dark = 0;
            for (int dy = -9; dy <= 9; ++dy)
                for (int dx = -9; dx <= 9; ++dx) {
                    const double r = std::hypot(dx, dy);
                    if (r < 3.5 || r > 6.5)
                        continue;
                    if (qGray(image.pixel(int(c.x()) + dx, int(c.y()) + dy)) < 100)
                        ++dark;
                }
            return dark;
        };
        const QImage plain = render();
        plot->setSelectedPoints({5, 99, -1});  // out of range dropped
        QCOMPARE(plot->selectedPoints(), std::vector<int>{5});
        QVERIFY(plot->isPointSelected(5) && !plot->isPointSelected(6));
        const QImage ringed = render();
        QCOMPARE(darkAround(plain, 5), 0);
        QVERIFY(darkAround(ringed, 5) > 10);
        QCOMPARE(darkAround(ringed, 6), 0);
    }

    void isolateHidesTheOthersAndShowAllRestores() {
        const QVector<QPointF> points = grid(6);
        auto plot = std::make_unique<ScatterPlot>();
        showExposed(*plot, {500, 400});
        plot->setWords(makeWords(int(points.size())));
        plot->setTargetPositions(points, 0);
        const std::vector<int> kept = {0, 7, 14, 35};
        plot->isolatePoints(kept);
        QVERIFY(plot->isolating());
        plot->repaint();
        for (int i = 0; i < points.size(); ++i) {
            const bool shown = std::count(kept.begin(), kept.end(), i) > 0;
            QCOMPARE(plot->isPointShown(i), shown);
            QCOMPARE(plot->pointAt(plot->transform().toPixel(points[i])), shown ? i : -1);
        }
        for (int i : plot->placedLabelIndices())
            QVERIFY(std::count(kept.begin(), kept.end(), i) > 0);
        // A drag over everything selects only what is shown.
        QSignalSpy selected(plot.get(), &PlotWidget::pointsSelected);
        dragAlong(plot.get(), {{1, 1}, {499, 399}});
        QCOMPARE(lastSelection(selected), kept);

        plot->showAllPoints();
        QVERIFY(!plot->isolating());
        plot->repaint();
        for (int i = 0; i < points.size(); ++i)
            QCOMPARE(plot->pointAt(plot->transform().toPixel(points[i])), i);
        QVERIFY(std::size_t(plot->placedLabelIndices().size()) > kept.size());
    }

    void plotAreaMapsRowsBothWaysAndKeepsThemAcrossNewWords() {
        PlotArea area;
        showExposed(area, {500, 400});
        QVector<PlotWord> words = makeWords(9);
        for (int i = 0; i < words.size(); ++i)
            words[i].vocabIndex = 100 + 10 * i;  // rows 100, 110, ..., 180
        area.setWords(words);
        Frame frame;
        frame.rows.clear();
        for (const PlotWord& w : words)
            frame.rows.push_back(w.vocabIndex);
        frame.positions.resize(9, 2);
        for (int i = 0; i < 9; ++i) {
            frame.positions(i, 0) = float(i % 3 + 1);
            frame.positions(i, 1) = float(i / 3 + 1);
        }
        area.showFrame(frame, 0);
        QSignalSpy rows(&area, &PlotArea::rowsSelected);
        ScatterPlot* plot = area.plot2d();
        dragAlong(plot,
                  {plot->transform().toPixel({0.5, 0.5}), plot->transform().toPixel({2.5, 2.5})});
        QCOMPARE(rows.count(), 1);
        QCOMPARE(rows.last().at(0).value<std::vector<std::int32_t>>(),
                 (std::vector<std::int32_t>{100, 110, 130, 140}));

        area.setSelectedRows({110, 170, 999});
        QCOMPARE(plot->selectedPoints(), (std::vector<int>{1, 7}));
        const auto span = [plot] {
            return plot->transform().toPixel({3, 1}).x() - plot->transform().toPixel({2, 1}).x();
        };
        const double spanOfAll = span();
        area.isolateRows({110, 120});
        QVERIFY(plot->isPointShown(1) && plot->isPointShown(2) && !plot->isPointShown(0));
        // The view fits the two shown points (at x 2 and 3), wider apart than among all nine.
        QVERIFY2(span() > 1.5 * spanOfAll, qPrintable(QString::number(span() / spanOfAll)));
        area.showAllRows();
        QCOMPARE(span(), spanOfAll);
        area.isolateRows({110, 120});
        // New words (one row fewer, another order): the same rows stay marked.
        QVector<PlotWord> fewer = words.mid(1);
        area.setWords(fewer);
        QCOMPARE(plot->selectedPoints(), (std::vector<int>{0, 6}));
        QVERIFY(plot->isolating() && plot->isPointShown(0) && plot->isPointShown(1) &&
                !plot->isPointShown(2));
        area.showAllRows();
        QVERIFY(!plot->isolating());
    }

    void lassoSelectsInThe3dViewThroughTheCamera() {
        PlotView3D view;
        showExposed(view, {500, 400});
        const QVector<QPointF> points = grid(8);
        std::vector<float> xyz;
        for (const QPointF& p : points) {
            xyz.push_back(float(p.x()));
            xyz.push_back(float(p.y()));
            xyz.push_back(float((int(p.x()) * 7 + int(p.y()) * 3) % 5) * 0.3f);
        }
        view.setWords(makeWords(int(points.size())));
        view.setTargetPositions(xyz.data(), points.size(), 0);
        view.setSelectionTool(PlotRegion::Shape::Lasso);
        // A lasso around the middle of the screen; expected: the drawn pixels inside it.
        const QVector<QPointF> lasso = {{150, 100}, {350, 120}, {300, 300}, {240, 200}, {140, 280}};
        std::vector<int> expected;
        for (int i = 0; i < points.size(); ++i) {
            const ScreenPoint p = view.screenPosition(i);
            if (p.visible && insidePolygon(lasso, QPointF(p.x, p.y)))
                expected.push_back(i);
        }
        QVERIFY(expected.size() >= 3);
        QSignalSpy selected(&view, &PlotWidget::pointsSelected);
        const OrbitCamera camera = view.camera();
        dragAlong(&view, lasso);
        QCOMPARE(lastSelection(selected), expected);
        QCOMPARE(view.camera().yaw(), camera.yaw());  // the drag did not turn the view
        view.isolatePoints(expected);
        for (int i = 0; i < points.size(); ++i) {
            const bool shown = std::count(expected.begin(), expected.end(), i) > 0;
            QCOMPARE(view.screenPosition(i).visible, shown);
        }
        view.showAllPoints();
        QVERIFY(view.screenPosition(0).visible);
    }

    void windowIsolatesTagsExportsAndClears() {
        auto window = windowOnVectors(45);
        QVERIFY(window);
        showExposed(*window, {1300, 900});
        SelectionActions* actions = window->selectionActions();
        WordSelection* selection = actions->selection();
        ScatterPlot* plot = window->plot();
        QCOMPARE(plot->words().size(), 45);
        QVERIFY(!actions->isolateAction()->isEnabled());

        // Shift+drag over the whole plot selects every plotted word.
        dragAlong(plot, {{2, 2}, {double(plot->width() - 2), double(plot->height() - 2)}});
        QCOMPARE(selection->count(), 45);
        QCOMPARE(actions->statusLabel()->text(), QStringLiteral("45 words selected"));

        // Shift+click on a point adds its word.
        const QPointF five = plot->transform().toPixel(plot->currentPositions()[5]);
        selection->clear();
        sendMouseWith(plot, QEvent::MouseButtonPress, five, Qt::LeftButton, Qt::LeftButton,
                      Qt::ShiftModifier);
        sendMouseWith(plot, QEvent::MouseButtonRelease, five, Qt::LeftButton, Qt::NoButton,
                      Qt::ShiftModifier);
        QCOMPARE(selection->count(), 1);
        QCOMPARE(selection->rows().front(), plot->words()[plot->pointAt(five)].vocabIndex);
        QCOMPARE(actions->statusLabel()->text(), QStringLiteral("1 word selected"));

        // Fewer plotted words: the label says how many selected words are not plotted.
        selection->select({0, 1, 30, 40});
        QStringList first20;
        for (int i = 0; i < 20; ++i)
            first20 << QStringLiteral("w%1").arg(i);
        window->controller()->setTrackedWords(first20);
        QTRY_COMPARE(plot->words().size(), 20);
        QCOMPARE(actions->statusLabel()->text(),
                 QStringLiteral("4 words selected (2 not plotted)"));
        window->controller()->setTrackedWords({});
        QTRY_COMPARE(plot->words().size(), 45);
        QCOMPARE(actions->statusLabel()->text(), QStringLiteral("4 words selected"));
        QCOMPARE(plot->selectedPoints().size(), std::size_t(4));

        const std::vector<std::int32_t> chosen = {3, 4, 10, 20};
        selection->select(chosen);
        QCOMPARE(actions->statusLabel()->text(), QStringLiteral("4 words selected"));
        QCOMPARE(plot->selectedPoints().size(), std::size_t(4));
        actions->isolateAction()->trigger();
        QVERIFY(plot->isolating());
        int shown = 0;
        for (int i = 0; i < plot->words().size(); ++i)
            shown += plot->isPointShown(i);
        QCOMPARE(shown, 4);
        for (int i = 0; i < plot->words().size(); ++i)
            if (plot->isPointShown(i))
                QVERIFY(selection->contains(plot->words()[i].vocabIndex));
        QVERIFY(actions->showAllAction()->isEnabled());
        actions->showAllAction()->trigger();
        QVERIFY(!plot->isolating());

        // Tag: a column of one row per word, the selected rows tagged; again overwrites; undo.
        QSignalSpy tagsChanged(actions, &SelectionActions::tagsChanged);
        actions->setTagAsker([](QString* column, QString* tag) {
            *tag = QStringLiteral("animals");
            return !column->isEmpty();
        });
        actions->tagAction()->trigger();
        QCOMPARE(tagsChanged.count(), 1);
        QCOMPARE(tagsChanged.last().at(0).toString(), QStringLiteral("tags"));
        const MetadataColumn* column = actions->tags().column("tags");
        QVERIFY(column);
        QCOMPARE(column->kind, MetadataColumn::Kind::Categorical);
        QCOMPARE(column->rows(), std::size_t(45));
        QCOMPARE(actions->tags().rowsTagged("tags", "animals"), chosen);
        selection->select({4, 5});
        QVERIFY(actions->tagSelection(QStringLiteral("tags"), QStringLiteral("colours")));
        QCOMPARE(actions->tags().rowsTagged("tags", "animals"),
                 (std::vector<std::int32_t>{3, 10, 20}));
        QCOMPARE(actions->tags().rowsTagged("tags", "colours"), (std::vector<std::int32_t>{4, 5}));
        actions->undoStack()->undo();
        QCOMPARE(actions->tags().rowsTagged("tags", "animals"), chosen);
        QCOMPARE(actions->tags().column("tags")->categories.size(), std::size_t(1));
        actions->undoStack()->undo();
        QVERIFY(actions->tags().column("tags") == nullptr);
        actions->undoStack()->redo();
        QCOMPARE(actions->tags().rowsTagged("tags", "animals"), chosen);
        QVERIFY(errors_.isEmpty());

        // Export: the selected words and their vectors, in the format the name asks for.
        selection->select(chosen);
        const QString path = dir_.filePath(QStringLiteral("selection.vec"));
        window->exports()->setSavePathChooser(
            [&path](const QString&, const QString&, const QString&, QString*) { return path; });
        actions->exportAction()->trigger();
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
        const WordVectors written = readVectors(path.toStdString());
        const WordVectors all = clusteredVectors(45);
        QCOMPARE(written.rows(), 4);
        for (int k = 0; k < 4; ++k) {
            const int row = chosen[std::size_t(k)];
            QCOMPARE(written.words[std::size_t(k)], all.words[std::size_t(row)]);
            QVERIFY((written.vectors.row(k) - all.vectors.row(row)).cwiseAbs().maxCoeff() < 1e-6f);
        }

        // Neighbours: the union of each selected word's k nearest, added to the selection.
        selection->select({7});
        const int k = window->neighboursPanel()->neighbourCount();
        std::vector<std::int32_t> expected = {7};
        for (const Neighbour& n : window->controller()->nearest(7, k))
            expected.push_back(n.index);
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        QVERIFY(expected.size() > 5);
        QCOMPARE(actions->selectNeighbours(), int(expected.size()) - 1);
        QCOMPARE(selection->rows(), expected);

        // Esc clears (a window shortcut).
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        plot->setFocus();
        QTest::keyClick(plot, Qt::Key_Escape);
        QVERIFY(selection->isEmpty());
        QVERIFY(actions->statusLabel()->text().isEmpty());
    }

    void selectionToolIsRemembered() {
        {
            auto window = newQuietWindow(errors_);
            SelectionActions* actions = window->selectionActions();
            QCOMPARE(actions->tool(), PlotRegion::Shape::Rectangle);
            actions->lassoToolAction()->trigger();
            QCOMPARE(window->plot()->selectionTool(), PlotRegion::Shape::Lasso);
        }
        auto window = newQuietWindow(errors_);
        QCOMPARE(window->selectionActions()->tool(), PlotRegion::Shape::Lasso);
        QVERIFY(window->selectionActions()->lassoToolAction()->isChecked());
        QCOMPARE(window->plotArea()->plot3d()->selectionTool(), PlotRegion::Shape::Lasso);
        window->selectionActions()->rectangleToolAction()->trigger();
    }
};

EMBEDSCOPE_TEST_MAIN(TestSelectionGui)
#include "tst_selection_gui.moc"
