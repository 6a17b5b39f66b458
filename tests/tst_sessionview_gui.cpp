// The view a session keeps (issue 18, "Sessions"): the 2-D and 3-D cameras, the colouring (a
// metadata column with a hidden category, k-means, a word list, a tag column), the selection,
// the isolation, the tags and named bookmarks are saved with Save session and come back, equal,
// in a fresh window; restoring a bookmark shows its view; a metadata file that moved is said and
// the colouring falls back to frequency; a session without these keys still opens; View > Colour
// by offers the tag columns and follows their changes.
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <algorithm>

#include "Bookmarks.h"
#include "ColouringActions.h"
#include "LayoutScheduler.h"
#include "MainWindow.h"
#include "PlotArea.h"
#include "PlotView3D.h"
#include "SelectionActions.h"
#include "SessionActions.h"
#include "SessionFile.h"
#include "SessionJson.h"
#include "SessionView.h"
#include "TrainingController.h"
#include "VectorFormats.h"
#include "WordSelection.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

// A Projector-style metadata file: w<r> is of kind "a", "b" or "c" by r % 3.
QByteArray metadataTsv(int n) {
    QByteArray text = "word\tkind\n";
    for (int r = 0; r < n; ++r)
        text += "w" + QByteArray::number(r) + "\t" + QByteArray(1, char('a' + r % 3)) + "\n";
    return text;
}

struct Camera3d {
    double yaw, pitch, distance, fov;
    Eigen::Vector3d target;
};

Camera3d cameraOf(const PlotView3D& plot) {
    const OrbitCamera& c = plot.camera();
    return {c.yaw(), c.pitch(), c.distance(), c.fieldOfView(), c.target()};
}

void layoutWithDims(MainWindow& window, int dims) {
    LayoutOptions layout = window.controller()->layouts().layout();
    layout.method = LayoutMethod::Pca;
    layout.dims = dims;
    window.controller()->layouts().setLayout(layout);
}

}  // namespace

class TestSessionViewGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

    std::unique_ptr<MainWindow> newWindow() {
        auto window = newQuietWindow(errors_);
        showExposed(*window, QSize(1400, 900));
        return window;
    }

    // n words of someVectors (40 by default) opened as a vector file, their first frame shown.
    std::unique_ptr<MainWindow> windowWithVectors(const QString& name, int n = 40) {
        auto window = newWindow();
        const QString vectors = dir_.filePath(name);
        writeVectors(vectors.toStdString(), someVectors(n, 8, 7), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(vectors);
        if (!loaded.wait(10000))
            return nullptr;
        if (!QTest::qWaitFor([&] { return window->plotArea()->showsLayout(LayoutMethod::Pca, 2); },
                             10000))
            return nullptr;
        return window;
    }

    // Opens a session and waits until it is shown and its camera has found its frame.
    static bool openAndWait(MainWindow& window, const QString& path) {
        QSignalSpy opened(window.sessions(), &SessionActions::sessionOpened);
        if (!window.sessions()->openSession(path))
            return false;
        return opened.wait(10000) && !window.isLoading() &&
               QTest::qWaitFor([&] { return !window.sessions()->view()->cameraPending(); }, 30000);
    }

    static bool restoreAndWait(MainWindow& window, int bookmark, int dims) {
        return window.sessions()->bookmarks()->restore(bookmark) &&
               QTest::qWaitFor(
                   [&] {
                       return window.plotArea()->showsLayout(LayoutMethod::Pca, dims) &&
                              !window.sessions()->view()->cameraPending();
                   },
                   10000);
    }

    static std::vector<std::int32_t> rows(std::initializer_list<std::int32_t> list) { return list; }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
    }
    void init() { errors_.clear(); }

    void viewAndBookmarksComeBackInAFreshWindow() {
        auto window = windowWithVectors(QStringLiteral("v1.csv"));
        QVERIFY(window);
        PlotArea* area = window->plotArea();
        SelectionActions* selection = window->selectionActions();
        Bookmarks* bookmarks = window->sessions()->bookmarks();

        // Tags, then a bookmark of the 3-D view coloured by the tag column, its camera turned and
        // zoomed by the keys.
        selection->selection()->select(rows({1, 2, 3}));
        QVERIFY(selection->tagSelection(QStringLiteral("tags"), QStringLiteral("first")));
        selection->selection()->select(rows({4, 5, 30}));
        QVERIFY(selection->tagSelection(QStringLiteral("tags"), QStringLiteral("second")));
        const std::vector<MetadataColumn> tags = selection->tags().columns();
        layoutWithDims(*window, 3);
        QTRY_VERIFY_WITH_TIMEOUT(area->showsLayout(LayoutMethod::Pca, 3), 10000);
        ColouringActions* colouring = window->colouring();
        QCOMPARE(colouring->columns().size(), std::size_t(1));  // the tag column is offered
        colouring->colourByColumn(0);
        QTest::keyClick(area->plot3d(), Qt::Key_Left);
        QTest::keyClick(area->plot3d(), Qt::Key_Up);
        QTest::keyClick(area->plot3d(), Qt::Key_Plus);
        const Eigen::Vector3d fittedTarget = area->plot3d()->camera().target();
        // A right-drag pans.
        sendMouse(area->plot3d(), QEvent::MouseButtonPress, {400, 300}, Qt::RightButton,
                  Qt::RightButton);
        sendMouse(area->plot3d(), QEvent::MouseMove, {440, 330}, Qt::NoButton, Qt::RightButton);
        sendMouse(area->plot3d(), QEvent::MouseButtonRelease, {440, 330}, Qt::RightButton,
                  Qt::NoButton);
        QVERIFY(area->plot3d()->camera().target() != fittedTarget);
        QVERIFY(!area->plot3d()->followsData());
        const Camera3d turned = cameraOf(*area->plot3d());
        QVERIFY(turned.yaw != OrbitCamera::kDefaultYaw);
        QVERIFY(bookmarks->add(QStringLiteral("three-d")));

        // The 2-D view: metadata colouring with a category hidden, a selection, isolation, and a
        // camera the wheel and the arrow keys moved; a bookmark of it before the camera moved.
        layoutWithDims(*window, 2);
        QTRY_VERIFY_WITH_TIMEOUT(area->showsLayout(LayoutMethod::Pca, 2), 10000);
        const QString tsv = writeFile(dir_, QStringLiteral("meta.tsv"), metadataTsv(40));
        QVERIFY(colouring->openMetadata(tsv));
        area->clickLegendEntry(1, Qt::ControlModifier);
        const QVector<bool> hidden = area->hiddenEntries();
        QVERIFY(hidden[1] && !hidden[0]);
        selection->selection()->select(rows({0, 1, 2, 3, 6, 9, 12, 15}));
        selection->isolateSelection();
        selection->selection()->select(rows({3, 6, 9}));
        QVERIFY(bookmarks->add(QStringLiteral("two-d")));
        ScatterPlot* plot = area->plot2d();
        sendWheelNotch(plot, QPointF(300, 200));
        QTest::keyClick(plot, Qt::Key_Right);
        QVERIFY(!plot->followsData());
        const QPointF centre = plot->transform().dataCentre();
        const double scale = plot->transform().scale();

        const QString path = dir_.filePath(QStringLiteral("view.embedscope"));
        QVERIFY2(window->sessions()->saveSession(path), qPrintable(errors_.join('\n')));
        const Session saved = readSession(path.toStdString());
        QCOMPARE(saved.formatVersion, kSessionFormatVersion);
        QCOMPARE(saved.view.value(QStringLiteral("bookmarks")).toArray().size(), 2);

        auto reopened = newWindow();
        QVERIFY(openAndWait(*reopened, path));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        PlotArea* again = reopened->plotArea();
        // The camera, exactly.
        QVERIFY(again->showsLayout(LayoutMethod::Pca, 2));
        QVERIFY(!again->plot2d()->followsData());
        QCOMPARE(again->plot2d()->transform().dataCentre(), centre);
        QCOMPARE(again->plot2d()->transform().scale(), scale);
        // The colouring, with its hidden category.
        const ColouringActions::Origin origin = reopened->colouring()->currentOrigin();
        QCOMPARE(int(origin.kind), int(ColouringActions::Origin::Kind::Metadata));
        QCOMPARE(origin.column, QStringLiteral("kind"));
        QCOMPARE(origin.path, QFileInfo(tsv).absoluteFilePath());
        QCOMPARE(again->colourColumn()->categoryOfRow, area->colourColumn()->categoryOfRow);
        QCOMPARE(again->hiddenEntries(), hidden);
        // The selection, the isolation and the tags.
        QCOMPARE(reopened->selectionActions()->selection()->rows(), rows({3, 6, 9}));
        QVERIFY(again->isolating());
        QCOMPARE(again->isolatedRows(), rows({0, 1, 2, 3, 6, 9, 12, 15}));
        const std::vector<MetadataColumn>& tagsAgain =
            reopened->selectionActions()->tags().columns();
        QCOMPARE(tagsAgain.size(), std::size_t(1));
        QCOMPARE(tagsAgain[0].name, tags[0].name);
        QCOMPARE(tagsAgain[0].categories, tags[0].categories);
        QCOMPARE(tagsAgain[0].categoryOfRow, tags[0].categoryOfRow);
        // The bookmarks, in their order.
        Bookmarks* marks = reopened->sessions()->bookmarks();
        QCOMPARE(int(marks->list().size()), 2);
        QCOMPARE(marks->list()[0].name, QStringLiteral("three-d"));
        QCOMPARE(marks->list()[1].name, QStringLiteral("two-d"));

        // Restoring the 3-D bookmark shows its layout, camera and colouring.
        QVERIFY(restoreAndWait(*reopened, 0, 3));
        const Camera3d back = cameraOf(*again->plot3d());
        QVERIFY(!again->plot3d()->followsData());
        QCOMPARE(back.yaw, turned.yaw);
        QCOMPARE(back.pitch, turned.pitch);
        QCOMPARE(back.distance, turned.distance);
        QCOMPARE(back.fov, turned.fov);
        QVERIFY(back.target == turned.target);
        QCOMPARE(int(reopened->colouring()->currentOrigin().kind),
                 int(ColouringActions::Origin::Kind::Tags));
        QVERIFY(!again->isolating());
        QCOMPARE(reopened->selectionActions()->selection()->rows(), rows({4, 5, 30}));
        // ... and the 2-D one its own: fitted to the isolated words, the selection, the colouring.
        QVERIFY(restoreAndWait(*reopened, 1, 2));
        QVERIFY(again->plot2d()->followsData());
        QVERIFY(again->isolating());
        QCOMPARE(reopened->selectionActions()->selection()->rows(), rows({3, 6, 9}));
        QCOMPARE(int(reopened->colouring()->currentOrigin().kind),
                 int(ColouringActions::Origin::Kind::Metadata));
        QCOMPARE(again->hiddenEntries(), hidden);
        QVERIFY(reopened->statusBar()->currentMessage().contains(QStringLiteral("two-d")));

        // Rename and delete.
        QVERIFY(marks->rename(1, QStringLiteral("flat")));
        QVERIFY(marks->remove(0));
        QCOMPARE(int(marks->list().size()), 1);
        QCOMPARE(marks->list()[0].name, QStringLiteral("flat"));
        QVERIFY(!marks->restore(1));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    // A t-SNE is laid out again on opening: the camera waits for its end (while it converges the
    // view follows the growing cloud), then is put back exactly.
    void cameraWaitsForTheTsneToFinish() {
        // Enough words and iterations for intermediate frames to be shown before the last (7 here,
        // on 2 loaded cores): a camera put back at the first would be lost to the following ones.
        auto window = windowWithVectors(QStringLiteral("v6.csv"), 300);
        QVERIFY(window);
        LayoutOptions layout;
        layout.method = LayoutMethod::Tsne;
        layout.perplexity = 10;
        layout.seed = 3;
        layout.iterations = 1000;
        QSignalSpy finished(&window->controller()->layouts(), &LayoutScheduler::finished);
        window->controller()->layouts().setLayout(layout);
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(window->plotArea()->showsLayout(LayoutMethod::Tsne, 2), 10000);
        ScatterPlot* plot = window->plotArea()->plot2d();
        sendWheelNotch(plot, QPointF(250, 250));
        sendWheelNotch(plot, QPointF(250, 250));
        const QPointF centre = plot->transform().dataCentre();
        const double scale = plot->transform().scale();
        const QString path = dir_.filePath(QStringLiteral("tsne.embedscope"));
        QVERIFY(window->sessions()->saveSession(path));

        auto reopened = newWindow();
        QSignalSpy laidOut(&reopened->controller()->layouts(), &LayoutScheduler::finished);
        QVERIFY(openAndWait(*reopened, path));
        QVERIFY(laidOut.count() >= 1);
        QVERIFY(!reopened->controller()->layouts().running());
        const ScatterPlot* again = reopened->plotArea()->plot2d();
        QVERIFY(reopened->plotArea()->showsLayout(LayoutMethod::Tsne, 2));
        QVERIFY(!again->followsData());
        QCOMPARE(again->transform().dataCentre(), centre);
        QCOMPARE(again->transform().scale(), scale);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    // The Bookmarks menu: Add bookmark… asks a name (Ctrl+B), each bookmark restores.
    void bookmarksMenuAddsAndLists() {
        auto window = windowWithVectors(QStringLiteral("v2.csv"));
        QVERIFY(window);
        Bookmarks* bookmarks = window->sessions()->bookmarks();
        QCOMPARE(bookmarks->addAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_B));
        QString proposed;
        bookmarks->setNameAsker([&](const QString&, const QString& proposal) {
            proposed = proposal;
            return QStringLiteral("  everything  ");
        });
        bookmarks->addAction()->trigger();
        QCOMPARE(proposed, QStringLiteral("Bookmark 1"));
        QCOMPARE(int(bookmarks->list().size()), 1);
        QCOMPARE(bookmarks->list()[0].name, QStringLiteral("everything"));
        QStringList texts;
        for (QAction* action : bookmarks->menu()->actions())
            texts << action->text();
        QVERIFY2(texts.contains(QStringLiteral("&1  everything")), qPrintable(texts.join('|')));
        bookmarks->setNameAsker([](const QString&, const QString&) { return QString(); });
        bookmarks->addAction()->trigger();  // cancelled
        QCOMPARE(int(bookmarks->list().size()), 1);
        // Other vectors drop the bookmarks.
        const QString other = dir_.filePath(QStringLiteral("other.csv"));
        writeVectors(other.toStdString(), someVectors(20, 4, 7), VectorFormat::Csv);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(other);
        QVERIFY(loaded.wait(10000));
        QVERIFY(bookmarks->list().empty());
    }

    // k-means is computed again on opening (seeded: the same clusters); a word list keeps its
    // words.
    void kMeansAndWordListColouringsComeBack() {
        auto window = windowWithVectors(QStringLiteral("v3.csv"));
        QVERIFY(window);
        ColouringActions* colouring = window->colouring();
        QVERIFY(colouring->colourByKMeans(3));
        const std::vector<std::int32_t> clusters =
            window->plotArea()->colourColumn()->categoryOfRow;
        QVERIFY(window->sessions()->bookmarks()->add(QStringLiteral("clusters")));
        colouring->colourByWords({QStringLiteral("w1"), QStringLiteral("w7")},
                                 QStringLiteral("two words"));
        const QString path = dir_.filePath(QStringLiteral("colours.embedscope"));
        QVERIFY(window->sessions()->saveSession(path));

        auto reopened = newWindow();
        QVERIFY(openAndWait(*reopened, path));
        ColouringActions::Origin origin = reopened->colouring()->currentOrigin();
        QCOMPARE(int(origin.kind), int(ColouringActions::Origin::Kind::WordList));
        QCOMPARE(origin.words, QStringList({QStringLiteral("w1"), QStringLiteral("w7")}));
        QCOMPARE(origin.name, QStringLiteral("two words"));
        QCOMPARE(reopened->plotArea()->colourColumn()->categoryOfRow[7], 0);
        QVERIFY(reopened->sessions()->bookmarks()->restore(0));
        origin = reopened->colouring()->currentOrigin();
        QCOMPARE(int(origin.kind), int(ColouringActions::Origin::Kind::KMeans));
        QCOMPARE(origin.k, 3);
        QCOMPARE(reopened->plotArea()->colourColumn()->categoryOfRow, clusters);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
    }

    void movedMetadataFileIsSaidAndFrequencyColours() {
        auto window = windowWithVectors(QStringLiteral("v4.csv"));
        QVERIFY(window);
        const QString tsv = writeFile(dir_, QStringLiteral("gone.tsv"), metadataTsv(40));
        QVERIFY(window->colouring()->openMetadata(tsv));
        const QString path = dir_.filePath(QStringLiteral("moved.embedscope"));
        QVERIFY(window->sessions()->saveSession(path));
        QVERIFY(QFile::remove(tsv));

        auto reopened = newWindow();
        QVERIFY(openAndWait(*reopened, path));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));  // said, not a dialog
        const QString message = reopened->statusBar()->currentMessage();
        QVERIFY2(message.contains(QStringLiteral("gone.tsv has moved or is gone")) &&
                     message.contains(QStringLiteral("coloured by frequency")),
                 qPrintable(message));
        QCOMPARE(int(reopened->colouring()->currentOrigin().kind),
                 int(ColouringActions::Origin::Kind::Frequency));
        QVERIFY(!reopened->plotArea()->colourColumn());
    }

    // A session as Embedscope wrote it before these keys: only "layout" in its view.
    void sessionWithoutTheNewKeysOpens() {
        Session session;
        session.source = {"vectors", "", 0, 0};
        session.vectors = someVectors(30, 6, 7);
        LayoutOptions layout;
        layout.seed = 3;
        session.view[QStringLiteral("layout")] = layoutJson(layout, {});
        const QString path = dir_.filePath(QStringLiteral("old.embedscope"));
        writeSession(path.toStdString(), session);

        auto window = newWindow();
        QVERIFY(openAndWait(*window, path));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        QCOMPARE(window->controller()->source()->rows(), 30);
        QCOMPARE(window->controller()->layouts().layout().seed, std::uint64_t(3));
        QTRY_VERIFY_WITH_TIMEOUT(window->plotArea()->showsLayout(LayoutMethod::Pca, 2), 10000);
        QVERIFY(window->plotArea()->plot2d()->followsData());
        QVERIFY(!window->plotArea()->colourColumn());
        QVERIFY(window->selectionActions()->selection()->isEmpty());
        QVERIFY(!window->plotArea()->isolating());
        QVERIFY(window->selectionActions()->tags().columns().empty());
        QVERIFY(window->sessions()->bookmarks()->list().empty());
    }

    // View > Colour by lists the tag columns, and a colouring by one follows new tags and undo.
    void colourByOffersTagColumns() {
        auto window = windowWithVectors(QStringLiteral("v5.csv"));
        QVERIFY(window);
        SelectionActions* selection = window->selectionActions();
        ColouringActions* colouring = window->colouring();
        auto menuTexts = [&] {
            QStringList texts;
            for (QAction* action : colouring->colourByMenu()->actions())
                texts << action->text();
            return texts.join('|');
        };
        selection->selection()->select(rows({1, 2}));
        QVERIFY(selection->tagSelection(QStringLiteral("mine"), QStringLiteral("pets")));
        QVERIFY2(menuTexts().contains(QStringLiteral("tags: mine (1 categories)")),
                 qPrintable(menuTexts()));
        colouring->colourByColumn(0);
        window->plotArea()->clickLegendEntry(0, Qt::ControlModifier);
        QCOMPARE(window->plotArea()->colouring().legend[0].count, 2);
        selection->selection()->select(rows({3}));
        QVERIFY(selection->tagSelection(QStringLiteral("mine"), QStringLiteral("pets")));
        // The colouring shows the new tag at once and keeps the hidden entry hidden.
        QCOMPARE(window->plotArea()->colouring().legend[0].count, 3);
        QVERIFY(window->plotArea()->hiddenEntries()[0]);
        QVERIFY2(menuTexts().contains(QStringLiteral("tags: mine")), qPrintable(menuTexts()));
        selection->undoStack()->undo();
        QCOMPARE(window->plotArea()->colouring().legend[0].count, 2);
        selection->undoStack()->undo();  // the column's first tag: the column goes
        QVERIFY2(!menuTexts().contains(QStringLiteral("mine")), qPrintable(menuTexts()));
        QVERIFY(!window->plotArea()->colourColumn());
        QCOMPARE(colouring->currentColumn(), -1);
    }
};

EMBEDSCOPE_TEST_MAIN(TestSessionViewGui)
#include "tst_sessionview_gui.moc"
