// NeighbourIndex on hand-made tables whose answers follow from the construction; the index that
// references its table against the copying one; the quantised scan (the fast path) against the
// exact scan on clustered synthetic tables.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "ClusteredVectors.h"
#include "Error.h"
#include "JobControl.h"
#include "NeighbourIndex.h"
#include "QuantisedScan.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Every word is the sum of two orthogonal unit "attributes", so all rows have norm sqrt(2) and
// king - man + woman = (R + M) - (P + M) + (P + F) = R + F = queen exactly.
// Attributes: 0 R(oyal), 1 P(erson), 2 M(ale), 3 F(emale).
enum Row { King, Man, Woman, Royal, Zero, Queen };

RowMatrixXf familyTable() {
    RowMatrixXf table(6, 4);
    table << 1, 0, 1, 0,   // king  = R + M
        0, 1, 1, 0,        // man   = P + M
        0, 1, 0, 1,        // woman = P + F
        1, 0, 0.5f, 0.5f,  // royal = R + (M + F) / 2
        0, 0, 0, 0,        // a word that never trained
        1, 0, 0, 1;        // queen = R + F
    return table;
}

std::vector<std::int32_t> indices(const std::vector<Neighbour>& neighbours) {
    std::vector<std::int32_t> result;
    for (const Neighbour& n : neighbours)
        result.push_back(n.index);
    return result;
}

// The fraction of the exact top k that approx found (recall@k of one query).
double recall(const std::vector<Neighbour>& exact, const std::vector<Neighbour>& approx) {
    int found = 0;
    for (const Neighbour& e : exact)
        found += std::any_of(approx.begin(), approx.end(),
                             [&](const Neighbour& a) { return a.index == e.index; });
    return exact.empty() ? 1.0 : double(found) / double(exact.size());
}

// The same neighbours at the same similarities (to float rounding of two summation orders).
bool sameNeighbours(const std::vector<Neighbour>& x, const std::vector<Neighbour>& y,
                    QString* why) {
    if (x.size() != y.size()) {
        *why = QStringLiteral("%1 against %2 neighbours").arg(x.size()).arg(y.size());
        return false;
    }
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].index != y[i].index || std::abs(x[i].similarity - y[i].similarity) > 1e-5f) {
            *why = QStringLiteral("#%1: row %2 (%3) against row %4 (%5)")
                       .arg(i)
                       .arg(x[i].index)
                       .arg(x[i].similarity)
                       .arg(y[i].index)
                       .arg(y[i].similarity);
            return false;
        }
    return true;
}

}  // namespace

class TestNeighbours : public QObject {
    Q_OBJECT
private slots:
    void normalisesRowsOnce() {
        const NeighbourIndex index(familyTable());
        QCOMPARE(index.size(), 6);
        QCOMPARE(index.dim(), 4);
        for (int row = 0; row < index.size(); ++row) {
            const float norm = index.normalised().row(row).norm();
            QVERIFY2(std::abs(norm - (row == Zero ? 0.0f : 1.0f)) < 1e-6f,
                     qPrintable(QStringLiteral("row %1 norm %2").arg(row).arg(norm)));
        }
        QCOMPARE(index.cosine(Zero, King), 0.0f);
        QVERIFY(std::abs(index.cosine(King, Queen) - 0.5f) < 1e-6f);
        QVERIFY(std::abs(index.cosine(Man, Queen) - 0.0f) < 1e-6f);
    }

    void nearestExcludesTheWordAndBreaksTiesByRow() {
        const NeighbourIndex index(familyTable());
        // cos(king, royal) = 1.5 / (sqrt 2 sqrt 1.5) = 0.866; queen and man tie at 0.5.
        const auto neighbours = index.nearest(King, 3);
        QCOMPARE(indices(neighbours), (std::vector<std::int32_t>{Royal, Man, Queen}));
        QVERIFY(std::abs(neighbours[0].similarity - std::sqrt(0.75f)) < 1e-6f);
        QVERIFY(std::abs(neighbours[1].similarity - 0.5f) < 1e-6f);
    }

    void nearestHonoursKAndRestriction_data() {
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("restrictTo");
        QTest::addColumn<int>("expected");
        QTest::newRow("k=0") << 0 << 0 << 0;
        QTest::newRow("k=2") << 2 << 0 << 2;
        QTest::newRow("k larger than the table") << 50 << 0 << 5;
        QTest::newRow("restricted to 3 rows") << 50 << 3 << 2;
        QTest::newRow("restriction larger than the table") << 50 << 100 << 5;
    }
    void nearestHonoursKAndRestriction() {
        QFETCH(int, k);
        QFETCH(int, restrictTo);
        QFETCH(int, expected);
        const NeighbourIndex index(familyTable());
        const auto neighbours = index.nearest(King, k, restrictTo);
        QCOMPARE(int(neighbours.size()), expected);
        for (const Neighbour& n : neighbours) {
            QVERIFY(n.index != King);
            if (restrictTo > 0)
                QVERIFY(n.index < restrictTo);
        }
        QVERIFY(std::is_sorted(
            neighbours.begin(), neighbours.end(),
            [](const Neighbour& a, const Neighbour& b) { return a.similarity > b.similarity; }));
    }

    void nearestToAQueryVector() {
        const NeighbourIndex index(familyTable());
        Eigen::RowVectorXf query(4);
        query << 3, 0, 0, 3;  // the direction of queen, not normalised
        auto neighbours = index.nearest(query, 1);
        QCOMPARE(neighbours.front().index, std::int32_t(Queen));
        QVERIFY(std::abs(neighbours.front().similarity - 1.0f) < 1e-6f);
        neighbours = index.nearest(query, 1, {Queen});
        QCOMPARE(neighbours.front().index, std::int32_t(Royal));
    }

    void analogyFindsTheConstructedAnswer() {
        const NeighbourIndex index(familyTable());
        const auto answers = index.analogy(Man, King, Woman, 3);
        QCOMPARE(answers.size(), std::size_t(3));
        QCOMPARE(answers[0].index, std::int32_t(Queen));
        QVERIFY(std::abs(answers[0].similarity - 1.0f) < 1e-5f);
        for (const Neighbour& n : answers)
            QVERIFY(n.index != Man && n.index != King && n.index != Woman);
    }

    void analogyNeverAnswersWithAQueryWord() {
        const NeighbourIndex index(familyTable());
        // b - a + c = woman: the best raw match is woman itself, which must not be returned.
        const auto answers = index.analogy(King, King, Woman, 10);
        QCOMPARE(answers.size(), std::size_t(4));  // 6 rows minus king and woman
        for (const Neighbour& n : answers)
            QVERIFY(n.index != King && n.index != Woman);
    }

    void analogyRespectsRestriction() {
        const NeighbourIndex index(familyTable());
        // Queen is the last row; without it the nearest to R + F is royal.
        const auto answers = index.analogy(Man, King, Woman, 1, AnalogyMethod::CosAdd, Queen);
        QCOMPARE(answers.front().index, std::int32_t(Royal));
    }

    void cosMulPrefersBalancedCandidates() {
        // a, b, c orthonormal. x1 is very close to b only (cos 0.97 and 0.2): 3CosAdd scores it
        // 1.17 against x2's 0.55 + 0.55 = 1.10. 3CosMul multiplies the shifted cosines:
        // x1: 0.985 * 0.6 / 0.501 = 1.180, x2: 0.775^2 / 0.501 = 1.199, so it picks x2.
        RowMatrixXf table = RowMatrixXf::Zero(5, 5);
        table(0, 0) = 1;  // a
        table(1, 1) = 1;  // b
        table(2, 2) = 1;  // c
        table.row(3) << 0, 0.97f, 0.2f, std::sqrt(1 - 0.97f * 0.97f - 0.04f), 0;
        table.row(4) << 0, 0.55f, 0.55f, 0, std::sqrt(1 - 2 * 0.55f * 0.55f);
        const NeighbourIndex index(table);
        const auto add = index.analogy(0, 1, 2, 2, AnalogyMethod::CosAdd);
        const auto mul = index.analogy(0, 1, 2, 2, AnalogyMethod::CosMul);
        QCOMPARE(add.front().index, std::int32_t(3));
        QCOMPARE(mul.front().index, std::int32_t(4));
        // CosAdd reports cos(x, b - a + c) = (0.97 + 0.2) / sqrt(3).
        QVERIFY(std::abs(add.front().similarity - 1.17f / std::sqrt(3.0f)) < 1e-5f);
        const float expectedMul = 0.775f * 0.775f / (0.5f + kCosMulEpsilon);
        QVERIFY(std::abs(mul.front().similarity - expectedMul) < 1e-5f);
    }

    void updateReplacesTheTable() {
        NeighbourIndex index(familyTable());
        RowMatrixXf other(2, 3);
        other << 1, 0, 0, 0, 2, 0;
        index.update(other);
        QCOMPARE(index.size(), 2);
        QCOMPARE(index.dim(), 3);
        QVERIFY(std::abs(index.cosine(0, 1)) < 1e-6f);
    }

    void topKSkipsNaNAndExcluded() {
        Eigen::VectorXf scores(5);
        scores << 0.1f, std::nanf(""), 0.9f, 0.9f, 0.5f;
        const auto best = topK(scores, 3, {3});
        QCOMPARE(indices(best), (std::vector<std::int32_t>{2, 4, 0}));
    }
    // The referencing index keeps no normalised copy, yet answers as the copying index does.
    void referencingIndexMatchesTheCopyingOne() {
        RowMatrixXf rows = clusteredVectors(3000, 24, 5);
        rows.row(17).setZero();   // a word that never trained
        rows.row(40) *= 1000.0f;  // norms vary a lot in real files
        const auto table = std::make_shared<const RowMatrixXf>(rows);
        const NeighbourIndex copying(rows);
        const NeighbourIndex referencing(table);
        QVERIFY(referencing.referencesTable());
        QVERIFY(!copying.referencesTable());
        QCOMPARE(referencing.table()->data(), table->data());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, referencing.normalised());
        QCOMPARE(referencing.cosine(17, 3), 0.0f);
        QString why;
        for (std::int32_t row : {0, 17, 40, 1234, 2999}) {
            QVERIFY2(sameNeighbours(copying.nearest(row, 10), referencing.nearest(row, 10), &why),
                     qPrintable(QStringLiteral("row %1: ").arg(row) + why));
            QVERIFY2(sameNeighbours(copying.nearest(row, 5, 500), referencing.nearest(row, 5, 500),
                                    &why),
                     qPrintable(why));
            QVERIFY(std::abs(copying.cosine(row, 40) - referencing.cosine(row, 40)) < 1e-5f);
            QVERIFY((copying.unitRow(row) - referencing.unitRow(row)).norm() < 1e-5f);
        }
        for (AnalogyMethod method : {AnalogyMethod::CosAdd, AnalogyMethod::CosMul})
            QVERIFY2(sameNeighbours(copying.analogy(3, 40, 99, 10, method),
                                    referencing.analogy(3, 40, 99, 10, method), &why),
                     qPrintable(why));
        RowMatrixXf queries(2, 24);
        queries << copying.unitRow(5), copying.unitRow(6);
        RowMatrixXf fromCopy, fromReference;
        copying.cosinesWithRows(queries, 100, 50, fromCopy);
        referencing.cosinesWithRows(queries, 100, 50, fromReference);
        QVERIFY((fromCopy - fromReference).cwiseAbs().maxCoeff() < 1e-5f);
    }

    // Recall@10 of the fast path against the exact scan, on a table with the clustered shape of
    // real embeddings, at the default pool and with restriction and exclusion.
    void quantisedScanAgreesWithTheExactScan_data() {
        QTest::addColumn<int>("bits");
        QTest::addColumn<int>("dim");
        QTest::newRow("8 bits") << 8 << 64;
        QTest::newRow("4 bits") << 4 << 64;
        QTest::newRow("8 bits, dimension not a multiple of 16") << 8 << 50;
        QTest::newRow("4 bits, dimension not a multiple of 32") << 4 << 50;
    }
    void quantisedScanAgreesWithTheExactScan() {
        QFETCH(int, bits);
        QFETCH(int, dim);
        const auto table = std::make_shared<const RowMatrixXf>(clusteredVectors(20000, dim, 3));
        const NeighbourIndex exact(table);
        const auto scan =
            QuantisedScan::build(shareTable(table), exact.inverseNorms(), {}, 0, bits);
        QCOMPARE(scan->size(), 20000);
        QCOMPARE(scan->dim(), dim);
        QCOMPARE(scan->bits(), bits);
        const NeighbourIndex fast = exact.withFastPath(scan);
        QVERIFY(fast.hasFastPath() && !exact.hasFastPath());
        double total = 0.0;
        int queries = 0;
        for (std::int32_t row = 7; row < 20000; row += 197, ++queries) {
            const auto truth = exact.nearest(row, 10);
            const auto found = fast.nearest(row, 10);
            QCOMPARE(found.size(), std::size_t(10));
            total += recall(truth, found);
            for (const Neighbour& n : found) {
                QVERIFY(n.index != row);
                // Re-ranked exactly: every similarity is the exact cosine.
                QVERIFY(std::abs(n.similarity - exact.cosine(row, n.index)) < 1e-5f);
            }
            QVERIFY(std::is_sorted(found.begin(), found.end(),
                                   [](const Neighbour& a, const Neighbour& b) {
                                       return a.similarity > b.similarity;
                                   }));
            const auto restricted = fast.nearest(row, 10, 5000);
            for (const Neighbour& n : restricted)
                QVERIFY(n.index < 5000 && n.index != row);
            total += recall(exact.nearest(row, 10, 5000), restricted);
            ++queries;
        }
        const double meanRecall = total / queries;
        QVERIFY2(meanRecall >= 0.99, qPrintable(QStringLiteral("recall@10 %1").arg(meanRecall)));
        // The 3CosAdd analogy goes through the same scan and skips its three words.
        int sameBest = 0, analogies = 0;
        for (std::int32_t a = 11; a < 20000; a += 1009, ++analogies) {
            const auto truth = exact.analogy(a, a + 5, a + 9, 10);
            const auto found = fast.analogy(a, a + 5, a + 9, 10);
            for (const Neighbour& n : found)
                QVERIFY(n.index != a && n.index != a + 5 && n.index != a + 9);
            sameBest += !found.empty() && found.front().index == truth.front().index;
        }
        QVERIFY2(sameBest >= analogies - 1,
                 qPrintable(QStringLiteral("%1 of %2 analogies").arg(sameBest).arg(analogies)));
    }

    // Rows that differ by less than one int8 step (1/127 of the largest coordinate) are ranked
    // by the rounding: without re-ranking a large pool the recall drops, which shows that the
    // recall asserted above is not trivially 1.
    void quantisedScanNeedsItsPool() {
        RowMatrixXf rows = clusteredVectors(20000, 64, 3, 1);
        rows *= 0.0005f;
        rows.rowwise() += clusteredVectors(1, 64, 4, 1).row(0);
        const auto table = std::make_shared<const RowMatrixXf>(std::move(rows));
        const NeighbourIndex exact(table);
        const auto scan = QuantisedScan::build(shareTable(table), exact.inverseNorms());
        double small = 0.0, large = 0.0;
        int queries = 0;
        for (std::int32_t row = 7; row < 20000; row += 197, ++queries) {
            const auto truth = exact.nearest(row, 10);
            small += recall(truth, scan->nearest(exact.unitRow(row), 10, {row}, 0, 10));
            large += recall(truth, scan->nearest(exact.unitRow(row), 10, {row}, 0, 256));
        }
        QVERIFY2(small < large, qPrintable(QStringLiteral("%1 %2").arg(small).arg(large)));
    }

    void quantisedScanAnswersTheSameOnAnyNumberOfThreads() {
        const auto table = std::make_shared<const RowMatrixXf>(clusteredVectors(200000, 8, 9));
        const NeighbourIndex exact(table);
        // 3 threads give ranges of odd length, whose last row goes through the portable kernel.
        for (int bits : {8, 4}) {
            const auto one =
                QuantisedScan::build(shareTable(table), exact.inverseNorms(), {}, 1, bits);
            const auto three =
                QuantisedScan::build(shareTable(table), exact.inverseNorms(), {}, 3, bits);
            QString why;
            for (std::int32_t row : {0, 66666, 99999, 199999}) {
                const auto query = exact.unitRow(row);
                QVERIFY2(sameNeighbours(one->nearest(query, 10, {row}, 0, 0, 1),
                                        three->nearest(query, 10, {row}, 0, 0, 3), &why),
                         qPrintable(why));
                QVERIFY2(sameNeighbours(exact.nearest(row, 10),
                                        three->nearest(query, 10, {row}, 0, 0, 3), &why),
                         qPrintable(QStringLiteral("%1 bits: ").arg(bits) + why));
            }
        }
    }

    void quantisedScanBuildReportsProgressAndCancels_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("2 threads") << 2;
    }
    void quantisedScanBuildReportsProgressAndCancels() {
        QFETCH(int, threads);
        const auto table = std::make_shared<const RowMatrixXf>(clusteredVectors(200000, 8, 9));
        const auto norms = std::make_shared<const Eigen::VectorXf>(inverseRowNorms(*table));
        std::atomic<bool> cancel{false};
        std::vector<std::uint64_t> reports;
        JobControl control;
        control.cancel = &cancel;
        control.progress = [&](std::uint64_t done, std::uint64_t total) {
            QCOMPARE(total, std::uint64_t(200000));
            reports.push_back(done);
        };
        const auto scan = QuantisedScan::build(shareTable(table), norms, control, threads);
        QVERIFY(scan != nullptr);
        QVERIFY(reports.size() >= 2);
        QVERIFY(std::is_sorted(reports.begin(), reports.end()));
        QCOMPARE(reports.back(), std::uint64_t(200000));

        // Cancelled at the first report: the build stops with Cancelled, not a partial scan.
        reports.clear();
        control.progress = [&](std::uint64_t done, std::uint64_t) {
            reports.push_back(done);
            cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 QuantisedScan::build(shareTable(table), norms, control, threads));
        QCOMPARE(reports.size(), std::size_t(1));
        QVERIFY(reports.front() < 200000);
    }

    void fastPathMustFitTheTable() {
        const auto table = std::make_shared<const RowMatrixXf>(clusteredVectors(100, 8, 1));
        const auto other = std::make_shared<const RowMatrixXf>(clusteredVectors(99, 8, 1));
        const NeighbourIndex index(table);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.withFastPath(QuantisedScan::build(
                                                            shareTable(other), nullptr)));
        QVERIFY(!index.withFastPath(nullptr).hasFastPath());
    }
};

EMBEDSCOPE_TEST_MAIN(TestNeighbours)
#include "tst_neighbours.moc"
