// "The seed's lesson": what an embedding lookup is, for the selected word.
//
//  - its index i in the vocabulary and its one-hot vector e_i (a strip of V cells, one lit);
//  - its embedding row W[i] as a heat strip;
//  - the identity e_i^T W = W[i] written out with the actual numbers;
//  - for a handful of words (the selected one, its nearest neighbours and the plotted words least
//  like it, or words the user
//    lists), their similarity matrix under one-hot vectors (the identity: every word equally
//    unlike every other) beside their cosine similarity under the current embeddings, updated
//    live as training moves the rows.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QLineEdit;
class QCompleter;

namespace embedscope {

class TrainingController;
class OneHotStrip;
class HeatStrip;
class SimilarityHeatmap;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxComparedWords = 8;
    static constexpr int kComparedNeighbours = 4;
    static constexpr int kIdentityValuesShown = 8;

    InspectorPanel(TrainingController* controller, QWidget* parent = nullptr);

    int selectedRow() const { return selectedRow_; }
    void setCompleter(QCompleter* completer);
    // The words to compare, separated by spaces ("" for the neighbours), as if typed.
    void setComparisonText(const QString& words);

    // What is on screen, for tests.
    std::int64_t shownOneHotIndex() const;
    std::int64_t shownOneHotSize() const;
    QVector<float> shownRow() const;
    QString identityText() const;
    QStringList comparedWords() const;
    const SimilarityHeatmap* oneHotHeatmap() const { return oneHotMap_; }
    const SimilarityHeatmap* embeddingHeatmap() const { return embeddingMap_; }

public slots:
    void setSelectedRow(int row);
    // Re-reads the rows from the trainer (called on every snapshot).
    void refresh();
    // Chooses the compared words again (the neighbour index changed) and refreshes.
    void updateComparison();

signals:
    // The user typed a word into the inspector's own word box.
    void wordRequested(int row);

private:
    std::vector<std::int32_t> comparedRows() const;

    TrainingController* controller_;
    int selectedRow_ = -1;
    QLineEdit* wordEdit_;
    QLabel* header_;
    OneHotStrip* oneHot_;
    HeatStrip* heat_;
    QLabel* identity_;
    QLineEdit* compareEdit_;
    SimilarityHeatmap* oneHotMap_;
    SimilarityHeatmap* embeddingMap_;
    QStringList compared_;
    std::vector<std::int32_t> comparedRows_;  // the selected word first
};

}  // namespace embedscope
