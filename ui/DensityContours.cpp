#include "DensityContours.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace embedscope {

namespace {

// One box-blur pass of radius r along rows (stride 1) or columns (stride width), in place via
// a running sum over a copy of the line.
void boxBlur(std::vector<float>& grid, int width, int height, int r, bool alongRows) {
    const int lines = alongRows ? height : width;
    const int length = alongRows ? width : height;
    const std::size_t step = alongRows ? 1 : std::size_t(width);
    std::vector<float> line(static_cast<std::size_t>(length));
    for (int l = 0; l < lines; ++l) {
        const std::size_t start = alongRows ? std::size_t(l) * width : std::size_t(l);
        for (int i = 0; i < length; ++i)
            line[std::size_t(i)] = grid[start + std::size_t(i) * step];
        double sum = 0;
        for (int i = 0; i <= r && i < length; ++i)
            sum += line[std::size_t(i)];
        for (int i = 0; i < length; ++i) {
            grid[start + std::size_t(i) * step] = float(sum / (2 * r + 1));
            if (i + r + 1 < length)
                sum += line[std::size_t(i + r + 1)];
            if (i - r >= 0)
                sum -= line[std::size_t(i - r)];
        }
    }
}

}  // namespace

DensityContours densityContours(const QVector<QPointF>& positions, const quint8* keys,
                                quint8 skipKey, const PlotTransform& transform,
                                const QRectF& area) {
    DensityContours result;
    constexpr double cell = DensityContours::kCell;
    // A border of blur cells on each side, so that lines close around points near the edge.
    const int border = 3 * DensityContours::kBlurCells;
    const int width = int(std::ceil(area.width() / cell)) + 2 * border;
    const int height = int(std::ceil(area.height() / cell)) + 2 * border;
    if (width <= 2 * border || height <= 2 * border)
        return result;
    std::vector<float> grid(std::size_t(width) * height, 0.0f);
    for (qsizetype i = 0; i < positions.size(); ++i) {
        if (keys && keys[i] == skipKey)
            continue;
        const QPointF p = transform.toPixel(positions[i]);
        if (!isFinitePoint(p))
            continue;
        const int x = int(std::floor((p.x() - area.left()) / cell)) + border;
        const int y = int(std::floor((p.y() - area.top()) / cell)) + border;
        if (x >= 0 && x < width && y >= 0 && y < height)
            grid[std::size_t(y) * width + x] += 1.0f;
    }
    for (int pass = 0; pass < 3; ++pass) {
        boxBlur(grid, width, height, DensityContours::kBlurCells, true);
        boxBlur(grid, width, height, DensityContours::kBlurCells, false);
    }
    const float peak = *std::max_element(grid.begin(), grid.end());
    if (!(peak > 0))
        return result;

    // Cell (x, y)'s centre in pixels.
    auto centreX = [&](double x) { return area.left() + (x - border + 0.5) * cell; };
    auto centreY = [&](double y) { return area.top() + (y - border + 0.5) * cell; };
    for (double fraction : DensityContours::kLevelFractions) {
        const float t = float(fraction * peak);
        QVector<QLineF> segments;
        for (int y = 0; y + 1 < height; ++y) {
            for (int x = 0; x + 1 < width; ++x) {
                const float tl = grid[std::size_t(y) * width + x];
                const float tr = grid[std::size_t(y) * width + x + 1];
                const float br = grid[std::size_t(y + 1) * width + x + 1];
                const float bl = grid[std::size_t(y + 1) * width + x];
                const int index = (tl >= t) << 3 | (tr >= t) << 2 | (br >= t) << 1 | (bl >= t);
                if (index == 0 || index == 15)
                    continue;
                // Where the level crosses each edge: 0 top, 1 right, 2 bottom, 3 left.
                auto along = [t](float a, float b) { return a == b ? 0.5 : (t - a) / (b - a); };
                auto edge = [&](int e) {
                    switch (e) {
                        case 0:
                            return QPointF(centreX(x + along(tl, tr)), centreY(y));
                        case 1:
                            return QPointF(centreX(x + 1), centreY(y + along(tr, br)));
                        case 2:
                            return QPointF(centreX(x + along(bl, br)), centreY(y + 1));
                        default:
                            return QPointF(centreX(x), centreY(y + along(tl, bl)));
                    }
                };
                auto add = [&](int a, int b) { segments.append(QLineF(edge(a), edge(b))); };
                switch (index) {
                    case 1:
                    case 14:
                        add(3, 2);
                        break;
                    case 2:
                    case 13:
                        add(2, 1);
                        break;
                    case 3:
                    case 12:
                        add(3, 1);
                        break;
                    case 4:
                    case 11:
                        add(0, 1);
                        break;
                    case 6:
                    case 9:
                        add(0, 2);
                        break;
                    case 7:
                    case 8:
                        add(3, 0);
                        break;
                    case 5:
                        add(3, 0);
                        add(2, 1);
                        break;  // saddle: tr and bl above
                    case 10:
                        add(3, 2);
                        add(0, 1);
                        break;  // saddle: tl and br above
                    default:
                        break;
                }
            }
        }
        result.thresholds.append(t);
        result.levels.append(segments);
    }
    return result;
}

}  // namespace embedscope
