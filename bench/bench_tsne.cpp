// embedscope-bench tsne FILE [--rows N] [--repulsion fft|barnes-hut] [--iterations I]
//                       [--threads T] [--seed S]
//
// Runs TsneLayout (core/TsneLayout.h) in 2-D on the first N rows of a vector file with the
// repulsion forced to one method, and prints the wall and CPU time of the whole layout (kNN graph,
// affinities, initialisation, iterations): run both methods at a few sizes to see where the FFT
// interpolation overtakes Barnes-Hut (TsneLayout::kFftMinimumRows).
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "TsneLayout.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench tsne FILE [--rows N] [--repulsion fft|barnes-hut] "
    "[--iterations I] [--threads T] [--seed S]";

}  // namespace

int benchTsne(const Args& args) {
    std::string file;
    Eigen::Index rows = 0;
    LayoutOptions options;
    options.method = LayoutMethod::Tsne;
    options.tsneRepulsion = TsneRepulsion::Fft;
    forEachOption(args, kUsage, file, [&](const std::string& name, const std::string& value) {
        if (name == "--rows") {
            rows = Eigen::Index(integerArgument(name, value, 2, 100'000'000));
        } else if (name == "--repulsion") {
            if (value != "fft" && value != "barnes-hut")
                throw std::runtime_error(kUsage);
            options.tsneRepulsion = value == "fft" ? TsneRepulsion::Fft : TsneRepulsion::BarnesHut;
        } else if (name == "--iterations") {
            options.iterations = int(integerArgument(name, value, 1, 100'000));
        } else if (name == "--threads") {
            options.threads = int(integerArgument(name, value, 1, 1024));
        } else if (name == "--seed") {
            options.seed = std::uint64_t(integerArgument(name, value, 0, 1LL << 62));
        } else {
            return false;
        }
        return true;
    });
    if (file.empty())
        throw std::runtime_error(kUsage);
    WordVectors table = readVectors(file);
    if (rows > 0 && rows < table.vectors.rows())
        table.vectors.conservativeResize(rows, Eigen::NoChange);

    const auto start = std::chrono::steady_clock::now();
    const double cpu = processCpuSeconds();
    const LayoutResult result = TsneLayout(options).run(table.vectors, {}, {}, {});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpuUsed = processCpuSeconds() - cpu;
    const auto spread =
        result.positions.colwise().maxCoeff() - result.positions.colwise().minCoeff();

    QJsonObject json;
    json[QStringLiteral("benchmark")] = QStringLiteral("tsne");
    json[QStringLiteral("source")] = QString::fromStdString(file);
    json[QStringLiteral("rows")] = double(table.vectors.rows());
    json[QStringLiteral("repulsion")] = options.tsneRepulsion == TsneRepulsion::Fft
                                            ? QStringLiteral("fft")
                                            : QStringLiteral("barnes-hut");
    json[QStringLiteral("iterations")] = result.progress.iterations;
    json[QStringLiteral("threads")] = options.threads;
    json[QStringLiteral("wall_s")] = seconds;
    json[QStringLiteral("cpu_s")] = cpuUsed;
    json[QStringLiteral("spread")] = double(spread.maxCoeff());
    json[QStringLiteral("loadavg")] = loadAverage();
    json[QStringLiteral("cpu")] = QString::fromStdString(cpuModelName());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

}  // namespace embedscope::bench
