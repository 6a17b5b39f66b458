// NeighbourIndex on hand-made tables whose answers follow from the construction.
#include <QtTest>

#include <algorithm>
#include <cmath>

#include "NeighbourIndex.h"
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
};

EMBEDSCOPE_TEST_MAIN(TestNeighbours)
#include "tst_neighbours.moc"
