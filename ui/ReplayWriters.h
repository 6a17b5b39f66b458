// Writers for File > Export > Replay (issue 18): the replayed positions as CSV, and the frames'
// images as an animated GIF or WebP. The frames are the bar's: each projected by TimelineReplay
// as the bar shows them. Writes go through core's AtomicOutput and throw Error naming the file.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "AtomicOutput.h"
#include "JobControl.h"
#include "TimelineReplay.h"

struct GifFileType;      // giflib's, in gif_lib.h
struct WebPAnimEncoder;  // libwebpmux's, in webp/mux.h

namespace embedscope {

// "frame,seconds,epoch,word,x,y" header, then for each frame (1-based, in recorded order) one row
// per tracked word, in the replay's row order; words[i] names replay.rows()[i]. Coordinates with
// %.9g (float round trip). Reports progress per frame and stops on a cancel (the earlier file
// stays).
void writeReplayCsv(const QString& path, TimelineReplay& replay, const QStringList& words,
                    const JobControl& control);

// The frames an animation shows at a replay speed, as the timeline bar plays them: every
// max(1, floor(speed))-th frame from the first, and the last frame always.
std::vector<int> animationFrames(int frameCount, double speed);
// The delay of one animation frame in hundredths of a second: the bar's 50 ms tick, longer below
// 1x (0.25x: 20 cs).
int animationDelayCentiseconds(double speed);
// The prefix-free name of frame `index` (0-based) in a PNG sequence of `count` frames:
// frame_0001.png, ... (more digits past 9,999 frames, so that names sort in frame order).
QString sequenceFrameName(int index, int count);

// An animated GIF written a frame at a time with Debian's giflib, looping forever. Every frame is
// mapped onto one fixed 252-colour palette (a 6 x 7 x 6 RGB cube, green getting the extra level as
// the eye is most sensitive to it): the plot's white background, black text and saturated point
// colours sit on or near cube colours, and one global palette keeps frames consistent (no
// flicker from per-frame palettes) at a worst error of 25 levels a channel.
class GifWriter {
public:
    // Throws Error naming path when it cannot be written.
    GifWriter(const QString& path, QSize size, int delayCentiseconds);
    GifWriter(const GifWriter&) = delete;
    GifWriter& operator=(const GifWriter&) = delete;

    // image is scaled to the GIF's size if it differs.
    void addFrame(const QImage& image);
    // Writes the trailer and replaces the file atomically. Without it the earlier file stays.
    void commit();

private:
    void check(int result, const char* what);

    QString path_;
    QSize size_;
    int delay_;
    AtomicOutput output_;
    struct Closer {
        void operator()(::GifFileType* gif) const;  // EGifCloseFile
    };
    // After output_: destroyed first, an uncommitted GIF is closed before its output is discarded
    // (also when the constructor throws).
    std::unique_ptr<::GifFileType, Closer> gif_;
    std::vector<unsigned char> line_;
};

// An animated WebP written with Debian's libwebp (WebPAnimEncoder, libwebpmux), looping forever.
// Frames are encoded losslessly at a fast effort (the plot's flat colours and thin text compress
// well without loss, and lossy coding blurs the labels); the encoder stores each frame as its
// difference from the previous one. The encoded frames are held until commit() assembles the
// file (a few KB to tens of KB a frame for a plot), then it replaces the file atomically.
class WebpWriter {
public:
    // Throws Error naming path when it cannot be written or the encoder cannot be made.
    WebpWriter(const QString& path, QSize size, int frameMilliseconds);
    WebpWriter(const WebpWriter&) = delete;
    WebpWriter& operator=(const WebpWriter&) = delete;

    // image is scaled to the animation's size if it differs.
    void addFrame(const QImage& image);
    // Assembles the animation and replaces the file atomically. Without it the earlier file
    // stays.
    void commit();

private:
    [[noreturn]] void fail(const std::string& what) const;

    QString path_;
    QSize size_;
    int frameMs_;
    int timestampMs_ = 0;
    AtomicOutput output_;
    struct Deleter {
        void operator()(::WebPAnimEncoder* encoder) const;  // WebPAnimEncoderDelete
    };
    std::unique_ptr<::WebPAnimEncoder, Deleter> encoder_;
};

}  // namespace embedscope
