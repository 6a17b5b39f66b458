// Draws the scatter plot's points fast enough for millions of them, without a widget.
//
// One pass over all points maps each to a device pixel of the plot area and counts it there
// (a density image: a 16-bit count and the lowest "key" per pixel, e.g. the colour index of the
// most frequent word that landed there). Zoomed out, where far more points are visible than fit
// as sprites, the plot draws densityImage(): every pixel that holds points gets the colour of its
// key, more opaque the more points it holds (on a log scale, relative to the fullest pixel). Zoomed
// in, a cheaper pass has listed the few visible points in order, and the plot draws each as a
// sprite. With many points the pass runs on several threads, each over a slice of the points
// into buffers of its own, merged afterwards (saturating add of counts, minimum of keys).
#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QtGlobal>

#include <cstdint>
#include <vector>

#include "PlotTransform.h"

namespace embedscope {

class PlotPointRenderer {
public:
    struct Frame {
        const QPointF* positions = nullptr;  // data coordinates
        qsizetype count = 0;
        const quint8* keys = nullptr;  // per point; the lowest key in a pixel colours it
        PlotTransform transform;       // data -> logical pixels
        QRectF area;                   // the plot area in logical pixels
        qreal devicePixelRatio = 1.0;  // the density image has area * ratio device pixels
        double listMargin = 0.0;  // points this far (logical pixels) outside the area are listed
        qsizetype listLimit = 0;  // visible points are listed while there are at most this many
    };

    // Threads used for a frame of `count` points: 1 below kParallelPoints, else up to the cores.
    static int threadsFor(qsizetype count);
    static constexpr qsizetype kParallelPoints = 200000;

    // The pass over all points: lists the visible ones if there are at most listLimit, else
    // fills the density buffers. threads <= 0: threadsFor(frame.count).
    void accumulate(const Frame& frame, int threads = 0);

    // Points inside the area plus listMargin (non-finite positions never are).
    qsizetype visibleCount() const { return visibleCount_; }
    // The visible points' indices in increasing order, if there were at most listLimit of them.
    bool hasVisibleList() const { return visibleCount_ <= listLimit_; }
    const std::vector<int>& visibleIndices() const { return visible_; }

    // Device-pixel size of the density buffers; counts and keys of one device pixel (tests).
    // The buffers and maxCount() hold the last frame only if it was not listed.
    int width() const { return width_; }
    int height() const { return height_; }
    int countAt(int x, int y) const { return counts_[std::size_t(y) * width_ + x]; }
    int keyAt(int x, int y) const { return keys_[std::size_t(y) * width_ + x]; }
    int maxCount() const { return maxCount_; }

    // The density image (premultiplied ARGB, devicePixelRatio set): transparent where no point
    // fell; else keyColours[key] with its alpha scaled by
    //     opacity(c) = kMinOpacity + (1 - kMinOpacity) * log(c) / log(maxCount)
    // so that a lone point still shows and the fullest pixel is as opaque as its colour.
    // keyColours has 256 entries. dotSize 2 draws each point as 2 x 2 device pixels (an empty
    // pixel takes the colour of its left, upper or upper-left neighbour, the lowest key winning):
    // where points are sparse, single pixels are hard to see. The image is reused by the next call.
    const QImage& densityImage(const QRgb* keyColours, int dotSize = 1);
    static constexpr double kMinOpacity = 0.55;

private:
    struct Slice {
        std::vector<quint16> counts;
        std::vector<quint8> keys;
        std::vector<int> visible;
        qsizetype visibleCount = 0;
    };
    void accumulateSlice(const Frame& frame, qsizetype begin, qsizetype end, Slice& slice) const;
    bool listVisible(const Frame& frame);  // false when more than listLimit are visible

    int width_ = 0, height_ = 0;
    qreal devicePixelRatio_ = 1.0;
    int maxCount_ = 0;
    qsizetype visibleCount_ = 0;
    qsizetype listLimit_ = 0;
    std::vector<quint16> counts_;
    std::vector<quint8> keys_;
    std::vector<int> visible_;
    std::vector<Slice> slices_;  // the other threads' buffers, kept between frames
    QImage image_;
};

}  // namespace embedscope
