// The Inspector: what an embedding lookup is, for the selected word of the live table.
//
//  - its index i in the vocabulary, its one-hot vector e_i, its row W[i] and the identity
//    e_i^T W = W[i] with the actual numbers (LookupView);
//  - for a handful of words (the selected one, its nearest neighbours and the plotted words least
//    like it, or words the user lists), their similarity matrix under one-hot vectors (the
//    identity: every word equally unlike every other) beside their cosine similarity under the
//    current embeddings, updated live as training moves the rows (SimilarityComparison).
//
// While the timeline bar's cursor is on a recorded frame (setReplayCursor), a selected word that
// was tracked shows its vector at that frame, compared with other tracked words of the frame
// (their nearest and least alike by default): the timeline records only the tracked words.
//
// Help > Lesson (LessonDialog) shows the same views on the three-word table of "I like dogs".
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QCompleter;

namespace embedscope {

class ReplayCursor;
class TrainingController;
class LookupView;
class SimilarityComparison;
class SimilarityHeatmap;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxComparedWords = 8;
    static constexpr int kComparedNeighbours = 4;

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
    QString headerText() const;
    const SimilarityHeatmap* oneHotHeatmap() const;
    const SimilarityHeatmap* embeddingHeatmap() const;

public slots:
    void setSelectedRow(int row);
    // Re-reads the rows from the trainer (called on every snapshot).
    void refresh();
    // Chooses the compared words again (the neighbour index changed) and refreshes.
    void updateComparison();
    // The replay's frame at the cursor, or null for the current table.
    void setReplayCursor(std::shared_ptr<const embedscope::ReplayCursor> cursor);

signals:
    // The user typed a word into the inspector's own word box.
    void wordRequested(int row);

private:
    std::vector<std::int32_t> comparedRows() const;
    // The typed comparison words' rows, after the selected one, at most kMaxComparedWords.
    std::vector<std::int32_t> typedRows() const;
    // refresh() for a selected word the cursor's frame holds.
    void refreshAtCursor(std::int64_t vocabularySize);

    TrainingController* controller_;
    int selectedRow_ = -1;
    QLineEdit* wordEdit_;
    QLabel* header_;
    LookupView* lookup_;
    QLineEdit* compareEdit_;
    SimilarityComparison* comparison_;
    QStringList compared_;
    std::vector<std::int32_t> comparedRows_;  // the selected word first
    std::shared_ptr<const ReplayCursor> cursor_;
};

}  // namespace embedscope
