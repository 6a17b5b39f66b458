// The Projector-style metadata TSV reader: matching lines by word or by row order, telling numeric
// from categorical columns, categories ordered by frequency, and errors that name the file, the
// line and the problem.
#include <QtTest>

#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "Error.h"
#include "MetadataTsv.h"
#include "testutil.h"

using namespace embedscope;

namespace {

const std::vector<std::string> kWords = {"the", "cat", "dog", "sat", "mat"};

MetadataTable parse(const std::string& text, std::int32_t rows = 5) {
    std::unordered_map<std::string, std::int32_t> rowOf;
    for (std::size_t i = 0; i < kWords.size(); ++i)
        rowOf[kWords[i]] = std::int32_t(i);
    std::istringstream in(text);
    return parseMetadataTsv(in, "meta.tsv", rows, [&](const std::string& word) {
        const auto it = rowOf.find(word);
        return it == rowOf.end() ? -1 : it->second;
    });
}

QString errorOf(const std::string& text, std::int32_t rows = 5) {
    try {
        parse(text, rows);
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestMetadataTsv : public QObject {
    Q_OBJECT
private slots:
    void matchesByWordColumnInAnyPositionAndCase() {
        const MetadataTable t = parse(
            "kind\tWord\tsize\r\nanimal\tdog\t3\nanimal\tcat\t2.5\nthing\tmat\t\nx\tzebra\t1\n");
        QVERIFY(t.matchedByWord);
        QCOMPARE(t.dataLines, 4);
        QCOMPARE(t.matchedLines, 3);
        QCOMPARE(t.unknownWords, 1);  // zebra
        QCOMPARE(t.columns.size(), std::size_t(2));
        const MetadataColumn& kind = t.columns[0];
        QCOMPARE(kind.name, std::string("kind"));
        QVERIFY(kind.kind == MetadataColumn::Kind::Categorical);
        QCOMPARE(kind.rows(), std::size_t(5));
        // "animal" (2 rows) before "thing" (1); "x" belonged to an unknown word only.
        QCOMPARE(kind.categories, (std::vector<std::string>{"animal", "thing"}));
        QCOMPARE(kind.categoryOfRow,
                 (std::vector<std::int32_t>{-1, 0, 0, -1, 1}));  // the, cat, dog, sat, mat
        const MetadataColumn& size = t.columns[1];
        QVERIFY(size.kind == MetadataColumn::Kind::Numeric);
        QCOMPARE(size.valueOfRow[1], 2.5f);
        QCOMPARE(size.valueOfRow[2], 3.0f);
        QVERIFY(std::isnan(size.valueOfRow[4]));  // empty field: no value
        QVERIFY(std::isnan(size.valueOfRow[0]));  // no line
    }

    void matchesByRowOrderWithoutWordColumn() {
        const MetadataTable t = parse("label\tscore\na\t1\nb\tnan\n\nc\t1e3\n");
        QVERIFY(!t.matchedByWord);
        QCOMPARE(t.matchedLines, 3);  // the blank line is skipped
        // "nan" is not a finite number: the column is categorical.
        QVERIFY(t.columns[1].kind == MetadataColumn::Kind::Categorical);
        QCOMPARE(t.columns[0].categoryOfRow[2], 2);  // row 2 is "c"
        QCOMPARE(t.columns[0].categoryOfRow[3], MetadataColumn::kNoCategory);
    }

    void sortsManyCategoriesByFrequency() {
        // 60 categories over 600 rows: category j has j + 1 rows... so the last is most frequent.
        std::string text = "c\n";
        int rows = 0;
        for (int j = 0; j < 60; ++j)
            for (int r = 0; r <= j % 10; ++r, ++rows)
                text += "cat" + std::to_string(j) + "\n";
        const MetadataTable t = parse(text, rows);
        const MetadataColumn& c = t.columns[0];
        QCOMPARE(c.categories.size(), std::size_t(60));
        std::vector<int> counts(60, 0);
        for (std::int32_t k : c.categoryOfRow)
            ++counts[std::size_t(k)];
        for (int j = 1; j < 60; ++j)
            QVERIFY(counts[std::size_t(j - 1)] >= counts[std::size_t(j)]);
        QCOMPARE(c.categories[0], std::string("cat9"));  // first of the ten-row categories
    }

    void errorsNameFileLineAndProblem() {
        QVERIFY(errorOf("").contains("meta.tsv: empty file"));
        const QString fields = errorOf("word\tkind\ncat\ta\ndog\n");
        QVERIFY2(fields.contains("meta.tsv: line 3: expected 2") && fields.contains("found 1"),
                 qPrintable(fields));
        QVERIFY(errorOf("a\ta\n1\t2\n").contains("line 1: two columns are named \"a\""));
        QVERIFY(errorOf("a\t\n1\t2\n").contains("line 1: header field 2 is empty"));
        QVERIFY(errorOf("word\ncat\n").contains("only a word column"));
        QVERIFY(errorOf("word\tk\ncat\ta\ncat\tb\n").contains("line 3: the word \"cat\""));
        QVERIFY(errorOf("k\na\nb\nc\n", 2).contains("line 4: more data lines than the 2 vectors"));
        QVERIFY(errorOf("k\na\n", 2).isEmpty());
    }

    void missingFileIsAnError() {
        try {
            readMetadataTsv("/nonexistent/meta.tsv", 3, [](const std::string&) { return -1; });
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/meta.tsv: cannot open"));
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestMetadataTsv)
#include "tst_metadatatsv.moc"
