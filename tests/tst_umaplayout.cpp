// UMAP on Gaussian clusters in 50-D made here: neighbourhoods kept and clusters apart, the same
// layout for the same seed with one thread, cancel, pause, 3-D, a warm start, and the curve
// parameters a, b against umap-learn's.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

#include "Error.h"
#include "JobControl.h"
#include "KnnGraph.h"
#include "Random.h"
#include "UmapLayout.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr int kClusters = 8;
constexpr int kPerCluster = 150;

double normal(SplitMix64& random) {
    const double u = (static_cast<double>(random.next() >> 11) + 0.5) * 0x1.0p-53;
    const double v = static_cast<double>(random.next() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

// kClusters clusters of kPerCluster rows in 50-D: centres N(0, I), rows the centre plus
// N(0, 0.3^2 I). Row i belongs to cluster i / kPerCluster.
RowMatrixXf clusters() {
    SplitMix64 random(42);
    RowMatrixXf centres(kClusters, 50);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = static_cast<float>(normal(random));
    RowMatrixXf rows(kClusters * kPerCluster, 50);
    for (Eigen::Index i = 0; i < rows.rows(); ++i)
        for (int c = 0; c < 50; ++c)
            rows(i, c) = centres(i / kPerCluster, c) + 0.3f * static_cast<float>(normal(random));
    return rows;
}

// For each point, the fraction of its 10 nearest cosine neighbours in rows that are among its 10
// nearest Euclidean neighbours in the layout; the mean over points.
double preservation(const RowMatrixXf& rows, const RowMatrixXf& layout) {
    const KnnGraph input = exactKnnGraph(rows, 10, {});
    double total = 0;
    for (Eigen::Index i = 0; i < layout.rows(); ++i) {
        std::vector<std::pair<float, std::int32_t>> all;
        for (Eigen::Index j = 0; j < layout.rows(); ++j)
            if (j != i)
                all.emplace_back((layout.row(i) - layout.row(j)).squaredNorm(),
                                 static_cast<std::int32_t>(j));
        std::partial_sort(all.begin(), all.begin() + 10, all.end());
        int kept = 0;
        for (int a = 0; a < 10; ++a)
            for (int b = 0; b < 10; ++b)
                kept += input.neighboursOf(i)[a] == all[std::size_t(b)].second;
        total += kept / 10.0;
    }
    return total / double(layout.rows());
}

// The fraction of points nearer their own cluster's centroid (in the layout) than any other's.
double separation(const RowMatrixXf& layout) {
    RowMatrixXf centroids = RowMatrixXf::Zero(kClusters, layout.cols());
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        centroids.row(i / kPerCluster) += layout.row(i) / float(kPerCluster);
    int right = 0;
    for (Eigen::Index i = 0; i < layout.rows(); ++i) {
        Eigen::Index nearest = 0;
        (centroids.rowwise() - layout.row(i)).rowwise().squaredNorm().minCoeff(&nearest);
        right += nearest == i / kPerCluster;
    }
    return double(right) / double(layout.rows());
}

RowMatrixXf randomLayout(Eigen::Index n, int dims) {
    SplitMix64 random(3);
    RowMatrixXf layout(n, dims);
    for (Eigen::Index i = 0; i < layout.size(); ++i)
        layout.data()[i] = random.uniformFloat();
    return layout;
}

// The correlation of two layouts' coordinates, all axes together.
double correlation(const RowMatrixXf& x, const RowMatrixXf& y) {
    const Eigen::ArrayXd a =
        Eigen::Map<const Eigen::VectorXf>(x.data(), x.size()).cast<double>().array();
    const Eigen::ArrayXd b =
        Eigen::Map<const Eigen::VectorXf>(y.data(), y.size()).cast<double>().array();
    const Eigen::ArrayXd ca = a - a.mean(), cb = b - b.mean();
    return (ca * cb).sum() / std::sqrt((ca * ca).sum() * (cb * cb).sum());
}

LayoutOptions umapOptions() {
    LayoutOptions options;
    options.method = LayoutMethod::Umap;
    options.seed = 5;
    return options;
}

}  // namespace

class TestUmapLayout : public QObject {
    Q_OBJECT
private slots:
    void curveMatchesUmapLearn() {
        // umap-learn 0.5.3's find_ab_params(1.0, 0.1) gives a = 1.5769, b = 0.8951.
        const UmapCurve curve = fitUmapCurve(0.1);
        QVERIFY2(std::abs(curve.a - 1.577) < 0.01, qPrintable(QString::number(curve.a)));
        QVERIFY2(std::abs(curve.b - 0.895) < 0.005, qPrintable(QString::number(curve.b)));
        // min_dist 0.5 (find_ab_params(1.0, 0.5)): a = 0.5830, b = 1.3341.
        const UmapCurve wide = fitUmapCurve(0.5);
        QVERIFY2(std::abs(wide.a - 0.583) < 0.01, qPrintable(QString::number(wide.a)));
        QVERIFY2(std::abs(wide.b - 1.334) < 0.01, qPrintable(QString::number(wide.b)));
    }

    void keepsNeighbourhoodsAndSeparatesClusters() {
        const RowMatrixXf rows = clusters();
        LayoutOptions options = umapOptions();
        options.threads = 2;
        UmapLayout layout(options);
        const LayoutResult result = layout.run(rows, {}, {}, {});
        QCOMPARE(result.positions.rows(), rows.rows());
        QCOMPARE(result.positions.cols(), Eigen::Index(2));
        QVERIFY(result.positions.allFinite());
        QCOMPARE(result.progress.iteration, 500);
        QCOMPARE(result.sampledRows, std::int64_t(rows.rows()));
        const double kept = preservation(rows, result.positions);
        const double random = preservation(rows, randomLayout(rows.rows(), 2));
        qInfo("10-NN preservation %.3f, random layout %.3f", kept, random);
        QVERIFY2(kept > 0.15 && kept > 10 * random, qPrintable(QString::number(kept)));
        QVERIFY2(separation(result.positions) > 0.99,
                 qPrintable(QString::number(separation(result.positions))));
    }

    void sameLayoutForTheSameSeedWithOneThread() {
        const RowMatrixXf rows = clusters().topRows(600);
        LayoutOptions options = umapOptions();
        options.iterations = 60;
        const RowMatrixXf first = UmapLayout(options).run(rows, {}, {}, {}).positions;
        const RowMatrixXf second = UmapLayout(options).run(rows, {}, {}, {}).positions;
        QVERIFY(first == second);
        options.seed = 6;
        const RowMatrixXf other = UmapLayout(options).run(rows, {}, {}, {}).positions;
        QVERIFY(!(first == other));
    }

    void sinkIsCalledAtDisplayRate() {
        const RowMatrixXf rows = clusters();
        std::vector<std::chrono::steady_clock::time_point> calls;
        int lastIteration = 0;
        bool ascending = true;
        const auto start = std::chrono::steady_clock::now();
        UmapLayout(umapOptions())
            .run(rows, {}, {}, [&](const RowMatrixXf& positions, const LayoutProgress& progress) {
                calls.push_back(std::chrono::steady_clock::now());
                ascending = ascending && progress.iteration > lastIteration &&
                            positions.rows() == rows.rows();
                lastIteration = progress.iteration;
            });
        const auto elapsed = std::chrono::steady_clock::now() - start;
        QVERIFY(ascending);
        for (std::size_t i = 1; i < calls.size(); ++i)
            QVERIFY(calls[i] - calls[i - 1] >= std::chrono::milliseconds(39));
        QVERIFY(double(calls.size()) <= std::chrono::duration<double>(elapsed).count() / 0.04 + 1);
    }

    void cancels() {
        const RowMatrixXf rows = clusters();
        std::atomic<bool> cancel{false};
        JobControl control;
        control.cancel = &cancel;
        int lastEpoch = 0;
        control.progress = [&](std::uint64_t done, std::uint64_t) {
            lastEpoch = int(done);
            if (done == 10)
                cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, UmapLayout(umapOptions()).run(rows, {}, control, {}));
        QCOMPARE(lastEpoch, 10);
    }

    void pauses() {
        const RowMatrixXf rows = clusters();
        std::atomic<bool> pause{true};
        std::atomic<int> epochs{0};
        JobControl control;
        control.pause = &pause;
        control.progress = [&](std::uint64_t done, std::uint64_t) { epochs = int(done); };
        LayoutResult result;
        std::thread worker([&] { result = UmapLayout(umapOptions()).run(rows, {}, control, {}); });
        // The graph and the initialisation come first; the first epoch waits for the pause.
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        const int whilePaused = epochs.load();
        pause = false;
        worker.join();
        QCOMPARE(whilePaused, 0);
        QCOMPARE(epochs.load(), 500);
        QCOMPARE(result.progress.iteration, 500);
    }

    void threeDimensions() {
        const RowMatrixXf rows = clusters();
        LayoutOptions options = umapOptions();
        options.dims = 3;
        const LayoutResult result = UmapLayout(options).run(rows, {}, {}, {});
        QCOMPARE(result.positions.cols(), Eigen::Index(3));
        QVERIFY(result.positions.allFinite());
        for (int c = 0; c < 3; ++c)
            QVERIFY(result.positions.col(c).maxCoeff() - result.positions.col(c).minCoeff() > 1);
        QVERIFY(separation(result.positions) > 0.99);
        QVERIFY(preservation(rows, result.positions) >
                10 * preservation(rows, randomLayout(rows.rows(), 3)));
    }

    void warmStartKeepsTheStartingLayout() {
        const RowMatrixXf rows = clusters();
        LayoutOptions options = umapOptions();
        const RowMatrixXf cold = UmapLayout(options).run(rows, {}, {}, {}).positions;
        // A start the cold run cannot know: the cold layout mirrored.
        RowMatrixXf start = cold;
        start.col(0) = -start.col(0);
        options.iterations = 100;
        const RowMatrixXf warm = UmapLayout(options).run(rows, start, {}, {}).positions;
        const double withStart = correlation(warm, start);
        const double withCold = correlation(warm, cold);
        qInfo("correlation with the start %.3f, with the cold layout %.3f", withStart, withCold);
        QVERIFY(withStart > 0.7);
        QVERIFY(withCold < 0.3);
        QVERIFY(separation(warm) > 0.99);
    }

    void rejectsBadOptions() {
        LayoutOptions options = umapOptions();
        options.dims = 4;
        QVERIFY(test::errorMessage([&] {
                    UmapLayout(options).run(clusters(), {}, {}, {});
                }).contains("2 or 3 dimensions"));
        options = umapOptions();
        options.neighbors = 1;
        QVERIFY(test::errorMessage([&] {
                    UmapLayout(options).run(clusters(), {}, {}, {});
                }).contains("n_neighbors"));
    }

    void tinyTables() {
        for (int n : {0, 1, 2, 3, 5}) {
            const RowMatrixXf rows = clusters().topRows(n);
            const LayoutResult result = UmapLayout(umapOptions()).run(rows, {}, {}, {});
            QCOMPARE(result.positions.rows(), Eigen::Index(n));
            QVERIFY(result.positions.allFinite());
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestUmapLayout)
#include "tst_umaplayout.moc"
