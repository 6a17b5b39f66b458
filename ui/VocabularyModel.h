// The loaded vocabulary as a table: rank, word, count and one-hot index (the row of the embedding
// table, i.e. the position of the 1 in the word's one-hot vector). Rank is 1-based, the index
// 0-based, so the two columns show the same order in the two conventions users meet. A vector
// file shows its words in the file's order, without counts.
#pragma once

#include <QAbstractTableModel>

#include <memory>

#include "TokenizedCorpus.h"
#include "VectorSource.h"

namespace embedscope {

class VocabularyModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RankColumn, WordColumn, CountColumn, IndexColumn, ColumnCount };
    // Data role giving the vocabulary index of a row whatever the column.
    static constexpr int IndexRole = Qt::UserRole + 1;

    explicit VocabularyModel(QObject* parent = nullptr);

    void setCorpus(std::shared_ptr<const TokenizedCorpus> corpus);
    const TokenizedCorpus* corpus() const { return corpus_.get(); }
    // The words of a vector file (no counts: the Count column stays empty).
    void setVectors(std::shared_ptr<const VectorSource> vectors);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const TokenizedCorpus> corpus_;
    std::shared_ptr<const VectorSource> vectors_;  // instead of corpus_
};

}  // namespace embedscope
