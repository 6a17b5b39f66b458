// The main window's search bar: what it says next to the search box, including where and why a
// regular expression is invalid (it used to read "0 plotted match(es)"), and that the count
// follows the plotted words.
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QToolBar>

#include "MainWindow.h"
#include "ScatterPlot.h"
#include "SearchFeedback.h"
#include "uitestutil.h"

using namespace embedscope;

namespace {

// text is full, or full cut with an ellipsis.
bool isCutOf(const QString& text, const QString& full) {
    return text == full || (text.endsWith(QChar(0x2026)) && full.startsWith(text.chopped(1)));
}

bool isRed(const QWidget& widget) {
    return widget.styleSheet().contains(QStringLiteral("color"));
}

}  // namespace

class TestSearchBar : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    struct Bar {
        QLineEdit* edit = nullptr;
        QCheckBox* regex = nullptr;
        QLabel* label = nullptr;  // beside the box
    };

    static Bar findBar(const MainWindow& window) {
        Bar bar;
        const auto* toolBar = window.findChild<QToolBar*>(QStringLiteral("searchToolBar"));
        if (!toolBar)
            return bar;
        bar.edit = toolBar->findChild<QLineEdit*>();
        bar.regex = toolBar->findChild<QCheckBox*>();
        const QList<QLabel*> labels = toolBar->findChildren<QLabel*>();
        if (labels.size() == 1)
            bar.label = labels.front();
        return bar;
    }

    std::unique_ptr<MainWindow> windowWithCorpus() {
        auto window = std::make_unique<MainWindow>();
        window->setErrorHandler([](const QString&, const QString&) {});
        QSignalSpy loaded(window.get(), &MainWindow::corpusLoaded);
        window->openCorpus(
            test::writeFile(dir_, QStringLiteral("topics.txt"), test::topicCorpus()));
        if (!loaded.wait(10000))
            qFatal("the test corpus did not load");
        return window;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::useTemporarySettings(dir_);
    }

    void saysWhereAndWhyAPatternIsInvalid() {
        const auto window = windowWithCorpus();
        const Bar bar = findBar(*window);
        QVERIFY(bar.edit && bar.regex && bar.label);

        bar.regex->setChecked(true);
        bar.edit->setText(QStringLiteral("^(dog|cat"));
        const QString unclosed =
            QStringLiteral("invalid pattern at its end: missing closing parenthesis");
        QCOMPARE(bar.label->toolTip(), unclosed);
        QVERIFY2(isCutOf(bar.label->text(), unclosed), qPrintable(bar.label->text()));
        QVERIFY(isRed(*bar.label) && isRed(*bar.edit));
        QCOMPARE(bar.edit->toolTip(), unclosed);

        bar.edit->setText(QStringLiteral("^(dog|cat)$"));
        QCOMPARE(bar.label->text(), QStringLiteral("2 plotted match(es)"));
        QVERIFY(!isRed(*bar.label) && !isRed(*bar.edit));
        QCOMPARE(bar.edit->toolTip(), QString());

        bar.edit->setText(QStringLiteral("^(dog|cat)$)"));
        QCOMPARE(bar.label->toolTip(),
                 QStringLiteral("invalid pattern at character 12: unmatched closing parenthesis"));
        // A substring search has no syntax to get wrong.
        bar.regex->setChecked(false);
        QCOMPARE(bar.label->text(), QStringLiteral("0 plotted match(es)"));
        QVERIFY(!isRed(*bar.edit));
        bar.edit->clear();
        QCOMPARE(bar.label->text(), QString());
    }

    // The count is the plot's: it follows when the plotted words change under the same pattern.
    void countFollowsThePlottedWords() {
        const auto window = windowWithCorpus();
        const Bar bar = findBar(*window);
        QVERIFY(bar.edit && bar.label);
        bar.edit->setText(QStringLiteral("o"));
        const int before = window->plot()->highlightCount();
        QVERIFY(before > 1);
        // Trimmed: spacing before the count is layout, not what the label says.
        QCOMPARE(bar.label->text().trimmed(), QStringLiteral("%1 plotted match(es)").arg(before));
        QVector<PlotWord> fewer = window->plot()->words();
        fewer.resize(4);
        window->plot()->setWords(fewer);  // as a change of the tracked words does
        QVERIFY(window->plot()->highlightCount() < before);
        QCOMPARE(bar.label->text().trimmed(),
                 QStringLiteral("%1 plotted match(es)").arg(window->plot()->highlightCount()));
    }

    // A long reason is cut to fit beside the box; the tooltips hold all of it.
    void longReasonIsCutNotTheSearchBox() {
        ScatterPlot plot;
        plot.setWords({{QStringLiteral("dog"), 3, 0}});
        QLineEdit box;
        QLabel label;
        plot.setHighlight(QStringLiteral("a\\Ub"), true);  // PCRE2 lists what it lacks
        showSearchFeedback(plot, box, label);
        const QString reason = plot.highlightError();
        QVERIFY2(reason.startsWith(QStringLiteral("invalid pattern at character 4: ")),
                 qPrintable(reason));
        QVERIFY(QFontMetrics(label.font()).horizontalAdvance(reason) > kMaxSearchFeedbackWidth);
        QVERIFY(QFontMetrics(label.font()).horizontalAdvance(label.text()) <=
                kMaxSearchFeedbackWidth);
        QVERIFY2(label.text() != reason && isCutOf(label.text(), reason), qPrintable(label.text()));
        QCOMPARE(label.toolTip(), reason);
        QCOMPARE(box.toolTip(), reason);
    }
};

EMBEDSCOPE_TEST_MAIN(TestSearchBar)
#include "tst_searchbar.moc"
