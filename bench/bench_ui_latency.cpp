// embedscope-bench ui-latency CORPUS [--seconds S] [--tracked N] [--threads T] [--dim D]
//
// Opens the real MainWindow, loads CORPUS, plots the N most frequent words and trains on T
// threads (0: all cores) while a 10 ms precise QTimer on the GUI thread measures how late it
// fires. Lateness = actual interval - 10 ms (an early tick counts as 0): it is how long the event
// loop was busy with something else (painting, projections arriving, progress, the inspector),
// i.e. how long a click or a key would wait. Prints one JSON object.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "MainWindow.h"
#include "TrainingController.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench ui-latency CORPUS [--seconds S] [--tracked N] [--threads T] [--dim D]";

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    const auto rank = static_cast<std::size_t>(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double number(const std::map<std::string, std::string>& values, const std::string& name,
              double fallback, double min, double max) {
    const auto it = values.find(name);
    if (it == values.end())
        return fallback;
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(it->second, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != it->second.size() || value < min || value > max)
        throw std::runtime_error(name + ": expected a number in [" + std::to_string(min) + ", " +
                                 std::to_string(max) + "], got '" + it->second + "'");
    return value;
}

}  // namespace

int benchUiLatency(const Args& args) {
    auto [corpusPath, values] = parseCorpusAndOptions(args, kUsage);
    for (const auto& [name, value] : values)
        if (name != "--seconds" && name != "--tracked" && name != "--threads" && name != "--dim")
            throw std::runtime_error("unknown option " + name + "\n" + kUsage);
    const double seconds = number(values, "--seconds", 60, 1, 3600);
    const int tracked = static_cast<int>(
        number(values, "--tracked", 5000, 2, TrainingController::kMaxTrackedCount));
    const int threads = static_cast<int>(number(values, "--threads", 0, 0, 256));
    const int dim = static_cast<int>(number(values, "--dim", 100, 2, 1000));

    // Never touch the user's settings (window layout, recent files).
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    MainWindow window;
    QString error;
    window.setErrorHandler([&error](const QString&, const QString& message) { error = message; });
    window.setConfirmer([](const QString&) { return true; });
    window.resize(1600, 1000);
    window.show();
    window.setTrackedCount(tracked);

    QElapsedTimer loadClock;
    loadClock.start();
    {
        QEventLoop loop;
        QObject::connect(&window, &MainWindow::corpusLoaded, &loop, &QEventLoop::quit);
        QObject::connect(&window, &MainWindow::loadFailed, &loop, &QEventLoop::quit);
        window.openCorpus(QString::fromStdString(corpusPath));
        loop.exec();
    }
    if (!window.controller()->corpus())
        throw std::runtime_error(error.toStdString());
    const double loadSeconds = loadClock.elapsed() / 1000.0;

    TrainerOptions options = window.controller()->options();
    options.threads = threads;
    options.dim = dim;
    options.epochs = 1000;  // keeps training for the whole measurement
    window.controller()->setOptions(options);
    window.controller()->start();

    // The measurement: a precise 10 ms timer and the gaps between its ticks.
    constexpr double kIntervalMs = 10;
    std::vector<double> lateness;
    lateness.reserve(static_cast<std::size_t>(seconds * 1000 / kIntervalMs) + 16);
    QElapsedTimer clock;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(static_cast<int>(kIntervalMs));
    qint64 last = 0;
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness.push_back(std::max(0.0, (now - last) / 1e6 - kIntervalMs));
        last = now;
    });
    QEventLoop loop;
    QTimer::singleShot(static_cast<int>(seconds * 1000), &loop, &QEventLoop::quit);
    clock.start();
    ticker.start();
    loop.exec();
    ticker.stop();

    const TrainingProgress progress = window.controller()->progress();
    const double wordsPerSecond =
        progress.elapsedSeconds > 0 ? double(progress.wordsProcessed) / progress.elapsedSeconds : 0;
    const std::size_t plotted = window.controller()->trackedRows().size();
    window.close();

    std::printf(
        "{\"benchmark\":\"ui-latency\",\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,"
        "\"samples\":%zu,\"tracked\":%zu,\"seconds\":%g,\"words_per_s\":%.0f,\"threads\":%d,"
        "\"dim\":%d,\"load_s\":%.2f,\"vocabulary\":%d,%s}\n",
        percentile(lateness, 0.50), percentile(lateness, 0.99),
        lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()),
        lateness.size(), plotted, seconds, wordsPerSecond, threads, dim, loadSeconds,
        window.controller()->corpus() ? window.controller()->corpus()->vocabulary.size() : 0,
        cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
