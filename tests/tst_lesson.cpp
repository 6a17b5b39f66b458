// Help > Lesson end to end: each step of the dialog through its buttons (Next, Back, a clicked
// word, a typed sentence), what it prints against the EmbeddingTable it shows, the two heatmaps,
// the last step opening the built-in corpus, and the first-start offer that asks nothing.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>

#include <cmath>

#include "EmbeddingLesson.h"
#include "LessonDialog.h"
#include "LookupView.h"
#include "MainWindow.h"
#include "SimilarityComparison.h"
#include "SimilarityHeatmap.h"
#include "TorchPrint.h"
#include "TrainingController.h"
#include "uitestutil.h"

using namespace embedscope;

namespace {

QString text(const std::string& utf8) {
    return QString::fromStdString(utf8);
}

void click(QAbstractButton* button) {
    QVERIFY(button);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

}  // namespace

class TestLesson : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    LessonDialog* openLesson(MainWindow& window) {
        window.actions().lesson->trigger();
        LessonDialog* lesson = window.lessonDialog();
        if (lesson && !QTest::qWaitForWindowExposed(lesson))
            qWarning("the lesson was not exposed");
        return lesson;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        test::useTemporarySettings(dir_);
    }

    void isInTheHelpMenu() {
        MainWindow window;
        QMenu* help = nullptr;
        for (QAction* action : window.menuBar()->actions())
            if (action->text() == QStringLiteral("&Help"))
                help = action->menu();
        QVERIFY(help);
        QVERIFY(help->actions().contains(window.actions().lesson));
        QCOMPARE(window.actions().lesson->text(),
                 QStringLiteral("&Lesson: one-hot vectors and nn.Embedding"));
    }

    void walksThroughEveryStep() {
        MainWindow window;
        window.show();
        LessonDialog* lesson = openLesson(window);
        QVERIFY(lesson);
        QVERIFY(lesson->isVisible());
        QVERIFY(!lesson->isModal());  // the window stays usable beside it
        QCOMPARE(QApplication::activeModalWidget(), nullptr);

        // Step 1: the dictionary and the one-hot vectors.
        QCOMPARE(lesson->step(), int(LessonDialog::OneHotStep));
        QVERIFY(!lesson->backButton()->isEnabled());
        const QString step1 = lesson->transcript();
        QVERIFY2(step1.contains(QStringLiteral("{'I': 0, 'like': 1, 'dogs': 2}")),
                 qPrintable(step1));
        QVERIFY(step1.contains(QStringLiteral("one_hot[word_to_ix['I']]\ntensor([1., 0., 0.])")));
        QVERIFY(
            step1.contains(QStringLiteral("one_hot[word_to_ix['dogs']]\ntensor([0., 0., 1.])")));

        // Step 2: nn.Embedding(3, 5), printed from the EmbeddingTable the lesson holds, which is
        // N(0, 1) from the lesson's seed.
        click(lesson->nextButton());
        QCOMPARE(lesson->step(), int(LessonDialog::EmbeddingStep));
        const RowMatrixXf& weights = lesson->lesson().table().weight();
        QCOMPARE(weights.rows(), Eigen::Index(3));
        QCOMPARE(weights.cols(), Eigen::Index(5));
        QVERIFY(weights ==
                EmbeddingTable(3, 5, EmbeddingInit::Normal, EmbeddingLesson::kSeed).weight());
        const QString step2 = lesson->transcript();
        QVERIFY(step2.contains(QStringLiteral(">>> embedding = nn.Embedding(3, 5)")));
        QVERIFY2(step2.endsWith(text(torchParameterRepr(weights))), qPrintable(step2));
        // The row of "dogs" as PyTorch writes it: four decimals, a sign or a space.
        QString dogsRow;
        for (int d = 0; d < 5; ++d)
            dogsRow += (d ? QStringLiteral(", ") : QString()) +
                       QStringLiteral("%1").arg(double(weights(2, d)), 7, 'f', 4);
        QVERIFY2(step2.contains(QStringLiteral("[") + dogsRow + QStringLiteral("]]")),
                 qPrintable(dogsRow));

        // Step 3: the lookup of the word clicked ("dogs" first).
        click(lesson->nextButton());
        QCOMPARE(lesson->step(), int(LessonDialog::LookupStep));
        QCOMPARE(lesson->lookupView()->oneHotIndex(), std::int64_t(2));
        click(lesson->wordButton(0));
        QCOMPARE(lesson->chosenWord(), 0);
        const LookupView* lookup = lesson->lookupView();
        QCOMPARE(lookup->oneHotIndex(), std::int64_t(0));
        QCOMPARE(lookup->oneHotSize(), std::int64_t(3));
        const QVector<float> row = lookup->row();
        QCOMPARE(row.size(), 5);
        for (int d = 0; d < 5; ++d)
            QCOMPARE(row[d], weights(0, d));
        const QString step3 = lesson->transcript();
        const QString rowText = text(torchVectorRepr(weights.row(0)));
        QVERIFY2(step3.contains(
                     QStringLiteral("one_hot[word_to_ix['I']] @ W   # 1 × W[0] + 0 × W[1] + 0 × "
                                    "W[2]\n") +
                     rowText),
                 qPrintable(step3));
        QVERIFY(step3.contains(QStringLiteral(">>> W[word_to_ix['I']]")));
        QVERIFY(lookup->identityText().contains(QStringLiteral("W[0]")));

        // Step 4: a sentence of one's own. V and the one-hot length grow; Enter stays here.
        click(lesson->nextButton());
        QCOMPARE(lesson->step(), int(LessonDialog::SentenceStep));
        QCOMPARE(lesson->lesson().size(), std::int64_t(3));
        QTest::keyClicks(lesson->sentenceEdit(), QStringLiteral("my cat likes fish"));
        QTest::keyClick(lesson->sentenceEdit(), Qt::Key_Return);
        QCOMPARE(lesson->step(), int(LessonDialog::SentenceStep));
        QCOMPARE(lesson->lesson().size(), std::int64_t(7));
        QVERIFY2(lesson->vocabularySizeText().contains(QStringLiteral("V = 7")),
                 qPrintable(lesson->vocabularySizeText()));
        const QString step4 = lesson->transcript();
        QVERIFY(step4.contains(
            QStringLiteral("{'I': 0, 'like': 1, 'dogs': 2, 'my': 3, 'cat': 4, 'likes': 5, "
                           "'fish': 6}")));
        QVERIFY(step4.contains(QStringLiteral(">>> torch.eye(7)\n") +
                               text(torchMatrixRepr(RowMatrixXf::Identity(7, 7)))));
        QVERIFY(step4.endsWith(text(torchParameterRepr(lesson->lesson().table().weight()))));
        // The old words kept their rows.
        QVERIFY(lesson->lesson().table().weight().topRows(3) == weights);

        // One-hot similarities are the identity (flat off the diagonal); the embeddings' are the
        // cosines of their random rows, which differ.
        const SimilarityHeatmap* oneHot = lesson->comparison()->oneHotHeatmap();
        const SimilarityHeatmap* embedded = lesson->comparison()->embeddingHeatmap();
        QCOMPARE(oneHot->words().size(), 7);
        QCOMPARE(embedded->words(), oneHot->words());
        const RowMatrixXf& grown = lesson->lesson().table().weight();
        double smallest = 2, largest = -2;
        for (int i = 0; i < 7; ++i)
            for (int j = 0; j < 7; ++j) {
                QCOMPARE(oneHot->value(i, j), i == j ? 1.0 : 0.0);
                const double cosine = double(grown.row(i).dot(grown.row(j))) /
                                      (double(grown.row(i).norm()) * double(grown.row(j).norm()));
                QVERIFY(std::abs(embedded->value(i, j) - cosine) < 1e-5);
                if (i != j) {
                    smallest = std::min(smallest, embedded->value(i, j));
                    largest = std::max(largest, embedded->value(i, j));
                }
            }
        QVERIFY2(largest - smallest > 0.5,
                 qPrintable(QStringLiteral("%1 .. %2").arg(smallest).arg(largest)));

        // Back undoes the sentence; Next brings it back.
        click(lesson->backButton());
        QCOMPARE(lesson->step(), int(LessonDialog::LookupStep));
        QCOMPARE(lesson->lesson().size(), std::int64_t(3));
        QCOMPARE(lesson->lookupView()->oneHotSize(), std::int64_t(3));
        click(lesson->nextButton());
        QCOMPARE(lesson->lesson().size(), std::int64_t(7));
        for (int step = LessonDialog::SentenceStep; step > 0; --step)
            click(lesson->backButton());
        QCOMPARE(lesson->step(), int(LessonDialog::OneHotStep));
        QCOMPARE(lesson->transcript(), step1);

        // Step 5: train on the built-in corpus, with the Inspector in view.
        for (int step = 0; step < LessonDialog::TrainStep; ++step)
            click(lesson->nextButton());
        QCOMPARE(lesson->step(), int(LessonDialog::TrainStep));
        QVERIFY(!lesson->nextButton()->isEnabled());
        auto* inspectorDock = window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"));
        QVERIFY(inspectorDock);
        inspectorDock->hide();
        QSignalSpy loaded(&window, &MainWindow::corpusLoaded);
        click(lesson->trainButton());
        QVERIFY(loaded.wait(20000));
        QCOMPARE(loaded.front().front().toString(), QString());  // the built-in corpus
        QTRY_VERIFY(!window.lessonDialog());                     // closed and deleted
        QVERIFY(inspectorDock->isVisible());
        QVERIFY(window.controller()->indexOf(QStringLiteral("dogs")) >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(window.controller()->state(), TrainerState::Running, 5000);
        window.controller()->stop();
    }

    void enoughWordsAreNamedWhenSomeAreLeftOut() {
        MainWindow window;
        LessonDialog* lesson = openLesson(window);
        QVERIFY(lesson);
        lesson->setStep(LessonDialog::SentenceStep);
        QStringList many;
        for (int i = 0; i < 20; ++i)
            many << QStringLiteral("word%1").arg(i);
        lesson->sentenceEdit()->setText(many.join(QLatin1Char(' ')));
        QCOMPARE(lesson->lesson().size(), std::int64_t(EmbeddingLesson::kMaxWords));
        QVERIFY2(lesson->vocabularySizeText().contains(QStringLiteral("7 more new words left out")),
                 qPrintable(lesson->vocabularySizeText()));
        QVERIFY(lesson->transcript().contains(QStringLiteral("len(word_to_ix) < 16")));
    }

    // The first start offers the lesson in a bar: nothing modal, and only once.
    void theFirstStartOffersTheLessonOnce() {
        QSettings().remove(QStringLiteral("lesson/offered"));
        {
            MainWindow window;
            window.show();
            QVERIFY(window.offerLessonOnce());
            QVERIFY(window.lessonOffer());
            QVERIFY(window.lessonOffer()->isVisible());
            QCOMPARE(QApplication::activeModalWidget(), nullptr);
            QVERIFY(!window.lessonDialog());
            auto* show =
                window.lessonOffer()->findChild<QPushButton*>(QStringLiteral("showLesson"));
            click(show);
            QVERIFY(window.lessonDialog());
            QVERIFY(window.lessonDialog()->isVisible());
            QTRY_VERIFY(!window.lessonOffer());
            QVERIFY(!window.offerLessonOnce());  // asked once per installation, not per window
        }
        MainWindow later;
        QVERIFY(!later.offerLessonOnce());
        QVERIFY(!later.lessonOffer());

        // "No, thanks" removes the bar without opening anything.
        QSettings().remove(QStringLiteral("lesson/offered"));
        MainWindow declined;
        declined.show();
        QVERIFY(declined.offerLessonOnce());
        click(declined.lessonOffer()->findChild<QPushButton*>(QStringLiteral("dismissLesson")));
        QTRY_VERIFY(!declined.lessonOffer());
        QVERIFY(!declined.lessonDialog());

        // Help > Lesson removes the offer too: the lesson has been found.
        QSettings().remove(QStringLiteral("lesson/offered"));
        MainWindow found;
        QVERIFY(found.offerLessonOnce());
        found.actions().lesson->trigger();
        QVERIFY(found.lessonDialog());
        QTRY_VERIFY(!found.lessonOffer());
    }
};

EMBEDSCOPE_TEST_MAIN(TestLesson)
#include "tst_lesson.moc"
