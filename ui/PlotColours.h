// The scatter plot's colour scheme, without a widget: the light theme's fixed colours and the
// frequency-rank palette (Viridis) that colours the points and the legend.
#pragma once

#include <QColor>
#include <QVector>
#include <QtGlobal>

namespace embedscope::plotcolours {

// Light theme.
constexpr QRgb kBackground = 0xffffffff;
constexpr QRgb kGridLine = 0xffeef0f4;
constexpr QRgb kOriginLine = 0xffc3c8d0;
constexpr QRgb kTickText = 0xff9aa1ab;
constexpr QRgb kAxisText = 0xff495057;
constexpr QRgb kLabelText = 0xff2b3036;
constexpr QRgb kDimmedPoint = 0x70b8bec7;  // non-matching points while a highlight is active
constexpr QRgb kDimmedLabel = 0xffa7adb5;
constexpr QRgb kHighlightPoint = 0xffe8590c;
constexpr QRgb kHighlightLabel = 0xffc2410c;
constexpr QRgb kSelected = 0xffd6336c;
constexpr QRgb kReplayTrail = 0xff3b5bdb;  // the replay's trails of selected words but kSelected's
constexpr QRgb kLabelBackground = 0xa0ffffff;
constexpr QRgb kEmptyText = 0xff868e96;

// Only the darker 85% of Viridis is used: its yellow end vanishes on a white background.
constexpr double kViridisUsed = 0.85;
constexpr int kPaletteSize = 32;
constexpr int kPointAlpha = 215;  // overlapping points darken: density stays visible

// Viridis (perceptually uniform, readable in grey scale) at t in [0, 1], interpolated between nine
// stops; t outside is clamped.
QColor viridis(double t);

// kPaletteSize colours from Viridis(0) to Viridis(kViridisUsed), alpha kPointAlpha: entry 0 is
// the most frequent words' colour.
const QVector<QRgb>& rankPalette();

// The palette entry of the word of frequency rank `rank` (0: most frequent) among `count` words.
// On a log scale, log(1 + rank) / log(count): the head of a Zipf distribution is where the counts
// differ most, so it gets most of the colour range. Rank 0 gets 0, rank count - 1 the last entry.
quint8 rankColourIndex(qsizetype rank, qsizetype count);

// Categories: Tableau 20 (ten hues, each dark and light), an established palette whose colours
// stay apart up to about 20; more categories than that share kOtherCategory, and rows without a
// value get kNoValue (a lighter grey).
constexpr int kCategoryColours = 20;
QRgb categoryColour(int index);  // index in [0, kCategoryColours), alpha kPointAlpha
constexpr QRgb kOtherCategory = 0xd7868e96;
constexpr QRgb kNoValue = 0xa0ced4da;

}  // namespace embedscope::plotcolours
