// embedscope-bench ui-latency CORPUS [--seconds S] [--tracked N] [--threads T] [--dim D]
// embedscope-bench ui-latency --plot-points N [--seconds S]
// embedscope-bench ui-latency --tsne-points N [--seconds S]
//
// Opens the real MainWindow, loads CORPUS, plots the N most frequent words and trains on T
// threads (0: all cores) while a 10 ms precise QTimer on the GUI thread measures how late it
// fires. Lateness = actual interval - 10 ms (an early tick counts as 0): it is how long the event
// loop was busy with something else (painting, projections arriving, progress, the inspector),
// i.e. how long a click or a key would wait. Prints one JSON object.
//
// With --plot-points, no corpus: a shown ScatterPlot holds N made-up points (PlotScene.h) and a
// scripted user pans (drags), zooms (wheel notches in and out) and hovers, one event every 16 ms,
// while the same timer measures the lateness.
//
// With --tsne-points, the window holds N synthetic clustered vectors (100 dimensions) and runs a
// t-SNE of all of them (as View > Layout > t-SNE does, with its intermediate frames drawn) while
// the timer measures the lateness.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMouseEvent>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "ClusteredVectors.h"
#include "MainWindow.h"
#include "PlotScene.h"
#include "ScatterPlot.h"
#include "TrainingController.h"
#include "VectorSource.h"

namespace embedscope::bench {

namespace {

const char* const kUsage =
    "usage: embedscope-bench ui-latency CORPUS [--seconds S] [--tracked N] [--threads T] [--dim "
    "D]\n"
    "       embedscope-bench ui-latency --plot-points N [--seconds S]\n"
    "       embedscope-bench ui-latency --tsne-points N [--seconds S]";

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

// Records how late a 10 ms precise timer fires while the event loop runs for `seconds`.
std::vector<double> measureLateness(double seconds) {
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
    return lateness;
}

// Counts the paint events a widget receives.
class PaintCounter : public QObject {
public:
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

int benchPlotLatency(const std::map<std::string, std::string>& values) {
    const int points = static_cast<int>(number(values, "--plot-points", 1000000, 2, 10000000));
    const double seconds = number(values, "--seconds", 20, 1, 3600);
    std::mt19937 rng(20261202);
    ScatterPlot plot;
    plot.resize(1200, 800);  // about the plot's share of a 1600 x 1000 window
    plot.show();
    plot.setWords(makePlotWords(points, rng));
    plot.setAxisInfo(QStringLiteral("PC1 (23.4%)"), QStringLiteral("PC2 (11.8%)"));
    plot.setTargetPositions(clusteredPlotPositions(points, makePlotClusters(rng), rng), 0);
    QCoreApplication::processEvents();
    PaintCounter counter;
    plot.installEventFilter(&counter);

    // The scripted user, one event per 16 ms, in rounds of 120 steps: a drag of 38 moves (pan),
    // 10 wheel notches in and 10 out at random places (zoom), then 59 hover moves.
    std::uniform_real_distribution<double> x(50, 1150), y(50, 750), jitter(-8, 8);
    QPointF cursor(600, 400);
    int step = 0;
    auto send = [&](QEvent::Type type, Qt::MouseButton button, Qt::MouseButtons buttons) {
        QMouseEvent event(type, cursor, plot.mapToGlobal(cursor), button, buttons, Qt::NoModifier);
        QCoreApplication::sendEvent(&plot, &event);
    };
    QTimer user;
    user.setTimerType(Qt::PreciseTimer);
    user.setInterval(16);
    QObject::connect(&user, &QTimer::timeout, [&] {
        const int phase = step++ % 120;
        if (phase == 0) {
            cursor = QPointF(600, 400);
            send(QEvent::MouseButtonPress, Qt::LeftButton, Qt::LeftButton);
        } else if (phase < 39) {
            cursor += QPointF(phase < 20 ? 6 : -6, phase % 2 ? 3 : -2);
            send(QEvent::MouseMove, Qt::NoButton, Qt::LeftButton);
        } else if (phase == 39) {
            send(QEvent::MouseButtonRelease, Qt::LeftButton, Qt::NoButton);
        } else if (phase < 60) {
            cursor = QPointF(x(rng), y(rng));
            QWheelEvent wheel(cursor, plot.mapToGlobal(cursor), QPoint(),
                              QPoint(0, phase < 50 ? 120 : -120), Qt::NoButton, Qt::NoModifier,
                              Qt::NoScrollPhase, false);
            QCoreApplication::sendEvent(&plot, &wheel);
        } else {
            cursor += QPointF(jitter(rng), jitter(rng));
            cursor =
                QPointF(std::clamp(cursor.x(), 0.0, 1199.0), std::clamp(cursor.y(), 0.0, 799.0));
            send(QEvent::MouseMove, Qt::NoButton, Qt::NoButton);
        }
    });
    user.start();
    const std::vector<double> lateness = measureLateness(seconds);
    user.stop();

    std::printf(
        "{\"benchmark\":\"ui-latency\",\"mode\":\"plot\",\"points\":%d,\"p50_ms\":%.3f,"
        "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"samples\":%zu,\"seconds\":%g,\"user_events\":%d,"
        "\"paints\":%d,%s}\n",
        points, percentile(lateness, 0.50), percentile(lateness, 0.99),
        lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()),
        lateness.size(), seconds, step, counter.paints, cpuJsonField().c_str());
    return 0;
}

// "--name value" pairs: the mode's option and --seconds, nothing else.
std::map<std::string, std::string> optionPairs(const Args& args, const std::string& mode) {
    std::map<std::string, std::string> values;
    for (std::size_t i = 0; i < args.size(); i += 2) {
        if (i + 1 >= args.size())
            throw std::runtime_error(args[i] + ": missing value\n" + kUsage);
        if (args[i] != mode && args[i] != "--seconds")
            throw std::runtime_error("unknown option " + args[i] + "\n" + kUsage);
        values[args[i]] = args[i + 1];
    }
    return values;
}

int benchLayoutLatency(const std::map<std::string, std::string>& values) {
    const int points = static_cast<int>(number(values, "--tsne-points", 20000, 10, 1000000));
    const double seconds = number(values, "--seconds", 20, 1, 3600);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    WordVectors vectors;
    vectors.vectors = clusteredVectors(points, 100, 7);
    for (int i = 0; i < points; ++i)
        vectors.words.push_back("w" + std::to_string(i));
    MainWindow window;
    window.setConfirmer([](const QString&) { return true; });
    window.resize(1600, 1000);
    window.show();
    TrainingController* controller = window.controller();
    controller->setLoadedVectors(
        std::make_shared<LoadedVectorSource>("synthetic.vec", std::move(vectors)));
    QCoreApplication::processEvents();
    LayoutOptions options = controller->layouts().layout();
    options.method = LayoutMethod::Tsne;
    options.iterations = 100000;  // still running when the measurement ends
    controller->layouts().setLayout(options);
    int frames = 0;
    QObject::connect(controller, &TrainingController::frameReady, [&frames] { ++frames; });

    const std::vector<double> lateness = measureLateness(seconds);
    const auto frame = controller->lastFrame();
    const int iteration =
        frame && frame->method == LayoutMethod::Tsne ? frame->layout.iteration : 0;
    const bool running = controller->layouts().running();
    window.close();
    std::printf(
        "{\"benchmark\":\"ui-latency\",\"mode\":\"tsne\",\"points\":%d,\"p50_ms\":%.3f,"
        "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"samples\":%zu,\"seconds\":%g,\"frames\":%d,"
        "\"iteration\":%d,\"layout_running\":%s,\"layout_threads\":%d,%s}\n",
        points, percentile(lateness, 0.50), percentile(lateness, 0.99),
        lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()),
        lateness.size(), seconds, frames, iteration, running ? "true" : "false",
        controller->layouts().layout().threads, cpuJsonField().c_str());
    return 0;
}

}  // namespace

int benchUiLatency(const Args& args) {
    if (!args.empty() && args.front() == "--tsne-points")
        return benchLayoutLatency(optionPairs(args, "--tsne-points"));
    if (!args.empty() && args.front() == "--plot-points")
        return benchPlotLatency(optionPairs(args, "--plot-points"));
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
    const std::vector<double> lateness = measureLateness(seconds);

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
