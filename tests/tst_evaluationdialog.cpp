// The Evaluate dialog scores a copy of the current table with the core evaluators, shows what
// they found, reports a bad file by name and line without losing the last results, can be
// cancelled, and remembers its files.
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>

#include <cmath>

#include "EvaluationDialog.h"
#include "TrainingController.h"
#include "uitestutil.h"

using namespace embedscope;
using embedscope::test::toStd;
using embedscope::test::writeFile;

class TestEvaluationDialog : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TrainingController> controller_;  // trained a little, then paused
    QString analogies_;
    QString similarity_;

    QString cell(const QTableWidget* table, int row, int column) {
        return table->item(row, column)->text();
    }
    // The row whose Test column reads test, or -1.
    int rowOf(const QTableWidget* table, const QString& test) {
        for (int row = 0; row < table->rowCount(); ++row)
            if (cell(table, row, 0).trimmed() == test)
                return row;
        return -1;
    }
    // Sets the dialog's choices, evaluates, and waits for the end.
    bool runToEnd(EvaluationDialog& dialog, const QString& analogies,
                  const QStringList& similarities = {}, int restrict = 0) {
        dialog.setAnalogyFile(analogies);
        dialog.setSimilarityFiles(similarities);
        dialog.setRestrict(restrict);
        QSignalSpy ended(&dialog, &EvaluationDialog::evaluationEnded);
        dialog.evaluate();
        return ended.wait(20000);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::useTemporarySettings(dir_);
        controller_ = std::make_unique<TrainingController>();
        TrainerOptions options;
        options.dim = 16;
        options.epochs = 50;
        controller_->setCorpus(test::loadTopics(dir_), options);
        controller_->step();
        QTRY_COMPARE_WITH_TIMEOUT(controller_->state(), TrainerState::Paused, 5000);
        analogies_ = writeFile(dir_, QStringLiteral("questions.txt"),
                               ": animals\n"
                               "dog cat horse cow\n"
                               "dog cat zebra cow\n"  // zebra is not in the vocabulary
                               ": gram-colours\n"
                               "red green blue yellow\n"
                               "red blue pink brown\n");
        similarity_ = writeFile(dir_, QStringLiteral("pairs.tsv"),
                                "dog\tcat\t9\nred\tblue\t8\ndog\tred\t1\nzebra\tdog\t5\n"
                                "one\ttwo\t7\n");
    }

    void scoresTheCurrentVectors() {
        EvaluationDialog dialog(controller_.get());
        QVERIFY(runToEnd(dialog, analogies_, {similarity_}));

        // What the core evaluators say on the same (paused, so unchanged) table.
        const WordVectors vectors = controller_->currentVectors();
        const NeighbourIndex index(vectors.vectors);
        const AnalogyResult analogies =
            evaluateAnalogies(toStd(analogies_), vectors.words, index, 0);
        const SimilarityResult pairs = evaluateSimilarity(toStd(similarity_), vectors.words, index);
        QCOMPARE(analogies.total, 3);
        QCOMPARE(analogies.skipped, 1);
        QCOMPARE(pairs.used, 4);

        const QTableWidget* table = dialog.results();
        const int all = rowOf(table, QStringLiteral("Analogies, all"));
        QVERIFY(all >= 0);
        QCOMPARE(cell(table, all, 2), QStringLiteral("%1 of 3 correct").arg(analogies.correct));
        QCOMPARE(cell(table, all, 3), QStringLiteral("1"));
        QCOMPARE(cell(table, all, 1),
                 QStringLiteral("%1%").arg(100.0 * analogies.accuracy(), 0, 'f', 1));
        const int semantic = rowOf(table, QStringLiteral("semantic"));
        const int syntactic = rowOf(table, QStringLiteral("syntactic"));
        QVERIFY(semantic >= 0 && syntactic >= 0);
        QCOMPARE(cell(table, semantic, 2),
                 QStringLiteral("%1 of 1 correct").arg(analogies.semantic.correct));
        QCOMPARE(cell(table, syntactic, 2),
                 QStringLiteral("%1 of 2 correct").arg(analogies.syntactic.correct));
        QVERIFY(rowOf(table, QStringLiteral("animals")) >= 0);
        QVERIFY(rowOf(table, QStringLiteral("gram-colours")) >= 0);

        const int pairRow = rowOf(table, QStringLiteral("pairs.tsv"));
        QVERIFY(pairRow >= 0);
        QCOMPARE(cell(table, pairRow, 1),
                 QStringLiteral("ρ %1").arg(QString::number(pairs.spearman, 'f', 4)));
        QVERIFY(cell(table, pairRow, 2).contains(QStringLiteral("4 pairs")));
        QCOMPARE(cell(table, pairRow, 3), QStringLiteral("1"));
        QVERIFY2(dialog.statusText().contains(QStringLiteral("28 words")),
                 qPrintable(dialog.statusText()));
        QVERIFY(!dialog.isRunning());
    }

    void restrictSkipsRareWords() {
        EvaluationDialog dialog(controller_.get());
        // The 4 most frequent words are the, and, a, with: no question has all four among them.
        QVERIFY(runToEnd(dialog, analogies_, {}, 4));
        const int all = rowOf(dialog.results(), QStringLiteral("Analogies, all"));
        QVERIFY(all >= 0);
        QCOMPARE(cell(dialog.results(), all, 3), QStringLiteral("4"));
        // zebra is no word of the corpus; the other three questions have only known words.
        const QString reasons = QStringLiteral(
            "1 for a word not in the vocabulary, 3 for a word outside the 4 most frequent");
        QVERIFY2(dialog.statusText().contains(QStringLiteral("4 of 4 questions skipped: ") +
                                              reasons + QLatin1Char('.')),
                 qPrintable(dialog.statusText()));
        QCOMPARE(dialog.results()->item(all, 3)->toolTip(), reasons);
    }

    // A restriction beyond the vocabulary cuts nothing, and the summary must not suggest that
    // words were skipped for being outside it.
    void restrictLargerThanTheVocabulary() {
        EvaluationDialog dialog(controller_.get());
        QVERIFY(runToEnd(dialog, analogies_, {similarity_}, 30000));
        const QLocale locale;
        const QString expected =
            QStringLiteral(
                "1 of 4 questions skipped: 1 for a word not in the vocabulary, 0 for a word "
                "outside the %1 most frequent (the vocabulary has only 28 words).")
                .arg(locale.toString(30000));
        QVERIFY2(dialog.statusText().contains(expected), qPrintable(dialog.statusText()));
        QVERIFY2(!dialog.statusText().contains(QStringLiteral("not among")),
                 qPrintable(dialog.statusText()));
        const int pairRow = rowOf(dialog.results(), QStringLiteral("pairs.tsv"));
        QVERIFY(pairRow >= 0);
        QCOMPARE(dialog.results()->item(pairRow, 3)->toolTip(),
                 QStringLiteral("1 for a word not in the vocabulary"));
    }

    void badFileNamesFileAndLineAndKeepsTheResults() {
        EvaluationDialog dialog(controller_.get());
        QVERIFY(runToEnd(dialog, analogies_));
        const int rows = dialog.results()->rowCount();
        QVERIFY(rows > 0);

        const QString bad =
            writeFile(dir_, QStringLiteral("q.txt"), ": s\nman woman king queen\nman woman king\n");
        QVERIFY(runToEnd(dialog, bad));
        QVERIFY2(dialog.statusText().startsWith(bad + QStringLiteral(": line 3: ")),
                 qPrintable(dialog.statusText()));
        QCOMPARE(dialog.results()->rowCount(), rows);

        QVERIFY(runToEnd(dialog, dir_.filePath(QStringLiteral("missing.txt"))));
        QVERIFY2(dialog.statusText().contains(QStringLiteral("missing.txt: no such file")),
                 qPrintable(dialog.statusText()));
        QCOMPARE(dialog.results()->rowCount(), rows);
    }

    void cancelKeepsThePreviousResults() {
        EvaluationDialog dialog(controller_.get());
        QVERIFY(runToEnd(dialog, analogies_));
        const int rows = dialog.results()->rowCount();

        QByteArray many = ": animals\n";
        for (int i = 0; i < 200000; ++i)
            many += "dog cat horse cow\n";
        dialog.setAnalogyFile(writeFile(dir_, QStringLiteral("many.txt"), many));
        QSignalSpy ended(&dialog, &EvaluationDialog::evaluationEnded);
        dialog.evaluate();
        QVERIFY(dialog.isRunning());
        dialog.cancel();  // long before 200,000 lines are read and answered
        QVERIFY(ended.wait(20000));
        QVERIFY2(dialog.statusText().startsWith(QStringLiteral("Cancelled")),
                 qPrintable(dialog.statusText()));
        QCOMPARE(dialog.results()->rowCount(), rows);
    }

    void asksForSomethingToDo() {
        EvaluationDialog dialog(controller_.get());
        dialog.setAnalogyFile(QString());
        dialog.setSimilarityFiles({});
        QSignalSpy ended(&dialog, &EvaluationDialog::evaluationEnded);
        dialog.evaluate();
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.statusText().contains(QStringLiteral("first")));

        TrainingController empty;  // no corpus
        EvaluationDialog nothing(&empty);
        nothing.setAnalogyFile(analogies_);
        nothing.evaluate();
        QVERIFY(!nothing.isRunning());
        QVERIFY(nothing.statusText().contains(QStringLiteral("open a corpus")));
        QCOMPARE(ended.size(), 0);
    }

    void cosMulAsTheCliOffersIt() {
        EvaluationDialog dialog(controller_.get());
        QCOMPARE(dialog.method(), AnalogyMethod::CosAdd);
        dialog.setMethod(AnalogyMethod::CosMul);
        QVERIFY(runToEnd(dialog, analogies_));
        const WordVectors vectors = controller_->currentVectors();
        const AnalogyResult expected =
            evaluateAnalogies(toStd(analogies_), vectors.words, NeighbourIndex(vectors.vectors), 0,
                              AnalogyMethod::CosMul);
        const int all = rowOf(dialog.results(), QStringLiteral("Analogies, all"));
        QVERIFY(all >= 0);
        QCOMPARE(cell(dialog.results(), all, 2),
                 QStringLiteral("%1 of 3 correct").arg(expected.correct));
        QVERIFY2(dialog.statusText().contains(QStringLiteral("3CosMul")),
                 qPrintable(dialog.statusText()));
        EvaluationDialog again(controller_.get());  // remembered
        QCOMPARE(again.method(), AnalogyMethod::CosMul);
        again.setMethod(AnalogyMethod::CosAdd);
        QVERIFY(runToEnd(again, analogies_));
        QVERIFY(again.statusText().contains(QStringLiteral("3CosAdd")));
    }

    // The Evaluate button runs without closing the dialog.
    void evaluateButtonKeepsTheDialogOpen() {
        EvaluationDialog dialog(controller_.get());
        dialog.setAnalogyFile(analogies_);
        dialog.show();
        QPushButton* evaluate = nullptr;
        for (QPushButton* button : dialog.findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("&Evaluate"))
                evaluate = button;
        QVERIFY(evaluate);
        QVERIFY(evaluate->isDefault());
        QSignalSpy ended(&dialog, &EvaluationDialog::evaluationEnded);
        QTest::mouseClick(evaluate, Qt::LeftButton);
        QVERIFY(ended.wait(20000));
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.results()->rowCount() > 0);
    }

    void remembersItsFiles() {
        {
            EvaluationDialog dialog(controller_.get());
            QVERIFY(runToEnd(dialog, analogies_, {similarity_}, 12));
        }
        EvaluationDialog again(controller_.get());
        QCOMPARE(again.analogyFile(), analogies_);
        QCOMPARE(again.similarityFiles(), QStringList{similarity_});
    }

    void cleanupTestCase() { controller_.reset(); }
};

EMBEDSCOPE_TEST_MAIN(TestEvaluationDialog)
#include "tst_evaluationdialog.moc"
