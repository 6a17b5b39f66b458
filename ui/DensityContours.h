// Density contours of a large point set, without a widget (View > Density contours): where
// millions of points merge into one blot, iso-lines of their smoothed density show its shape,
// as Embedding Atlas draws them.
//
// The points are counted on a grid of kCell-pixel cells over the plot area, the counts smoothed
// by three passes of a box blur (together close to a Gaussian of sigma ~ kBlurCells cells,
// by the central limit theorem), and each level's iso-line traced by marching squares: every
// 2 x 2 block of cell centres whose corners lie on both sides of the level gets one segment (two
// at a saddle), its ends interpolated linearly along the block's edges. The levels are fractions
// of the densest cell's value, spaced geometrically (densities of embeddings span orders of
// magnitude).
#pragma once

#include <QLineF>
#include <QRectF>
#include <QVector>

#include "PlotTransform.h"

namespace embedscope {

struct DensityContours {
    static constexpr double kCell = 4.0;  // pixels per grid cell
    static constexpr int kBlurCells = 3;  // box radius of each blur pass, in cells
    static constexpr double kLevelFractions[] = {0.04, 0.12, 0.3, 0.6};

    QVector<double> thresholds;       // per level, in smoothed points per cell
    QVector<QVector<QLineF>> levels;  // per level, the iso-line's segments in pixels
};

// Contours of the points (data coordinates) drawn through transform into area; a point whose
// key is skipKey (hidden) does not count. keys may be null.
DensityContours densityContours(const QVector<QPointF>& positions, const quint8* keys,
                                quint8 skipKey, const PlotTransform& transform, const QRectF& area);

}  // namespace embedscope
