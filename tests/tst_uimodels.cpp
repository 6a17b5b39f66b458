// The widgets' plain parts: the vocabulary model (checked by QAbstractItemModelTester), its
// filter, chart ticks and thinning, what QSettings remembers, and the job progress timer.
#include <QAbstractItemModelTester>
#include <QFileInfo>
#include <QLocale>
#include <QProcess>
#include <QSortFilterProxyModel>

#include <optional>

#include "ChartWidget.h"
#include "CorpusPanel.h"
#include "JobProgressTimer.h"
#include "Settings.h"
#include "VocabularyModel.h"
#include "uitestutil.h"

using namespace embedscope;

Q_DECLARE_METATYPE(std::optional<EmbeddingInit>)
Q_DECLARE_METATYPE(std::optional<TrainingKernelKind>)

class TestUiModels : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<const TokenizedCorpus> corpus_;

private slots:
    void initTestCase() {
        test::useTemporarySettings(dir_);
        corpus_ = test::loadTopics(dir_);
    }

    void vocabularyModel() {
        VocabularyModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setCorpus(corpus_);
        QCOMPARE(model.rowCount(), 28);
        QCOMPARE(model.columnCount(), int(VocabularyModel::ColumnCount));
        const Vocabulary& vocabulary = corpus_->vocabulary;
        for (int row = 0; row < model.rowCount(); ++row) {
            QCOMPARE(model.index(row, VocabularyModel::RankColumn).data().toInt(), row + 1);
            QCOMPARE(model.index(row, VocabularyModel::WordColumn).data().toString(),
                     QString::fromStdString(vocabulary.word(row)));
            QCOMPARE(model.index(row, VocabularyModel::CountColumn).data().toULongLong(),
                     qulonglong(vocabulary.count(row)));
            QCOMPARE(model.index(row, VocabularyModel::IndexColumn).data().toInt(), row);
            QCOMPARE(model.index(row, VocabularyModel::CountColumn)
                         .data(VocabularyModel::IndexRole)
                         .toInt(),
                     row);
        }
        model.setCorpus(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }

    void filterAndSort() {
        CorpusPanel panel;
        panel.setCorpus(corpus_, QStringLiteral("topics"));
        QSortFilterProxyModel* proxy = panel.proxy();
        QAbstractItemModelTester tester(proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(proxy->rowCount(), 28);
        panel.setFilterText(QStringLiteral("E"));  // case-insensitive substring
        QStringList shown;
        for (int row = 0; row < proxy->rowCount(); ++row)
            shown << proxy->index(row, VocabularyModel::WordColumn).data().toString();
        for (const QString& word : shown)
            QVERIFY(word.contains(QLatin1Char('e')));
        QVERIFY(shown.contains(QStringLiteral("three")));
        QVERIFY(!shown.contains(QStringLiteral("dog")));
        panel.setFilterText(QString());
        proxy->sort(VocabularyModel::CountColumn, Qt::AscendingOrder);
        QVERIFY(proxy->index(0, VocabularyModel::CountColumn).data().toULongLong() <=
                proxy->index(27, VocabularyModel::CountColumn).data().toULongLong());
    }

    // The summary says how the ids are kept: in memory, or streamed from disk.
    void summaryShowsTheStorageMode() {
        CorpusPanel panel;
        panel.setCorpus(corpus_, QStringLiteral("topics"));
        QVERIFY2(panel.summaryText().contains(QStringLiteral("in memory")),
                 qPrintable(panel.summaryText()));
        QVERIFY(!panel.summaryText().contains(QStringLiteral("streamed")));
        CorpusOptions options;
        options.memoryTokenLimit = 0;
        options.cacheFolder = dir_.filePath(QStringLiteral("cache")).toStdString();
        panel.setCorpus(std::make_shared<TokenizedCorpus>(loadCorpus(
                            dir_.filePath(QStringLiteral("topics.txt")).toStdString(), options)),
                        QStringLiteral("topics"));
        QVERIFY2(panel.summaryText().contains(QStringLiteral("streamed")),
                 qPrintable(panel.summaryText()));
        QVERIFY(!panel.summaryText().contains(QStringLiteral("gzip")));
    }

    // ... and how the text is stored on disk: the compression and the compressed size.
    void summaryShowsTheCompression() {
        const QString packed = dir_.filePath(QStringLiteral("topics.txt.gz"));
        QProcess gzip;
        gzip.setStandardOutputFile(packed);
        gzip.start(QStringLiteral("gzip"),
                   {QStringLiteral("-c"), dir_.filePath(QStringLiteral("topics.txt"))});
        if (!gzip.waitForFinished() || gzip.exitCode() != 0)
            QSKIP("gzip is not installed");
        CorpusPanel panel;
        panel.setCorpus(std::make_shared<TokenizedCorpus>(loadCorpus(packed.toStdString(), {})),
                        QStringLiteral("topics"));
        const QString diskSize = QLocale().formattedDataSize(QFileInfo(packed).size());
        QVERIFY2(panel.summaryText().contains(
                     QStringLiteral("of text from a %1 gzip file").arg(diskSize)),
                 qPrintable(panel.summaryText()));
    }

    void corpusOptionsRoundTrip() {
        CorpusPanel panel;
        CorpusOptions options;
        options.tokenizer.mode = TokenizeMode::Whitespace;
        options.tokenizer.lowercase = false;
        options.tokenizer.keepHyphens = false;
        options.tokenizer.digitsToToken = true;
        options.tokenizer.normalize = false;
        options.minCount = 7;
        options.maxSize = 5000;
        panel.setCorpusOptions(options);
        const CorpusOptions shown = panel.corpusOptions();
        QCOMPARE(shown.tokenizer.mode, TokenizeMode::Whitespace);
        QCOMPARE(shown.tokenizer.lowercase, false);
        QCOMPARE(shown.tokenizer.keepApostrophes, true);
        QCOMPARE(shown.tokenizer.keepHyphens, false);
        QCOMPARE(shown.tokenizer.digitsToToken, true);
        QCOMPARE(shown.tokenizer.normalize, false);
        QCOMPARE(shown.minCount, std::uint64_t(7));
        QCOMPARE(shown.maxSize, std::size_t(5000));
    }

    void niceTicks_data() {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<QVector<double>>("expected");
        QTest::newRow("unit") << 0.0 << 1.0 << 6 << QVector<double>{0, 0.2, 0.4, 0.6, 0.8, 1.0};
        QTest::newRow("loss") << 0.93 << 2.41 << 5 << QVector<double>{0.5, 1.0, 1.5, 2.0, 2.5};
        QTest::newRow("speed") << 612000.0 << 1410000.0 << 5
                               << QVector<double>{600000,  800000,  1000000,
                                                  1200000, 1400000, 1600000};
        QTest::newRow("negative") << -3.0 << 7.0 << 6 << QVector<double>{-4, -2, 0, 2, 4, 6, 8};
        QTest::newRow("flat: padded by 10%") << 5.0 << 5.0 << 5 << QVector<double>{4.5, 5.0, 5.5};
    }

    void niceTicks() {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, maxTicks);
        QFETCH(QVector<double>, expected);
        const QVector<double> ticks = embedscope::niceTicks(lo, hi, maxTicks);
        QCOMPARE(ticks.size(), expected.size());
        for (int i = 0; i < ticks.size(); ++i)
            QVERIFY(std::abs(ticks[i] - expected[i]) < 1e-9);
        QVERIFY(ticks.front() <= lo && ticks.back() >= hi);
    }

    void chartThinsOldPoints() {
        ChartWidget chart(QStringLiteral("loss"), QStringLiteral("s"));
        chart.setMaxPoints(100);
        for (int i = 0; i < 1000; ++i)
            chart.addPoint(i, 1000 - i);
        QVERIFY(chart.points().size() <= 100);
        QVERIFY(chart.points().size() >= 50);
        // Thinning averages neighbours: x stays increasing and the newest point is kept exactly.
        for (int i = 1; i < chart.points().size(); ++i)
            QVERIFY(chart.points()[i].x() > chart.points()[i - 1].x());
        QCOMPARE(chart.points().back(), QPointF(999, 1));
        chart.addPoint(qQNaN(), 1);  // ignored
        QCOMPARE(chart.points().back(), QPointF(999, 1));
    }

    void recentFilesKeepEightNewestFirst() {
        QSettings settings;
        for (int i = 0; i < 12; ++i)
            settings::addRecentFile(settings, QStringLiteral("/data/corpus%1.txt").arg(i));
        settings::addRecentFile(settings, QStringLiteral("/data/corpus5.txt"));
        const QStringList files = settings::recentFiles(settings);
        QCOMPARE(files.size(), settings::kMaxRecentFiles);
        QCOMPARE(files.front(), QStringLiteral("/data/corpus5.txt"));
        QCOMPARE(files.at(1), QStringLiteral("/data/corpus11.txt"));
        QCOMPARE(files.count(QStringLiteral("/data/corpus5.txt")), 1);
        settings::removeRecentFile(settings, QStringLiteral("/data/corpus5.txt"));
        QCOMPARE(settings::recentFiles(settings).front(), QStringLiteral("/data/corpus11.txt"));
    }

    void corpusOptionsSettingsRoundTrip() {
        QSettings settings;
        for (const bool flip : {false, true}) {
            CorpusOptions options;
            options.tokenizer.mode = flip ? TokenizeMode::Whitespace : TokenizeMode::Words;
            options.tokenizer.lowercase = !flip;
            options.tokenizer.keepApostrophes = flip;
            options.tokenizer.keepHyphens = !flip;
            options.tokenizer.digitsToToken = flip;
            options.tokenizer.normalize = !flip;
            options.minCount = flip ? 3 : 9;
            options.maxSize = flip ? 0 : 2000;
            settings::saveCorpusOptions(settings, options);
            const CorpusOptions loaded = settings::loadCorpusOptions(settings, CorpusOptions{});
            QCOMPARE(loaded.tokenizer.mode, options.tokenizer.mode);
            QCOMPARE(loaded.tokenizer.lowercase, options.tokenizer.lowercase);
            QCOMPARE(loaded.tokenizer.keepApostrophes, options.tokenizer.keepApostrophes);
            QCOMPARE(loaded.tokenizer.keepHyphens, options.tokenizer.keepHyphens);
            QCOMPARE(loaded.tokenizer.digitsToToken, options.tokenizer.digitsToToken);
            QCOMPARE(loaded.tokenizer.normalize, options.tokenizer.normalize);
            QCOMPARE(loaded.minCount, options.minCount);
            QCOMPARE(loaded.maxSize, options.maxSize);
        }
        // A file written before the option existed: NFC, the default.
        settings.remove(QStringLiteral("corpus/normalize"));
        QCOMPARE(settings::loadCorpusOptions(settings, CorpusOptions{}).tokenizer.normalize, true);
    }

    void trainerOptionsRoundTrip() {
        QSettings settings;
        TrainerOptions options;
        options.model = TrainingModel::Cbow;
        options.kernel = TrainingKernelKind::Classic;
        options.dim = 64;
        options.window = 3;
        options.negative = 9;
        options.epochs = 12;
        options.learningRate = 0.04;
        options.sample = 1e-4;
        options.threads = 3;
        options.seed = 99;
        options.init = EmbeddingInit::Normal;
        options.shuffleLines = true;
        settings::saveTrainerOptions(settings, options);
        const TrainerOptions loaded = settings::loadTrainerOptions(settings, TrainerOptions{});
        QCOMPARE(loaded.model, TrainingModel::Cbow);
        QCOMPARE(loaded.kernel, TrainingKernelKind::Classic);
        QCOMPARE(loaded.dim, 64);
        QCOMPARE(loaded.window, 3);
        QCOMPARE(loaded.negative, 9);
        QCOMPARE(loaded.epochs, 12);
        QCOMPARE(loaded.learningRate, 0.04);
        QCOMPARE(loaded.sample, 1e-4);
        QCOMPARE(loaded.threads, 3);
        QCOMPARE(loaded.seed, std::uint64_t(99));
        QCOMPARE(loaded.init, EmbeddingInit::Normal);
        QCOMPARE(loaded.shuffleLines, true);
        settings.remove(QStringLiteral("trainer/shuffleLines"));  // as written by 0.1.0
        QCOMPARE(settings::loadTrainerOptions(settings, TrainerOptions{}).shuffleLines, false);
        // Garbage in the file falls back or clamps instead of reaching the trainer.
        settings.setValue(QStringLiteral("trainer/dim"), QStringLiteral("many"));
        settings.setValue(QStringLiteral("trainer/window"), -5);
        const TrainerOptions repaired = settings::loadTrainerOptions(settings, TrainerOptions{});
        QCOMPARE(repaired.dim, TrainerOptions{}.dim);
        QCOMPARE(repaired.window, 1);
        // Every initialisation and kernel survives the round trip, the model's default (nullopt)
        // included.
        for (std::optional<EmbeddingInit> init :
             {std::optional(EmbeddingInit::Word2VecUniform),
              std::optional(EmbeddingInit::GensimUniform), std::optional(EmbeddingInit::Normal),
              std::optional<EmbeddingInit>()}) {
            options.init = init;
            settings::saveTrainerOptions(settings, options);
            QCOMPARE(settings::loadTrainerOptions(settings, TrainerOptions{}).init, init);
        }
        for (std::optional<TrainingKernelKind> kernel :
             {std::optional(TrainingKernelKind::Classic),
              std::optional(TrainingKernelKind::Batched), std::optional<TrainingKernelKind>()}) {
            options.kernel = kernel;
            settings::saveTrainerOptions(settings, options);
            QCOMPARE(settings::loadTrainerOptions(settings, TrainerOptions{}).kernel, kernel);
        }
        // An unknown name falls back.
        TrainerOptions fallback;
        fallback.init = EmbeddingInit::Normal;
        fallback.kernel = TrainingKernelKind::Classic;
        settings.setValue(QStringLiteral("trainer/initChoice"), QStringLiteral("xavier"));
        settings.setValue(QStringLiteral("trainer/kernelChoice"), QStringLiteral("fast"));
        QCOMPARE(settings::loadTrainerOptions(settings, fallback).init, fallback.init);
        QCOMPARE(settings::loadTrainerOptions(settings, fallback).kernel, fallback.kernel);
    }

    // Versions before the per-model defaults always wrote "init" (0 word2vec's range, their
    // default; 1 normal; 2 gensim's) and "kernel" (0 classic; 1 batched, their default). Their
    // defaults read as the model's default now, the other values as a choice.
    void trainerOptionsFromEarlierVersions_data() {
        QTest::addColumn<int>("storedInit");
        QTest::addColumn<int>("storedKernel");
        QTest::addColumn<std::optional<EmbeddingInit>>("init");
        QTest::addColumn<std::optional<TrainingKernelKind>>("kernel");
        QTest::newRow("their defaults")
            << 0 << 1 << std::optional<EmbeddingInit>() << std::optional<TrainingKernelKind>();
        QTest::newRow("normal, classic") << 1 << 0 << std::optional(EmbeddingInit::Normal)
                                         << std::optional(TrainingKernelKind::Classic);
        QTest::newRow("gensim's range") << 2 << 1 << std::optional(EmbeddingInit::GensimUniform)
                                        << std::optional<TrainingKernelKind>();
    }
    void trainerOptionsFromEarlierVersions() {
        QFETCH(int, storedInit);
        QFETCH(int, storedKernel);
        QFETCH(std::optional<EmbeddingInit>, init);
        QFETCH(std::optional<TrainingKernelKind>, kernel);
        QSettings settings;
        settings.remove(QStringLiteral("trainer"));
        settings.setValue(QStringLiteral("trainer/init"), storedInit);
        settings.setValue(QStringLiteral("trainer/kernel"), storedKernel);
        TrainerOptions fallback;
        fallback.init = EmbeddingInit::Normal;  // not what any row expects
        fallback.kernel = TrainingKernelKind::Batched;
        const TrainerOptions loaded = settings::loadTrainerOptions(settings, fallback);
        QCOMPARE(loaded.init, init);
        QCOMPARE(loaded.kernel, kernel);
        // Saving writes the new keys only, and they read back the same.
        settings::saveTrainerOptions(settings, loaded);
        QVERIFY(!settings.contains(QStringLiteral("trainer/init")));
        QVERIFY(!settings.contains(QStringLiteral("trainer/kernel")));
        QCOMPARE(settings::loadTrainerOptions(settings, fallback).init, init);
        QCOMPARE(settings::loadTrainerOptions(settings, fallback).kernel, kernel);
    }

    void jobProgressTimerReportsTheJobsLastFraction() {
        auto job = std::make_shared<JobState>();
        JobProgressTimer timer;
        QSignalSpy progress(&timer, &JobProgressTimer::progress);
        timer.watch(job);
        // No total yet: nothing to report.
        QTest::qWait(150);
        QCOMPARE(progress.count(), 0);

        job->total = 400;
        job->done = 100;
        QVERIFY(progress.wait(1000));
        QCOMPARE(progress.last().at(0).toDouble(), 0.25);
        job->done = 300;
        QTRY_COMPARE_WITH_TIMEOUT(progress.last().at(0).toDouble(), 0.75, 1000);

        timer.stop();
        progress.clear();
        job->done = 400;
        QTest::qWait(150);
        QCOMPARE(progress.count(), 0);
    }
};

EMBEDSCOPE_TEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
