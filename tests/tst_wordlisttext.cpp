// The plotted words as one line of text: any list of words, with spaces, quotes or nothing in
// them, goes through joinWordList and splitWordList unchanged; typed plain words split on any
// whitespace as they always did.
#include "WordListText.h"
#include "testutil.h"

using namespace embedscope;

class TestWordListText : public QObject {
    Q_OBJECT

private slots:
    void anyWordsRoundTrip() {
        const QList<QStringList> lists = {
            {},
            {QStringLiteral("king"), QStringLiteral("queen")},
            {QStringLiteral("new york"), QStringLiteral("new"), QStringLiteral("york")},
            {QStringLiteral("say \"hi\""), QStringLiteral("\"quoted"), QStringLiteral("end\"")},
            {QString(), QStringLiteral("tab\there"), QStringLiteral(" lead"),
             QStringLiteral("naïve café")},
            {QStringLiteral("\"\""), QStringLiteral("a\"\"b")},
        };
        for (const QStringList& words : lists) {
            const QString text = joinWordList(words);
            QCOMPARE(splitWordList(text), words);
        }
        QCOMPARE(joinWordList({QStringLiteral("new york"), QStringLiteral("say \"hi\"")}),
                 QStringLiteral("\"new york\" \"say \"\"hi\"\"\""));
    }

    void typedTextSplitsOnWhitespace() {
        QCOMPARE(
            splitWordList(QStringLiteral("  king\tqueen \n man  ")),
            QStringList({QStringLiteral("king"), QStringLiteral("queen"), QStringLiteral("man")}));
        QCOMPARE(splitWordList(QStringLiteral("rock'n\"roll \"unclosed end")),
                 QStringList({QStringLiteral("rock'n\"roll"), QStringLiteral("unclosed end")}));
    }
};

EMBEDSCOPE_TEST_MAIN(TestWordListText)
#include "tst_wordlisttext.moc"
