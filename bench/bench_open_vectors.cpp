// embedscope-bench open-vectors FILE [--format F]: opens a vectors file the way the app and the CLI
// do (readVectors), once, and reports the wall time and the process's peak resident memory, to
// compare against the budget: the float32 table plus 300 MB. Run it once per process:
// the peak is the process's.
#include <QFileInfo>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "BenchCommands.h"
#include "BenchReport.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char kUsage[] = "usage: embedscope-bench open-vectors FILE [--format F]";

// A field of /proc/self/status ("VmHWM", "VmRSS") in MB; 0 where it is missing.
double statusMegabytes(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(field + ":", 0) == 0)
            return std::stod(line.substr(field.size() + 1)) / 1024.0;
    return 0;
}

// Seconds per GB to write memory the process has not touched before. On the project's virtual
// machine this costs several seconds per GB (the host backs the pages on first touch), a floor
// under any loader that builds a table in fresh memory; measured beside the load as its reference.
double freshMemorySecondsPerGb() {
    constexpr std::size_t kBytes = 256u << 20;
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<char[]> buffer(new char[kBytes]);
    // A write per 4 kB page, through volatile so that the compiler keeps every one.
    volatile char* const bytes = buffer.get();
    for (std::size_t i = 0; i < kBytes; i += 4096)
        bytes[i] = 1;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return seconds * (1024.0 * 1024 * 1024) / kBytes;
}

}  // namespace

int benchOpenVectors(const Args& args) {
    std::string path, formatName;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format" && i + 1 < args.size())
            formatName = args[++i];
        else if (path.empty() && !args[i].empty() && args[i][0] != '-')
            path = args[i];
        else
            throw std::runtime_error(kUsage);
    }
    if (path.empty())
        throw std::runtime_error(kUsage);
    const VectorFormat format =
        formatName.empty() ? detectVectorFormat(path) : parseVectorFormat(formatName);
    const double baselineMb = statusMegabytes("VmRSS");
    const auto start = std::chrono::steady_clock::now();
    const WordVectors vectors = readVectors(path, format);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double peakMb = statusMegabytes("VmHWM");
    const double tableMb = static_cast<double>(vectors.vectors.size()) * sizeof(float) / 1048576.0;
    const double freshSecondsPerGb = freshMemorySecondsPerGb();
    const double bytes = static_cast<double>(QFileInfo(QString::fromStdString(path)).size());
    std::printf(
        "{\"benchmark\":\"open-vectors\",\"file\":%s,\"format\":%s,\"bytes\":%.0f,\"rows\":%d,"
        "\"dim\":%d,\"seconds\":%.3f,\"mb_per_s\":%.1f,\"peak_rss_mb\":%.1f,"
        "\"baseline_rss_mb\":%.1f,\"table_mb\":%.1f,\"over_table_mb\":%.1f,"
        "\"fresh_memory_s_per_gb\":%.2f,\"table_touch_floor_s\":%.2f,\"threads\":%u,%s}\n",
        jsonString(QFileInfo(QString::fromStdString(path)).fileName().toStdString()).c_str(),
        jsonString(std::string(vectorFormatName(format))).c_str(), bytes, vectors.rows(),
        vectors.dim(), seconds, bytes / 1e6 / seconds, peakMb, baselineMb, tableMb,
        peakMb - tableMb, freshSecondsPerGb, freshSecondsPerGb * tableMb / 1024.0,
        std::thread::hardware_concurrency(), cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
