// WordTags: tagging rows as categories of a metadata column, overwriting, and undo.
#include <QtTest>

#include "Error.h"
#include "WordTags.h"
#include "testutil.h"

using embedscope::Error;
using embedscope::MetadataColumn;
using embedscope::WordTags;

class TestWordTags : public QObject {
    Q_OBJECT
private slots:
    void firstTagMakesACategoricalColumnOfEveryRow() {
        WordTags tags;
        tags.tag("tags", "animals", {7, 2, 5, 2}, 10);
        QCOMPARE(tags.columns().size(), std::size_t(1));
        const MetadataColumn* column = tags.column("tags");
        QVERIFY(column);
        QCOMPARE(column->kind, MetadataColumn::Kind::Categorical);
        QCOMPARE(column->rows(), std::size_t(10));
        QCOMPARE(column->categories, std::vector<std::string>{"animals"});
        for (int r = 0; r < 10; ++r)
            QCOMPARE(column->categoryOfRow[std::size_t(r)],
                     (r == 2 || r == 5 || r == 7) ? 0 : MetadataColumn::kNoCategory);
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{2, 5, 7}));
    }

    void taggingTheSameWordsAgainOverwrites() {
        WordTags tags;
        tags.tag("tags", "animals", {1, 2, 3}, 6);
        tags.tag("tags", "colours", {3, 4}, 6);
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{1, 2}));
        QCOMPARE(tags.rowsTagged("tags", "colours"), (std::vector<std::int32_t>{3, 4}));
        // The same tag again adds no second category.
        tags.tag("tags", "animals", {0}, 6);
        QCOMPARE(tags.column("tags")->categories.size(), std::size_t(2));
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{0, 1, 2}));
        // Another column is independent.
        tags.tag("topic", "animals", {5}, 6);
        QCOMPARE(tags.columns().size(), std::size_t(2));
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{0, 1, 2}));
        QCOMPARE(tags.rowsTagged("topic", "animals"), (std::vector<std::int32_t>{5}));
    }

    void undoTakesBackEachChangeNewestFirst() {
        WordTags tags;
        const WordTags::Change first = tags.tag("tags", "animals", {1, 2, 3}, 6);
        const WordTags::Change second = tags.tag("tags", "colours", {3, 4}, 6);
        const WordTags::Change third = tags.tag("tags", "animals", {4, 5}, 6);
        tags.undo(third);
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{1, 2}));
        QCOMPARE(tags.rowsTagged("tags", "colours"), (std::vector<std::int32_t>{3, 4}));
        tags.undo(second);
        QCOMPARE(tags.column("tags")->categories, std::vector<std::string>{"animals"});
        QCOMPARE(tags.rowsTagged("tags", "animals"), (std::vector<std::int32_t>{1, 2, 3}));
        QCOMPARE(tags.rowsTagged("tags", "colours"), std::vector<std::int32_t>{});
        tags.undo(first);
        QVERIFY(tags.column("tags") == nullptr);
        QVERIFY(tags.columns().empty());
    }

    void rowsOutOfRangeAreSkippedAndNamesAreRequired() {
        WordTags tags;
        const WordTags::Change change = tags.tag("tags", "x", {-1, 0, 3, 99}, 4);
        QCOMPARE(change.rows, (std::vector<std::int32_t>{0, 3}));
        QCOMPARE(tags.rowsTagged("tags", "x"), (std::vector<std::int32_t>{0, 3}));
        QVERIFY_THROWS_EXCEPTION(Error, tags.tag("", "x", {0}, 4));
        QVERIFY_THROWS_EXCEPTION(Error, tags.tag("tags", "", {0}, 4));
        tags.clear();
        QVERIFY(tags.columns().empty());
    }
};

EMBEDSCOPE_TEST_MAIN(TestWordTags)
#include "tst_wordtags.moc"
