// embedscope-bench open-vectors FILE [--format F] [--cached | --reopen] [--cold]: opens a vectors
// file the way the app and the CLI do, and reports the wall time and the process's peak resident
// memory, to compare against the budget: the float32 table plus 300 MB. Run it once per
// process: the peak is the process's.
//  (default)  parses the file once (readVectors), no cache involved.
//  --cached   the reopen cache (core/VectorCache.h, issue 16: reopen <= 1 s): deletes FILE's
//             cache, opens FILE (parse: seconds), writes the cache (cache_write_seconds), lets the
//             vectors go, opens FILE again (reopen_seconds, from the cache), then makes the first
//             pass over the table that the neighbour index makes (reopen_first_pass_seconds: the
//             mapped pages are touched then). The peak is the parse's.
//  --reopen   one open through the cache as it is (run after --cached, in a fresh process: the
//             peak is the reopen's). The mapped table counts in the resident memory once it is
//             read (rss_file_after_reopen_mb: page-cache pages, shared, not fresh memory);
//             rss_anon_after_reopen_mb is what the process allocated.
//  --cold     with --cached or --reopen: drops the cache file's pages from the page cache first
//             (posix_fadvise DONTNEED on that file only), so the reopen reads it from the disk.
// The cache folder is the user's (XDG_CACHE_HOME); every size of file is cached here.
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

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
#include "NeighbourIndex.h"
#include "VectorCache.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

const char kUsage[] =
    "usage: embedscope-bench open-vectors FILE [--format F] [--cached | --reopen] [--cold]";

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
    return secondsSince(start) * (1024.0 * 1024 * 1024) / kBytes;
}

// Drops a file's pages from the page cache (only clean pages go: it is synced first).
void evictFromPageCache(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw std::runtime_error("cannot open " + path);
    fdatasync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// The --cached and --reopen runs: JSON fields after the common ones.
std::string benchReopen(const std::string& path, VectorFormat format, bool parseFirst, bool cold,
                        int& rows, int& dim, double& seconds) {
    VectorCacheSettings settings = VectorCacheSettings::fromEnvironment();
    if (!settings.enabled)
        throw std::runtime_error("the reopen cache is disabled (EMBEDSCOPE_NO_VECTOR_CACHE, HOME)");
    settings.minimumSourceBytes = 0;
    const VectorFileIdentity identity = identifyVectorFile(path, format);
    const std::string cachePath = vectorCachePathFor(settings, identity.absolutePath);
    char fields[640] = "";
    double writeSeconds = 0;
    if (parseFirst) {
        std::remove(cachePath.c_str());
        auto start = std::chrono::steady_clock::now();
        OpenedVectors opened = openVectors(path, format, settings);
        seconds = secondsSince(start);
        if (opened.fromCache || !opened.toCache)
            throw std::runtime_error("the first open did not parse the file");
        start = std::chrono::steady_clock::now();
        writeVectorCache(settings, *opened.toCache, *opened.source);
        writeSeconds = secondsSince(start);
    }
    if (cold)
        evictFromPageCache(cachePath);
    auto start = std::chrono::steady_clock::now();
    const OpenedVectors reopened = openVectors(path, format, settings);
    const double reopenSeconds = secondsSince(start);
    if (!reopened.fromCache)
        throw std::runtime_error("the reopen did not come from the cache " + cachePath);
    start = std::chrono::steady_clock::now();
    const Eigen::VectorXf norms = inverseRowNorms(*reopened.source->table());
    const double firstPassSeconds = secondsSince(start);
    rows = reopened.source->rows();
    dim = reopened.source->dim();
    if (!parseFirst)
        seconds = reopenSeconds;
    std::snprintf(fields, sizeof fields,
                  "\"mode\":\"%s\",\"cold\":%s,\"cache_write_seconds\":%.3f,"
                  "\"reopen_seconds\":%.3f,\"reopen_first_pass_seconds\":%.3f,"
                  "\"rss_after_reopen_mb\":%.1f,\"rss_anon_after_reopen_mb\":%.1f,"
                  "\"rss_file_after_reopen_mb\":%.1f,\"cache_bytes\":%.0f,",
                  parseFirst ? "cached" : "reopen", cold ? "true" : "false", writeSeconds,
                  reopenSeconds, firstPassSeconds, statusMegabytes("VmRSS"),
                  statusMegabytes("RssAnon"), statusMegabytes("RssFile"),
                  static_cast<double>(QFileInfo(QString::fromStdString(cachePath)).size()));
    return fields;
}

}  // namespace

int benchOpenVectors(const Args& args) {
    std::string path, formatName;
    bool cached = false, reopen = false, cold = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format" && i + 1 < args.size())
            formatName = args[++i];
        else if (args[i] == "--cached")
            cached = true;
        else if (args[i] == "--reopen")
            reopen = true;
        else if (args[i] == "--cold")
            cold = true;
        else if (path.empty() && !args[i].empty() && args[i][0] != '-')
            path = args[i];
        else
            throw std::runtime_error(kUsage);
    }
    if (path.empty() || (cached && reopen) || (cold && !cached && !reopen))
        throw std::runtime_error(kUsage);
    const VectorFormat format =
        formatName.empty() ? detectVectorFormat(path) : parseVectorFormat(formatName);
    const double baselineMb = statusMegabytes("VmRSS");
    int rows = 0, dim = 0;
    double seconds = 0;
    std::string reopenFields;
    if (cached || reopen) {
        reopenFields = benchReopen(path, format, cached, cold, rows, dim, seconds);
    } else {
        const auto start = std::chrono::steady_clock::now();
        const WordVectors vectors = readVectors(path, format);
        seconds = secondsSince(start);
        rows = vectors.rows();
        dim = vectors.dim();
    }
    const double peakMb = statusMegabytes("VmHWM");
    const double tableMb = static_cast<double>(rows) * dim * sizeof(float) / 1048576.0;
    const double freshSecondsPerGb = freshMemorySecondsPerGb();
    const double bytes = static_cast<double>(QFileInfo(QString::fromStdString(path)).size());
    std::printf(
        "{\"benchmark\":\"open-vectors\",\"file\":%s,\"format\":%s,\"bytes\":%.0f,\"rows\":%d,"
        "\"dim\":%d,\"seconds\":%.3f,\"mb_per_s\":%.1f,\"peak_rss_mb\":%.1f,"
        "\"baseline_rss_mb\":%.1f,\"table_mb\":%.1f,\"over_table_mb\":%.1f,"
        "\"fresh_memory_s_per_gb\":%.2f,\"table_touch_floor_s\":%.2f,%s\"threads\":%u,%s}\n",
        jsonString(QFileInfo(QString::fromStdString(path)).fileName().toStdString()).c_str(),
        jsonString(std::string(vectorFormatName(format))).c_str(), bytes, rows, dim, seconds,
        bytes / 1e6 / seconds, peakMb, baselineMb, tableMb, peakMb - tableMb, freshSecondsPerGb,
        freshSecondsPerGb * tableMb / 1024.0, reopenFields.c_str(),
        std::thread::hardware_concurrency(), cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
