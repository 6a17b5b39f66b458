// embedscope-bench pca --rows N --dim D [--frames F] [--step S] [--seed X]
//
// Times Projection::project (PCA of the tracked rows plus the Procrustes alignment and the scale
// smoothing) per frame on data that drifts like training does: a random walk where every frame
// adds a little noise to every row. The first frame (no warm start, exact solver) is reported on
// its own; median and p99 cover the warm frames the live view runs at 10+ Hz.
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "Projection.h"

namespace embedscope::bench {

namespace {

// xorshift64*: fast enough that generating a frame's noise never dominates the run.
struct Random {
    std::uint64_t state;
    float uniform() {  // in [-1, 1)
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        const std::uint64_t bits = state * 0x2545F4914F6CDD1DULL;
        return float(bits >> 40) / float(1 << 23) - 1.0f;
    }
};

long long integerOption(const Args& args, const std::string& name, long long fallback,
                        long long min, long long max) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != name)
            continue;
        if (i + 1 >= args.size())
            throw std::runtime_error(name + " needs a value");
        return integerArgument(name, args[i + 1], min, max);
    }
    return fallback;
}

// CPU time of the calling thread: on a machine busy with other work, wall time measures the
// neighbours as much as the projection.
double threadCpuMs() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

}  // namespace

int benchPca(const Args& args) {
    for (std::size_t i = 0; i < args.size(); i += 2)
        if (args[i] != "--rows" && args[i] != "--dim" && args[i] != "--frames" &&
            args[i] != "--step-permille" && args[i] != "--seed")
            throw std::runtime_error("unknown option " + args[i] +
                                     " (expected --rows N --dim D [--frames F] "
                                     "[--step-permille S] [--seed X])");
    const auto rows = Eigen::Index(integerOption(args, "--rows", 5000, 2, 10'000'000));
    const auto dim = Eigen::Index(integerOption(args, "--dim", 300, 2, 100'000));
    const int frames = int(integerOption(args, "--frames", 200, 2, 1'000'000));
    // Noise per frame relative to the spread of a column, in thousandths.
    const double step = double(integerOption(args, "--step-permille", 10, 0, 1000)) / 1000.0;
    Random random{std::uint64_t(integerOption(args, "--seed", 1, 1, 1LL << 62))};

    // Columns with decaying spread (1 / sqrt(j + 1)), like the spectrum of trained embeddings,
    // so that there is a top plane to find but the variances of later components are close.
    RowMatrixXf data(rows, dim);
    Eigen::RowVectorXf spread(dim);
    for (Eigen::Index j = 0; j < dim; ++j)
        spread[j] = float(1.0 / std::sqrt(double(j + 1)));
    for (Eigen::Index i = 0; i < rows; ++i)
        for (Eigen::Index j = 0; j < dim; ++j)
            data(i, j) = random.uniform() * spread[j];

    Projection projection;
    std::vector<double> warmMs, warmCpuMs;
    double firstMs = 0.0;
    long long iterations = 0;
    int maxIterations = 0;
    double checksum = 0.0;
    for (int frame = 0; frame < frames; ++frame) {
        if (frame > 0)
            for (Eigen::Index i = 0; i < rows; ++i)
                for (Eigen::Index j = 0; j < dim; ++j)
                    data(i, j) += float(step) * random.uniform() * spread[j];
        const double cpuStart = threadCpuMs();
        const auto start = std::chrono::steady_clock::now();
        const ProjectionFrame result = projection.project(data);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        const double cpuMs = threadCpuMs() - cpuStart;
        checksum += double(result.points(0, 0));  // keeps the work observable
        if (frame == 0) {
            firstMs = ms;
        } else {
            warmMs.push_back(ms);
            warmCpuMs.push_back(cpuMs);
            iterations += result.iterations;
            maxIterations = std::max(maxIterations, result.iterations);
        }
    }

    double mean = 0.0;
    for (const double ms : warmMs)
        mean += ms / double(warmMs.size());
    QJsonObject json;
    json[QStringLiteral("benchmark")] = QStringLiteral("pca");
    json[QStringLiteral("rows")] = double(rows);
    json[QStringLiteral("dim")] = double(dim);
    json[QStringLiteral("frames")] = frames;
    json[QStringLiteral("median_ms")] = percentile(warmMs, 0.5);
    json[QStringLiteral("p99_ms")] = percentile(warmMs, 0.99);
    json[QStringLiteral("mean_ms")] = mean;
    json[QStringLiteral("median_cpu_ms")] = percentile(warmCpuMs, 0.5);
    json[QStringLiteral("first_frame_ms")] = firstMs;
    json[QStringLiteral("mean_iterations")] = double(iterations) / double(warmMs.size());
    json[QStringLiteral("max_iterations")] = maxIterations;
    json[QStringLiteral("checksum")] = checksum;
    json[QStringLiteral("cpu")] = QString::fromStdString(cpuModelName());
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}

}  // namespace embedscope::bench
