#include "PlotArea.h"

#include <algorithm>

#include "PlotLegend.h"
#include "PlotView3D.h"

namespace embedscope {

PlotArea::PlotArea(QWidget* parent)
    : QStackedWidget(parent), plot2d_(new ScatterPlot(this)), plot3d_(new PlotView3D(this)) {
    addWidget(plot2d_);
    addWidget(plot3d_);
    connect(plot2d_, &ScatterPlot::pointClicked, this, &PlotArea::pointClicked);
    connect(plot3d_, &PlotView3D::pointClicked, this, &PlotArea::pointClicked);
    connect(plot2d_, &ScatterPlot::pointsSelected, this, &PlotArea::onPointsSelected);
    connect(plot3d_, &PlotView3D::pointsSelected, this, &PlotArea::onPointsSelected);
    connect(plot2d_, &ScatterPlot::legendEntryClicked, this, &PlotArea::clickLegendEntry);
    connect(plot3d_, &PlotView3D::legendEntryClicked, this, &PlotArea::clickLegendEntry);
}

bool PlotArea::showing3d() const {
    return currentWidget() == plot3d_;
}

void PlotArea::setWords(const QVector<PlotWord>& words) {
    words_ = words;
    plot2d_->setWords(words);
    applyRowMarks(plot2d_);
    words3dCurrent_ = false;
    if (showing3d()) {
        plot3d_->setWords(words);
        applyRowMarks(plot3d_);
        words3dCurrent_ = true;
    }
    newTableShown_ = false;
    applyColouring();
    emit wordsChanged();
    emit trailRowsChanged(trailRows());
}

void PlotArea::setColourColumn(std::shared_ptr<const MetadataColumn> column,
                               const QStringList& categoryLabels) {
    colourColumn_ = std::move(column);
    categoryLabels_ = categoryLabels;
    hiddenEntries_.clear();
    applyColouring();
}

void PlotArea::refreshColourColumn(std::shared_ptr<const MetadataColumn> column) {
    colourColumn_ = std::move(column);
    applyColouring();
}

void PlotArea::applyColouring() {
    colouring_ = colourColumn_ ? columnColouring(*colourColumn_, words_, categoryLabels_)
                               : frequencyColouring(words_.size());
    // Entries are categories (or steps of the gradient): the same column keeps what was hidden.
    hiddenEntries_.resize(colouring_.legend.size());
    plot2d_->setColouring(colouring_, hiddenEntries_);
    if (words3dCurrent_)
        plot3d_->setColouring(colouring_, hiddenEntries_);
    emit colouringChanged();
}

void PlotArea::clickLegendEntry(int entry, Qt::KeyboardModifiers modifiers) {
    if (entry == PlotLegend::kShowAll) {
        showAllEntries();
        return;
    }
    if (entry < 0 || entry >= hiddenEntries_.size())
        return;
    if (modifiers & (Qt::ControlModifier | Qt::ShiftModifier | Qt::AltModifier)) {
        hiddenEntries_[entry] = !hiddenEntries_[entry];
    } else {
        // Isolated already (it alone shown among the listed entries): show all again.
        const QVector<int> listed = colouring_.listedEntries();
        const bool isolated = !hiddenEntries_[entry] &&
                              std::all_of(listed.begin(), listed.end(),
                                          [&](int e) { return e == entry || hiddenEntries_[e]; });
        for (int e = 0; e < hiddenEntries_.size(); ++e)
            hiddenEntries_[e] = !isolated && e != entry;
    }
    plot2d_->setColouring(colouring_, hiddenEntries_);
    if (words3dCurrent_)
        plot3d_->setColouring(colouring_, hiddenEntries_);
    emit colouringChanged();
}

void PlotArea::setDensityContours(bool on) {
    plot2d_->setDensityContours(on);
}

void PlotArea::setHiddenEntries(const QVector<bool>& hidden) {
    for (qsizetype e = 0; e < hiddenEntries_.size(); ++e)
        hiddenEntries_[e] = e < hidden.size() && hidden[e];
    plot2d_->setColouring(colouring_, hiddenEntries_);
    if (words3dCurrent_)
        plot3d_->setColouring(colouring_, hiddenEntries_);
    emit colouringChanged();
}

void PlotArea::showAllEntries() {
    hiddenEntries_.fill(false);
    plot2d_->setColouring(colouring_, hiddenEntries_);
    if (words3dCurrent_)
        plot3d_->setColouring(colouring_, hiddenEntries_);
    emit colouringChanged();
}

bool PlotArea::showsRows(const std::vector<std::int32_t>& rows) const {
    return words_.size() == static_cast<qsizetype>(rows.size()) &&
           std::equal(
               rows.begin(), rows.end(), words_.begin(),
               [](std::int32_t row, const PlotWord& word) { return word.vocabIndex == row; });
}

void PlotArea::startNewTable() {
    plot2d_->clearTrail();
    plot3d_->clearTrail();
    newTableShown_ = false;
}

void PlotArea::showFrame(const Frame& frame, int glideMs) {
    const qsizetype n = frame.size();
    if (n != words_.size())
        return;
    const bool iterative = frame.method == LayoutMethod::Tsne || frame.method == LayoutMethod::Umap;
    const bool otherLayout = frame.method != shownMethod_ || frame.dims() != shownDims_;
    if (frame.dims() == 3) {
        if (!words3dCurrent_) {
            plot3d_->setWords(words_);
            plot3d_->setSelectedIndex(selected_);
            plot3d_->setHighlight(highlight_, highlightRegex_);
            applyRowMarks(plot3d_);
            plot3d_->setColouring(colouring_, hiddenEntries_);
            words3dCurrent_ = true;
            newTableShown_ = false;
        }
        setCurrentWidget(plot3d_);
        // PlotView3D fits its camera to the first positions and then follows the data. The
        // trail starts again as in 2-D: with a new table, another layout, or t-SNE / UMAP frames.
        plot3d_->setTargetPositions(frame.positions.data(), n,
                                    newTableShown_ ? (otherLayout ? 400 : glideMs) : 0);
        if (!newTableShown_ || otherLayout || iterative)
            plot3d_->clearTrail();
        plot3d_->setAxisInfo(axisTitle(frame, 0), axisTitle(frame, 1), axisTitle(frame, 2));
    } else {
        setCurrentWidget(plot2d_);
        const float* xy = frame.positions.data();
        if (!newTableShown_) {
            plot2d_->setTargetPositions(xy, n, 0);
            plot2d_->clearTrail();
        } else if (otherLayout) {
            // Another layout of the same rows: the points travel to their new places, and the
            // view follows.
            plot2d_->setTargetPositions(xy, n, 400);
            plot2d_->clearTrail();
            plot2d_->fitToData();
        } else {
            // t-SNE and UMAP spread out as they converge: the view keeps the cloud in sight,
            // gliding to the new positions' fit along with the points (one bounds pass). A trail
            // would join positions of different layouts, not of one word's motion.
            if (iterative)
                plot2d_->followData();
            plot2d_->setTargetPositions(xy, n, glideMs);
            if (iterative)
                plot2d_->clearTrail();
        }
        plot2d_->setAxisInfo(axisTitle(frame, 0), axisTitle(frame, 1));
    }
    newTableShown_ = true;
    shownMethod_ = frame.method;
    shownDims_ = frame.dims();
    emit frameShown();
}

void PlotArea::setSelectedIndex(int index) {
    selected_ = index;
    plot2d_->setSelectedIndex(index);
    if (words3dCurrent_)
        plot3d_->setSelectedIndex(index);
    emit trailRowsChanged(trailRows());
}

std::vector<std::int32_t> PlotArea::trailRows() const {
    // Only plotted words can be drawn, and a selection may hold a whole vocabulary: the plotted
    // selected points (most frequent first), as many as ReplayTrails draws.
    std::vector<std::int32_t> rows;
    if (selected_ >= 0 && selected_ < words_.size())
        rows.push_back(words_[selected_].vocabIndex);
    for (int i : plot2d_->selectedPoints()) {
        if (int(rows.size()) >= ReplayTrails::kMaxWords)
            break;
        if (i != selected_)
            rows.push_back(words_[i].vocabIndex);
    }
    return rows;
}

void PlotArea::showReplayTrails(std::shared_ptr<const std::vector<ReplayTrail>> trails) {
    if (!trails) {
        if (plot2d_->showingReplayTrails())
            plot2d_->clearTrail();
        return;
    }
    std::vector<std::int32_t> rows;
    for (const ReplayTrail& trail : *trails)
        rows.push_back(trail.row);
    std::vector<int> indices = indicesOfRows(rows);  // increasing: matched back by row below
    QVector<PlotTrailPath> paths;
    for (const ReplayTrail& trail : *trails) {
        const auto it = std::find_if(indices.begin(), indices.end(),
                                     [&](int i) { return words_[i].vocabIndex == trail.row; });
        if (it == indices.end())
            continue;
        PlotTrailPath path;
        path.index = *it;
        path.points.reserve(qsizetype(trail.positions.rows()));
        for (Eigen::Index f = 0; f < trail.positions.rows(); ++f)
            path.points.append(QPointF(trail.positions(f, 0), trail.positions(f, 1)));
        paths.append(std::move(path));
    }
    plot2d_->setReplayTrails(paths);
}

void PlotArea::setHighlight(const QString& pattern, bool regex) {
    highlight_ = pattern;
    highlightRegex_ = regex;
    plot2d_->setHighlight(pattern, regex);
    if (words3dCurrent_)
        plot3d_->setHighlight(pattern, regex);
}

void PlotArea::setLabelsVisible(bool visible) {
    plot2d_->setLabelsVisible(visible);
    plot3d_->setLabelsVisible(visible);
}

void PlotArea::setPointSize(double pixels) {
    plot2d_->setPointSize(pixels);
    plot3d_->setPointSize(pixels);
}

void PlotArea::setNeighbourProvider(std::function<QStringList(int index)> provider) {
    plot2d_->setNeighbourProvider(provider);
    plot3d_->setNeighbourProvider(std::move(provider));
}

std::vector<int> PlotArea::indicesOfRows(const std::vector<std::int32_t>& rows) const {
    // The plotted rows are few (at most the tracked count) but a selection may hold a whole
    // vocabulary: one pass over the plotted words, each looked up in the sorted rows.
    std::vector<std::int32_t> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> indices;
    for (qsizetype i = 0; i < words_.size(); ++i)
        if (std::binary_search(sorted.begin(), sorted.end(), words_[i].vocabIndex))
            indices.push_back(int(i));
    return indices;
}

void PlotArea::applyRowMarks(PlotWidget* plot) const {
    plot->setSelectedPoints(indicesOfRows(selectedRows_));
    if (isolating_)
        plot->isolatePoints(indicesOfRows(isolatedRows_));
    else
        plot->showAllPoints();
}

void PlotArea::setSelectedRows(const std::vector<std::int32_t>& rows) {
    selectedRows_ = rows;
    const std::vector<int> indices = indicesOfRows(rows);
    plot2d_->setSelectedPoints(indices);
    if (words3dCurrent_)
        plot3d_->setSelectedPoints(indices);
    emit trailRowsChanged(trailRows());
}

void PlotArea::isolateRows(const std::vector<std::int32_t>& rows) {
    isolatedRows_ = rows;
    isolating_ = true;
    const std::vector<int> indices = indicesOfRows(rows);
    plot2d_->isolatePoints(indices);
    plot2d_->fitToData();  // the view fits what is shown
    if (words3dCurrent_)
        plot3d_->isolatePoints(indices);
}

void PlotArea::showAllRows() {
    isolatedRows_.clear();
    isolating_ = false;
    plot2d_->showAllPoints();
    plot2d_->fitToData();
    plot3d_->showAllPoints();
}

void PlotArea::setSelectionTool(PlotRegion::Shape shape) {
    plot2d_->setSelectionTool(shape);
    plot3d_->setSelectionTool(shape);
}

void PlotArea::onPointsSelected(const QVector<int>& indices, bool add) {
    std::vector<std::int32_t> rows;
    rows.reserve(std::size_t(indices.size()));
    for (int i : indices)
        if (i >= 0 && i < words_.size())
            rows.push_back(words_[i].vocabIndex);
    emit rowsSelected(rows, add);
}

void PlotArea::fitToData() {
    if (showing3d())
        plot3d_->resetView();
    else
        plot2d_->fitToData();
}

QString PlotArea::axisTitle(const Frame& frame, int axis) {
    const bool haveShare = std::size_t(axis) < frame.explained.size();
    const QString share =
        haveShare ? QString::number(frame.explained[axis] * 100, 'f', 1) : QString();
    switch (frame.method) {
        case LayoutMethod::Tsne:
            return tr("t-SNE %1").arg(axis + 1);
        case LayoutMethod::Umap:
            return tr("UMAP %1").arg(axis + 1);
        case LayoutMethod::Axes:
            if (std::size_t(axis) < frame.axisNames.size())
                return QString::fromStdString(frame.axisNames[axis]) +
                       (haveShare ? tr(" (%1% of variance)").arg(share) : QString());
            break;
        case LayoutMethod::Pca:
            break;
    }
    // PCA: the component chosen for the axis (PC1..PC10), by default the axis's own.
    const QString name = std::size_t(axis) < frame.axisNames.size()
                             ? QString::fromStdString(frame.axisNames[axis])
                             : tr("PC%1").arg(axis + 1);
    if (!haveShare)
        return name;
    return axis == 0 ? tr("%1 (%2% of variance)").arg(name, share)
                     : tr("%1 (%2%)").arg(name, share);
}

}  // namespace embedscope
