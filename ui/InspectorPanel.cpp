#include "InspectorPanel.h"

#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <algorithm>

#include "LookupView.h"
#include "ReplayCursor.h"
#include "SimilarityComparison.h"
#include "TrainingController.h"

namespace embedscope {

InspectorPanel::InspectorPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      wordEdit_(new QLineEdit(this)),
      header_(new QLabel(this)),
      lookup_(new LookupView(this)),
      compareEdit_(new QLineEdit(this)),
      comparison_(new SimilarityComparison(this)) {
    wordEdit_->setPlaceholderText(tr("word to inspect (or click a point)"));
    wordEdit_->setClearButtonEnabled(true);
    compareEdit_->setPlaceholderText(
        tr("compare: words separated by spaces (default: neighbours)"));
    compareEdit_->setClearButtonEnabled(true);
    header_->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(wordEdit_);
    layout->addWidget(header_);
    layout->addWidget(lookup_);
    layout->addWidget(compareEdit_);
    layout->addWidget(comparison_, 1);

    connect(wordEdit_, &QLineEdit::returnPressed, this, [this] {
        const std::int32_t row = controller_->indexOf(wordEdit_->text().trimmed());
        if (row >= 0)
            emit wordRequested(row);
        else
            header_->setText(tr("“%1” is not in the vocabulary.").arg(wordEdit_->text().trimmed()));
    });
    connect(compareEdit_, &QLineEdit::editingFinished, this, &InspectorPanel::updateComparison);
    refresh();
}

void InspectorPanel::setCompleter(QCompleter* completer) {
    wordEdit_->setCompleter(completer);
}

void InspectorPanel::setComparisonText(const QString& words) {
    compareEdit_->setText(words);
    updateComparison();
}

void InspectorPanel::setSelectedRow(int row) {
    selectedRow_ = row;
    if (row >= 0 && !wordEdit_->hasFocus())
        wordEdit_->setText(controller_->wordAt(row));
    updateComparison();
}

void InspectorPanel::updateComparison() {
    // Choosing the words costs a neighbour query over the whole vocabulary: done when the
    // selection, the typed list or the index changes, not on every snapshot.
    comparedRows_ = comparedRows();
    refresh();
}

void InspectorPanel::setReplayCursor(std::shared_ptr<const ReplayCursor> cursor) {
    cursor_ = std::move(cursor);
    refresh();
}

std::vector<std::int32_t> InspectorPanel::typedRows() const {
    std::vector<std::int32_t> rows{selectedRow_};
    const QStringList typed = compareEdit_->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString& word : typed) {
        const std::int32_t row = controller_->indexOf(word);
        if (row >= 0 && std::find(rows.begin(), rows.end(), row) == rows.end())
            rows.push_back(row);
        if (int(rows.size()) == kMaxComparedWords)
            break;
    }
    return rows;
}

std::vector<std::int32_t> InspectorPanel::comparedRows() const {
    std::vector<std::int32_t> rows;
    if (selectedRow_ < 0)
        return rows;
    rows.push_back(selectedRow_);
    if (!compareEdit_->text().trimmed().isEmpty())
        return typedRows();
    // By default: the nearest neighbours, and for contrast the plotted words least like the
    // selected one, so the embedding matrix shows both a warm block and cold cells where the
    // one-hot matrix shows the same zero everywhere.
    const auto index = controller_->neighbourIndex();
    if (!index || selectedRow_ >= index->size())
        return rows;
    for (const Neighbour& neighbour : index->nearest(selectedRow_, kComparedNeighbours))
        rows.push_back(neighbour.index);
    std::vector<std::pair<float, std::int32_t>> unlike;
    for (std::int32_t row : controller_->trackedRows())
        if (row < index->size() && std::find(rows.begin(), rows.end(), row) == rows.end())
            unlike.push_back({index->cosine(selectedRow_, row), row});
    const std::size_t contrast =
        std::min<std::size_t>(unlike.size(), kMaxComparedWords - rows.size());
    std::partial_sort(unlike.begin(), unlike.begin() + contrast, unlike.end());
    for (std::size_t i = 0; i < contrast; ++i)
        rows.push_back(unlike[i].second);
    return rows;
}

void InspectorPanel::refresh() {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    const std::int64_t vocabularySize = source ? source->rows() : 0;
    if (selectedRow_ < 0 || selectedRow_ >= vocabularySize) {
        header_->setText(
            source ? tr("Select a word: click a point, a vocabulary row, or type it above.")
                   : tr("No corpus loaded."));
        lookup_->showNothing(vocabularySize);
        comparison_->clear();
        compared_.clear();
        return;
    }
    if (cursor_ && cursor_->tracks(selectedRow_)) {
        refreshAtCursor(vocabularySize);
        return;
    }
    // Rows chosen for an earlier corpus must not reach the new trainer.
    if (comparedRows_.empty() || comparedRows_.front() != selectedRow_ ||
        std::any_of(comparedRows_.begin(), comparedRows_.end(),
                    [&](std::int32_t row) { return row >= vocabularySize; }))
        comparedRows_ = comparedRows();
    const std::vector<std::int32_t>& rows = comparedRows_;
    const std::shared_ptr<const Snapshot> snapshot = controller_->inspectRows(rows);
    const QString word = controller_->wordAt(selectedRow_);
    const QString where = tr("<b>%1</b>: index %2 of V = %3")
                              .arg(word.toHtmlEscaped())
                              .arg(selectedRow_)
                              .arg(vocabularySize);
    header_->setText(
        (source->hasCounts()
             ? tr("%1, seen %2 times").arg(where).arg(source->count(selectedRow_))
             : tr("%1, from %2").arg(where, controller_->corpusName().toHtmlEscaped())) +
        (cursor_ ? tr("<br>Not recorded in the training timeline: its vector now") : QString()));
    if (!snapshot || snapshot->vectors.rows() == 0) {
        lookup_->showLookup(selectedRow_, vocabularySize, {});
        return;
    }
    // The numbers are the live ones: the snapshot's first row is the selected word's.
    const RowMatrixXf& vectors = snapshot->vectors;
    QVector<float> row(static_cast<int>(vectors.cols()));
    for (int d = 0; d < row.size(); ++d)
        row[d] = vectors(0, d);
    lookup_->showLookup(selectedRow_, vocabularySize, row);

    compared_.clear();
    for (std::int32_t r : snapshot->rows)
        compared_ << controller_->wordAt(r);
    comparison_->setRows(compared_, vectors);
}

void InspectorPanel::refreshAtCursor(std::int64_t vocabularySize) {
    // The compared words are the typed ones the frame holds, else the selected word's nearest and
    // least alike among the frame's tracked words.
    std::vector<std::int32_t> wanted{selectedRow_};
    if (!compareEdit_->text().trimmed().isEmpty()) {
        wanted = typedRows();
    } else {
        for (const Neighbour& neighbour : cursor_->nearest(selectedRow_, kComparedNeighbours))
            wanted.push_back(neighbour.index);
        const int contrast = kMaxComparedWords - int(wanted.size());
        for (const Neighbour& unlike : cursor_->farthest(selectedRow_, contrast))
            if (std::find(wanted.begin(), wanted.end(), unlike.index) == wanted.end())
                wanted.push_back(unlike.index);
    }
    std::vector<std::int32_t> rows;
    const RowMatrixXf vectors = cursor_->vectorsOf(wanted, &rows);
    const FrameMetrics& metrics = cursor_->frame().metrics;
    header_->setText(tr("<b>%1</b>: index %2 of V = %3<br>At frame %4 of %5 of the training "
                        "timeline (%6 s, epoch %7): the vectors recorded then, compared with "
                        "other recorded words")
                         .arg(controller_->wordAt(selectedRow_).toHtmlEscaped())
                         .arg(selectedRow_)
                         .arg(vocabularySize)
                         .arg(cursor_->index() + 1)
                         .arg(cursor_->count())
                         .arg(metrics.seconds, 0, 'f', 1)
                         .arg(metrics.epoch));
    QVector<float> row(static_cast<int>(vectors.cols()));
    for (int d = 0; d < row.size(); ++d)
        row[d] = vectors(0, d);
    lookup_->showLookup(selectedRow_, vocabularySize, row);
    compared_.clear();
    for (const std::int32_t r : rows)
        compared_ << controller_->wordAt(r);
    comparison_->setRows(compared_, vectors);
}

std::int64_t InspectorPanel::shownOneHotIndex() const {
    return lookup_->oneHotIndex();
}
std::int64_t InspectorPanel::shownOneHotSize() const {
    return lookup_->oneHotSize();
}
QVector<float> InspectorPanel::shownRow() const {
    return lookup_->row();
}
QString InspectorPanel::identityText() const {
    return lookup_->identityText();
}
const SimilarityHeatmap* InspectorPanel::oneHotHeatmap() const {
    return comparison_->oneHotHeatmap();
}
const SimilarityHeatmap* InspectorPanel::embeddingHeatmap() const {
    return comparison_->embeddingHeatmap();
}
QString InspectorPanel::headerText() const {
    return header_->text();
}
QStringList InspectorPanel::comparedWords() const {
    return compared_;
}

}  // namespace embedscope
