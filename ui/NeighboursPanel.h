// Nearest neighbours of the selected word (cosine, refreshed with the neighbour index about once
// a second while training) and the analogy box a : b :: c : ?.
#pragma once

#include <QStringList>
#include <QWidget>

class QCompleter;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTreeWidget;

namespace embedscope {

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
    // Fills the three boxes and solves.
    void setAnalogy(const QString& a, const QString& b, const QString& c);

public slots:
    void setSelectedRow(int row);
    void refresh();
    void solveAnalogy();

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
};

}  // namespace embedscope
