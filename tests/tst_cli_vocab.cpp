// embedscope-cli vocab as a user runs it: the TSV it writes, the summary line, and the exit codes
// and one-line messages for a missing file and for usage errors.
#include <QProcess>

#include "testutil.h"

using embedscope::test::writeFile;

namespace {

using Run = embedscope::test::CliRun;
using embedscope::test::runCli;

}  // namespace

class TestCliVocab : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void writesTsv() {
        const QString corpus = writeFile(
            dir_, "corpus.txt", "The cat sat on the mat.\nThe dog sat, the END.\nStraße straße\n");
        const QString output = dir_.filePath("vocab.tsv");
        const Run run = runCli({"vocab", corpus, "--min-count", "2", "-o", output});
        QCOMPARE(run.exitCode, 0);
        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()),
                 QString::fromUtf8("the\t4\nsat\t2\nstraße\t2\n"));
        const QStringList lines = run.err.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].contains("3 words") && lines[0].contains("13 tokens read"),
                 qPrintable(run.err));
    }

    void whitespaceModeAndWarning() {
        const QString corpus = writeFile(dir_, "tokens.txt", "He said \"hi\" , ok \xFF\n");
        const QString output = dir_.filePath("ws.tsv");
        const Run run = runCli({"vocab", corpus, "--tokenize", "whitespace", "--min-count", "1",
                                "--no-lowercase", "-o", output});
        QCOMPARE(run.exitCode, 0);
        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("\"hi\"\t1\n,\t1\nHe\t1\nok\t1\nsaid\t1\n"));
        QVERIFY2(run.err.contains("warning: " + corpus + ": skipped 1 invalid UTF-8 byte"),
                 qPrintable(run.err));
    }

    // Issue 15 defect 9: the final sigma and NFC make one word of each pair; --no-normalize keeps
    // the bytes as they are (the lowercasing still applies).
    void unicodeSpellingsAreOneWord_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("default") << QStringList{} << QByteArray("caf\xC3\xA9\t2\nσίσυφος\t2\n");
        QTest::newRow("--no-normalize")
            << QStringList{"--no-normalize"}
            << QByteArray("σίσυφος\t2\ncafe\xCC\x81\t1\ncaf\xC3\xA9\t1\n");
    }

    void unicodeSpellingsAreOneWord() {
        QFETCH(QStringList, options);
        QFETCH(QByteArray, expected);
        const QString corpus =
            writeFile(dir_, "greek.txt", "ΣΊΣΥΦΟΣ σίσυφος caf\xC3\xA9 cafe\xCC\x81\n");
        const QString output = dir_.filePath("greek.tsv");
        const Run run =
            runCli(QStringList{"vocab", corpus, "--min-count", "1", "-o", output} + options);
        QCOMPARE(run.exitCode, 0);
        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), expected);
    }

    void missingFile() {
        const QString missing = dir_.filePath("missing.txt");
        const Run run = runCli({"vocab", missing, "-o", dir_.filePath("never.tsv")});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.count(u'\n'), 1);
        QVERIFY2(run.err.contains(missing + ": no such file"), qPrintable(run.err));
        QVERIFY(!QFile::exists(dir_.filePath("never.tsv")));
    }

    // A vector file given as the corpus is named for what it is, on vocab and train alike.
    void vectorFileIsNotACorpus_data() {
        QTest::addColumn<QString>("command");
        QTest::newRow("vocab") << QStringLiteral("vocab");
        QTest::newRow("train") << QStringLiteral("train");
    }
    void vectorFileIsNotACorpus() {
        QFETCH(QString, command);
        QByteArray vectors = "6 4\n";
        for (const char* word : {"the", "of", "and", "to", "in", "a"})
            vectors += QByteArray(word) + " 0.1 -0.25 3e-2 1\n";
        const QString path = writeFile(dir_, "wiki.vec", vectors);
        const QString output =
            dir_.filePath(command == QLatin1String("vocab") ? "never.tsv" : "never.vec");
        const Run run = runCli({command, path, "-o", output});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.count(u'\n'), 1);
        QVERIFY2(
            run.err.contains(path + ": looks like a word2vec text vector file (6 rows x 4 "
                                    "dimensions, line 1 is the header), not a text corpus; open it "
                                    "with embedscope-cli neighbors, analogy or evaluate"),
            qPrintable(run.err));
        QVERIFY(!QFile::exists(output));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no -o") << QStringList{"vocab", "corpus.txt"}
                               << QStringLiteral("-o VOCAB.tsv is required");
        QTest::newRow("no corpus")
            << QStringList{"vocab", "-o", "x.tsv"} << QStringLiteral("expected one corpus file");
        QTest::newRow("bad min-count")
            << QStringList{"vocab", "c.txt", "-o", "x.tsv", "--min-count", "zero"}
            << QStringLiteral("--min-count expects an integer");
        QTest::newRow("bad mode") << QStringList{"vocab", "c.txt",      "-o",
                                                 "x.tsv", "--tokenize", "chars"}
                                  << QStringLiteral("--tokenize expects words or whitespace");
        QTest::newRow("unknown option")
            << QStringList{"vocab", "c.txt", "-o", "x.tsv", "--frobnicate"}
            << QStringLiteral("unknown option --frobnicate");
    }

    void usageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
    }

    void help() {
        const Run run = runCli({"vocab", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(
            run.out.startsWith("usage: embedscope-cli vocab CORPUS|--corpus-list FILE -o "
                               "VOCAB.tsv"));
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliVocab)
#include "tst_cli_vocab.moc"
