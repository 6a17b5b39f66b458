// The kNN graph that t-SNE and UMAP start from: the exact graph against a brute-force reference in
// double precision; ties, a clamped k, zero rows and cancellation; the approximate graph
// (NN-descent) for its recall against the exact one and its determinism (with any number of
// threads).
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <vector>

#include "ClusteredVectors.h"
#include "Error.h"
#include "JobControl.h"
#include "KnnGraph.h"
#include "Random.h"
#include "testutil.h"

using namespace embedscope;

namespace {

RowMatrixXf randomRows(std::int64_t n, int dim, std::uint64_t seed) {
    SplitMix64 random(seed);
    RowMatrixXf rows(n, dim);
    for (Eigen::Index i = 0; i < rows.size(); ++i)
        rows.data()[i] = random.uniformFloat() * 2.0f - 1.0f;
    return rows;
}

// 1 - cos in double; 1 when either row is zero (cosine 0).
double cosineDistance(const RowMatrixXf& rows, Eigen::Index i, Eigen::Index j) {
    const Eigen::VectorXd x = rows.row(i).transpose().cast<double>();
    const Eigen::VectorXd y = rows.row(j).transpose().cast<double>();
    const double norms = x.norm() * y.norm();
    return norms > 0 ? 1.0 - x.dot(y) / norms : 1.0;
}

// Every row's k nearest by brute force in double precision, nearest first, ties to the lower row.
std::vector<std::vector<std::int32_t>> referenceNeighbours(const RowMatrixXf& rows, int k) {
    std::vector<std::vector<std::int32_t>> result(static_cast<std::size_t>(rows.rows()));
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
        std::vector<std::pair<double, std::int32_t>> all;
        for (Eigen::Index j = 0; j < rows.rows(); ++j)
            if (j != i)
                all.emplace_back(cosineDistance(rows, i, j), static_cast<std::int32_t>(j));
        std::sort(all.begin(), all.end());
        for (int r = 0; r < k && r < static_cast<int>(all.size()); ++r)
            result[static_cast<std::size_t>(i)].push_back(all[static_cast<std::size_t>(r)].second);
    }
    return result;
}

// recall@k of graph against the exact graph: the fraction of exact neighbours found.
double recall(const KnnGraph& exact, const KnnGraph& approx) {
    std::int64_t found = 0;
    for (std::int64_t i = 0; i < exact.rows; ++i) {
        const std::int32_t* a = approx.neighboursOf(i);
        for (int j = 0; j < exact.k; ++j)
            found += std::find(a, a + approx.k, exact.neighboursOf(i)[j]) != a + approx.k;
    }
    return double(found) / double(exact.rows * exact.k);
}

// Empty when every row of graph is well formed: k distinct neighbours other than the row, with
// ascending distances that are the rows' true cosine distances.
QString malformedRow(const KnnGraph& graph, const RowMatrixXf& rows) {
    for (std::int64_t i = 0; i < graph.rows; ++i) {
        std::vector<std::int32_t> seen(graph.neighboursOf(i), graph.neighboursOf(i) + graph.k);
        std::sort(seen.begin(), seen.end());
        if (std::adjacent_find(seen.begin(), seen.end()) != seen.end())
            return QStringLiteral("row %1 has a neighbour twice").arg(i);
        for (int j = 0; j < graph.k; ++j) {
            const std::int32_t neighbour = graph.neighboursOf(i)[j];
            if (neighbour == i || neighbour < 0 || neighbour >= graph.rows)
                return QStringLiteral("row %1: neighbour %2 out of place").arg(i).arg(neighbour);
            if (j > 0 && graph.distancesOf(i)[j] < graph.distancesOf(i)[j - 1])
                return QStringLiteral("row %1: distances not ascending at %2").arg(i).arg(j);
            if (std::abs(graph.distancesOf(i)[j] - cosineDistance(rows, i, neighbour)) > 1e-5)
                return QStringLiteral("row %1: distance %2 to %3, truly %4")
                    .arg(i)
                    .arg(graph.distancesOf(i)[j])
                    .arg(neighbour)
                    .arg(cosineDistance(rows, i, neighbour));
        }
    }
    return {};
}

}  // namespace

class TestKnnGraph : public QObject {
    Q_OBJECT
private slots:
    void exactMatchesBruteForce_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("dim");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("threads");
        QTest::newRow("small") << 40 << 5 << 7 << 1;
        // More rows than one query block (256) and a candidate block (4096) spanning them.
        QTest::newRow("several blocks") << 700 << 12 << 15 << 1;
        QTest::newRow("threads") << 700 << 12 << 15 << 3;
    }
    void exactMatchesBruteForce() {
        QFETCH(int, n);
        QFETCH(int, dim);
        QFETCH(int, k);
        QFETCH(int, threads);
        const RowMatrixXf rows = randomRows(n, dim, 7);
        KnnOptions options;
        options.threads = threads;
        const KnnGraph graph = exactKnnGraph(rows, k, options);
        QCOMPARE(graph.rows, std::int64_t(n));
        QCOMPARE(graph.k, k);
        QCOMPARE(malformedRow(graph, rows), QString());
        const auto reference = referenceNeighbours(rows, k);
        // Random rows have no ties to float precision, so the neighbours are the reference's, in
        // its order, except where two distances lie within float rounding of each other.
        int differing = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) {
                const std::int32_t got = graph.neighboursOf(i)[j];
                const std::int32_t want = reference[std::size_t(i)][std::size_t(j)];
                if (got != want) {
                    ++differing;
                    QVERIFY2(std::abs(cosineDistance(rows, i, got) -
                                      cosineDistance(rows, i, want)) < 1e-6,
                             qPrintable(QStringLiteral("row %1 rank %2: %3 for %4")
                                            .arg(i)
                                            .arg(j)
                                            .arg(got)
                                            .arg(want)));
                }
            }
        QVERIFY(differing <= n * k / 1000);
    }

    void tiesGoToTheLowerRow() {
        // Rows 0..5 are one direction (at different lengths, which cosine ignores: powers of two
        // keep the unit rows identical), row 6 another.
        RowMatrixXf rows(7, 3);
        rows << 1, 1, 0, 2, 2, 0, 4, 4, 0, 0.5f, 0.5f, 0, 8, 8, 0, 1, 1, 0, 0, 0, 1;
        const KnnGraph graph = exactKnnGraph(rows, 3, {});
        QCOMPARE(std::vector<std::int32_t>(graph.neighboursOf(0), graph.neighboursOf(0) + 3),
                 (std::vector<std::int32_t>{1, 2, 3}));
        QCOMPARE(std::vector<std::int32_t>(graph.neighboursOf(5), graph.neighboursOf(5) + 3),
                 (std::vector<std::int32_t>{0, 1, 2}));
        QCOMPARE(graph.distancesOf(5)[0], 0.0f);
        // Row 6 is orthogonal to all others: every distance 1, so rows 0, 1, 2.
        QCOMPARE(std::vector<std::int32_t>(graph.neighboursOf(6), graph.neighboursOf(6) + 3),
                 (std::vector<std::int32_t>{0, 1, 2}));
        QCOMPARE(graph.distancesOf(6)[2], 1.0f);
    }

    void kIsClampedToTheOtherRows() {
        const RowMatrixXf rows = randomRows(4, 3, 2);
        const KnnGraph graph = exactKnnGraph(rows, 10, {});
        QCOMPARE(graph.k, 3);
        QCOMPARE(graph.neighbours.size(), std::size_t(12));
        QCOMPARE(malformedRow(graph, rows), QString());
        QCOMPARE(exactKnnGraph(randomRows(1, 3, 2), 5, {}).k, 0);
        const KnnGraph empty = exactKnnGraph(RowMatrixXf(0, 3), 5, {});
        QCOMPARE(empty.rows, std::int64_t(0));
        QVERIFY(empty.neighbours.empty());
    }

    void zeroRowsHaveCosineZero() {
        RowMatrixXf rows = randomRows(30, 4, 3);
        rows.row(4).setZero();
        rows.row(11).setZero();
        const KnnGraph graph = exactKnnGraph(rows, 29, {});
        QCOMPARE(malformedRow(graph, rows), QString());
        // The zero row's distance to everything is 1: its neighbours are the rows in order.
        for (int j = 0; j < 29; ++j) {
            QCOMPARE(graph.distancesOf(4)[j], 1.0f);
            QCOMPARE(graph.neighboursOf(4)[j], j < 4 ? j : j + 1);
        }
    }

    void cancels() {
        std::atomic<bool> cancel{true};
        JobControl control;
        control.cancel = &cancel;
        const RowMatrixXf rows = randomRows(600, 8, 4);
        QVERIFY_THROWS_EXCEPTION(Cancelled, exactKnnGraph(rows, 5, {}, control));
        KnnOptions approximate;
        approximate.exactUpToRows = 100;
        QVERIFY_THROWS_EXCEPTION(Cancelled, buildKnnGraph(rows, 5, approximate, control));
    }

    void buildIsExactForSmallTables() {
        const RowMatrixXf rows = randomRows(300, 6, 5);
        const KnnGraph exact = exactKnnGraph(rows, 10, {});
        const KnnGraph built = buildKnnGraph(rows, 10, {});
        QCOMPARE(built.neighbours, exact.neighbours);
    }

    // NN-descent on 30,000 clustered rows (the threshold lowered so that it runs): recall@15
    // against the exact graph, well-formed rows, and the same graph for the same seed with one
    // thread.
    void approximateRecall() {
        const RowMatrixXf rows = clusteredVectors(30000, 48, 11, 300);
        KnnOptions exactOptions;
        exactOptions.threads = 2;
        const KnnGraph exact = exactKnnGraph(rows, 15, exactOptions);
        KnnOptions options;
        options.exactUpToRows = 1000;
        options.threads = 2;
        const KnnGraph approx = buildKnnGraph(rows, 15, options);
        QCOMPARE(approx.k, 15);
        QCOMPARE(malformedRow(approx, rows), QString());
        const double r = recall(exact, approx);
        qInfo("recall@15 %.4f", r);
        QVERIFY2(r >= 0.9, qPrintable(QString::number(r)));
    }

    void approximateIsDeterministicWithOneThread() {
        const RowMatrixXf rows = clusteredVectors(3000, 20, 12, 50);
        KnnOptions options;
        options.exactUpToRows = 100;
        options.seed = 9;
        const KnnGraph first = buildKnnGraph(rows, 10, options);
        const KnnGraph second = buildKnnGraph(rows, 10, options);
        QCOMPARE(first.neighbours, second.neighbours);
        QCOMPARE(first.distances, second.distances);
        // Every random choice is hashed from the seed: two threads give the same graph too.
        options.threads = 2;
        QCOMPARE(buildKnnGraph(rows, 10, options).neighbours, first.neighbours);
        options.threads = 1;
        options.seed = 10;
        const KnnGraph other = buildKnnGraph(rows, 10, options);
        QCOMPARE(malformedRow(other, rows), QString());
        QVERIFY(recall(exactKnnGraph(rows, 10, {}), other) >= 0.9);
    }
};

EMBEDSCOPE_TEST_MAIN(TestKnnGraph)
#include "tst_knngraph.moc"
