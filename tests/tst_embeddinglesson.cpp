// The lesson's model: the vocabulary of "I like dogs" grown by a typed sentence, as word_to_ix is
// built in PyTorch tutorials, and its nn.Embedding(V, 5) table, whose rows stay put as V grows.
#include "EmbeddingLesson.h"
#include "testutil.h"

using namespace embedscope;

namespace {

std::vector<std::string> words(std::initializer_list<const char*> list) {
    return std::vector<std::string>(list.begin(), list.end());
}

}  // namespace

class TestEmbeddingLesson : public QObject {
    Q_OBJECT
private slots:
    void startsFromIlikeDogs() {
        const EmbeddingLesson lesson;
        QCOMPARE(lesson.words(), words({"I", "like", "dogs"}));
        QCOMPARE(lesson.size(), std::int64_t(3));
        QCOMPARE(lesson.seedSize(), std::int64_t(3));
        QCOMPARE(lesson.indexOf("dogs"), 2);
        QCOMPARE(lesson.indexOf("cats"), -1);
        // nn.Embedding(3, 5): an EmbeddingTable with N(0, 1) weights from the lesson's seed.
        const EmbeddingTable expected(3, 5, EmbeddingInit::Normal, EmbeddingLesson::kSeed);
        QCOMPARE(lesson.table().numEmbeddings(), std::int64_t(3));
        QCOMPARE(lesson.table().embeddingDim(), EmbeddingLesson::kDim);
        QVERIFY(lesson.table().weight() == expected.weight());
    }

    // New words get the next indices in order of first appearance; known ones and repeats add
    // nothing; the case is kept ("Dogs" is not "dogs"); punctuation is not a word.
    void aSentenceAddsItsNewWords() {
        EmbeddingLesson lesson;
        QCOMPARE(lesson.setSentence("My cat likes dogs, I like my cat. Dogs!"), 0);
        QCOMPARE(lesson.words(), words({"I", "like", "dogs", "My", "cat", "likes", "my", "Dogs"}));
        QCOMPARE(lesson.table().numEmbeddings(), std::int64_t(8));
    }

    // The first flaw needs the old words to keep their rows while V grows, and going back to the
    // three words must give the very same table.
    void oldWordsKeepTheirRowsAsTheVocabularyGrows() {
        EmbeddingLesson lesson;
        const RowMatrixXf three = lesson.table().weight();
        lesson.setSentence("my cat likes fish");
        const RowMatrixXf seven = lesson.table().weight();
        QCOMPARE(seven.rows(), Eigen::Index(7));
        QVERIFY(seven.topRows(3) == three);
        QVERIFY(seven.row(3) != seven.row(0));  // the new rows are new numbers
        lesson.setSentence("");
        QVERIFY(lesson.table().weight() == three);
        QCOMPARE(lesson.sentence(), std::string());
    }

    void wordsAboveTheCapAreCountedOnce() {
        EmbeddingLesson lesson;
        std::string sentence;
        for (int i = 0; i < 20; ++i)
            sentence += "w" + std::to_string(i) + " ";
        sentence += "w19 w18";  // repeats of left-out words count once
        const int leftOut = lesson.setSentence(sentence);
        QCOMPARE(lesson.size(), std::int64_t(EmbeddingLesson::kMaxWords));
        QCOMPARE(leftOut, 20 - (EmbeddingLesson::kMaxWords - 3));
        QCOMPARE(lesson.words().back(), "w" + std::to_string(EmbeddingLesson::kMaxWords - 4));
    }

    void tokenizesAsTheLessonShowsIt() {
        QCOMPARE(EmbeddingLesson::tokenize("I don't like well-known dogs."),
                 words({"I", "don't", "like", "well-known", "dogs"}));
    }
};

EMBEDSCOPE_TEST_MAIN(TestEmbeddingLesson)
#include "tst_embeddinglesson.moc"
