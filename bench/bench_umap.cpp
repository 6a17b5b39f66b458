// embedscope-bench umap FILE|--synthetic ROWSxDIM [--rows N] [--dims 2|3] [--neighbors 15]
//                       [--min-dist 0.1] [--iterations E] [--threads T] [--seed S]
//                       [--exact-up-to N] [-o LAYOUT.csv] [--save-table TABLE.npy]
//
// Runs UmapLayout (core/UmapLayout.h) on the first N rows of a vector file (any format
// `readVectors` reads) or of a clustered synthetic table, and prints the wall and CPU time of the
// whole layout (kNN graph, fuzzy set, initialisation, epochs). -o writes word,x,y[,z] in row order
// (synthetic rows are named by their index), for bench/compare-umap.py to score against umap-learn.
#include <QJsonDocument>
#include <QJsonObject>

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
#include "UmapLayout.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench umap FILE|--synthetic ROWSxDIM [--rows N] [--dims 2|3] "
    "[--neighbors K] [--min-dist X] [--iterations E] [--threads T] [--seed S] "
    "[--exact-up-to N] [-o LAYOUT.csv] [--save-table TABLE.npy]";

using Clock = std::chrono::steady_clock;

}  // namespace

int benchUmap(const Args& args) {
    std::string file, output, saveTable;
    Eigen::Index syntheticRows = 0, rows = 0;
    int syntheticDim = 0;
    LayoutOptions options;
    options.method = LayoutMethod::Umap;
    KnnOptions knn;
    forEachOption(args, kUsage, file, [&](const std::string& name, const std::string& value) {
        if (name == "--synthetic") {
            const SyntheticShape shape = parseSyntheticShape(name, value);
            syntheticRows = Eigen::Index(shape.rows);
            syntheticDim = shape.dim;
        } else if (name == "--rows") {
            rows = Eigen::Index(integerArgument(name, value, 2, 100'000'000));
        } else if (name == "--dims") {
            options.dims = int(integerArgument(name, value, 2, 3));
        } else if (name == "--neighbors") {
            options.neighbors = int(integerArgument(name, value, 2, 1000));
        } else if (name == "--min-dist") {
            options.minDist = std::stod(value);
        } else if (name == "--iterations") {
            options.iterations = int(integerArgument(name, value, 1, 100'000));
        } else if (name == "--threads") {
            options.threads = int(integerArgument(name, value, 1, 1024));
        } else if (name == "--seed") {
            options.seed = std::uint64_t(integerArgument(name, value, 0, 1LL << 62));
        } else if (name == "--exact-up-to") {
            knn.exactUpToRows = integerArgument(name, value, 0, 1LL << 40);
        } else if (name == "--save-table") {
            saveTable = value;
        } else if (name == "-o") {
            output = value;
        } else {
            return false;
        }
        return true;
    });
    if (file.empty() == (syntheticRows == 0))
        throw std::runtime_error(kUsage);
    WordVectors table;
    if (file.empty())
        table.vectors = clusteredVectors(syntheticRows, syntheticDim, options.seed);
    else
        table = readVectors(file);
    if (rows > 0 && rows < table.vectors.rows()) {
        table.vectors.conservativeResize(rows, Eigen::NoChange);
        if (!table.words.empty())
            table.words.resize(std::size_t(rows));
    }

    if (table.words.empty())
        for (Eigen::Index i = 0; i < table.vectors.rows(); ++i)
            table.words.push_back(std::to_string(i));
    if (!saveTable.empty())
        writeVectors(saveTable, table, VectorFormat::Npy);

    knn.threads = options.threads;
    knn.seed = options.seed;
    UmapLayout layout(options);
    layout.setKnnOptions(knn);
    int sinkCalls = 0;
    const auto start = Clock::now();
    const double cpu = processCpuSeconds();
    const LayoutResult result = layout.run(
        table.vectors, {}, {}, [&](const RowMatrixXf&, const LayoutProgress&) { ++sinkCalls; });
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpuUsed = processCpuSeconds() - cpu;

    if (!output.empty()) {
        std::ofstream csv(output);
        csv << (options.dims == 3 ? "word,x,y,z\n" : "word,x,y\n");
        for (Eigen::Index i = 0; i < result.positions.rows(); ++i) {
            csv << table.words[std::size_t(i)];
            for (Eigen::Index c = 0; c < result.positions.cols(); ++c)
                csv << ',' << result.positions(i, c);
            csv << '\n';
        }
        if (!csv)
            throw std::runtime_error(output + ": cannot write");
    }

    QJsonObject json;
    json[QStringLiteral("benchmark")] = QStringLiteral("umap");
    json[QStringLiteral("source")] =
        file.empty() ? QStringLiteral("synthetic") : QString::fromStdString(file);
    json[QStringLiteral("rows")] = double(table.vectors.rows());
    json[QStringLiteral("dim")] = double(table.vectors.cols());
    json[QStringLiteral("dims")] = options.dims;
    json[QStringLiteral("epochs")] = result.progress.iterations;
    json[QStringLiteral("threads")] = options.threads;
    json[QStringLiteral("wall_s")] = seconds;
    json[QStringLiteral("cpu_s")] = cpuUsed;
    json[QStringLiteral("sink_calls")] = sinkCalls;
    json[QStringLiteral("loadavg")] = loadAverage();
    json[QStringLiteral("cpu")] = QString::fromStdString(cpuModelName());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

}  // namespace embedscope::bench
