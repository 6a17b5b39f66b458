#include "PlotColouring.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

#include "PlotColours.h"
#include "PlotWidget.h"

namespace embedscope {

namespace {

using namespace plotcolours;
static_assert(PlotColouring::kOtherKey == kCategoryColours);

QVector<QRgb> basePalette() {
    QVector<QRgb> palette(256, kNoValue);
    palette[PlotColouring::kHiddenKey] = 0;
    return palette;
}

QString tr(const char* text) {
    return QCoreApplication::translate("PlotColouring", text);
}

}  // namespace

QVector<int> PlotColouring::listedEntries() const {
    QVector<int> entries;
    for (int e = 0; e < legend.size(); ++e)
        if (legend[e].count > 0 && !legend[e].name.isEmpty())
            entries.append(e);
    return entries;
}

QVector<quint8> PlotColouring::visibleKeys(const QVector<bool>& hiddenEntries) const {
    if (std::none_of(hiddenEntries.begin(), hiddenEntries.end(), [](bool h) { return h; }))
        return keys;
    QVector<quint8> visible = keys;
    for (quint8& key : visible)
        if (key < hiddenEntries.size() && hiddenEntries[key])
            key = kHiddenKey;
    return visible;
}

PlotColouring frequencyColouring(qsizetype words) {
    PlotColouring c;
    c.palette = basePalette();
    const QVector<QRgb>& ranks = rankPalette();
    std::copy(ranks.begin(), ranks.end(), c.palette.begin());
    c.keys.resize(words);
    for (qsizetype i = 0; i < words; ++i)
        c.keys[i] = rankColourIndex(i, words);
    return c;
}

PlotColouring columnColouring(const MetadataColumn& column, const QVector<PlotWord>& words,
                              const QStringList& categoryLabels) {
    PlotColouring c;
    c.title = QString::fromStdString(column.name);
    c.palette = basePalette();
    c.keys.resize(words.size());
    const qsizetype rows = qsizetype(column.rows());
    if (column.kind == MetadataColumn::Kind::Categorical) {
        c.kind = PlotColouring::Kind::Categorical;
        c.categoryLabels = categoryLabels;
        const int categories = int(column.categories.size());
        const int coloured = std::min(categories, kCategoryColours);
        for (int k = 0; k < coloured; ++k) {
            c.palette[k] = categoryColour(k);
            c.legend.append(
                {QString::fromStdString(column.categories[std::size_t(k)]), c.palette[k], 0});
        }
        c.legend.resize(PlotColouring::kNoValueKey + 1);
        c.palette[PlotColouring::kOtherKey] = kOtherCategory;
        c.legend[PlotColouring::kOtherKey] = {
            tr("other (%1 categories)").arg(std::max(0, categories - kCategoryColours)),
            kOtherCategory, 0};
        c.legend[PlotColouring::kNoValueKey] = {tr("no value"), kNoValue, 0};
        for (qsizetype i = 0; i < words.size(); ++i) {
            const int row = words[i].vocabIndex;
            const int category = row >= 0 && row < rows ? column.categoryOfRow[std::size_t(row)]
                                                        : MetadataColumn::kNoCategory;
            const int key = category < 0 || category >= categories ? PlotColouring::kNoValueKey
                            : category < kCategoryColours          ? category
                                                                   : PlotColouring::kOtherKey;
            c.keys[i] = quint8(key);
            ++c.legend[key].count;
        }
        return c;
    }
    c.kind = PlotColouring::Kind::Numeric;
    const QVector<QRgb>& gradient = rankPalette();
    static_assert(PlotColouring::kNumericSteps == kPaletteSize);
    std::copy(gradient.begin(), gradient.end(), c.palette.begin());
    auto valueOf = [&](qsizetype i) {
        const int row = words[i].vocabIndex;
        return row >= 0 && row < rows ? column.valueOfRow[std::size_t(row)]
                                      : MetadataColumn::missingValue();
    };
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const float v = valueOf(i);
        if (std::isfinite(v)) {
            lo = std::min(lo, double(v));
            hi = std::max(hi, double(v));
        }
    }
    c.legend.resize(PlotColouring::kNumericSteps + 1);
    c.legend[PlotColouring::kNumericSteps] = {tr("no value"), kNoValue, 0};
    c.minimum = lo <= hi ? lo : 0;
    c.maximum = lo <= hi ? hi : 0;
    const double span = c.maximum - c.minimum;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const float v = valueOf(i);
        int key = PlotColouring::kNumericSteps;
        if (std::isfinite(v))
            key = span > 0 ? int(std::lround((PlotColouring::kNumericSteps - 1) *
                                             (double(v) - c.minimum) / span))
                           : 0;
        c.keys[i] = quint8(key);
        ++c.legend[key].count;
    }
    return c;
}

}  // namespace embedscope
