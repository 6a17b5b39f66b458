// embedscope-cli train: exit codes, messages, output file, and Ctrl-C.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <random>

#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;

using embedscope::test::topicText;

namespace {

// Row `word` of vectors (empty when the word is missing).
Eigen::RowVectorXf rowOf(const WordVectors& vectors, const std::string& word) {
    for (std::size_t i = 0; i < vectors.words.size(); ++i)
        if (vectors.words[i] == word)
            return vectors.vectors.row(Eigen::Index(i));
    return {};
}

// How many words of `from` have bit-identical rows in `in`.
int identicalRows(const WordVectors& from, const WordVectors& in) {
    int identical = 0;
    for (std::size_t i = 0; i < from.words.size(); ++i) {
        const Eigen::RowVectorXf row = rowOf(in, from.words[i]);
        identical += row.size() == from.dim() &&
                     (row.array() == from.vectors.row(Eigen::Index(i)).array()).all();
    }
    return identical;
}

}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT

private slots:
    void trainsAndWritesReadableVectors_data() {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("skip-gram batched")
            << QStringList{QStringLiteral("--model"), QStringLiteral("sg")};
        QTest::newRow("cbow classic")
            << QStringList{QStringLiteral("--model"), QStringLiteral("cbow"),
                           QStringLiteral("--kernel"), QStringLiteral("classic")};
        QTest::newRow("cbow, gensim's init")
            << QStringList{QStringLiteral("--model"), QStringLiteral("cbow"),
                           QStringLiteral("--init"), QStringLiteral("gensim")};
        QTest::newRow("skip-gram, lines shuffled")
            << QStringList{QStringLiteral("--order"), QStringLiteral("shuffled")};
    }
    void trainsAndWritesReadableVectors() {
        QFETCH(QStringList, options);
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(400));
        const QString out = dir.filePath(QStringLiteral("vectors.txt"));
        const test::CliRun result = test::runCli(
            QStringList{QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                        QStringLiteral("--dim"), QStringLiteral("12"), QStringLiteral("--epochs"),
                        QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("2")} +
            options);
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.err.contains(QStringLiteral("Progress: 100.0%")));
        QVERIFY2(!result.err.contains(QStringLiteral("nothing was learnt")),
                 qPrintable(result.err));
        const WordVectors vectors = readVectors(test::toStd(out), VectorFormat::Word2VecText);
        QCOMPARE(vectors.rows(), 40);
        QCOMPARE(vectors.dim(), 12);
        QVERIFY(vectors.vectors.allFinite());
    }

    // Without --kernel and --init the model's defaults apply (defaultKernel and defaultInit): one
    // thread and a fixed seed give the same file as those options spelled out, and another file
    // with any other kernel or range.
    void defaultsFollowTheModel_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QStringList>("defaults");
        QTest::addColumn<QList<QStringList>>("others");
        const auto option = [](const char* name, const char* value) {
            return QStringList{QString::fromLatin1(name), QString::fromLatin1(value)};
        };
        QTest::newRow("cbow: classic, gensim's range")
            << QStringLiteral("cbow") << option("--kernel", "classic") + option("--init", "gensim")
            << QList<QStringList>{option("--kernel", "batched"), option("--init", "uniform")};
        QTest::newRow("skip-gram: batched, word2vec's range")
            << QStringLiteral("sg") << option("--kernel", "batched") + option("--init", "uniform")
            << QList<QStringList>{option("--kernel", "classic"), option("--init", "gensim")};
    }
    void defaultsFollowTheModel() {
        QFETCH(QString, model);
        QFETCH(QStringList, defaults);
        QFETCH(QList<QStringList>, others);
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(200));
        int runs = 0;
        const auto train = [&](const QStringList& options) {
            const QString out = dir.filePath(QStringLiteral("run%1.txt").arg(++runs));
            const test::CliRun result = test::runCli(
                QStringList{QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                            QStringLiteral("--model"), model, QStringLiteral("--dim"),
                            QStringLiteral("8"), QStringLiteral("--epochs"), QStringLiteral("1"),
                            QStringLiteral("--threads"), QStringLiteral("1"),
                            QStringLiteral("--seed"), QStringLiteral("7")} +
                options);
            if (result.exitCode != 0) {
                qWarning("%s", qPrintable(result.err));
                return QByteArray();  // never equal to a run that worked
            }
            return test::readAll(out);
        };
        const QByteArray byDefault = train({});
        QVERIFY(!byDefault.isEmpty());
        QCOMPARE(train(defaults), byDefault);
        for (const QStringList& other : others)
            QVERIFY2(train(other) != byDefault, qPrintable(other.join(QLatin1Char(' '))));
    }

    // Lines of one word give no (word, context) pair: the run succeeds but says that the vectors
    // learnt nothing, naming the corpus.
    void warnsWhenNothingIsLearnt() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("lonely.txt"),
                                               QByteArray("cat\ndog\ncat\ndog\nfish\n"));
        const QString out = dir.filePath(QStringLiteral("v.txt"));
        const test::CliRun result =
            test::runCli({QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                          QStringLiteral("--min-count"), QStringLiteral("1"),
                          QStringLiteral("--sample"), QStringLiteral("0")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY2(result.err.contains(corpus + QStringLiteral(": nothing was learnt")),
                 qPrintable(result.err));
        QCOMPARE(readVectors(test::toStd(out), VectorFormat::Word2VecText).rows(), 3);
    }

    void missingCorpusNamesTheFile() {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("no-such-corpus.txt"));
        const test::CliRun result =
            test::runCli({QStringLiteral("train"), missing, QStringLiteral("-o"),
                          dir.filePath(QStringLiteral("v.txt"))});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(missing), qPrintable(result.err));
        QCOMPARE(result.err.trimmed().count(QLatin1Char('\n')), 0);  // one line
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("v.txt"))));
    }

    void badOptionsAreUsageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        // One option with a bad value, and what the message must say.
        const auto row =
            [](const char* name, const char* option, const char* value, const char* mentions) {
                QTest::newRow(name)
                    << QStringList{QString::fromLatin1(option), QString::fromLatin1(value)}
                    << QString::fromLatin1(mentions);
            };
        row("unknown option", "--frobnicate", "1", "--frobnicate");
        row("bad model", "--model", "glove", "--model");
        row("bad kernel", "--kernel", "fast", "--kernel");
        row("bad init", "--init", "zeros", "--init expects uniform, gensim or normal, got 'zeros'");
        row("bad line order", "--order", "random",
            "--order expects file or shuffled, got 'random'");
        row("dim not a number", "--dim", "ten", "--dim");
        row("negative window", "--window", "-3", "--window");
        row("zero learning rate", "--lr", "0",
            "--lr expects a number from 1e-12 to 1e+06, got '0'");
        row("sample above one", "--sample", "2", "--sample expects a number from 0 to 1, got '2'");
        row("bad format", "--format", "xml", "xml");
        row("bad stream mode", "--stream", "maybe",
            "--stream expects auto, always or never, got 'maybe'");
    }
    void badOptionsAreUsageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(50));
        const test::CliRun result =
            test::runCli(QStringList{QStringLiteral("train"), corpus, QStringLiteral("-o"),
                                     dir.filePath(QStringLiteral("v.txt"))} +
                         arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
    }

    // --stream always keeps the ids in a file in --cache-dir (unlinked at once, so the folder stays
    // empty) and writes the very file an in-memory run writes with one thread and a fixed seed.
    void streamedRunWritesTheSameVectors() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(200));
        const QString cache = dir.filePath(QStringLiteral("cache"));
        const auto train = [&](const QString& mode, const QString& out) {
            const test::CliRun result = test::runCli(
                {QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                 QStringLiteral("--dim"), QStringLiteral("8"), QStringLiteral("--epochs"),
                 QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1"),
                 QStringLiteral("--stream"), mode, QStringLiteral("--cache-dir"), cache});
            return result;
        };
        const QString inMemory = dir.filePath(QStringLiteral("memory.txt"));
        const QString streamed = dir.filePath(QStringLiteral("streamed.txt"));
        const test::CliRun memoryRun = train(QStringLiteral("never"), inMemory);
        QVERIFY2(memoryRun.exitCode == 0, qPrintable(memoryRun.err));
        QVERIFY2(memoryRun.err.contains(QStringLiteral("ids in memory")),
                 qPrintable(memoryRun.err));
        const test::CliRun streamedRun = train(QStringLiteral("always"), streamed);
        QVERIFY2(streamedRun.exitCode == 0, qPrintable(streamedRun.err));
        QVERIFY2(streamedRun.err.contains(QStringLiteral("streamed: ids in a")),
                 qPrintable(streamedRun.err));
        QCOMPARE(test::readAll(streamed), test::readAll(inMemory));
        QVERIFY(QDir(cache).exists());
        QCOMPARE(QDir(cache).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    // The round trip: train, then train --init-from the export. The dimension comes from the
    // file; with --freeze every word of the file keeps its vector bit for bit (word2vec text
    // round-trips floats exactly), without it they learn; words of the file outside the corpus
    // are written after the corpus words, unchanged.
    void continuesFromItsOwnExport() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(400));
        const auto train = [&](const QString& name, const QStringList& options) {
            const QString out = dir.filePath(name);
            const test::CliRun result =
                test::runCli(QStringList{QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                                         QStringLiteral("--epochs"), QStringLiteral("1"),
                                         QStringLiteral("--threads"), QStringLiteral("1")} +
                             options);
            if (result.exitCode != 0)
                qWarning("%s", qPrintable(result.err));
            return result.exitCode == 0 ? readVectors(test::toStd(out)) : WordVectors();
        };
        const WordVectors first =
            train(QStringLiteral("first.txt"), {QStringLiteral("--dim"), QStringLiteral("12")});
        QCOMPARE(first.rows(), 40);
        const QString firstPath = dir.filePath(QStringLiteral("first.txt"));

        const WordVectors frozen =
            train(QStringLiteral("frozen.txt"),
                  {QStringLiteral("--init-from"), firstPath, QStringLiteral("--freeze")});
        QCOMPARE(frozen.dim(), 12);
        QCOMPARE(frozen.rows(), 40);
        QCOMPARE(identicalRows(first, frozen), 40);

        const WordVectors trained =
            train(QStringLiteral("trained.txt"), {QStringLiteral("--init-from"), firstPath});
        QCOMPARE(trained.rows(), 40);
        QCOMPARE(identicalRows(first, trained), 0);

        // Half the corpus words, and one it lacks, as CSV: any format readVectors reads.
        WordVectors partial;
        for (int i = 0; i < 20; ++i)
            partial.words.push_back(first.words[std::size_t(i)]);
        partial.words.push_back("zz-outside");
        partial.vectors.resize(21, 12);
        partial.vectors.topRows(20) = first.vectors.topRows(20);
        for (int d = 0; d < 12; ++d)
            partial.vectors(20, d) = 0.25f * float(d) - 1.0f;
        const QString partialPath = dir.filePath(QStringLiteral("partial.csv"));
        writeVectors(test::toStd(partialPath), partial, VectorFormat::Csv);
        const WordVectors mixed =
            train(QStringLiteral("mixed.txt"),
                  {QStringLiteral("--init-from"), partialPath, QStringLiteral("--freeze")});
        QCOMPARE(mixed.rows(), 41);
        QCOMPARE(mixed.words.back(), std::string("zz-outside"));
        QCOMPARE(identicalRows(partial, mixed), 21);
        WordVectors lacking;  // the corpus words the file lacked learn
        lacking.words.assign(first.words.begin() + 20, first.words.end());
        lacking.vectors = first.vectors.bottomRows(20);
        QCOMPARE(identicalRows(lacking, mixed), 0);
    }

    // A file of another dimension than --dim, a bad file or a missing one: exit 1, a message
    // naming the file, and no output. --freeze alone is a usage error.
    void unusableInitFromIsAnError_data() {
        QTest::addColumn<QByteArray>("contents");  // empty: no file
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("mentions");
        QByteArray twelve = "2 12\n";
        for (const char* word : {"a1", "b2"}) {
            twelve += word;
            for (int d = 0; d < 12; ++d)
                twelve += " 0.5";
            twelve += '\n';
        }
        QTest::newRow("dimension 12, --dim 8")
            << twelve << QStringList{QStringLiteral("--dim"), QStringLiteral("8")}
            << QStringLiteral("the vectors have dimension 12, but --dim is 8");
        QTest::newRow("header that lies")
            << QByteArray("3 2\na1 0.5 0.5\n") << QStringList() << QStringLiteral("header");
        QTest::newRow("not a number")
            << QByteArray("1 2\na1 0.5 oops\n") << QStringList() << QStringLiteral("line 2");
        QTest::newRow("missing") << QByteArray() << QStringList() << QString();
    }
    void unusableInitFromIsAnError() {
        QFETCH(QByteArray, contents);
        QFETCH(QStringList, options);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(50));
        const QString vectors = contents.isEmpty()
                                    ? dir.filePath(QStringLiteral("missing.vec"))
                                    : test::writeFile(dir, QStringLiteral("init.vec"), contents);
        const QString out = dir.filePath(QStringLiteral("v.txt"));
        const test::CliRun result =
            test::runCli(QStringList{QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                                     QStringLiteral("--init-from"), vectors} +
                         options);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(vectors), qPrintable(result.err));
        QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
        QVERIFY(!QFile::exists(out));
    }

    void freezeNeedsInitFrom() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(50));
        const test::CliRun result =
            test::runCli({QStringLiteral("train"), corpus, QStringLiteral("-o"),
                          dir.filePath(QStringLiteral("v.txt")), QStringLiteral("--freeze")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QStringLiteral("--freeze needs --init-from")),
                 qPrintable(result.err));
    }

    void missingOutputIsUsageError() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(50));
        const test::CliRun result = test::runCli({QStringLiteral("train"), corpus});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(QStringLiteral("-o")));
    }

    void divergenceIsAnError() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(400));
        const QString out = dir.filePath(QStringLiteral("v.txt"));
        const test::CliRun result = test::runCli(
            {QStringLiteral("train"), corpus, QStringLiteral("-o"), out, QStringLiteral("--lr"),
             QStringLiteral("1000000"), QStringLiteral("--init"), QStringLiteral("normal"),
             QStringLiteral("--epochs"), QStringLiteral("50")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QStringLiteral("training diverged")), qPrintable(result.err));
        QVERIFY(!QFile::exists(out));
    }

    // Ctrl-C stops training cleanly: exit 130, a message, no file.
    void interruptStopsWithoutWriting() {
        QTemporaryDir dir;
        const QString corpus = test::writeFile(dir, QStringLiteral("topics.txt"), topicText(2000));
        const QString out = dir.filePath(QStringLiteral("v.txt"));
        QProcess process;
        process.start(QStringLiteral(EMBEDSCOPE_CLI_PATH),
                      {QStringLiteral("train"), corpus, QStringLiteral("-o"), out,
                       QStringLiteral("--epochs"), QStringLiteral("1000000")});
        QVERIFY(process.waitForStarted());
        QByteArray standardError;
        QTRY_VERIFY_WITH_TIMEOUT(
            (standardError += process.readAllStandardError()).contains("vocabulary of"), 10000);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        standardError += process.readAllStandardError();
        QCOMPARE(process.exitCode(), 130);
        QVERIFY2(standardError.contains("no vectors written"), standardError.constData());
        QVERIFY(!QFile::exists(out));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
