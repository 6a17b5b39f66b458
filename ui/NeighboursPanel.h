// Nearest neighbours of the selected word (cosine, refreshed with the neighbour index about once
// a second while training) and the analogy box a : b :: c : ?. While the timeline bar's cursor is
// on a recorded frame (setReplayCursor), the neighbours are those of that frame among the words
// the timeline tracked (it records no others), and the title says so; analogies use the table.
#pragma once

#include <QStringList>
#include <QWidget>

#include <memory>

class QCompleter;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTreeWidget;

namespace embedscope {

class ReplayCursor;
class TrainingController;

class NeighboursPanel : public QWidget {
    Q_OBJECT
public:
    NeighboursPanel(TrainingController* controller, QWidget* parent = nullptr);

    void setCompleter(QCompleter* completer);
    int selectedRow() const { return selectedRow_; }
    // The words listed, best first (tests).
    QStringList neighbourWords() const;
    QStringList analogyWords() const;
    // How many neighbours the list shows ("top k"): also what Selection > Select neighbours adds
    // per selected word.
    int neighbourCount() const;
    QString titleText() const;
    // Fills the three boxes and solves.
    void setAnalogy(const QString& a, const QString& b, const QString& c);

public slots:
    void setSelectedRow(int row);
    void refresh();
    void solveAnalogy();
    // The replay's frame at the cursor, or null for the current table.
    void setReplayCursor(std::shared_ptr<const embedscope::ReplayCursor> cursor);

signals:
    void wordActivated(int row);

private:
    void refreshAnalogy();

    TrainingController* controller_;
    int selectedRow_ = -1;
    QLabel* title_;
    QSpinBox* kSpin_;
    QTreeWidget* neighbours_;
    QLineEdit* analogy_[3];
    QLabel* analogyStatus_;
    QTreeWidget* analogyResults_;
    std::shared_ptr<const ReplayCursor> cursor_;
};

}  // namespace embedscope
