// The default corpus compiled into embedscope_ui as the resource ":/default-corpus.txt".
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "testutil.h"

class TestDefaultCorpus : public QObject {
    Q_OBJECT
private slots:
    void resourceIsLargeEnoughAndMentionsDogs();
    void groupsAreRepresented_data();
    void groupsAreRepresented();
    void generatorReproducesTheResource();

private:
    QString text_;
};

namespace {

QString readCorpus() {
    QFile file(QStringLiteral(":/default-corpus.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

}  // namespace

void TestDefaultCorpus::resourceIsLargeEnoughAndMentionsDogs() {
    const QString text = readCorpus();
    QVERIFY2(!text.isEmpty(), "the resource :/default-corpus.txt is missing or empty");
    QVERIFY(text.contains(QStringLiteral("I like dogs")));
    const qsizetype tokens =
        text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size();
    QVERIFY2(tokens >= 30000, qPrintable(QStringLiteral("%1 tokens").arg(tokens)));
    QVERIFY2(text.size() < 600 * 1024, "the default corpus should stay small");
    // One sentence per line.
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() > 1000);
    for (const QString& line : lines) {
        const QChar last = line.back();
        QVERIFY2(last == QLatin1Char('.') || last == QLatin1Char('!') || last == QLatin1Char('?'),
                 qPrintable(line));
    }
}

void TestDefaultCorpus::groupsAreRepresented_data() {
    QTest::addColumn<QString>("word");
    for (const char* word :
         {"dog", "cat", "horse", "red", "blue", "five", "twelve", "paris", "france", "tokyo",
          "mother", "uncle", "king", "queen", "swim", "bread", "monday", "january"})
        QTest::newRow(word) << QString::fromLatin1(word);
}

void TestDefaultCorpus::groupsAreRepresented() {
    QFETCH(QString, word);
    if (text_.isEmpty())
        text_ = readCorpus().toLower();
    // Enough occurrences for min-count 3 and for training to place the word (whole words only).
    const QRegularExpression whole(QStringLiteral("\\b%1\\b").arg(word));
    const qsizetype count = text_.count(whole);
    QVERIFY2(count >= 40, qPrintable(QStringLiteral("%1: %2 occurrences").arg(word).arg(count)));
}

void TestDefaultCorpus::generatorReproducesTheResource() {
    // The committed corpus is the output of scripts/make-default-corpus.py: a hand edit, or a
    // generator change without regenerating, shows up here.
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    // EMBEDSCOPE_TEST_DATA is <source>/tests/data; cleanPath resolves the ".." textually, so
    // the data folder need not exist.
    const QString script = QDir::cleanPath(QStringLiteral(EMBEDSCOPE_TEST_DATA) +
                                           QStringLiteral("/../../scripts/make-default-corpus.py"));
    QVERIFY2(QFile::exists(script), qPrintable(script));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString output = dir.filePath(QStringLiteral("corpus.txt"));
    QProcess process;
    process.start(python, {script, output});
    QVERIFY(process.waitForFinished(120000));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             process.readAllStandardError().constData());
    QFile generated(output);
    QVERIFY(generated.open(QIODevice::ReadOnly));
    QFile resource(QStringLiteral(":/default-corpus.txt"));
    QVERIFY(resource.open(QIODevice::ReadOnly));
    QVERIFY2(generated.readAll() == resource.readAll(),
             "resources/default-corpus.txt differs from the generator's output: regenerate it");
}

EMBEDSCOPE_TEST_MAIN(TestDefaultCorpus)
#include "tst_defaultcorpus.moc"
