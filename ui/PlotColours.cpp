#include "PlotColours.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace embedscope::plotcolours {

namespace {

constexpr QRgb kViridisStops[] = {0xff440154, 0xff482878, 0xff3e4989, 0xff31688e, 0xff26828e,
                                  0xff1f9e89, 0xff35b779, 0xff6ece58, 0xfffde725};

}  // namespace

QColor viridis(double t) {
    constexpr int last = int(std::size(kViridisStops)) - 1;
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * last;
    const int i = std::min(int(t), last - 1);
    const double f = t - i;
    const QColor a = QColor::fromRgb(kViridisStops[i]);
    const QColor b = QColor::fromRgb(kViridisStops[i + 1]);
    return QColor::fromRgbF(float(a.redF() + f * (b.redF() - a.redF())),
                            float(a.greenF() + f * (b.greenF() - a.greenF())),
                            float(a.blueF() + f * (b.blueF() - a.blueF())));
}

const QVector<QRgb>& rankPalette() {
    static const QVector<QRgb> colours = [] {
        QVector<QRgb> result;
        for (int i = 0; i < kPaletteSize; ++i) {
            QColor c = viridis(kViridisUsed * i / (kPaletteSize - 1));
            c.setAlpha(kPointAlpha);
            result.append(c.rgba());
        }
        return result;
    }();
    return colours;
}

quint8 rankColourIndex(qsizetype rank, qsizetype count) {
    if (count <= 1 || rank <= 0)
        return 0;
    rank = std::min(rank, count - 1);
    const double logN = std::log1p(double(count - 1));
    return quint8(std::lround((kPaletteSize - 1) * std::log1p(double(rank)) / logN));
}

}  // namespace embedscope::plotcolours
