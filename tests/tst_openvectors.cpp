// Vectors made elsewhere, opened in the window (issue 16): every format, every panel without a
// trainer, bad files and Cancel leaving the earlier state, and a vector file given as a corpus.
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "CorpusPanel.h"
#include "InspectorPanel.h"
#include "MainWindow.h"
#include "NeighboursPanel.h"
#include "ScatterPlot.h"
#include "TrainingController.h"
#include "VectorCache.h"
#include "VectorFileLoader.h"
#include "VectorFormats.h"
#include "VocabularyModel.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

Q_DECLARE_METATYPE(embedscope::VectorFormat)

namespace {

// Three clusters of words (animals, colours, numbers) around well separated centres, with a
// little deterministic noise: each word's nearest neighbours are the words of its cluster.
WordVectors clusteredVectors(int dim = 16) {
    const std::vector<std::vector<std::string>> clusters = {
        {"dog", "cat", "horse", "cow", "sheep", "goat", "pig", "duck", "café"},
        {"red", "green", "blue", "yellow", "purple", "orange", "pink", "brown"},
        {"one", "two", "three", "four", "five", "six", "seven", "eight"}};
    WordVectors result;
    std::uint64_t state = 7;
    const auto noise = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<float>((state >> 40) % 1000) / 1000.0f - 0.5f;  // [-0.5, 0.5)
    };
    int rows = 0;
    for (const auto& cluster : clusters)
        rows += static_cast<int>(cluster.size());
    result.vectors.resize(rows, dim);
    int row = 0;
    for (std::size_t c = 0; c < clusters.size(); ++c)
        for (const std::string& word : clusters[c]) {
            result.words.push_back(word);
            for (int d = 0; d < dim; ++d)
                result.vectors(row, d) = (d % 3 == int(c) ? 4.0f : 0.0f) + 0.3f * noise();
            ++row;
        }
    return result;
}

int clusterOf(const QString& word) {
    static const QStringList animals = {
        "dog", "cat", "horse", "cow", "sheep", "goat", "pig", "duck", QString::fromUtf8("café")};
    static const QStringList colours = {"red",    "green",  "blue", "yellow",
                                        "purple", "orange", "pink", "brown"};
    return animals.contains(word) ? 0 : colours.contains(word) ? 1 : 2;
}

}  // namespace

class TestOpenVectors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;

    std::unique_ptr<MainWindow> newWindow() { return newQuietWindow(errors_); }

    QString writeVectorsFile(const QString& name, const WordVectors& vectors, VectorFormat format) {
        const QString path = dir_.filePath(name);
        writeVectors(path.toStdString(), vectors, format);
        return path;
    }

    static void openAndWait(MainWindow& window, const QString& path) {
        QSignalSpy loaded(&window, &MainWindow::vectorsLoaded);
        window.openVectors(path);
        QVERIFY(loaded.wait(10000));
    }

    static bool closeTables(const RowMatrixXf& a, const RowMatrixXf& b) {
        return a.rows() == b.rows() && a.cols() == b.cols() &&
               (a - b).cwiseAbs().maxCoeff() < 1e-4f;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
    }
    void init() { errors_.clear(); }

    void opensEveryFormat_data() {
        QTest::addColumn<VectorFormat>("format");
        QTest::addColumn<QString>("name");
        QTest::newRow("csv") << VectorFormat::Csv << "v.csv";
        QTest::newRow("word2vec text") << VectorFormat::Word2VecText << "v.vec";
        QTest::newRow("word2vec binary") << VectorFormat::Word2VecBinary << "v.bin";
        QTest::newRow("glove") << VectorFormat::Glove << "glove.txt";
        QTest::newRow("projector") << VectorFormat::Projector << "vectors.tsv";
        QTest::newRow("numpy") << VectorFormat::Npy << "v.npy";
        QTest::newRow("word2vec text, gzip") << VectorFormat::Word2VecText << "vz.vec.gz";
        QTest::newRow("glove, xz") << VectorFormat::Glove << "gx.txt.xz";
    }
    void opensEveryFormat() {
        QFETCH(VectorFormat, format);
        QFETCH(QString, name);
        const WordVectors vectors = clusteredVectors();
        QString path;
        const QString tool = name.endsWith(QLatin1String(".gz"))   ? QStringLiteral("gzip")
                             : name.endsWith(QLatin1String(".xz")) ? QStringLiteral("xz")
                                                                   : QString();
        if (tool.isEmpty()) {
            path = writeVectorsFile(name, vectors, format);
        } else {
#if defined(__SANITIZE_THREAD__)
            // The compressor runs in a child process, and ThreadSanitizer cannot fork a process
            // that has threads; the Release and ASan stages run these rows.
            QSKIP("no fork under ThreadSanitizer");
#endif
            const QString plain = writeVectorsFile(name.chopped(3), vectors, format);
            if (QProcess::execute(tool, {QStringLiteral("-f"), plain}) != 0)
                QSKIP("the compressor is not installed");
            path = dir_.filePath(name);
            QVERIFY(QFileInfo::exists(path));
        }
        auto window = newWindow();
        // As `embedscope FILE` does: told from a corpus by its content.
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openCorpus(path);
        QVERIFY(loaded.wait(10000));
        const auto source = window->controller()->source();
        QVERIFY(source);
        QCOMPARE(source->rows(), vectors.rows());
        QCOMPARE(source->dim(), vectors.dim());
        QCOMPARE(source->words(), vectors.words);
        QVERIFY(closeTables(*source->table(), vectors.vectors));
        QCOMPARE(window->vectorsPath(), path);
        QVERIFY(window->windowTitle().contains(name));
        QCOMPARE(window->corpusPanel()->model()->rowCount(), vectors.rows());
        QVERIFY(errors_.isEmpty());
    }

    void aReopenComesFromTheCache() {
        const WordVectors vectors = clusteredVectors();
        const QString path = writeVectorsFile("cached.vec", vectors, VectorFormat::Word2VecText);
        QTemporaryDir cacheDir;
        VectorCacheSettings settings;
        settings.folder = cacheDir.filePath("vectors").toStdString();
        settings.minimumSourceBytes =
            0;  // the file is small; the rule is tested in tst_vectorcache
        auto window = newWindow();
        VectorFileLoader* loader = window->vectorLoader();
        loader->setCacheSettings(settings);
        openAndWait(*window, path);
        QVERIFY(!loader->lastLoadFromCache());
        QVERIFY(!window->statusBar()->currentMessage().contains("(from cache)"));
        loader->waitForCacheWrite();  // the second job, after the vectors were shown
        QCOMPARE(QDir(cacheDir.filePath("vectors")).entryList({"*.vcache"}, QDir::Files).size(), 1);

        openAndWait(*window, path);
        QVERIFY(loader->lastLoadFromCache());
        QVERIFY(window->statusBar()->currentMessage().contains("(from cache)"));
        const auto source = window->controller()->source();
        QCOMPARE(source->words(), vectors.words);
        QVERIFY(closeTables(*source->table(), vectors.vectors));
        // The neighbour index references the mapped table itself, not a copy.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto index = window->controller()->neighbourIndex();
                return index && index->table()->data() == source->table()->data();
            },
            10000));
        QVERIFY(errors_.isEmpty());
    }

    void everyPanelWorksWithoutATrainer() {
        const WordVectors vectors = clusteredVectors();
        const QString path = writeVectorsFile("panels.vec", vectors, VectorFormat::Word2VecText);
        auto window = newWindow();
        openAndWait(*window, path);
        TrainingController* controller = window->controller();
        QVERIFY(controller->trainer() == nullptr);  // nothing below may need one
        QVERIFY(controller->corpus() == nullptr);

        // The plot: every word, projected.
        QCOMPARE(window->plot()->words().size(), vectors.rows());
        QTRY_VERIFY_WITH_TIMEOUT(controller->lastFrame() != nullptr, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(window->plot()->placeholderText().isEmpty(), 5000);

        // Neighbours: the selected word's cluster comes first.
        const int cat = controller->indexOf(QStringLiteral("cat"));
        QVERIFY(cat >= 0);
        window->selectRow(cat);
        QTRY_VERIFY_WITH_TIMEOUT(window->neighboursPanel()->neighbourWords().size() >= 5, 5000);
        for (const QString& word : window->neighboursPanel()->neighbourWords().mid(0, 5))
            QCOMPARE(clusterOf(word), 0);

        // Analogies run on the same vectors.
        window->neighboursPanel()->setAnalogy(QStringLiteral("red"), QStringLiteral("blue"),
                                              QStringLiteral("two"));
        QTRY_VERIFY_WITH_TIMEOUT(!window->neighboursPanel()->analogyWords().isEmpty(), 5000);

        // The Inspector: one-hot index and the file's row.
        QTRY_COMPARE_WITH_TIMEOUT(window->inspectorPanel()->shownOneHotIndex(), qint64(cat), 5000);
        QCOMPARE(window->inspectorPanel()->shownOneHotSize(), qint64(vectors.rows()));
        const QVector<float> shown = window->inspectorPanel()->shownRow();
        QCOMPARE(shown.size(), vectors.dim());
        for (int d = 0; d < vectors.dim(); ++d)
            QVERIFY(std::abs(shown[d] - vectors.vectors(cat, d)) < 1e-4f);

        // Exports: the same vectors come back.
        const QString csv = dir_.filePath(QStringLiteral("panels-export.csv"));
        QVERIFY(window->exportVectors(csv, VectorFormat::Csv));
        const WordVectors exported = readVectors(csv.toStdString());
        QCOMPARE(exported.words, vectors.words);
        QVERIFY(closeTables(exported.vectors, vectors.vectors));
        QVERIFY(window->exportPlot(dir_.filePath(QStringLiteral("panels.png"))));
        QVERIFY(errors_.isEmpty());
    }

    void aBadFileKeepsTheEarlierVectors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("wrong dimension") << QByteArray("2 3\na 1 2 3\nb 1 2\n") << "line 3";
        QTest::newRow("NaN") << QByteArray("2 3\na 1 2 3\nb 1 nan 3\n") << "line 3";
        QTest::newRow("header that lies") << QByteArray("5 3\na 1 2 3\nb 1 2 3\n") << "";
        // The lengths count the bytes before the literal's closing NUL.
        QTest::newRow("truncated binary") << QByteArray("2 3\na \x01\x02\x03", 9) << "";
        QTest::newRow("garbage") << QByteArray("\x93\x01\xff\xfe garbage\x00\x01", 14) << "";
    }
    void aBadFileKeepsTheEarlierVectors() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        const QString good =
            writeVectorsFile("good.vec", clusteredVectors(), VectorFormat::Word2VecText);
        auto window = newWindow();
        openAndWait(*window, good);
        const auto before = window->controller()->source();
        const QString title = window->windowTitle();

        const QString bad = writeFile(dir_, QStringLiteral("bad.vec"), content);
        QSignalSpy failed(window.get(), &MainWindow::loadFailed);
        window->openVectors(bad);
        QVERIFY(failed.wait(10000));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.front().contains(QStringLiteral("bad.vec")), qPrintable(errors_.front()));
        if (!problem.isEmpty())
            QVERIFY2(errors_.front().contains(problem), qPrintable(errors_.front()));
        QCOMPARE(window->controller()->source(), before);
        QCOMPARE(window->vectorsPath(), good);
        QCOMPARE(window->windowTitle(), title);
    }

    void cancelInTheMiddleKeepsTheEarlierState() {
        const QString good =
            writeVectorsFile("before.vec", clusteredVectors(), VectorFormat::Word2VecText);
        // Large enough that the reader checks its cancel flag many times before the end.
        WordVectors big;
        big.vectors.resize(30000, 20);
        for (int r = 0; r < big.vectors.rows(); ++r) {
            big.words.push_back("w" + std::to_string(r));
            for (int d = 0; d < 20; ++d)
                big.vectors(r, d) = float((r * 31 + d * 7) % 97) / 97.0f;
        }
        const QString large = writeVectorsFile("large.vec", big, VectorFormat::Word2VecText);
        auto window = newWindow();
        openAndWait(*window, good);
        const auto before = window->controller()->source();

        QSignalSpy cancelled(window.get(), &MainWindow::loadCancelled);
        QSignalSpy loaded(window.get(), &MainWindow::vectorsLoaded);
        window->openVectors(large);
        QVERIFY(window->isLoading());
        window->cancelLoad();
        QVERIFY(cancelled.wait(10000));
        QTRY_VERIFY(!window->isLoading());
        QCOMPARE(loaded.size(), 0);
        QCOMPARE(window->controller()->source(), before);
        QCOMPARE(window->vectorsPath(), good);
        QVERIFY(errors_.isEmpty());
    }

    // nn.Embedding.from_pretrained from the window: a corpus trained from the open vectors.
    void trainsACorpusFromTheLoadedVectors_data() {
        QTest::addColumn<bool>("freeze");
        QTest::newRow("frozen") << true;
        QTest::newRow("trained") << false;
    }
    void trainsACorpusFromTheLoadedVectors() {
        QFETCH(bool, freeze);
        const WordVectors vectors = clusteredVectors(12);
        const QString path = writeVectorsFile("pretrained.csv", vectors, VectorFormat::Csv);
        const QString corpus = writeFile(dir_, QStringLiteral("topics.txt"), topicCorpus());
        auto window = newWindow();
        openAndWait(*window, path);
        QVERIFY(window->actions().trainFromVectors->isEnabled());
        QSignalSpy corpusLoaded(window.get(), &MainWindow::corpusLoaded);
        window->trainFromLoadedVectors(corpus, freeze);
        QVERIFY(corpusLoaded.wait(10000));
        TrainingController* controller = window->controller();
        QCOMPARE(controller->options().dim, 12);  // the file's, whatever the panel said
        QVERIFY(controller->options().pretrained.vectors);
        QCOMPARE(controller->options().pretrained.freeze, freeze);

        const auto fileRow = [&](const std::string& word) {
            const auto at = std::find(vectors.words.begin(), vectors.words.end(), word);
            return RowMatrixXf(vectors.vectors.row(at - vectors.words.begin()));
        };
        const auto trainedRow = [&](const std::string& word) {
            const std::int32_t row = controller->indexOf(QString::fromStdString(word));
            return RowMatrixXf(controller->source()->snapshot({row})->vectors);
        };
        QCOMPARE(trainedRow("dog"), fileRow("dog"));  // starts from the file
        controller->start();
        QTRY_VERIFY_WITH_TIMEOUT(controller->state() == TrainerState::Finished, 30000);
        QVERIFY(controller->progress().examplesTrained > 0);
        if (freeze)
            QCOMPARE(trainedRow("dog"), fileRow("dog"));
        else
            QVERIFY(trainedRow("dog") != fileRow("dog"));

        // The file's word that the corpus lacks is exported after the corpus's, unchanged.
        const QString exported = dir_.filePath(QStringLiteral("from-pretrained.csv"));
        QVERIFY(window->exportVectors(exported, VectorFormat::Csv));
        const WordVectors out = readVectors(exported.toStdString());
        QCOMPARE(out.words.back(), std::string("café"));
        QCOMPARE(RowMatrixXf(out.vectors.bottomRows(1)), fileRow("café"));
        QVERIFY(errors_.isEmpty());

        // Opening another corpus afterwards starts afresh.
        window->openCorpus(corpus);
        QVERIFY(corpusLoaded.wait(10000));
        QVERIFY(!controller->options().pretrained.vectors);
    }

    void aVectorFileGivenAsACorpusOpensAsVectors() {
        // `embedscope FILE`, drag and drop and recent files all go through openCorpus.
        const QString glove =
            writeVectorsFile("as-corpus.txt", clusteredVectors(), VectorFormat::Glove);
        auto window = newWindow();
        QSignalSpy corpusLoaded(window.get(), &MainWindow::corpusLoaded);
        QSignalSpy vectorsLoaded(window.get(), &MainWindow::vectorsLoaded);
        window->openCorpus(glove);
        QVERIFY(vectorsLoaded.wait(10000));
        QCOMPARE(corpusLoaded.size(), 0);
        QCOMPARE(window->controller()->source()->rows(), clusteredVectors().rows());

        // And a corpus afterwards trains again.
        const QString corpus = writeFile(dir_, QStringLiteral("topics.txt"), topicCorpus());
        window->openCorpus(corpus);
        QVERIFY(corpusLoaded.wait(10000));
        QVERIFY(window->controller()->trainer() != nullptr);
        QVERIFY(window->controller()->loadedVectors() == nullptr);
        QVERIFY(window->vectorsPath().isEmpty());
        QVERIFY(window->actions().start->isEnabled());
    }
};

QTEST_MAIN(TestOpenVectors)
#include "tst_openvectors.moc"
