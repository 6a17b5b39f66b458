#include "PlotPointRenderer.h"

#include <algorithm>
#include <cmath>
#include <thread>

namespace embedscope {

int PlotPointRenderer::threadsFor(qsizetype count) {
    if (count < kParallelPoints)
        return 1;
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return int(std::clamp<qsizetype>(count / (kParallelPoints / 2), 1, std::min(cores, 8)));
}

void PlotPointRenderer::accumulateSlice(const Frame& frame, qsizetype begin, qsizetype end,
                                        Slice& slice) const {
    // px = v.x + s (d.x - c.x), py = v.y - s (d.y - c.y) (PlotTransform), shifted to the area's
    // corner and scaled to device pixels: fx = ax d.x + bx, fy = ay d.y + by.
    const PlotTransform& t = frame.transform;
    const double s = t.scale(), dpr = frame.devicePixelRatio;
    const QPointF v = t.viewport().center(), c = t.dataCentre();
    const double ax = s * dpr, bx = (v.x() - s * c.x() - frame.area.left()) * dpr;
    const double ay = -s * dpr, by = (v.y() + s * c.y() - frame.area.top()) * dpr;
    const double w = width_, h = height_;
    const double margin = frame.listMargin * dpr;
    const double minX = -margin, minY = -margin, maxX = w + margin, maxY = h + margin;
    quint16* counts = slice.counts.data();
    quint8* keys = slice.keys.data();
    const quint8* pointKeys = frame.keys;
    const QPointF* positions = frame.positions;
    const qsizetype limit = frame.listLimit;
    qsizetype visible = 0;
    for (qsizetype i = begin; i < end; ++i) {
        const double fx = ax * positions[i].x() + bx;
        const double fy = ay * positions[i].y() + by;
        // Written so that NaN fails every comparison and is skipped.
        if (!(fx >= minX && fx < maxX && fy >= minY && fy < maxY))
            continue;
        if (++visible <= limit)
            slice.visible.push_back(int(i));
        if (!(fx >= 0 && fx < w && fy >= 0 && fy < h))
            continue;
        const std::size_t pixel = std::size_t(int(fy)) * std::size_t(width_) + std::size_t(int(fx));
        quint16& count = counts[pixel];
        count += count != 0xffff;
        keys[pixel] = std::min(keys[pixel], pointKeys[i]);
    }
    slice.visibleCount = visible;
}

bool PlotPointRenderer::listVisible(const Frame& frame) {
    const PlotTransform& t = frame.transform;
    const double s = t.scale(), dpr = frame.devicePixelRatio;
    const QPointF v = t.viewport().center(), c = t.dataCentre();
    const double ax = s * dpr, bx = (v.x() - s * c.x() - frame.area.left()) * dpr;
    const double ay = -s * dpr, by = (v.y() + s * c.y() - frame.area.top()) * dpr;
    const double margin = frame.listMargin * dpr;
    const double minX = -margin, minY = -margin;
    const double maxX = width_ + margin, maxY = height_ + margin;
    visible_.clear();
    for (qsizetype i = 0; i < frame.count; ++i) {
        const double fx = ax * frame.positions[i].x() + bx;
        const double fy = ay * frame.positions[i].y() + by;
        if (!(fx >= minX && fx < maxX && fy >= minY && fy < maxY))
            continue;
        if (qsizetype(visible_.size()) == frame.listLimit) {
            visible_.clear();
            return false;
        }
        visible_.push_back(int(i));
    }
    visibleCount_ = qsizetype(visible_.size());
    maxCount_ = 0;
    return true;
}

void PlotPointRenderer::accumulate(const Frame& listedFrame, int threads) {
    width_ = std::max(1, int(std::ceil(listedFrame.area.width() * listedFrame.devicePixelRatio)));
    height_ = std::max(1, int(std::ceil(listedFrame.area.height() * listedFrame.devicePixelRatio)));
    listLimit_ = listedFrame.listLimit;
    devicePixelRatio_ = listedFrame.devicePixelRatio;
    // Few points in view: listing them is all the caller needs, and it spares the density
    // buffers' clearing and scattered increments. The listing gives up at the first point over
    // the limit, which comes early when many are in view.
    if (listedFrame.listLimit > 0 && listVisible(listedFrame))
        return;
    Frame frame = listedFrame;
    frame.listLimit = 0;  // too many: the density pass lists nothing
    const std::size_t pixels = std::size_t(width_) * std::size_t(height_);
    if (threads <= 0)
        threads = threadsFor(frame.count);
    threads = int(std::clamp<qsizetype>(threads, 1, std::max<qsizetype>(1, frame.count)));

    auto reset = [&](Slice& slice) {
        slice.counts.assign(pixels, 0);
        slice.keys.assign(pixels, 0xff);
        slice.visible.clear();
        slice.visibleCount = 0;
    };
    // Slice 0 works in this object's own buffers; the others in slices_[1..].
    slices_.resize(std::size_t(threads));
    slices_[0].counts.swap(counts_);
    slices_[0].keys.swap(keys_);
    slices_[0].visible.swap(visible_);
    auto bounds = [&](int k) { return frame.count * k / threads; };
    {
        std::vector<std::thread> workers;
        for (int k = 1; k < threads; ++k)
            workers.emplace_back([&, k] {
                reset(slices_[std::size_t(k)]);
                accumulateSlice(frame, bounds(k), bounds(k + 1), slices_[std::size_t(k)]);
            });
        reset(slices_[0]);
        accumulateSlice(frame, bounds(0), bounds(1), slices_[0]);
        for (std::thread& worker : workers)
            worker.join();
    }
    slices_[0].counts.swap(counts_);
    slices_[0].keys.swap(keys_);
    slices_[0].visible.swap(visible_);
    visibleCount_ = slices_[0].visibleCount;
    for (int k = 1; k < threads; ++k) {
        const Slice& slice = slices_[std::size_t(k)];
        visibleCount_ += slice.visibleCount;
        for (std::size_t p = 0; p < pixels; ++p) {
            counts_[p] = quint16(std::min<int>(0xffff, counts_[p] + slice.counts[p]));
            keys_[p] = std::min(keys_[p], slice.keys[p]);
        }
    }
    visible_.clear();
    maxCount_ = counts_.empty() ? 0 : int(*std::max_element(counts_.begin(), counts_.end()));
}

const QImage& PlotPointRenderer::densityImage(const QRgb* keyColours, int dotSize) {
    if (image_.width() != width_ || image_.height() != height_ ||
        image_.format() != QImage::Format_ARGB32_Premultiplied)
        image_ = QImage(width_, height_, QImage::Format_ARGB32_Premultiplied);
    image_.setDevicePixelRatio(devicePixelRatio_);
    // Opacity per count, 0..255, from a table: a frame has at most maxCount distinct counts.
    std::vector<quint8> opacity(std::size_t(maxCount_) + 1, 0);
    const double logMax = std::log(std::max(2, maxCount_));
    for (int c = 1; c <= maxCount_; ++c)
        opacity[std::size_t(c)] = quint8(std::lround(
            255.0 * (kMinOpacity + (1.0 - kMinOpacity) * std::min(1.0, std::log(c) / logMax))));
    auto shade = [&](int count, int key) {
        const QRgb colour = keyColours[key];
        const int alpha = (qAlpha(colour) * opacity[std::size_t(count)] + 127) / 255;
        return qPremultiply(qRgba(qRed(colour), qGreen(colour), qBlue(colour), alpha));
    };
    const std::size_t w = std::size_t(width_);
    for (int y = 0; y < height_; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image_.scanLine(y));
        const quint16* counts = &counts_[std::size_t(y) * w];
        const quint8* keys = &keys_[std::size_t(y) * w];
        for (int x = 0; x < width_; ++x)
            line[x] = counts[x] ? shade(counts[x], keys[x]) : 0;
        if (dotSize < 2)
            continue;
        // Grows every point by one pixel to the right and down, from the undilated buffers.
        const quint16* upCounts = y > 0 ? counts - w : nullptr;
        const quint8* upKeys = y > 0 ? keys - w : nullptr;
        for (int x = 0; x < width_; ++x) {
            if (counts[x])
                continue;
            int bestCount = 0, bestKey = 256;
            auto consider = [&](int count, int key) {
                if (count && key < bestKey) {
                    bestCount = count;
                    bestKey = key;
                }
            };
            if (x > 0)
                consider(counts[x - 1], keys[x - 1]);
            if (upCounts) {
                consider(upCounts[x], upKeys[x]);
                if (x > 0)
                    consider(upCounts[x - 1], upKeys[x - 1]);
            }
            if (bestCount)
                line[x] = shade(bestCount, bestKey);
        }
    }
    return image_;
}

}  // namespace embedscope
