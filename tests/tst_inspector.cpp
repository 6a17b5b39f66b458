// The inspector shows the selected word's one-hot vector and its live embedding row, the identity
// e_i W = W[i] with the real numbers, and the two similarity matrices.
#include <QSignalSpy>

#include <cmath>

#include "InspectorPanel.h"
#include "OneHotStrip.h"
#include "SimilarityHeatmap.h"
#include "TrainingController.h"
#include "uitestutil.h"

using namespace embedscope;

class TestInspector : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::shared_ptr<const TokenizedCorpus> corpus_;

private slots:
    void initTestCase() {
        test::useTemporarySettings(dir_);
        corpus_ = test::loadTopics(dir_);
    }

    void showsTheSelectedWordsOneHotAndRow_data() {
        QTest::addColumn<QString>("word");
        QTest::newRow("function word") << QStringLiteral("the");
        QTest::newRow("animal") << QStringLiteral("goat");
        QTest::newRow("colour") << QStringLiteral("brown");
    }

    void showsTheSelectedWordsOneHotAndRow() {
        QFETCH(QString, word);
        TrainingController controller;
        TrainerOptions options;
        options.dim = 12;
        options.epochs = 1000;
        controller.setCorpus(corpus_, options);
        InspectorPanel inspector(&controller);
        inspector.resize(500, 700);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), TrainerState::Paused, 5000);
        QVERIFY(controller.progress().wordsProcessed > 0);

        const std::int32_t row = controller.indexOf(word);
        QVERIFY(row >= 0);
        inspector.setSelectedRow(row);
        QCOMPARE(inspector.shownOneHotIndex(), std::int64_t(row));
        QCOMPARE(inspector.shownOneHotSize(), std::int64_t(corpus_->vocabulary.size()));

        // The row on screen is the trainer's input row, value for value.
        const RowMatrixXf table = controller.trainer()->inputVectors();
        const QVector<float> shown = inspector.shownRow();
        QCOMPARE(shown.size(), 12);
        for (int d = 0; d < 12; ++d)
            QCOMPARE(shown[d], table(row, d));
        const QString identity = inspector.identityText();
        QVERIFY2(identity.contains(QStringLiteral("W[%1]").arg(row)), qPrintable(identity));
        QVERIFY2(identity.contains(QString::number(double(table(row, 0)), 'f', 3)),
                 qPrintable(identity));
    }

    void similarityMatricesCompareOneHotWithEmbeddings() {
        TrainingController controller;
        TrainerOptions options;
        options.dim = 12;
        options.epochs = 20;
        controller.setCorpus(corpus_, options);
        InspectorPanel inspector(&controller);
        QSignalSpy finished(&controller, &TrainingController::trainingFinished);
        controller.start();
        QVERIFY(finished.wait(60000));
        QTRY_VERIFY_WITH_TIMEOUT(
            controller.neighbourIndex() && controller.neighbourIndex()->size() == 28, 5000);
        QSignalSpy indexed(&controller, &TrainingController::neighbourIndexChanged);
        controller.refreshNow();  // the index of the finished table
        QVERIFY(indexed.wait(5000));

        inspector.setSelectedRow(controller.indexOf(QStringLiteral("dog")));
        const QStringList words = inspector.comparedWords();
        QCOMPARE(words.size(), InspectorPanel::kMaxComparedWords);
        QCOMPARE(words.front(), QStringLiteral("dog"));
        const SimilarityHeatmap* oneHot = inspector.oneHotHeatmap();
        const SimilarityHeatmap* embedded = inspector.embeddingHeatmap();
        QCOMPARE(oneHot->words(), words);
        const RowMatrixXf table = controller.trainer()->inputVectors();
        for (int i = 0; i < words.size(); ++i) {
            for (int j = 0; j < words.size(); ++j) {
                QCOMPARE(oneHot->value(i, j), i == j ? 1.0 : 0.0);
                const auto a = table.row(controller.indexOf(words[i]));
                const auto b = table.row(controller.indexOf(words[j]));
                const double cosine = double(a.dot(b)) / (double(a.norm()) * double(b.norm()));
                QVERIFY(std::abs(embedded->value(i, j) - cosine) < 1e-5);
            }
        }
        // The neighbours (next after the word itself) are animals and more similar than the
        // contrast words at the end.
        QVERIFY(embedded->value(0, 1) > embedded->value(0, words.size() - 1));

        // A typed list replaces the neighbours.
        inspector.setComparisonText(QStringLiteral("red zebra three"));
        QCOMPARE(
            inspector.comparedWords(),
            QStringList({QStringLiteral("dog"), QStringLiteral("red"), QStringLiteral("three")}));
    }

    void oneHotStripBinsLargeVocabularies() {
        OneHotStrip strip;
        strip.resize(302, 46);
        strip.setVector(7, 50);
        QCOMPARE(strip.wordsPerBin(), std::int64_t(1));
        strip.setVector(123456, 1000000);
        // 100 cells of 3 px: 10,000 words a bin, and the index is still the one shown.
        QCOMPARE(strip.wordsPerBin(), std::int64_t(10000));
        QCOMPARE(strip.index(), std::int64_t(123456));
        QImage image(strip.rect().size(), QImage::Format_ARGB32);
        strip.render(&image);  // paints without trouble at any size
        QCOMPARE(strip.caption(), QStringLiteral("1 at 123456 (bin of 10000 words), 0 in the "
                                                 "other 999999"));
    }

    // The captions count the other cells and rows in words that fit the number.
    void captionsFitTheVocabularySize_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("oneHot");
        QTest::addColumn<QString>("identity");
        QTest::newRow("one word") << QByteArray("cat\n").repeated(5)
                                  << QStringLiteral("1 at 0, the only cell")
                                  << QStringLiteral("there is no other row");
        QTest::newRow("two words")
            << QByteArray("cat dog\n").repeated(5) << QStringLiteral("1 at 0, 0 in the other cell")
            << QStringLiteral("the other zero picks nothing");
        QTest::newRow("topics") << test::topicCorpus()
                                << QStringLiteral("1 at 0, 0 in the other 27 cells")
                                << QStringLiteral("the other 27 zeros pick nothing");
    }
    void captionsFitTheVocabularySize() {
        QFETCH(QByteArray, text);
        QFETCH(QString, oneHot);
        QFETCH(QString, identity);
        const QString path = test::writeFile(dir_, QStringLiteral("small.txt"), text);
        auto corpus =
            std::make_shared<TokenizedCorpus>(loadCorpus(path.toStdString(), CorpusOptions{}));
        TrainingController controller;
        controller.setCorpus(corpus, TrainerOptions{});
        InspectorPanel inspector(&controller);
        inspector.setSelectedRow(0);
        QVERIFY2(inspector.identityText().contains(identity), qPrintable(inspector.identityText()));

        OneHotStrip strip;
        strip.resize(302, 46);
        strip.setVector(0, corpus->vocabulary.size());
        QCOMPARE(strip.caption(), oneHot);
    }

    void emptySelectionClearsTheViews() {
        TrainingController controller;
        InspectorPanel inspector(&controller);
        inspector.setSelectedRow(-1);
        QCOMPARE(inspector.shownOneHotIndex(), std::int64_t(-1));
        QVERIFY(inspector.shownRow().isEmpty());
        QVERIFY(inspector.comparedWords().isEmpty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestInspector)
#include "tst_inspector.moc"
