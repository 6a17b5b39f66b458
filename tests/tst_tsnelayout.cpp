// t-SNE (core/TsneLayout), the sampled layout (core/SampledLayout) and makeLayout, on well
// separated Gaussian clusters made here: the layout must keep neighbourhoods and separate the
// clusters, be reproducible, and answer to cancel and pause, with either repulsion (Barnes-Hut or
// FFT interpolation). The FFT repulsion (core/FftRepulsion) must match the exact O(n^2) sums.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "BarnesHutTree.h"
#include "FftRepulsion.h"
#include "Layout.h"
#include "SampledLayout.h"
#include "TsneLayout.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr int kClusters = 5;
constexpr int kPerCluster = 80;
constexpr int kDim = 50;

// kClusters clusters of kPerCluster rows in kDim dimensions, rows interleaved (row i belongs to
// cluster i % kClusters): centres N(0, I), spread N(0, 0.3^2 I) around them. Random centres in
// 50-D are almost orthogonal, so the clusters are far apart by cosine too.
RowMatrixXf clusters(unsigned seed = 7) {
    std::mt19937 random(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    RowMatrixXf centres(kClusters, kDim);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = normal(random);
    RowMatrixXf rows(kClusters * kPerCluster, kDim);
    for (Eigen::Index i = 0; i < rows.rows(); ++i)
        for (int d = 0; d < kDim; ++d)
            rows(i, d) = centres(i % kClusters, d) + 0.3f * normal(random);
    return rows;
}

int clusterOf(Eigen::Index row) {
    return static_cast<int>(row % kClusters);
}

// The k nearest rows of row i by cosine (input) or by Euclidean distance (layout).
std::vector<Eigen::Index> nearest(const RowMatrixXf& points, Eigen::Index i, int k, bool cosine) {
    std::vector<std::pair<double, Eigen::Index>> scored;
    for (Eigen::Index j = 0; j < points.rows(); ++j) {
        if (j == i)
            continue;
        const double score = cosine ? -double(points.row(i).dot(points.row(j))) /
                                          (double(points.row(i).norm()) * points.row(j).norm())
                                    : double((points.row(i) - points.row(j)).squaredNorm());
        scored.push_back({score, j});
    }
    std::partial_sort(scored.begin(), scored.begin() + k, scored.end());
    std::vector<Eigen::Index> result;
    for (int j = 0; j < k; ++j)
        result.push_back(scored[static_cast<std::size_t>(j)].second);
    return result;
}

// For each row, the fraction of its 10 nearest input neighbours (cosine) among its 10 nearest in
// the layout (Euclidean), averaged.
double knnPreservation(const RowMatrixXf& rows, const RowMatrixXf& layout) {
    double sum = 0.0;
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
        const auto high = nearest(rows, i, 10, true);
        const auto low = nearest(layout, i, 10, false);
        const std::set<Eigen::Index> lowSet(low.begin(), low.end());
        for (Eigen::Index j : high)
            sum += lowSet.count(j) ? 0.1 : 0.0;
    }
    return sum / double(rows.rows());
}

// The fraction of rows whose nearest cluster centroid in the layout is their own cluster's.
double clusterSeparation(const RowMatrixXf& layout, const std::vector<Eigen::Index>& which = {}) {
    RowMatrixXf centroids = RowMatrixXf::Zero(kClusters, layout.cols());
    for (Eigen::Index i = 0; i < layout.rows(); ++i)
        centroids.row(clusterOf(i)) += layout.row(i) / float(kPerCluster);
    std::vector<Eigen::Index> rows = which;
    if (rows.empty())
        for (Eigen::Index i = 0; i < layout.rows(); ++i)
            rows.push_back(i);
    int right = 0;
    for (Eigen::Index i : rows) {
        Eigen::Index best = 0;
        (centroids.rowwise() - layout.row(i)).rowwise().squaredNorm().minCoeff(&best);
        right += best == clusterOf(i);
    }
    return double(right) / double(rows.size());
}

LayoutOptions tsneOptions(int dims = 2, int threads = 1,
                          TsneRepulsion repulsion = TsneRepulsion::Automatic) {
    LayoutOptions options;
    options.tsneRepulsion = repulsion;
    options.method = LayoutMethod::Tsne;
    options.dims = dims;
    options.threads = threads;
    options.seed = 3;
    return options;
}

bool allFinite(const RowMatrixXf& m) {
    return m.allFinite();
}

// The test's rows run once with each repulsion (the clusters' 400 rows would get Barnes-Hut from
// Automatic).
void repulsionData() {
    QTest::addColumn<int>("repulsion");
    QTest::newRow("barnes-hut") << int(TsneRepulsion::BarnesHut);
    QTest::newRow("fft") << int(TsneRepulsion::Fft);
}

// Sums FftRepulsion approximates, exactly: force_i = sum_j w_ij^2 (y_i - y_j) and
// Z = sum_{i != j} w_ij, w_ij = 1 / (1 + |y_i - y_j|^2), over n 2-D points.
double exactRepulsion(const std::vector<double>& y, std::vector<double>& force) {
    const std::size_t n = y.size() / 2;
    force.assign(y.size(), 0.0);
    double z = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            if (i == j)
                continue;
            const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
            const double w = 1.0 / (1.0 + dx * dx + dy * dy);
            z += w;
            force[2 * i] += w * w * dx;
            force[2 * i + 1] += w * w * dy;
        }
    return z;
}

// n points like a t-SNE layout's: 12 Gaussian clusters of different sizes and widths, plus 10%
// scattered uniformly, all within about [-spread / 2, spread / 2]^2.
std::vector<double> layoutLike(std::size_t n, double spread, unsigned seed) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(-0.5 * spread, 0.5 * spread);
    std::normal_distribution<double> normal;
    std::vector<double> centres(24), widths(12);
    for (double& c : centres)
        c = 0.8 * uniform(random);
    for (double& w : widths)
        w = spread * (0.005 + 0.03 * (uniform(random) / spread + 0.5));
    std::vector<double> y(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 10 == 9) {
            y[2 * i] = uniform(random);
            y[2 * i + 1] = uniform(random);
        } else {
            const std::size_t c = (i * 7) % 12;
            y[2 * i] = centres[2 * c] + widths[c] * normal(random);
            y[2 * i + 1] = centres[2 * c + 1] + widths[c] * normal(random);
        }
    }
    return y;
}

}  // namespace

class TestTsneLayout : public QObject {
    Q_OBJECT

private slots:
    void keepsNeighbourhoodsAndSeparatesClusters_data() { repulsionData(); }
    void keepsNeighbourhoodsAndSeparatesClusters() {
        QFETCH(int, repulsion);
        const RowMatrixXf rows = clusters();
        TsneLayout tsne(tsneOptions(2, 1, TsneRepulsion(repulsion)));
        int sinkCalls = 0;
        const LayoutResult result =
            tsne.run(rows, RowMatrixXf(), {}, [&](const RowMatrixXf& positions, const auto&) {
                QCOMPARE(positions.rows(), rows.rows());
                ++sinkCalls;
            });
        QCOMPARE(result.positions.rows(), rows.rows());
        QCOMPARE(result.positions.cols(), 2);
        QVERIFY(allFinite(result.positions));
        QCOMPARE(result.sampledRows, rows.rows());
        QCOMPARE(result.progress.iteration, TsneLayout::kDefaultIterations);
        QCOMPARE(result.progress.iterations, TsneLayout::kDefaultIterations);

        std::mt19937 random(1);
        std::normal_distribution<float> normal;
        RowMatrixXf randomLayout(rows.rows(), 2);
        for (Eigen::Index i = 0; i < randomLayout.size(); ++i)
            randomLayout.data()[i] = normal(random);
        const double ours = knnPreservation(rows, result.positions);
        const double chance = knnPreservation(rows, randomLayout);
        qInfo("10-NN preservation: t-SNE %.3f, random layout %.3f", ours, chance);
        QVERIFY2(ours > chance + 0.2 && ours > 4 * chance, qPrintable(QString::number(ours)));
        QCOMPARE(clusterSeparation(result.positions), 1.0);
        QVERIFY(clusterSeparation(randomLayout) < 0.5);
    }

    void sameLayoutForTheSameSeedWithAnyThreads_data() { repulsionData(); }
    void sameLayoutForTheSameSeedWithAnyThreads() {
        QFETCH(int, repulsion);
        const RowMatrixXf rows = clusters();
        LayoutOptions options = tsneOptions(2, 1, TsneRepulsion(repulsion));
        options.iterations = 300;
        const RowMatrixXf first = TsneLayout(options).run(rows, {}, {}, {}).positions;
        const RowMatrixXf second = TsneLayout(options).run(rows, {}, {}, {}).positions;
        QVERIFY(first == second);
        options.threads = 3;  // the sums run in a fixed order whatever the threads
        QVERIFY(TsneLayout(options).run(rows, {}, {}, {}).positions == first);
        // Another input gives another layout (the comparison can fail).
        const RowMatrixXf other = TsneLayout(options).run(clusters(8), {}, {}, {}).positions;
        QVERIFY(!(other == first));
    }

    void threeDimensions() {
        const RowMatrixXf rows = clusters();
        const LayoutResult result = TsneLayout(tsneOptions(3, 2)).run(rows, {}, {}, {});
        QCOMPARE(result.positions.rows(), rows.rows());
        QCOMPARE(result.positions.cols(), 3);
        QVERIFY(allFinite(result.positions));
        QCOMPARE(clusterSeparation(result.positions), 1.0);
        // All three axes are used.
        for (int d = 0; d < 3; ++d) {
            const auto column = result.positions.col(d);
            QVERIFY(column.maxCoeff() - column.minCoeff() > 1.0f);
        }
    }

    void cancelsFromTheSink() {
        const RowMatrixXf rows = clusters();
        std::atomic<bool> cancel{false};
        JobControl control;
        control.cancel = &cancel;
        int lastIteration = 0;
        bool threw = false;
        try {
            TsneLayout(tsneOptions())
                .run(rows, {}, control, [&](const RowMatrixXf&, const LayoutProgress& progress) {
                    lastIteration = progress.iteration;
                    cancel = true;
                });
        } catch (const Cancelled&) {
            threw = true;
        }
        QVERIFY(threw);
        QVERIFY(lastIteration > 0 && lastIteration < TsneLayout::kDefaultIterations);
        // Cancelled before it starts: no work at all.
        threw = false;
        try {
            TsneLayout(tsneOptions()).run(rows, {}, control, {});
        } catch (const Cancelled&) {
            threw = true;
        }
        QVERIFY(threw);
    }

    void pausesAndResumes() {
        const RowMatrixXf rows = clusters();
        std::atomic<bool> pause{false};
        std::atomic<int> lastIteration{0};
        std::atomic<bool> finished{false};
        JobControl control;
        control.pause = &pause;
        LayoutResult result;
        std::thread worker([&] {
            result = TsneLayout(tsneOptions())
                         .run(rows, {}, control,
                              [&](const RowMatrixXf&, const LayoutProgress& progress) {
                                  if (lastIteration == 0)
                                      pause = true;  // pause at the first frame only
                                  lastIteration = progress.iteration;
                              });
            finished = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(lastIteration > 0, 20000);
        const int pausedAt = lastIteration;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        const bool finishedWhilePaused = finished;
        const int iterationAfterWait = lastIteration;
        pause = false;
        worker.join();
        QVERIFY(!finishedWhilePaused);
        QCOMPARE(iterationAfterWait, pausedAt);
        QVERIFY(finished);
        QCOMPARE(result.progress.iteration, TsneLayout::kDefaultIterations);
    }

    void warmStartKeepsTheLayout_data() { repulsionData(); }
    void warmStartKeepsTheLayout() {
        QFETCH(int, repulsion);
        const RowMatrixXf rows = clusters();
        const RowMatrixXf converged =
            TsneLayout(tsneOptions(2, 1, TsneRepulsion(repulsion))).run(rows, {}, {}, {}).positions;
        LayoutOptions options = tsneOptions(2, 1, TsneRepulsion(repulsion));
        options.iterations = 100;
        const LayoutResult warm = TsneLayout(options).run(rows, converged, {}, {});
        QCOMPARE(warm.progress.iterations, 100);
        QCOMPARE(clusterSeparation(warm.positions), 1.0);
        // It starts where it was told to: the points move little compared with the spread (a cold
        // start from PCA with 100 iterations is nowhere near the converged positions).
        const double spread = std::sqrt(converged.squaredNorm() / double(converged.rows()));
        const double moved =
            std::sqrt((warm.positions - converged).squaredNorm() / double(converged.rows()));
        const RowMatrixXf cold = TsneLayout(options).run(rows, {}, {}, {}).positions;
        const double coldMoved =
            std::sqrt((cold - converged).squaredNorm() / double(converged.rows()));
        qInfo("RMS radius %.2f, warm start moved %.2f, cold start is %.2f away", spread, moved,
              coldMoved);
        QVERIFY(moved < 0.25 * spread);
        QVERIFY(coldMoved > 0.5 * spread);
    }

    void sampledLayoutPlacesTheRestByTheirNeighbours() {
        const RowMatrixXf rows = clusters();
        LayoutOptions options = tsneOptions();
        TsneLayout tsne(options);
        int sinkCalls = 0;
        const LayoutResult result = runSampledLayout(
            tsne, 100, 2, rows, {}, {}, [&](const RowMatrixXf& positions, const LayoutProgress&) {
                QCOMPARE(positions.rows(), rows.rows());  // every row, even in the frames
                ++sinkCalls;
            });
        QCOMPARE(result.sampledRows, 100);
        QCOMPARE(result.positions.rows(), rows.rows());
        QVERIFY(allFinite(result.positions));
        // The sample is rows 0, 4, 8, ...: the others were placed.
        std::vector<Eigen::Index> placed;
        for (Eigen::Index i = 0; i < rows.rows(); ++i)
            if (i % 4 != 0)
                placed.push_back(i);
        QCOMPARE(clusterSeparation(result.positions, placed), 1.0);
        // Under the limit it is the layout itself.
        const LayoutResult whole = runSampledLayout(tsne, 1000, 2, rows, {}, {}, {});
        QCOMPARE(whole.sampledRows, rows.rows());
        QVERIFY(whole.positions == tsne.run(rows, {}, {}, {}).positions);
    }

    void factory() {
        LayoutOptions options = tsneOptions();
        options.maxLaidOutRows = 200;
        const RowMatrixXf rows = clusters();
        QCOMPARE(makeLayout(options)->run(rows, {}, {}, {}).sampledRows, 200);
        options.method = LayoutMethod::Pca;
        const LayoutResult pca = makeLayout(options)->run(rows, {}, {}, {});
        QCOMPARE(pca.positions.rows(), rows.rows());
        QCOMPARE(pca.positions.cols(), 2);
        QCOMPARE(pca.explained.size(), std::size_t(2));
        options.dims = 3;
        const LayoutResult pca3 = makeLayout(options)->run(rows, {}, {}, {});
        QCOMPARE(pca3.positions.cols(), 3);
        QCOMPARE(pca3.explained.size(), std::size_t(3));
        QVERIFY(pca3.explained[0] >= pca3.explained[1] && pca3.explained[1] >= pca3.explained[2]);
        options.dims = 4;
        options.method = LayoutMethod::Tsne;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeLayout(options));
        options.dims = 2;
        options.method = LayoutMethod::Umap;
        QCOMPARE(makeLayout(options)->run(rows, {}, {}, {}).sampledRows, 200);
        // Custom axes are words: they come from AxesLayout, not the factory.
        options.method = LayoutMethod::Axes;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeLayout(options));
    }

    void tinyInputs_data() { repulsionData(); }
    void tinyInputs() {
        QFETCH(int, repulsion);
        for (Eigen::Index n : {0, 1, 2, 5}) {
            const RowMatrixXf rows = clusters().topRows(n);
            const LayoutResult result =
                TsneLayout(tsneOptions(2, 1, TsneRepulsion(repulsion))).run(rows, {}, {}, {});
            QCOMPARE(result.positions.rows(), n);
            QVERIFY(allFinite(result.positions));
        }
    }

    // Layouts as narrow as t-SNE's early iterations (the 50-box minimum: fine boxes), as wide as a
    // converged 10,000-row layout (one box per unit) and wider than the box cap (kMaxBoxes boxes
    // of width 4 / 3). The bounds are the measured errors (float FFT with the gradient kernels:
    // 2.5e-7 and 8.2e-5 for the narrow ones; 2.2e-2 and 1.2e-1 for the wide ones, where
    // Barnes-Hut's is about 1e-2) with some room: the interpolation's error grows with the box
    // width.
    void fftRepulsionMatchesTheExactSums_data() {
        QTest::addColumn<double>("spread");
        QTest::addColumn<double>("bound");
        QTest::newRow("spread 0.01") << 0.01 << 1e-5;
        QTest::newRow("spread 5") << 5.0 << 2e-4;
        QTest::newRow("spread 120") << 120.0 << 3e-2;
        QTest::newRow("spread 400") << 400.0 << 0.15;
    }
    void fftRepulsionMatchesTheExactSums() {
        QFETCH(double, spread);
        QFETCH(double, bound);
        const std::vector<double> y = layoutLike(2000, spread, 5);
        std::vector<double> exact;
        const double exactZ = exactRepulsion(y, exact);
        FftRepulsion fft;
        std::vector<double> force(y.size());
        const double z = fft.compute(y.data(), std::int64_t(y.size() / 2), 1, force.data());
        double error = 0.0, norm = 0.0;
        for (std::size_t c = 0; c < y.size(); ++c) {
            error += (force[c] - exact[c]) * (force[c] - exact[c]);
            norm += exact[c] * exact[c];
        }
        const double forceError = std::sqrt(error / norm);
        const double zError = std::abs(z - exactZ) / exactZ;
        // Barnes-Hut's error at the layout's theta, for scale.
        BarnesHutTree<2> tree;
        tree.build(y.data(), std::int64_t(y.size() / 2));
        std::vector<double> treeForce(y.size(), 0.0);
        double treeZ = 0.0, treeError = 0.0;
        for (std::size_t i = 0; i < y.size() / 2; ++i)
            treeZ +=
                tree.repulsion(&y[2 * i], std::int32_t(i), TsneLayout::kTheta, &treeForce[2 * i]);
        for (std::size_t c = 0; c < y.size(); ++c)
            treeError += (treeForce[c] - exact[c]) * (treeForce[c] - exact[c]);
        qInfo("%d boxes: relative error of the forces %.2e, of Z %.2e (Barnes-Hut: %.2e, %.2e)",
              fft.boxes(), forceError, zError, std::sqrt(treeError / norm),
              std::abs(treeZ - exactZ) / exactZ);
        QVERIFY2(forceError < bound, qPrintable(QString::number(forceError)));
        QVERIFY2(zError < bound, qPrintable(QString::number(zError)));
        // The same numbers with any number of threads.
        std::vector<double> threaded(y.size());
        FftRepulsion other;
        QCOMPARE(other.compute(y.data(), std::int64_t(y.size() / 2), 3, threaded.data()), z);
        QVERIFY(threaded == force);
    }
};

EMBEDSCOPE_TEST_MAIN(TestTsneLayout)
#include "tst_tsnelayout.moc"
