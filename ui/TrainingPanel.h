// Training parameters and the run controls. The buttons are tool buttons showing the window's
// QActions, so the panel, the menu and the shortcuts always agree.
//
// Every parameter except the learning rate needs a new table; the panel only reports edits
// (optionsEdited) and MainWindow decides, asking before it discards trained vectors.
#pragma once

#include <QList>
#include <QWidget>

#include "Trainer.h"

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace embedscope {

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    // start, pause/resume, step, stop, reset
    void setActions(const QList<QAction*>& actions);

    TrainerOptions options() const;
    // Shows options without emitting optionsEdited.
    void setOptions(const TrainerOptions& options);

    int trackedCount() const;
    void setTrackedCount(int count);
    QString trackedWordList() const;
    void setTrackedWordList(const QString& words);  // without emitting

signals:
    void optionsEdited();
    void learningRateEdited(double lr);
    void trackedCountEdited(int count);
    // Empty: back to the most frequent words.
    void trackedWordListEdited(const QString& words);
    void loadWordListRequested();

private:
    // The data of the "default" entries of the kernel and initialisation boxes.
    static constexpr int kModelDefault = -1;

    // Names the kernel and initialisation the current model uses by default in their first entry.
    void showModelDefaults();

    QComboBox* model_;
    QComboBox* kernel_;
    QComboBox* init_;
    QComboBox* lineOrder_;
    QSpinBox* dim_;
    QSpinBox* window_;
    QSpinBox* negative_;
    QSpinBox* epochs_;
    QDoubleSpinBox* lr_;
    QDoubleSpinBox* sample_;
    QSpinBox* threads_;
    QSpinBox* seed_;
    QSpinBox* tracked_;
    QLineEdit* trackedList_;
    QWidget* buttons_;
    bool updating_ = false;
    TrainerOptions reported_;  // the options last shown or reported by optionsEdited
};

}  // namespace embedscope
