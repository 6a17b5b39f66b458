// The same words compared two ways, side by side: as one-hot vectors, whose dot products form
// the identity matrix (every word equally unlike every other: a flat picture), and as embedding
// rows, whose cosines differ from pair to pair. The Inspector shows it for the selected word and
// its neighbours in the live table; the lesson for its tiny vocabulary.
#pragma once

#include <QStringList>
#include <QWidget>

#include "Types.h"

namespace embedscope {

class SimilarityHeatmap;

class SimilarityComparison : public QWidget {
    Q_OBJECT
public:
    explicit SimilarityComparison(QWidget* parent = nullptr);

    // Row k of vectors is words[k]'s embedding.
    void setRows(const QStringList& words, const RowMatrixXf& vectors);
    void clear();

    const SimilarityHeatmap* oneHotHeatmap() const { return oneHot_; }
    const SimilarityHeatmap* embeddingHeatmap() const { return embedding_; }

private:
    SimilarityHeatmap* oneHot_;
    SimilarityHeatmap* embedding_;
};

}  // namespace embedscope
