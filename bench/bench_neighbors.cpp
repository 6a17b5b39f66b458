// embedscope-bench neighbors FILE|--synthetic ROWSxDIM [--queries N] [-k K] [--rerank P]
//                            [--bits 8|4] [--threads T] [--seed S]
//
// Times the neighbour queries of a loaded vector file: the exact scan of NeighbourIndex (the
// reference) against its fast path, QuantisedScan, on the same N query rows, and the fast path's
// recall@k against the exact answers. ready_s is how long after the table is in memory the fast
// path is ready: the inverse row norms plus the quantisation. --synthetic makes a clustered table
// in memory (core/ClusteredVectors.h) instead of reading a file.
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "ClusteredVectors.h"
#include "NeighbourIndex.h"
#include "QuantisedScan.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench neighbors FILE|--synthetic ROWSxDIM [--queries N] [-k K] "
    "[--rerank P] [--bits 8|4] [--threads T] [--seed S]";

using Clock = std::chrono::steady_clock;

// CPU time per query, not only the wall clock: on a machine busy with other work the wall clock
// also counts the time others held the cores.
double processCpuMs() {
    return 1e3 * processCpuSeconds();
}

struct Options {
    std::string file;
    Eigen::Index syntheticRows = 0;
    int syntheticDim = 0;
    int queries = 200;
    int k = 10;
    int rerank = 0;
    int threads = 0;
    int bits = QuantisedScan::kDefaultBits;
    std::uint64_t seed = 1;
};

Options parseOptions(const Args& args) {
    Options options;
    forEachOption(args, kUsage, options.file,
                  [&](const std::string& name, const std::string& value) {
                      if (name == "--synthetic") {
                          const SyntheticShape shape = parseSyntheticShape(name, value);
                          options.syntheticRows = Eigen::Index(shape.rows);
                          options.syntheticDim = shape.dim;
                      } else if (name == "--queries") {
                          options.queries = int(integerArgument(name, value, 1, 1'000'000));
                      } else if (name == "-k") {
                          options.k = int(integerArgument(name, value, 1, 10'000));
                      } else if (name == "--rerank") {
                          options.rerank = int(integerArgument(name, value, 1, 1'000'000));
                      } else if (name == "--bits") {
                          options.bits = int(integerArgument(name, value, 4, 8));
                      } else if (name == "--threads") {
                          options.threads = int(integerArgument(name, value, 0, 1024));
                      } else if (name == "--seed") {
                          options.seed = std::uint64_t(integerArgument(name, value, 0, 1LL << 62));
                      } else {
                          return false;
                      }
                      return true;
                  });
    if (options.file.empty() == (options.syntheticRows == 0))
        throw std::runtime_error(kUsage);
    return options;
}

}  // namespace

int benchNeighbors(const Args& args) {
    const Options options = parseOptions(args);

    const auto loadStart = Clock::now();
    std::shared_ptr<const RowMatrixXf> table;
    if (options.file.empty()) {
        table = std::make_shared<const RowMatrixXf>(
            clusteredVectors(options.syntheticRows, options.syntheticDim, options.seed));
    } else {
        WordVectors loaded = readVectors(options.file);
        table = std::make_shared<const RowMatrixXf>(std::move(loaded.vectors));
    }
    const double loadSeconds = secondsSince(loadStart);
    if (table->rows() < 2)
        throw std::runtime_error("the table needs at least 2 rows");

    const auto readyStart = Clock::now();
    const NeighbourIndex exact(table);
    const double normsSeconds = secondsSince(readyStart);
    const auto scan = QuantisedScan::build(shareTable(table), exact.inverseNorms(), {},
                                           options.threads, options.bits);
    const double readySeconds = secondsSince(readyStart);

    // Distinct query rows, the same for the same seed.
    std::mt19937_64 random(options.seed + 17);
    std::uniform_int_distribution<std::int32_t> pick(0, exact.size() - 1);
    std::vector<std::int32_t> queryRows;
    while (int(queryRows.size()) < std::min<std::int64_t>(options.queries, exact.size())) {
        const std::int32_t row = pick(random);
        if (std::find(queryRows.begin(), queryRows.end(), row) == queryRows.end())
            queryRows.push_back(row);
    }

    std::vector<double> exactMs, exactCpuMs, fastMs, fastCpuMs;
    double found = 0.0, wanted = 0.0;
    // One query of each first, untimed: page faults of first touches, thread start-up.
    exact.nearest(queryRows.front(), options.k);
    scan->nearest(exact.unitRow(queryRows.front()), options.k, {queryRows.front()}, 0,
                  options.rerank, options.threads);
    for (const std::int32_t row : queryRows) {
        const double exactCpuStart = processCpuMs();
        auto start = Clock::now();
        const auto truth = exact.nearest(row, options.k);
        exactMs.push_back(secondsSince(start) * 1e3);
        exactCpuMs.push_back(processCpuMs() - exactCpuStart);
        const double cpuStart = processCpuMs();
        start = Clock::now();
        const auto answer =
            scan->nearest(exact.unitRow(row), options.k, {row}, 0, options.rerank, options.threads);
        fastMs.push_back(secondsSince(start) * 1e3);
        fastCpuMs.push_back(processCpuMs() - cpuStart);
        for (const Neighbour& t : truth)
            found += std::any_of(answer.begin(), answer.end(),
                                 [&](const Neighbour& a) { return a.index == t.index; });
        wanted += double(truth.size());
    }

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    QJsonObject json;
    json[QStringLiteral("benchmark")] = QStringLiteral("neighbors");
    json[QStringLiteral("source")] =
        options.file.empty() ? QStringLiteral("synthetic") : QString::fromStdString(options.file);
    json[QStringLiteral("rows")] = double(table->rows());
    json[QStringLiteral("dim")] = double(table->cols());
    json[QStringLiteral("k")] = options.k;
    json[QStringLiteral("queries")] = int(queryRows.size());
    json[QStringLiteral("rerank")] =
        options.rerank > 0 ? options.rerank : QuantisedScan::kDefaultRerank;
    json[QStringLiteral("threads")] = options.threads;
    json[QStringLiteral("bits")] = options.bits;
    json[QStringLiteral("load_s")] = loadSeconds;
    json[QStringLiteral("norms_s")] = normsSeconds;
    json[QStringLiteral("ready_s")] = readySeconds;
    json[QStringLiteral("p50_ms")] = percentile(fastMs, 0.5);
    json[QStringLiteral("p99_ms")] = percentile(fastMs, 0.99);
    json[QStringLiteral("cpu_p50_ms")] = percentile(fastCpuMs, 0.5);
    json[QStringLiteral("cpu_p99_ms")] = percentile(fastCpuMs, 0.99);
    json[QStringLiteral("max_ms")] = percentile(fastMs, 1.0);
    json[QStringLiteral("exact_p50_ms")] = percentile(exactMs, 0.5);
    json[QStringLiteral("exact_p99_ms")] = percentile(exactMs, 0.99);
    json[QStringLiteral("exact_cpu_p50_ms")] = percentile(exactCpuMs, 0.5);
    json[QStringLiteral("speedup_cpu_p50")] =
        percentile(exactCpuMs, 0.5) / percentile(fastCpuMs, 0.5);
    json[QStringLiteral("speedup_p50")] = percentile(exactMs, 0.5) / percentile(fastMs, 0.5);
    json[QStringLiteral("recall_at_") + QString::number(options.k)] = found / wanted;
    json[QStringLiteral("index_mb")] =
        double(scan->memoryBytes() + std::size_t(exact.size()) * sizeof(float)) / 1048576.0;
    json[QStringLiteral("table_mb")] = double(table->size()) * double(sizeof(float)) / 1048576.0;
    json[QStringLiteral("peak_rss_mb")] = double(usage.ru_maxrss) / 1024.0;
    json[QStringLiteral("loadavg")] = loadAverage();
    json[QStringLiteral("cpu")] = QString::fromStdString(cpuModelName());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

}  // namespace embedscope::bench
