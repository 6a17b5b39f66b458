// What colours the plotted words, without a widget: a palette key per word, the 256-entry palette
// the keys index (PlotPointRenderer's keys), and the legend. Three kinds:
//  - frequency: the rank palette (plotcolours::rankColourIndex), a "frequent - rare" bar;
//  - a categorical MetadataColumn: the first kCategoryColours categories (the column keeps them
//    most frequent first) get Tableau colours, every later one is "other" (grey), rows without a
//    value are "no value"; the legend lists each with its count among the plotted words;
//  - a numeric MetadataColumn: Viridis from the plotted words' minimum to their maximum.
// Legend entries can be hidden (isolating one hides all others): their points get kHiddenKey,
// which the palette maps to transparent and which sorts last, so that in a density pixel a
// visible point's key wins over a hidden one (the lowest key colours a pixel).
#pragma once

#include <QRgb>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

#include "MetadataColumn.h"

namespace embedscope {

struct PlotWord;

struct PlotColouring {
    enum class Kind { Frequency, Categorical, Numeric };
    static constexpr quint8 kHiddenKey = 255;

    struct LegendEntry {
        QString name;  // a category, "other (N categories)" or "no value"
        QRgb colour = 0;
        qsizetype count = 0;  // plotted words with this key
    };

    Kind kind = Kind::Frequency;
    QString title;          // the column's name ("" for frequency)
    QVector<quint8> keys;   // per plotted word, hidden entries included
    QVector<QRgb> palette;  // 256 colours; kHiddenKey transparent
    // Categorical and numeric: entry e is key e (numeric: only "no value", at key kNumericSteps).
    QVector<LegendEntry> legend;
    double minimum = 0, maximum = 0;  // numeric: the plotted words' range
    // Optional text per category shown on the map at the category's centre (k-means labels).
    QStringList categoryLabels;

    static constexpr int kNumericSteps = 32;  // gradient keys 0..31
    // Categorical: the key of "other" and of "no value".
    static constexpr int kOtherKey = 20;
    static constexpr int kNoValueKey = 21;

    // The legend's entries that have plotted words (what the legend lists and a click can hide).
    QVector<int> listedEntries() const;
    // keys with the hidden entries' keys replaced by kHiddenKey.
    QVector<quint8> visibleKeys(const QVector<bool>& hiddenEntries) const;
    // The category a categorical key stands for, or -1 for "other" and "no value".
    int categoryOfKey(int key) const { return key < kOtherKey ? key : -1; }
};

PlotColouring frequencyColouring(qsizetype words);
// words[i].vocabIndex is the column's row; rows beyond the column have no value.
PlotColouring columnColouring(const MetadataColumn& column, const QVector<PlotWord>& words,
                              const QStringList& categoryLabels = {});

}  // namespace embedscope
