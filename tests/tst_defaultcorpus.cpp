// The default corpus compiled into embedscope_ui as the resource ":/default-corpus.txt".
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include "testutil.h"

class TestDefaultCorpus : public QObject {
    Q_OBJECT
private slots:
    void resourceIsLargeEnoughAndMentionsDogs();
    void groupsAreRepresented_data();
    void groupsAreRepresented();

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

EMBEDSCOPE_TEST_MAIN(TestDefaultCorpus)
#include "tst_defaultcorpus.moc"
