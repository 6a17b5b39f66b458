#include "VocabularyModel.h"

namespace embedscope {

VocabularyModel::VocabularyModel(QObject* parent) : QAbstractTableModel(parent) {}

void VocabularyModel::setCorpus(std::shared_ptr<const TokenizedCorpus> corpus) {
    beginResetModel();
    corpus_ = std::move(corpus);
    vectors_.reset();
    endResetModel();
}

void VocabularyModel::setVectors(std::shared_ptr<const VectorSource> vectors) {
    beginResetModel();
    corpus_.reset();
    vectors_ = std::move(vectors);
    endResetModel();
}

int VocabularyModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid())
        return 0;
    if (vectors_)
        return vectors_->rows();
    return corpus_ ? corpus_->vocabulary.size() : 0;
}

int VocabularyModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VocabularyModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        (!corpus_ && !vectors_))
        return {};
    const int row = index.row();
    if (role == IndexRole)
        return row;
    if (role == Qt::TextAlignmentRole)
        return index.column() == WordColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (vectors_) {
        const QString word = QString::fromStdString(vectors_->words()[row]);
        if (role == Qt::ToolTipRole && index.column() == WordColumn)
            return tr("%1: row %2 of the vector file; one-hot e_%2").arg(word).arg(row);
        if (role != Qt::DisplayRole)
            return {};
        switch (index.column()) {
            case RankColumn:
                return row + 1;
            case WordColumn:
                return word;
            case IndexColumn:
                return row;
            default:
                return {};  // a vector file has no counts
        }
    }
    const Vocabulary& vocabulary = corpus_->vocabulary;
    if (role == Qt::ToolTipRole && index.column() == WordColumn) {
        const double share = vocabulary.vocabTokens() == 0
                                 ? 0
                                 : 100.0 * vocabulary.count(row) / vocabulary.vocabTokens();
        return tr("%1: %2 occurrences (%3% of the kept tokens); one-hot e_%4")
            .arg(QString::fromStdString(vocabulary.word(row)))
            .arg(vocabulary.count(row))
            .arg(share, 0, 'g', 3)
            .arg(row);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
        case RankColumn:
            return row + 1;
        case WordColumn:
            return QString::fromStdString(vocabulary.word(row));
        case CountColumn:
            return static_cast<qulonglong>(vocabulary.count(row));
        case IndexColumn:
            return row;
        default:
            return {};
    }
}

QVariant VocabularyModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case RankColumn:
            return tr("Rank");
        case WordColumn:
            return tr("Word");
        case CountColumn:
            return tr("Count");
        case IndexColumn:
            return tr("One-hot index");
        default:
            return {};
    }
}

}  // namespace embedscope
