// What the 2-D ScatterPlot and the 3-D PlotView3D share as widgets: the plotted words with their
// rank colours, search highlight (WordHighlight) and selection; their labels (fonts sized in
// pixels, text widths measured on demand, placed without overlap by PlotLabelPlacer); the
// placeholder shown instead of points; the hover (the point under the cursor, its tooltip of
// word, count and neighbours, pointHovered when it changes); the re-measuring when the font
// changes; the frame clock of the glide; and the multi-word selection (the selected points, the
// isolation, the Shift+drag gesture: PlotWidgetSelection.cpp).
//
// Each subclass says which point is under a pixel (pointAt), which words are offered a label
// where, and what one frame of its glide does; how the points are placed, drawn and moved, and
// how the view is navigated, is its own.
#pragma once

#include <QElapsedTimer>
#include <QFont>
#include <QFontMetricsF>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <functional>

#include "PlotColouring.h"
#include "PlotLabelPlacer.h"
#include "PlotLegend.h"
#include "PlotRegion.h"
#include "WordHighlight.h"

class QMouseEvent;
class QPainter;

namespace embedscope {

struct PlotWord {
    QString word;
    quint64 count = 0;
    int vocabIndex = -1;
};

class PlotWidget : public QWidget {
    Q_OBJECT
public:
    const QVector<PlotWord>& words() const { return words_; }
    int selectedIndex() const { return selected_; }
    // Case-insensitive substring match, or a QRegularExpression when regex is true (an invalid
    // expression matches nothing). "" clears. Matches are drawn strongly and their labels win.
    void setHighlight(const QString& pattern, bool regex);
    int highlightCount() const { return highlight_.count(); }
    // Why an invalid regular expression matches nothing, e.g. "invalid pattern at character 4:
    // missing closing parenthesis"; "" while the pattern is valid (or not a regex).
    QString highlightError() const { return highlight_.error(); }
    // What a search box says about the highlight: "" without a pattern, highlightError() for an
    // invalid one, else "N plotted match(es)".
    QString highlightSummary() const { return highlight_.summary(); }
    bool isHighlighted(int index) const { return highlight_.matches(index); }
    void setLabelsVisible(bool visible);
    bool labelsVisible() const { return labelsVisible_; }
    bool isAnimating() const { return animTimer_.isActive(); }
    // What colours the points (its keys must be one per word; setWords resets it to frequency)
    // and which of its legend entries are hidden (their points are neither drawn nor labelled).
    void setColouring(const PlotColouring& colouring, const QVector<bool>& hiddenEntries);
    const PlotColouring& colouring() const { return colouring_; }
    // The metadata legend's entry at pixel (widget coordinates), PlotLegend::kShowAll, or
    // PlotLegend::kNone (also for the frequency legend, which has no entries).
    int legendEntryAt(const QPointF& pixel) const;
    // The legend's rows as the widget shows them (tests).
    QVector<PlotLegend::Row> legendRows() const;
    bool isHiddenPoint(int index) const { return colourIndex_[index] == PlotColouring::kHiddenKey; }
    // Hover tooltip: word, count, and these neighbours (the window provides them from core).
    void setNeighbourProvider(std::function<QStringList(int index)> provider);
    // The word drawn at `pixel` (widget coordinates), or -1.
    virtual int pointAt(const QPointF& pixel) const = 0;
    // What the plot says instead of points (empty while it shows them): no words yet, too few
    // words for a projection, or waiting for the first positions.
    QString placeholderText() const;
    // The label rectangles (widget pixels) and the word indices placed by the last paint, for
    // tests: they never intersect pairwise.
    QVector<QRectF> placedLabelRects() const { return placedLabelRects_; }
    QVector<int> placedLabelIndices() const { return placedLabelIndices_; }
    // The category labels (k-means clusters) placed by the last paint: where, and what text.
    QVector<QRectF> placedCategoryLabelRects() const { return categoryLabelRects_; }
    QStringList placedCategoryLabelTexts() const { return categoryLabelTexts_; }

    // The multi-word selection (a rectangle, a lasso, or the window's): its points are drawn with
    // a ring. Indices into words(); out of range ones are dropped. setWords clears it.
    void setSelectedPoints(const std::vector<int>& indices);
    const std::vector<int>& selectedPoints() const { return multiSelected_; }  // increasing
    bool isPointSelected(int index) const {
        return index >= 0 && index < multiSelectedFlag_.size() && multiSelectedFlag_[index];
    }
    // Isolation: only these points are drawn, picked and labelled, until showAllPoints().
    // setWords shows all again.
    void isolatePoints(const std::vector<int>& indices);
    void showAllPoints();
    bool isolating() const { return isolating_; }
    bool isPointShown(int index) const {
        return !isolating_ || (index >= 0 && index < shownFlag_.size() && shownFlag_[index]);
    }
    // The outline that Shift+drag draws (Shift+Ctrl+drag adds to the selection).
    void setSelectionTool(PlotRegion::Shape shape) { selectionTool_ = shape; }
    PlotRegion::Shape selectionTool() const { return selectionTool_; }
    // The outline of a selection drag in progress (tests, painting); none: !regionActive().
    bool regionActive() const { return regionActive_; }
    const PlotRegion& region() const { return region_; }

signals:
    void pointClicked(int index);  // index into the words' order
    void pointHovered(int index);  // -1 when the cursor leaves all points
    // A click on the colour legend's entry (PlotColouring::legend), or -1 for "show all".
    void legendEntryClicked(int entry, Qt::KeyboardModifiers modifiers);
    // The highlight's matches were recomputed: a new pattern, or new words.
    void highlightChanged();
    // A selection drag ended (or a Shift+click on a point): the shown points inside its outline,
    // increasing, maybe none; add when Ctrl was held (or for a Shift+click).
    void pointsSelected(const QVector<int>& indices, bool add);

protected:
    // dims: 2 or 3, for the placeholder's "a 2-D projection needs ...". The widget tracks the
    // mouse, takes the keyboard focus and paints every pixel itself.
    PlotWidget(int dims, QWidget* parent);

    // The glide's frames, about 60 a second while it runs: each calls advanceAnimation with the
    // milliseconds since the previous one.
    void startAnimation();  // unless running
    void stopAnimation();
    virtual void advanceAnimation(double elapsedMs) = 0;

    // setWords' common part: the words, their colours and highlight; no positions, selection,
    // hover or labels yet.
    void resetWords(const QVector<PlotWord>& words);
    // The highlight's matches were recomputed; says highlightChanged.
    virtual void highlightUpdated();
    // The colouring or its hidden entries changed (the points' keys are new).
    virtual void colouringUpdated();

    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;  // font changes re-measure the labels
    bool event(QEvent* event) override;        // QEvent::ToolTip
    // The cursor moved to `pos` without a drag: a new point under it is hovered (a tooltip
    // already showing follows it at once).
    void hoverAt(const QPointF& pos, const QPoint& globalPos);

    // The metadata colouring's legend in area (null bounds for frequency, and while a search
    // highlight is shown: the matches are what the colours say then).
    PlotLegend metadataLegend(const QRectF& area, const QPaintDevice* device) const;
    // The widget's font scaled by factor, sized in pixels.
    QFont scaledFont(double factor, bool bold) const;
    // The label fonts and their metrics from the widget's font; label widths to be measured
    // again.
    virtual void updateLabelMetrics();
    QString tooltipText(int index) const;
    // A paint's labels start: none placed yet, the metrics and the sides sized for the words, and
    // labels may go anywhere in area but in the reserved rectangles.
    void beginLabels(const QRectF& area, const QVector<QRectF>& reserved);
    // Offers word index's label beside its point at pixel p (pointRadius pixels), bold when
    // strong. Measuring a word costs more than trying its sides: a word not measured yet is
    // measured only if a label could fit at all. Placed labels join placedLabelRects/Indices.
    void offerLabel(int index, const QPointF& p, double pointRadius, bool strong);
    void clearPlacedLabels();
    // Places a w x h box centred on centre if free, else beside it (PlotLabelPlacer's sides);
    // marks it taken. False when nothing fits.
    bool placeBox(const QPointF& centre, double w, double h, QRectF* placed);
    // Each labelled category's text (colouring_.categoryLabels) where its drawn points are
    // densest in area, without overlap (placeBox): call after beginLabels and before the words'
    // labels. pixelOf(i): word i's drawn pixel, non-finite where it is not drawn
    // (PlotWidgetCategoryLabels.cpp).
    void placeCategoryLabels(const QRectF& area, const std::function<QPointF(int)>& pixelOf);
    // Draws them, over the points and the words' labels.
    void paintCategoryLabels(QPainter& painter) const;

    // The selection gesture, for the subclasses' mouse handlers: a Shift+left press begins it
    // (returns false for any other press), moves extend it, the release ends it and says
    // pointsSelected; cancelRegion drops it.
    bool beginRegion(const QMouseEvent& event);
    void extendRegion(const QPointF& pos);
    void finishRegion();
    void cancelRegion();
    // The outline of the gesture in progress, over the scene (the widget's paint, not exports).
    void paintRegionOutline(QPainter& painter) const;
    // The shown points whose drawn pixel lies inside region.
    virtual std::vector<int> pointsInRegion(const PlotRegion& region) const = 0;
    // Isolation started, changed or ended: positions drawn and picked are to be filtered again.
    virtual void shownPointsChanged() {}

    static constexpr double kLabelPadX = 2.0;

    QVector<PlotWord> words_;
    QStringList texts_;  // words_[i].word, for the highlight
    // Per word, the key into colouring_.palette; hidden entries' points have kHiddenKey.
    QVector<quint8> colourIndex_;
    PlotColouring colouring_;
    QVector<bool> hiddenEntries_;  // per colouring_.legend entry
    WordHighlight highlight_;
    bool hasPositions_ = false;  // the current words have had positions
    int selected_ = -1;
    int hovered_ = -1;
    bool labelsVisible_ = true;

    QFont labelFont_, boldLabelFont_;  // strong labels (selected, hovered, matches) are bold
    float labelHeight_ = 12, labelAscent_ = 10;
    QVector<quint8> labelSide_;  // per word: where its label went last time (0..7)
    QVector<QRectF> placedLabelRects_;
    QVector<int> placedLabelIndices_;
    QVector<QRectF> categoryLabelRects_;
    QStringList categoryLabelTexts_;
    QVector<QRgb> categoryLabelColours_;

    std::vector<int> multiSelected_;     // the multi-word selection, increasing
    QVector<quint8> multiSelectedFlag_;  // per word: in multiSelected_
    bool isolating_ = false;
    QVector<quint8> shownFlag_;  // per word, while isolating: drawn
    PlotRegion::Shape selectionTool_ = PlotRegion::Shape::Rectangle;
    bool regionActive_ = false;
    bool regionAdds_ = false;
    PlotRegion region_;

private:
    float labelWidth(int index, bool bold);
    void resetSelectionMarks();  // setWords: no selected points, no isolation, no gesture

    QFontMetricsF labelMetrics_{QFont()}, boldLabelMetrics_{QFont()};
    // Label text widths in pixels, per word, measured when a word is first offered a label
    // (-1: not yet): measuring millions of words up front would take seconds.
    QVector<float> labelWidths_, boldLabelWidths_;
    float minLabelWidth_ = 8;
    PlotLabelPlacer labelPlacer_;
    int dims_;
    QTimer animTimer_;
    QElapsedTimer animClock_;  // time since the previous animation frame
    std::function<QStringList(int)> neighbourProvider_;
};

}  // namespace embedscope
