// A diverging colour map for signed values: blue for negative, white at zero, red for positive
// (ColorBrewer RdBu end points). Used by the heat strip and the similarity heatmaps so that the
// same colour means the same value everywhere.
#pragma once

#include <QColor>

#include <algorithm>

namespace embedscope {

// t in [-1, 1] (clamped). Linear in RGB between the end points and white, which keeps zero exactly
// white: an untouched weight is visibly "nothing".
inline QColor divergingColor(double t) {
    t = std::clamp(t, -1.0, 1.0);
    const QColor negative(33, 102, 172), positive(178, 24, 43), zero(247, 247, 247);
    const QColor& end = t < 0 ? negative : positive;
    const double a = std::abs(t);
    return QColor::fromRgbF(static_cast<float>(zero.redF() + a * (end.redF() - zero.redF())),
                            static_cast<float>(zero.greenF() + a * (end.greenF() - zero.greenF())),
                            static_cast<float>(zero.blueF() + a * (end.blueF() - zero.blueF())));
}

}  // namespace embedscope
