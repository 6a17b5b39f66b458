// embedscope-bench knn FILE|--synthetic ROWSxDIM [-k K] [--threads T] [--seed S] [--queries Q]
//                      [--exact 0|1]
//
// Times the approximate kNN graph (NN-descent, core/NnDescent.h) that the layouts use above
// KnnOptions::exactUpToRows, and the exact graph (blocked products, core/KnnGraph.h) on the same
// table in the same run (--exact 0 skips the exact build). recall_at_k is measured on Q random
// rows (default 2000) against their true neighbours by a scan in double precision, so that it
// needs no exact graph. Times are wall and process CPU.
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "ClusteredVectors.h"
#include "KnnGraph.h"
#include "NnDescent.h"
#include "Random.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench knn FILE|--synthetic ROWSxDIM [-k K] [--threads T] [--seed S] "
    "[--queries Q] [--exact 0|1]";

using Clock = std::chrono::steady_clock;

// The fraction of the true k nearest of `queries` random rows that graph lists.
double sampledRecall(const RowMatrixXf& table, const KnnGraph& graph, int queries,
                     std::uint64_t seed) {
    const RowMatrixXf unit = unitRows(table);
    SplitMix64 random(seed + 99);
    std::int64_t found = 0, wanted = 0;
    std::vector<std::pair<double, std::int32_t>> all(static_cast<std::size_t>(table.rows()));
    for (int q = 0; q < queries; ++q) {
        const auto row = static_cast<std::int64_t>(random.next() % std::uint64_t(table.rows()));
        const Eigen::VectorXd query = unit.row(row).transpose().cast<double>();
        for (Eigen::Index j = 0; j < unit.rows(); ++j)
            all[std::size_t(j)] = {j == row ? 9.0 : 1.0 - unit.row(j).cast<double>().dot(query),
                                   std::int32_t(j)};
        std::partial_sort(all.begin(), all.begin() + graph.k, all.end());
        const std::int32_t* listed = graph.neighboursOf(row);
        for (int j = 0; j < graph.k; ++j)
            found +=
                std::find(listed, listed + graph.k, all[std::size_t(j)].second) != listed + graph.k;
        wanted += graph.k;
    }
    return double(found) / double(std::max<std::int64_t>(1, wanted));
}

}  // namespace

int benchKnn(const Args& args) {
    std::string file;
    Eigen::Index rows = 0;
    int dim = 0, k = 15, threads = 1, queries = 2000;
    bool exact = true;
    std::uint64_t seed = 1;
    forEachOption(args, kUsage, file, [&](const std::string& name, const std::string& value) {
        if (name == "--synthetic") {
            const SyntheticShape shape = parseSyntheticShape(name, value);
            rows = Eigen::Index(shape.rows);
            dim = shape.dim;
        } else if (name == "-k") {
            k = int(integerArgument(name, value, 1, 1000));
        } else if (name == "--threads") {
            threads = int(integerArgument(name, value, 1, 1024));
        } else if (name == "--seed") {
            seed = std::uint64_t(integerArgument(name, value, 0, 1LL << 62));
        } else if (name == "--queries") {
            queries = int(integerArgument(name, value, 1, 1'000'000));
        } else if (name == "--exact") {
            exact = integerArgument(name, value, 0, 1) != 0;
        } else {
            return false;
        }
        return true;
    });
    if (file.empty() == (rows == 0))
        throw std::runtime_error(kUsage);
    const RowMatrixXf table =
        file.empty() ? clusteredVectors(rows, dim, seed) : readVectors(file).vectors;

    KnnOptions options;
    options.threads = threads;
    options.seed = seed;
    auto start = Clock::now();
    double cpu = processCpuSeconds();
    const KnnGraph approx = nnDescentKnnGraph(table, k, options);
    const double approxSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double approxCpu = processCpuSeconds() - cpu;

    QJsonObject json;
    json[QStringLiteral("benchmark")] = QStringLiteral("knn");
    json[QStringLiteral("source")] =
        file.empty() ? QStringLiteral("synthetic") : QString::fromStdString(file);
    json[QStringLiteral("rows")] = double(table.rows());
    json[QStringLiteral("dim")] = double(table.cols());
    json[QStringLiteral("k")] = k;
    json[QStringLiteral("threads")] = threads;
    json[QStringLiteral("nndescent_s")] = approxSeconds;
    json[QStringLiteral("nndescent_cpu_s")] = approxCpu;
    json[QStringLiteral("recall_at_k")] = sampledRecall(table, approx, queries, seed);
    json[QStringLiteral("recall_queries")] = queries;
    if (exact) {
        start = Clock::now();
        cpu = processCpuSeconds();
        const KnnGraph truth = exactKnnGraph(table, k, options);
        const double exactSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        json[QStringLiteral("exact_s")] = exactSeconds;
        json[QStringLiteral("exact_cpu_s")] = processCpuSeconds() - cpu;
        json[QStringLiteral("speedup")] = exactSeconds / approxSeconds;
        std::int64_t found = 0;
        for (std::int64_t i = 0; i < truth.rows; ++i)
            for (int j = 0; j < truth.k; ++j)
                found += std::find(approx.neighboursOf(i), approx.neighboursOf(i) + k,
                                   truth.neighboursOf(i)[j]) != approx.neighboursOf(i) + k;
        json[QStringLiteral("recall_at_k_all_rows")] = double(found) / double(truth.rows * k);
    }
    json[QStringLiteral("loadavg")] = loadAverage();
    json[QStringLiteral("cpu")] = QString::fromStdString(cpuModelName());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

}  // namespace embedscope::bench
