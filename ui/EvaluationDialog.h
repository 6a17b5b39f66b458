// The CLI's `evaluate` in a window: scores the current vectors on an analogy file (the
// questions-words.txt layout) and on word-pair similarity files (wordsim353.tsv, simlex999.txt).
// The work runs through the job helper (ui/JobRunner) on a copy of the table, so training goes on
// meanwhile; it shows progress and can be cancelled. A bad file leaves the last results and says
// which file and line.
#pragma once

#include <QDialog>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "Evaluation.h"
#include "JobRunner.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace embedscope {

class TrainingController;

class EvaluationDialog : public QDialog {
    Q_OBJECT
public:
    explicit EvaluationDialog(TrainingController* controller, QWidget* parent = nullptr);

    void setAnalogyFile(const QString& path);
    QString analogyFile() const;
    void setSimilarityFiles(const QStringList& paths);
    QStringList similarityFiles() const;
    // Analogy questions count only when all four words are among this many most frequent words
    // (gensim's restrict_vocab; 0: the whole vocabulary). Word pairs always use every word.
    void setRestrict(int words);
    // 3CosAdd (b - a + c, the default) or 3CosMul (Levy and Goldberg), as the CLI's --method.
    void setMethod(AnalogyMethod method);
    AnalogyMethod method() const;

    // From evaluate() until evaluationEnded.
    bool isRunning() const { return jobs_.busy(); }
    QString statusText() const;
    QTableWidget* results() const { return results_; }

public slots:
    void evaluate();
    void cancel();

signals:
    // An evaluation ended: with results, an error in the status line, or cancelled.
    void evaluationEnded();

private:
    // What one evaluation found.
    struct Scores {
        bool hasAnalogies = false;
        AnalogyResult analogies;
        std::vector<std::pair<QString, SimilarityResult>> similarities;
        int words = 0;
        int dim = 0;
        // As evaluated: the fields may have been changed since.
        std::int32_t restrict = 0;
        AnalogyMethod method = AnalogyMethod::CosAdd;
    };

    void chooseAnalogyFile();
    void addSimilarityFiles();
    void removeSimilarityFile();
    void onEnded(JobOutcome<Scores> outcome);
    void showResults(const Scores& scores);
    void setStatus(const QString& text, bool error);
    void updateButtons();
    void saveChoices() const;

    TrainingController* controller_;
    QLineEdit* analogyFile_;
    QListWidget* similarityFiles_;
    QSpinBox* restrict_;
    QComboBox* method_;
    QTableWidget* results_;
    QProgressBar* progress_;
    QLabel* status_;
    QPushButton* evaluateButton_;
    QPushButton* cancelButton_;
    QPushButton* removeButton_;
    // Runs the evaluation; destroying it (with the dialog) cancels a running one and waits.
    JobRunner jobs_{JobRunner::Policy::CancelRunning};
    QString trainingState_;  // what was evaluated: "epoch 3/5, 1,234,567 words trained"
};

}  // namespace embedscope
