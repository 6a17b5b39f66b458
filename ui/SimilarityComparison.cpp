#include "SimilarityComparison.h"

#include <QHBoxLayout>
#include <QVector>

#include <Eigen/Core>

#include "SimilarityHeatmap.h"

namespace embedscope {

SimilarityComparison::SimilarityComparison(QWidget* parent)
    : QWidget(parent),
      oneHot_(new SimilarityHeatmap(tr("one-hot: e_i · e_j"), this)),
      embedding_(new SimilarityHeatmap(tr("embeddings: cos(W[i], W[j])"), this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(oneHot_);
    layout->addWidget(embedding_);
}

void SimilarityComparison::setRows(const QStringList& words, const RowMatrixXf& vectors) {
    Q_ASSERT_X(vectors.rows() == words.size(), "SimilarityComparison::setRows", "one row per word");
    // One-hot vectors are orthonormal, so their Gram matrix is the identity; the embeddings'
    // is the cosine of their rows (0 for a zero row).
    const int n = static_cast<int>(vectors.rows());
    QVector<double> identity(n * n, 0.0), cosine(n * n, 0.0);
    const Eigen::VectorXf norms = vectors.rowwise().norm();
    for (int i = 0; i < n; ++i) {
        identity[i * n + i] = 1.0;
        for (int j = 0; j < n; ++j) {
            const double denominator = double(norms[i]) * double(norms[j]);
            cosine[i * n + j] =
                denominator > 0 ? double(vectors.row(i).dot(vectors.row(j))) / denominator : 0.0;
        }
    }
    oneHot_->setMatrix(words, identity);
    embedding_->setMatrix(words, cosine);
}

void SimilarityComparison::clear() {
    oneHot_->setMatrix({}, {});
    embedding_->setMatrix({}, {});
}

}  // namespace embedscope
