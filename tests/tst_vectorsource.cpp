// LoadedVectorSource's word lookup (row numbers hashed by word, the words held once): every word
// found at its row, absent words not found, a repeated word refused naming the file.
#include <QtTest>

#include <string>
#include <vector>

#include "Error.h"
#include "VectorSource.h"
#include "testutil.h"

using namespace embedscope;

namespace {

WordVectors wordsOfRows(std::vector<std::string> words) {
    WordVectors vectors;
    vectors.vectors = RowMatrixXf::Zero(static_cast<Eigen::Index>(words.size()), 2);
    for (Eigen::Index row = 0; row < vectors.vectors.rows(); ++row)
        vectors.vectors(row, 0) = static_cast<float>(row);
    vectors.words = std::move(words);
    return vectors;
}

}  // namespace

class TestVectorSource : public QObject {
    Q_OBJECT

private slots:
    void everyWordIsFoundAtItsRow() {
        // Enough words for the table to grow several times; words that share prefixes, differ
        // only in case, are empty of ASCII or long enough to leave the short-string buffer.
        std::vector<std::string> words;
        for (int i = 0; i < 20000; ++i)
            words.push_back("w" + std::to_string(i));
        words.push_back("W1");
        words.push_back("caf\xc3\xa9");
        words.push_back(std::string(40, 'x'));
        const LoadedVectorSource source("/tmp/v.vec", wordsOfRows(words));
        QCOMPARE(source.rows(), static_cast<std::int32_t>(words.size()));
        for (std::size_t row = 0; row < words.size(); ++row) {
            const std::int32_t found = source.indexOf(words[row]);
            QVERIFY2(found == static_cast<std::int32_t>(row),
                     qPrintable(QString::fromStdString(words[row]) +
                                QStringLiteral(" found at %1, not %2").arg(found).arg(row)));
            QCOMPARE(source.table()->coeff(found, 0), static_cast<float>(row));
        }
        for (const std::string absent : {"", "w", "w20000", "w-1", "CAF\xc3\x89", "x"})
            QCOMPARE(source.indexOf(absent), -1);
        // The lookup holds 8 bytes a slot, at most half full: no copy of the words.
        QVERIFY(source.lookupBytes() <= 32 * words.size());
    }

    void anEmptySourceFindsNothing() {
        const LoadedVectorSource source("/tmp/empty.vec", wordsOfRows({}));
        QCOMPARE(source.indexOf("cat"), -1);
    }

    void aRepeatedWordIsRefused() {
        try {
            LoadedVectorSource("/tmp/twice.vec", wordsOfRows({"cat", "dog", "cat"}));
            QFAIL("a repeated word was accepted");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("/tmp/twice.vec") && message.contains("\"cat\" occurs twice"),
                     qPrintable(message));
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestVectorSource)
#include "tst_vectorsource.moc"
