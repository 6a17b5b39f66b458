// embedscope-bench vocab CORPUS [--runs N] [--min-count N] [--threads N]: times the vocabulary
// pass (read, tokenize, count on N threads, merge, sort) and, once, the full corpus load
// (vocabulary plus id stream, one thread).
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "BenchCommands.h"
#include "BenchReport.h"
#include "TokenizedCorpus.h"

namespace embedscope::bench {

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

// CPU time of the process (all its threads): on a busy machine it shows what the pass costs,
// while the wall clock also counts the time other processes held the cores.
double processCpuMilliseconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int benchVocab(const Args& args) {
    std::string corpus;
    int runs = 5;
    unsigned long long minCount = 5;
    unsigned threads = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--runs" && i + 1 < args.size()) {
            runs = std::max(1, std::stoi(args[++i]));
        } else if (args[i] == "--threads" && i + 1 < args.size()) {
            threads = static_cast<unsigned>(std::max(1, std::stoi(args[++i])));
        } else if (args[i] == "--min-count" && i + 1 < args.size()) {
            minCount = std::stoull(args[++i]);
        } else if (corpus.empty() && !args[i].empty() && args[i][0] != '-') {
            corpus = args[i];
        } else {
            throw std::runtime_error(
                "usage: embedscope-bench vocab CORPUS [--runs N] [--min-count N] [--threads N]");
        }
    }
    if (corpus.empty())
        throw std::runtime_error(
            "usage: embedscope-bench vocab CORPUS [--runs N] [--min-count N] [--threads N]");

    CorpusOptions options;
    options.minCount = minCount;
    options.counting.threads = threads;
    std::vector<double> times, cpuTimes;
    ReadReport report;
    std::int32_t words = 0;
    for (int run = 0; run < runs; ++run) {
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = processCpuMilliseconds();
        const Vocabulary vocabulary = countVocabulary(corpus, options, {}, &report);
        cpuTimes.push_back(processCpuMilliseconds() - cpuStart);
        times.push_back(millisecondsSince(start));
        words = vocabulary.size();
    }
    const auto loadStart = std::chrono::steady_clock::now();
    const TokenizedCorpus loaded = loadCorpus(corpus, options);
    const double loadMs = millisecondsSince(loadStart);

    const double medianMs = median(times);
    const double megabytesPerSecond = static_cast<double>(report.bytes) / 1e6 / (medianMs / 1e3);
    const double medianCpuMs = median(cpuTimes);
    std::printf(
        "{\"benchmark\":\"vocab\",\"file\":%s,\"bytes\":%llu,\"tokens\":%llu,"
        "\"words_min_count_%llu\":%d,\"median_ms\":%.1f,\"min_ms\":%.1f,\"mb_per_s\":%.1f,"
        "\"runs\":%d,\"threads\":%u,\"median_cpu_ms\":%.1f,\"mb_per_s_cpu\":%.1f,\"load_median_"
        "ms\":%.1f,\"load_"
        "runs\":1,\"load_stream_tokens\":%zu,%s}\n",
        jsonString(QFileInfo(QString::fromStdString(corpus)).fileName().toStdString()).c_str(),
        static_cast<unsigned long long>(report.bytes),
        static_cast<unsigned long long>(report.tokens), minCount, words, medianMs,
        *std::min_element(times.begin(), times.end()), megabytesPerSecond, runs,
        threads ? threads : std::max(1u, std::thread::hardware_concurrency()), medianCpuMs,
        static_cast<double>(report.bytes) / 1e6 / (medianCpuMs / 1e3), loadMs, loaded.tokens.size(),
        cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
