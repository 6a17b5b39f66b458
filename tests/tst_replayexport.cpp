// File > Export > Replay (issue 18): a session with N recorded frames, opened in the window, is
// exported as CSV (N x words rows of frame,seconds,epoch,word,x,y at the bar's projected
// positions), as a PNG frame sequence (N images of the plot's export size) and as an animated GIF
// that giflib decodes to the frames the bar plays at its speed, at the bar's pace.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gif_lib.h>
#include <webp/demux.h>

#include "Exports.h"
#include "MainWindow.h"
#include "ReplayExport.h"
#include "ReplayWriters.h"
#include "SessionActions.h"
#include "SessionFile.h"
#include "TimelineBar.h"
#include "TrainingController.h"
#include "uitestutil.h"

using namespace embedscope;
using namespace embedscope::test;

namespace {

constexpr int kWords = 40;
constexpr int kTracked = 12;
constexpr int kFrames = 7;

// kWords words of 8 columns, the first kTracked tracked, kFrames frames whose vectors grow and
// turn, so that positions differ from frame to frame.
Session testSession(const QString& corpusPath) {
    Session session;
    session.source = describeSource(corpusPath.toStdString(), "corpus");
    session.vectors.vectors.resize(kWords, 8);
    std::uint64_t state = 7;
    for (int r = 0; r < kWords; ++r) {
        session.vectors.words.push_back(r == 3 ? "comma,word" : "w" + std::to_string(r));
        for (int d = 0; d < 8; ++d) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            session.vectors.vectors(r, d) = float((state >> 40) % 2000) / 1000.0f - 1.0f;
        }
    }
    for (int r = 0; r < kTracked; ++r)
        session.trackedRows.push_back(r);
    for (int f = 0; f < kFrames; ++f) {
        TimelineFrame frame;
        frame.metrics.seconds = 0.5 * f;
        frame.metrics.epoch = 1 + f / 3;
        RowMatrixXf vectors = session.vectors.vectors.topRows(kTracked) * float(f + 1);
        vectors.col(0).array() += float(f);
        frame.vectors = std::make_shared<const RowMatrixXf>(std::move(vectors));
        session.frames.push_back(frame);
    }
    return session;
}

// An animated WebP decoded whole with libwebpdemux's WebPAnimDecoder: its frame count, canvas size,
// first frame's duration (ms) and loop count.
struct DecodedWebp {
    int frames = -1;
    QSize size;
    int firstDurationMs = -1;
    int loops = -1;
};

DecodedWebp decodeWebp(const QString& path) {
    DecodedWebp result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QByteArray bytes = file.readAll();
    WebPData data{reinterpret_cast<const uint8_t*>(bytes.constData()), std::size_t(bytes.size())};
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options))
        return result;
    WebPAnimDecoder* decoder = WebPAnimDecoderNew(&data, &options);
    if (!decoder)
        return result;
    WebPAnimInfo info;
    if (WebPAnimDecoderGetInfo(decoder, &info)) {
        result.size = QSize(int(info.canvas_width), int(info.canvas_height));
        result.loops = int(info.loop_count);
        int decoded = 0;
        int previous = 0;
        while (WebPAnimDecoderHasMoreFrames(decoder)) {
            uint8_t* pixels = nullptr;
            int timestamp = 0;  // the end of the frame, ms
            if (!WebPAnimDecoderGetNext(decoder, &pixels, &timestamp))
                break;
            if (decoded == 0)
                result.firstDurationMs = timestamp - previous;
            previous = timestamp;
            ++decoded;
        }
        if (decoded == int(info.frame_count))
            result.frames = decoded;
    }
    WebPAnimDecoderDelete(decoder);
    return result;
}

struct DecodedGif {
    int frames = -1;
    QSize size;
    int firstDelay = -1;
};

DecodedGif decodeGif(const QString& path) {
    DecodedGif result;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &error);
    if (!gif)
        return result;
    if (DGifSlurp(gif) == GIF_OK) {
        result.frames = gif->ImageCount;
        result.size = QSize(gif->SWidth, gif->SHeight);
        GraphicsControlBlock control;
        if (gif->ImageCount > 0 && DGifSavedExtensionToGCB(gif, 0, &control) == GIF_OK)
            result.firstDelay = control.DelayTime;
    }
    DGifCloseFile(gif, &error);
    return result;
}

}  // namespace

class TestReplayExport : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QTemporaryDir settingsDir_;
    QStringList errors_;
    std::unique_ptr<MainWindow> window_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        useTemporarySettings(settingsDir_);
        const QString corpus = writeFile(dir_, QStringLiteral("c.txt"), topicCorpus(50));
        const QString path = dir_.filePath(QStringLiteral("run.embedscope"));
        writeSession(path.toStdString(), testSession(corpus));
        window_ = newQuietWindow(errors_);
        QVERIFY(!window_->replayExport()->action()->isEnabled());  // nothing to replay yet
        QSignalSpy opened(window_->sessions(), &SessionActions::sessionOpened);
        QVERIFY(window_->sessions()->openSession(path));
        QVERIFY(opened.wait(10000));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        QCOMPARE(window_->timelineBar()->frameCount(), kFrames);
        QVERIFY(window_->replayExport()->action()->isEnabled());
    }
    void init() { errors_.clear(); }

    void csvHoldsEveryFrameAtTheBarsPositions() {
        const QString path = dir_.filePath(QStringLiteral("replay.csv"));
        QVERIFY(window_->replayExport()->exportReplay(path, ReplayExport::Format::Csv));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.front(), QByteArray("frame,seconds,epoch,word,x,y"));
        QCOMPARE(lines.size(), 1 + kFrames * kTracked + 1);  // the last line ends with '\n'
        QVERIFY(lines.back().isEmpty());
        // Row 3 of frame 5 names its word quoted and sits where the bar places it.
        const int frame = 5;
        window_->timelineBar()->setCurrentFrame(frame - 1);
        const TimelineReplay& shown = *window_->timelineBar()->replay();
        TimelineReplay replay = shown;
        const RowMatrixXf positions = replay.positions(frame - 1);
        const QByteArray line = lines[1 + (frame - 1) * kTracked + 3];
        QVERIFY2(line.startsWith("5,2,2,\"comma,word\","), line.constData());
        const QList<QByteArray> xy = line.mid(line.lastIndexOf('"') + 2).split(',');
        QCOMPARE(xy.size(), 2);
        QCOMPARE(xy[0].toFloat(), positions(3, 0));
        QCOMPARE(xy[1].toFloat(), positions(3, 1));
    }

    void pngSequenceHasOneImageAFrame() {
        const QString folder = dir_.filePath(QStringLiteral("frames"));
        QVERIFY(window_->replayExport()->exportReplay(folder, ReplayExport::Format::PngSequence));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        const QStringList files =
            QDir(folder).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), kFrames);
        QCOMPARE(files.front(), QStringLiteral("frame_0001.png"));
        const QSize size = plotExportSize(*window_->plot());
        QImage first;
        QImage last;
        QVERIFY(first.load(QDir(folder).filePath(files.front())));
        QVERIFY(last.load(QDir(folder).filePath(files.back())));
        QCOMPARE(first.size(), size);
        QCOMPARE(last.size(), size);
        QVERIFY(first != last);  // the words moved
    }

    void gifDecodesToTheFramesTheBarPlays_data() {
        QTest::addColumn<double>("speed");
        QTest::newRow("1x") << 1.0;
        QTest::newRow("4x") << 4.0;
        QTest::newRow("0.5x") << 0.5;
    }
    void gifDecodesToTheFramesTheBarPlays() {
        QFETCH(double, speed);
        window_->timelineBar()->setSpeed(speed);
        const QString path = dir_.filePath(QStringLiteral("replay-%1.gif").arg(speed));
        QVERIFY(window_->replayExport()->exportReplay(path, ReplayExport::Format::Gif));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        const DecodedGif gif = decodeGif(path);
        qInfo("%d frames of %dx%d: %lld bytes", gif.frames, gif.size.width(), gif.size.height(),
              qlonglong(QFileInfo(path).size()));
        // The bar steps floor(speed) frames a tick from the first, and ends on the last.
        const int step = std::max(1, int(speed));
        const int expected = (kFrames - 1 + step - 1) / step + 1;
        QCOMPARE(gif.frames, expected);
        QCOMPARE(gif.frames, window_->replayExport()->frameCountFor(ReplayExport::Format::Gif));
        QCOMPARE(gif.size, plotExportSize(*window_->plot()));
        // A tick is 50 ms at 1x and above, longer below.
        QCOMPARE(gif.firstDelay, int(5 / std::min(speed, 1.0)));
    }

    // The animated WebP holds the frames the GIF holds, at the same pace, looping forever, and
    // libwebp's decoder reads every one of them.
    void webpDecodesToTheFramesTheBarPlays_data() {
        QTest::addColumn<double>("speed");
        QTest::newRow("1x") << 1.0;
        QTest::newRow("4x") << 4.0;
        QTest::newRow("0.25x") << 0.25;
    }
    void webpDecodesToTheFramesTheBarPlays() {
        QFETCH(double, speed);
        window_->timelineBar()->setSpeed(speed);
        const QString path = dir_.filePath(QStringLiteral("replay-%1.webp").arg(speed));
        QVERIFY(window_->replayExport()->exportReplay(path, ReplayExport::Format::Webp));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join('\n')));
        const DecodedWebp webp = decodeWebp(path);
        qInfo("%d frames of %dx%d: %lld bytes", webp.frames, webp.size.width(), webp.size.height(),
              qlonglong(QFileInfo(path).size()));
        const int step = std::max(1, int(speed));
        const int expected = (kFrames - 1 + step - 1) / step + 1;
        QCOMPARE(webp.frames, expected);
        QCOMPARE(webp.frames, window_->replayExport()->frameCountFor(ReplayExport::Format::Webp));
        QCOMPARE(webp.size, plotExportSize(*window_->plot()));
        QCOMPARE(webp.firstDurationMs, int(50 / std::min(speed, 1.0)));
        QCOMPARE(webp.loops, 0);  // forever
    }

    // A file in a folder that does not exist: named in one error, nothing written.
    void unwritablePathIsAnError_data() {
        QTest::addColumn<int>("format");
        QTest::newRow("csv") << int(ReplayExport::Format::Csv);
        QTest::newRow("gif") << int(ReplayExport::Format::Gif);
        QTest::newRow("webp") << int(ReplayExport::Format::Webp);
    }
    void unwritablePathIsAnError() {
        QFETCH(int, format);
        const QString path = dir_.filePath(QStringLiteral("missing/replay.out"));
        QVERIFY(!window_->replayExport()->exportReplay(path, ReplayExport::Format(format)));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.front().contains(path), qPrintable(errors_.front()));
        QVERIFY(!QFile::exists(path));
    }

    void nothingToReplayIsAnError() {
        auto empty = newQuietWindow(errors_);
        const QString path = dir_.filePath(QStringLiteral("none.gif"));
        QVERIFY(!empty->replayExport()->exportReplay(path, ReplayExport::Format::Gif));
        QCOMPARE(errors_.size(), 1);
        QVERIFY(!QFile::exists(path));
    }

    void cleanupTestCase() { window_.reset(); }
};

EMBEDSCOPE_TEST_MAIN(TestReplayExport)
#include "tst_replayexport.moc"
