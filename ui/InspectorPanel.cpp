#include "InspectorPanel.h"

#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <Eigen/Core>

#include "HeatStrip.h"
#include "OneHotStrip.h"
#include "SimilarityHeatmap.h"
#include "TrainingController.h"

namespace embedscope {

InspectorPanel::InspectorPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      wordEdit_(new QLineEdit(this)),
      header_(new QLabel(this)),
      oneHot_(new OneHotStrip(this)),
      heat_(new HeatStrip(this)),
      identity_(new QLabel(this)),
      compareEdit_(new QLineEdit(this)),
      oneHotMap_(new SimilarityHeatmap(tr("one-hot: e_i · e_j"), this)),
      embeddingMap_(new SimilarityHeatmap(tr("embeddings: cos(W[i], W[j])"), this)) {
    wordEdit_->setPlaceholderText(tr("word to inspect (or click a point)"));
    wordEdit_->setClearButtonEnabled(true);
    compareEdit_->setPlaceholderText(
        tr("compare: words separated by spaces (default: neighbours)"));
    compareEdit_->setClearButtonEnabled(true);
    header_->setWordWrap(true);
    identity_->setWordWrap(true);
    identity_->setTextFormat(Qt::RichText);
    identity_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(wordEdit_);
    layout->addWidget(header_);
    auto* oneHotCaption = new QLabel(tr("<b>One-hot</b> e<sub>i</sub> (V cells):"), this);
    layout->addWidget(oneHotCaption);
    layout->addWidget(oneHot_);
    layout->addWidget(
        new QLabel(tr("<b>Embedding row</b> W[i] (D cells; hover for values):"), this));
    layout->addWidget(heat_);
    layout->addWidget(identity_);
    layout->addWidget(compareEdit_);
    auto* maps = new QHBoxLayout;
    maps->addWidget(oneHotMap_);
    maps->addWidget(embeddingMap_);
    layout->addLayout(maps, 1);

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

std::vector<std::int32_t> InspectorPanel::comparedRows() const {
    std::vector<std::int32_t> rows;
    if (selectedRow_ < 0)
        return rows;
    rows.push_back(selectedRow_);
    const QStringList typed = compareEdit_->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!typed.isEmpty()) {
        for (const QString& word : typed) {
            const std::int32_t row = controller_->indexOf(word);
            if (row >= 0 && std::find(rows.begin(), rows.end(), row) == rows.end())
                rows.push_back(row);
            if (int(rows.size()) == kMaxComparedWords)
                break;
        }
        return rows;
    }
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
    const TokenizedCorpus* corpus = controller_->corpus();
    const std::int64_t vocabularySize = corpus ? corpus->vocabulary.size() : 0;
    if (selectedRow_ < 0 || selectedRow_ >= vocabularySize) {
        header_->setText(
            corpus ? tr("Select a word: click a point, a vocabulary row, or type it above.")
                   : tr("No corpus loaded."));
        oneHot_->setVector(-1, vocabularySize);
        heat_->setValues({});
        identity_->clear();
        oneHotMap_->setMatrix({}, {});
        embeddingMap_->setMatrix({}, {});
        compared_.clear();
        return;
    }
    // Rows chosen for an earlier corpus must not reach the new trainer.
    if (comparedRows_.empty() || comparedRows_.front() != selectedRow_ ||
        std::any_of(comparedRows_.begin(), comparedRows_.end(),
                    [&](std::int32_t row) { return row >= vocabularySize; }))
        comparedRows_ = comparedRows();
    const std::vector<std::int32_t>& rows = comparedRows_;
    const std::shared_ptr<const Snapshot> snapshot = controller_->snapshotRows(rows);
    const QString word = controller_->wordAt(selectedRow_);
    header_->setText(tr("<b>%1</b>: index %2 of V = %3, seen %4 times")
                         .arg(word.toHtmlEscaped())
                         .arg(selectedRow_)
                         .arg(vocabularySize)
                         .arg(corpus->vocabulary.count(selectedRow_)));
    oneHot_->setVector(selectedRow_, vocabularySize);
    if (!snapshot || snapshot->vectors.rows() == 0) {
        heat_->setValues({});
        identity_->setText(tr("No table yet."));
        return;
    }
    const RowMatrixXf& vectors = snapshot->vectors;
    const int dim = static_cast<int>(vectors.cols());
    QVector<float> row(dim);
    for (int d = 0; d < dim; ++d)
        row[d] = vectors(0, d);
    heat_->setValues(row);

    // e_i^T W = W[i]: multiplying by a one-hot vector selects a row, which is why an embedding
    // layer is a lookup table. The numbers are the live ones.
    QStringList shown;
    for (int d = 0; d < std::min(dim, kIdentityValuesShown); ++d)
        shown << QString::number(double(row[d]), 'f', 3);
    if (dim > kIdentityValuesShown)
        shown << QStringLiteral("…");
    identity_->setText(
        tr("<tt>e<sub>%1</sub> · W = W[%1] = [%2]</tt><br>"
           "<small>W is %3 × %4: the single 1 of e<sub>%1</sub> (position %1) "
           "picks row %1; %5.</small>")
            .arg(selectedRow_)
            .arg(shown.join(QStringLiteral(", ")))
            .arg(vocabularySize)
            .arg(dim)
            .arg(vocabularySize == 1 ? tr("there is no other row")
                 : vocabularySize == 2
                     ? tr("the other zero picks nothing")
                     : tr("the other %1 zeros pick nothing").arg(vocabularySize - 1)));

    // Similarities: one-hot vectors are orthonormal, so their Gram matrix is the identity; the
    // embeddings' is the cosine of their rows.
    const int n = static_cast<int>(vectors.rows());
    compared_.clear();
    for (std::int32_t r : snapshot->rows)
        compared_ << controller_->wordAt(r);
    QVector<double> identity(n * n, 0.0), cosine(n * n, 0.0);
    Eigen::VectorXf norms = vectors.rowwise().norm();
    for (int i = 0; i < n; ++i) {
        identity[i * n + i] = 1.0;
        for (int j = 0; j < n; ++j) {
            const double denominator = double(norms[i]) * double(norms[j]);
            cosine[i * n + j] =
                denominator > 0 ? double(vectors.row(i).dot(vectors.row(j))) / denominator : 0.0;
        }
    }
    oneHotMap_->setMatrix(compared_, identity);
    embeddingMap_->setMatrix(compared_, cosine);
}

std::int64_t InspectorPanel::shownOneHotIndex() const {
    return oneHot_->index();
}
std::int64_t InspectorPanel::shownOneHotSize() const {
    return oneHot_->size();
}
QVector<float> InspectorPanel::shownRow() const {
    return heat_->values();
}
QString InspectorPanel::identityText() const {
    return identity_->text();
}
QStringList InspectorPanel::comparedWords() const {
    return compared_;
}

}  // namespace embedscope
