#include "PlotColours.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace embedscope::plotcolours {

namespace {

constexpr QRgb kViridisStops[] = {0xff440154, 0xff482878, 0xff3e4989, 0xff31688e, 0xff26828e,
                                  0xff1f9e89, 0xff35b779, 0xff6ece58, 0xfffde725};

// Tableau 20, reordered so that the ten dark hues come first: with few categories, the colours
// differ in hue, not only in lightness. Its two greys are replaced (by indigo and olive from
// Tableau's "20b"): grey means "other" and "no value" here.
constexpr QRgb kTableau20[] = {0xff1f77b4, 0xffff7f0e, 0xff2ca02c, 0xffd62728, 0xff9467bd,
                               0xff8c564b, 0xffe377c2, 0xff393b79, 0xffbcbd22, 0xff17becf,
                               0xffaec7e8, 0xffffbb78, 0xff98df8a, 0xffff9896, 0xffc5b0d5,
                               0xffc49c94, 0xfff7b6d2, 0xff637939, 0xffdbdb8d, 0xff9edae5};
static_assert(std::size(kTableau20) == kCategoryColours);

}  // namespace

QRgb categoryColour(int index) {
    const QRgb c = kTableau20[std::clamp(index, 0, kCategoryColours - 1)];
    return qRgba(qRed(c), qGreen(c), qBlue(c), kPointAlpha);
}

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
