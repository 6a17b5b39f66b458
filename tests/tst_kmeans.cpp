// Spherical k-means: well-separated clusters (of rows with very different lengths: the metric is
// cosine) are recovered exactly, with all rows or from a sample; the result does not depend on
// the thread count; central rows are the ones closest to their centre; k is clamped; cancel works.
#include <QtTest>

#include <atomic>
#include <map>
#include <set>

#include "Error.h"
#include "JobControl.h"
#include "KMeans.h"
#include "Random.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// n rows around `clusters` directions along the first axes, each row scaled by 0.2 .. 5: truth[i]
// is row i's direction.
RowMatrixXf separatedRows(int n, int clusters, int dim, std::vector<int>& truth) {
    SplitMix64 random(7);
    RowMatrixXf rows(n, dim);
    truth.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        const int c = int(random.next() % std::uint64_t(clusters));
        truth[std::size_t(i)] = c;
        const float scale = 0.2f + 4.8f * random.uniformFloat();
        for (int d = 0; d < dim; ++d)
            rows(i, d) = scale * ((d == c ? 1.0f : 0.0f) + 0.1f * (random.uniformFloat() - 0.5f));
    }
    return rows;
}

// Each found cluster holds one true cluster only, and every true cluster is found.
void verifyRecovered(const std::vector<std::int32_t>& found, const std::vector<int>& truth,
                     int clusters) {
    std::map<std::int32_t, std::set<int>> truthOf;
    for (std::size_t i = 0; i < truth.size(); ++i)
        truthOf[found[i]].insert(truth[i]);
    QCOMPARE(int(truthOf.size()), clusters);
    for (const auto& [c, set] : truthOf)
        QCOMPARE(int(set.size()), 1);
}

}  // namespace

class TestKMeans : public QObject {
    Q_OBJECT
private slots:
    void recoversSeparatedClusters() {
        std::vector<int> truth;
        const RowMatrixXf rows = separatedRows(3000, 6, 16, truth);
        KMeansOptions options;
        options.k = 6;
        const KMeansResult r = kMeans(rows, options);
        verifyRecovered(r.clusterOfRow, truth, 6);
        QVERIFY(r.iterations >= 1 && r.iterations < options.maxIterations);
        // Largest cluster first.
        for (std::size_t c = 1; c < r.sizes.size(); ++c)
            QVERIFY(r.sizes[c - 1] >= r.sizes[c]);
        std::int64_t total = 0;
        for (std::int64_t s : r.sizes)
            total += s;
        QCOMPARE(total, std::int64_t(3000));
    }

    void recoversFromASampleAndAssignsTheRest() {
        std::vector<int> truth;
        const RowMatrixXf rows = separatedRows(5000, 5, 12, truth);
        KMeansOptions options;
        options.k = 5;
        options.sampleRows = 300;
        const KMeansResult r = kMeans(rows, options);
        QCOMPARE(r.clusterOfRow.size(), std::size_t(5000));
        verifyRecovered(r.clusterOfRow, truth, 5);
    }

    void sameResultWithAnyThreadCount() {
        std::vector<int> truth;
        const RowMatrixXf rows = separatedRows(4000, 8, 20, truth);
        KMeansOptions options;
        options.k = 12;  // more than the true clusters: the split is arbitrary but reproducible
        options.threads = 1;
        const KMeansResult one = kMeans(rows, options);
        options.threads = 3;
        const KMeansResult three = kMeans(rows, options);
        QCOMPARE(one.clusterOfRow, three.clusterOfRow);
        QCOMPARE(one.centralRows, three.centralRows);
    }

    void centralRowsAreClosestToTheirCentre() {
        std::vector<int> truth;
        const RowMatrixXf rows = separatedRows(600, 4, 8, truth);
        KMeansOptions options;
        options.k = 4;
        const KMeansResult r = kMeans(rows, options);
        for (int c = 0; c < 4; ++c) {
            const auto& central = r.centralRows[std::size_t(c)];
            QCOMPARE(int(central.size()), KMeansResult::kCentralRows);
            float worstCentral = 2;
            for (std::int32_t row : central) {
                QCOMPARE(r.clusterOfRow[std::size_t(row)], c);
                worstCentral =
                    std::min(worstCentral, rows.row(row).normalized().dot(r.centres.row(c)));
            }
            for (int i = 0; i < 600; ++i) {
                if (r.clusterOfRow[std::size_t(i)] != c ||
                    std::find(central.begin(), central.end(), i) != central.end())
                    continue;
                QVERIFY(rows.row(i).normalized().dot(r.centres.row(c)) <= worstCentral + 1e-6f);
            }
        }
        const MetadataColumn column = kMeansColumn(r);
        QCOMPARE(column.name, std::string("k-means (k=4)"));
        QCOMPARE(column.categories.size(), std::size_t(4));
        QCOMPARE(column.categoryOfRow, r.clusterOfRow);
    }

    void clampsKAndRefusesNonsense() {
        RowMatrixXf rows = RowMatrixXf::Identity(3, 3);
        KMeansOptions options;
        options.k = 10;
        const KMeansResult r = kMeans(rows, options);
        QCOMPARE(r.centres.rows(), Eigen::Index(3));
        QCOMPARE(std::set<std::int32_t>(r.clusterOfRow.begin(), r.clusterOfRow.end()).size(),
                 std::size_t(3));
        options.k = 0;
        QVERIFY_THROWS_EXCEPTION(Error, kMeans(rows, options));
        QVERIFY_THROWS_EXCEPTION(Error, kMeans(RowMatrixXf(0, 3), KMeansOptions{}));
    }

    void cancels() {
        std::vector<int> truth;
        const RowMatrixXf rows = separatedRows(1000, 4, 8, truth);
        std::atomic<bool> cancel{true};
        JobControl control;
        control.cancel = &cancel;
        KMeansOptions options;
        options.k = 4;
        QVERIFY_THROWS_EXCEPTION(Cancelled, kMeans(rows, options, control));
    }
};

EMBEDSCOPE_TEST_MAIN(TestKMeans)
#include "tst_kmeans.moc"
