// embedscope-bench paint: how long one frame of the scatter plot takes to paint.
//
// Builds a ScatterPlot offscreen with N made-up words at clustered positions (a mixture of
// Gaussians, like a projection of an embedding with semantic groups), then paints F frames into
// a QImage through ScatterPlot::renderTo. Between frames every point moves a little, as it does
// when training snapshots arrive, so no frame can reuse the previous one's work.
//
// --view 3d paints the 3-D view (PlotView3D) instead: the clusters get a depth too, and between
// frames the camera also turns by a pixel, as during a drag, so every frame projects, sorts far
// to near and places the labels afresh.
#include <QBuffer>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QVector>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <stdexcept>
#include <string>

#include "AtomicOutput.h"
#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "PlotGlide.h"
#include "PlotScene.h"
#include "PlotView3D.h"
#include "ScatterPlot.h"

namespace embedscope::bench {

namespace {

struct PaintOptions {
    int points = 10000;
    int frames = 100;
    bool labels = true;
    int width = 1280;
    int height = 800;
    double zoom = 1.0;      // > 1 zooms in about the centre, as the mouse wheel does
    std::string highlight;  // a search pattern (substring), as typed in the search box
    std::string png;        // optional: where to save the last frame
    bool view3d = false;    // --view 3d: PlotView3D instead of ScatterPlot
};

const char kUsage[] =
    "usage: embedscope-bench paint --points N [--frames F] [--labels on|off] [--width W] "
    "[--height H] [--zoom Z] [--highlight TEXT] [--png FILE] [--view 2d|3d]";

PaintOptions parseOptions(const Args& args) {
    PaintOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& name = args[i];
        if (i + 1 >= args.size())
            throw std::runtime_error(name + ": missing value\n" + kUsage);
        const std::string& value = args[++i];
        if (name == "--points") {
            options.points = int(integerArgument(name, value, 1, 10000000));
        } else if (name == "--frames") {
            options.frames = int(integerArgument(name, value, 1, 100000));
        } else if (name == "--width") {
            options.width = int(integerArgument(name, value, 64, 8192));
        } else if (name == "--height") {
            options.height = int(integerArgument(name, value, 64, 8192));
        } else if (name == "--zoom") {
            std::size_t used = 0;
            try {
                options.zoom = std::stod(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != value.size() || !(options.zoom >= 1e-3 && options.zoom <= 1e6))
                throw std::runtime_error("--zoom: expected a factor in [0.001, 1e6], got '" +
                                         value + "'");
        } else if (name == "--highlight") {
            options.highlight = value;
        } else if (name == "--labels") {
            if (value != "on" && value != "off")
                throw std::runtime_error("--labels: expected on or off, got '" + value + "'");
            options.labels = value == "on";
        } else if (name == "--png") {
            options.png = value;
        } else if (name == "--view") {
            if (value != "2d" && value != "3d")
                throw std::runtime_error("--view: expected 2d or 3d, got '" + value + "'");
            options.view3d = value == "3d";
        } else {
            throw std::runtime_error("unknown option '" + name + "'\n" + kUsage);
        }
    }
    return options;
}

void savePng(const QImage& image, const std::string& path) {
    // Encoded here, written through AtomicOutput as every file is.
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        throw std::runtime_error(path + ": cannot encode the PNG");
    embedscope::saveBytes(path, std::string_view(png.constData(), std::size_t(png.size())));
}

int benchPaint3d(const PaintOptions& options, std::mt19937& rng) {
    PlotView3D view;
    view.resize(options.width, options.height);
    view.setWords(makePlotWords(options.points, rng));
    view.setLabelsVisible(options.labels);
    view.setAxisInfo(QStringLiteral("PC1 (23.4%)"), QStringLiteral("PC2 (11.8%)"),
                     QStringLiteral("PC3 (7.5%)"));
    // x and y from the 2-D scene's clusters, z from a second draw of them (its x).
    const PlotClusters clusters = makePlotClusters(rng);
    const QVector<QPointF> xy = clusteredPlotPositions(options.points, clusters, rng);
    const QVector<QPointF> depth = clusteredPlotPositions(options.points, clusters, rng);
    std::vector<float> xyz(std::size_t(options.points) * 3);
    for (int i = 0; i < options.points; ++i) {
        xyz[3 * std::size_t(i)] = float(xy[i].x());
        xyz[3 * std::size_t(i) + 1] = float(xy[i].y());
        xyz[3 * std::size_t(i) + 2] = float(depth[i].x());
    }
    view.setTargetPositions(xyz.data(), options.points, 0);
    view.setSelectedIndex(0);
    view.setHighlight(QString::fromStdString(options.highlight), false);
    if (options.zoom != 1.0)
        view.camera().zoomBy(options.zoom);

    std::normal_distribution<float> gauss(0.0f, 1.0f);
    QImage image(options.width, options.height, QImage::Format_ARGB32_Premultiplied);
    std::vector<double> millis, cpuMillis;
    for (int frame = 0; frame < options.frames; ++frame) {
        for (float& v : xyz)
            v += 0.01f * gauss(rng);
        view.setTargetPositions(xyz.data(), options.points, 0);
        view.camera().rotateByPixels(1, 0);
        QElapsedTimer clock;
        clock.start();
        const std::clock_t cpuStart = std::clock();
        {
            QPainter painter(&image);
            view.renderTo(painter, image.rect());
        }
        millis.push_back(clock.nsecsElapsed() / 1e6);
        cpuMillis.push_back(1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC);
    }
    if (!options.png.empty())
        savePng(image, options.png);
    std::printf(
        "{\"benchmark\":\"paint\",\"view\":\"3d\",\"points\":%d,\"labels\":%s,\"width\":%d,"
        "\"height\":%d,\"zoom\":%g,\"labels_placed\":%lld,\"median_ms\":%.3f,\"p99_ms\":%.3f,"
        "\"max_ms\":%.3f,\"median_cpu_ms\":%.3f,\"frames\":%d,%s}\n",
        options.points, options.labels ? "true" : "false", options.width, options.height,
        options.zoom, qlonglong(view.placedLabelRects().size()), percentile(millis, 0.5),
        percentile(millis, 0.99), *std::max_element(millis.begin(), millis.end()),
        percentile(cpuMillis, 0.5), options.frames, cpuJsonField().c_str());
    return 0;
}

}  // namespace

int benchPaint(const Args& args) {
    const PaintOptions options = parseOptions(args);
    std::mt19937 rng(20261127);
    if (options.view3d)
        return benchPaint3d(options, rng);

    ScatterPlot plot;
    plot.resize(options.width, options.height);
    const QVector<PlotWord> words = makePlotWords(options.points, rng);
    QElapsedTimer setupClock;
    setupClock.start();
    plot.setWords(words);
    const double setWordsMs = setupClock.nsecsElapsed() / 1e6;
    plot.setLabelsVisible(options.labels);
    plot.setAxisInfo(QStringLiteral("PC1 (23.4%)"), QStringLiteral("PC2 (11.8%)"));

    const PlotClusters clusters = makePlotClusters(rng);
    QVector<QPointF> positions = clusteredPlotPositions(options.points, clusters, rng);
    std::normal_distribution<double> gauss(0.0, 1.0);
    plot.setTargetPositions(positions, 0);
    plot.setSelectedIndex(0);
    // What typing in the search box costs: one setHighlight per keystroke, for every prefix of
    // the pattern. The first keystroke also builds the search index of the words (once per word
    // list); highlightMs is the slowest keystroke after it.
    const QString pattern = QString::fromStdString(options.highlight);
    double firstHighlightMs = 0.0;
    double highlightMs = 0.0;
    for (qsizetype typed = 1; typed <= pattern.size(); ++typed) {
        setupClock.restart();
        plot.setHighlight(pattern.left(typed), false);
        const double ms = setupClock.nsecsElapsed() / 1e6;
        if (typed == 1)
            firstHighlightMs = ms;
        else
            highlightMs = std::max(highlightMs, ms);
    }
    if (options.zoom != 1.0) {
        // One wheel event about the centre: a notch (120) zooms by 1.2.
        const QPointF centre(options.width / 2.0, options.height / 2.0);
        const int angle = int(std::lround(120 * std::log(options.zoom) / std::log(1.2)));
        QWheelEvent wheel(centre, centre, QPoint(), QPoint(0, angle), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(&plot, &wheel);
    }

    // One step of the points' glide (PlotGlide, as the widget's animation timer runs it every
    // 16 ms while points move), over all N points, median of 9.
    std::vector<double> glideMillis;
    {
        PlotGlide glide;
        glide.jumpTo(QVector<QPointF>(positions.size(), QPointF(0, 0)));
        glide.glideTo(positions, 100);
        for (int step = 0; step < 9; ++step) {
            QElapsedTimer clock;
            clock.start();
            glide.step(16, 1e-9);
            glideMillis.push_back(clock.nsecsElapsed() / 1e6);
        }
    }

    QImage image(options.width, options.height, QImage::Format_ARGB32_Premultiplied);
    // Wall-clock time is what the user sees; CPU time (std::clock, the whole process) is also
    // reported because on a shared machine the wall clock includes time spent waiting for a core.
    std::vector<double> millis, cpuMillis;
    millis.reserve(std::size_t(options.frames));
    cpuMillis.reserve(std::size_t(options.frames));
    for (int frame = 0; frame < options.frames; ++frame) {
        for (QPointF& p : positions)
            p += QPointF(gauss(rng), gauss(rng)) * 0.01;
        plot.setTargetPositions(positions, 0);
        QElapsedTimer clock;
        clock.start();
        const std::clock_t cpuStart = std::clock();
        {
            QPainter painter(&image);
            plot.renderTo(painter, image.rect());
        }
        millis.push_back(clock.nsecsElapsed() / 1e6);
        cpuMillis.push_back(1000.0 * double(std::clock() - cpuStart) / CLOCKS_PER_SEC);
    }
    if (!options.png.empty())
        savePng(image, options.png);

    std::printf(
        "{\"benchmark\":\"paint\",\"points\":%d,\"labels\":%s,\"width\":%d,\"height\":%d,"
        "\"zoom\":%g,\"density\":%s,\"labels_placed\":%lld,\"median_ms\":%.3f,\"p99_ms\":%.3f,"
        "\"max_ms\":%.3f,"
        "\"median_cpu_ms\":%.3f,\"frames\":%d,\"set_words_ms\":%.1f,\"highlight_first_ms\":%.1f,"
        "\"highlight_ms\":%.1f,"
        "\"glide_step_ms\":%.2f,%s}\n",
        options.points, options.labels ? "true" : "false", options.width, options.height,
        options.zoom, plot.lastPaintUsedDensity() ? "true" : "false",
        qlonglong(plot.placedLabelRects().size()), percentile(millis, 0.5),
        percentile(millis, 0.99), *std::max_element(millis.begin(), millis.end()),
        percentile(cpuMillis, 0.5), options.frames, setWordsMs, firstHighlightMs, highlightMs,
        percentile(glideMillis, 0.5), cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
