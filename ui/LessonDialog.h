// Help > Lesson: one-hot vectors and nn.Embedding, in five steps on the vocabulary of
// "I like dogs" (EmbeddingLesson):
//
//  1. the one-hot dictionary: word_to_ix and each word's one-hot vector;
//  2. the nn.Embedding(3, 5) table, printed as PyTorch prints it;
//  3. the lookup one_hot · W = row for the word the user clicks;
//  4. a sentence of the user's own: V and the one-hot length grow (the first flaw), and the
//     one-hot similarity matrix stays flat while the embeddings' does not (the second);
//  5. training on the built-in corpus, where similarity emerges (trainRequested()).
//
// Back and Next move between the steps; each step shows the same thing whenever it is shown
// (steps 1 to 3 the three-word vocabulary, step 4 that and the typed sentence), so every step can
// be undone by going back. The views are the Inspector's (LookupView, SimilarityComparison,
// OneHotStrip, HeatStrip) and the table is an EmbeddingTable: the lesson shows the app's code at
// work, not a copy of it.
#pragma once

#include <QDialog>
#include <QStringList>
#include <QVector>

#include "EmbeddingLesson.h"

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;

namespace embedscope {

class HeatStrip;
class LookupView;
class OneHotStrip;
class SimilarityComparison;

class LessonDialog : public QDialog {
    Q_OBJECT
public:
    enum Step { OneHotStep, EmbeddingStep, LookupStep, SentenceStep, TrainStep, StepCount };
    static constexpr int kTranscriptLines = 12;  // taller sessions scroll

    explicit LessonDialog(QWidget* parent = nullptr);

    int step() const { return step_; }
    void setStep(int step);  // clamped to the steps there are
    // The word whose lookup step 3 shows (an index of the three-word vocabulary).
    void chooseWord(int index);
    int chosenWord() const { return chosenWord_; }

    // What is on screen, for tests.
    const EmbeddingLesson& lesson() const { return lesson_; }
    QString transcript() const;  // the Python session of the current step
    QString vocabularySizeText() const;
    QAbstractButton* backButton() const;
    QAbstractButton* nextButton() const;
    QAbstractButton* trainButton() const;
    QAbstractButton* wordButton(int index) const;
    QLineEdit* sentenceEdit() const { return sentenceEdit_; }
    const LookupView* lookupView() const { return lookup_; }
    const SimilarityComparison* comparison() const { return comparison_; }

public slots:
    void next();
    void back();

signals:
    // The last step's button: open the built-in corpus and train it, with the Inspector shown.
    void trainRequested();

private:
    QWidget* makeOneHotPage();
    QWidget* makeEmbeddingPage();
    QWidget* makeLookupPage();
    QWidget* makeSentencePage();
    QWidget* makeTrainPage();
    // Sets the vocabulary the step shows and redraws it.
    void showStep();
    void showOneHots();
    void showTable();
    void showLookup();
    void showSentence();
    void setTranscript(const QStringList& lines);

    // The dialog's layout: title, pages, transcript, space, buttons.
    static constexpr int kPagesItem = 1;
    static constexpr int kSpaceItem = 3;

    EmbeddingLesson lesson_;
    int step_ = OneHotStep;
    int chosenWord_ = 2;  // "dogs"

    QVBoxLayout* layout_ = nullptr;
    QLabel* title_;
    QStackedWidget* pages_;
    QPlainTextEdit* transcript_;
    QPushButton* back_;
    QPushButton* next_;
    QPushButton* train_ = nullptr;

    QVector<OneHotStrip*> oneHotStrips_;  // one per word of "I like dogs"
    QVector<HeatStrip*> rowStrips_;
    QButtonGroup* words_ = nullptr;
    QLabel* lookupHeader_ = nullptr;
    LookupView* lookup_ = nullptr;
    QLineEdit* sentenceEdit_ = nullptr;
    QLabel* vocabularySize_ = nullptr;
    SimilarityComparison* comparison_ = nullptr;
};

}  // namespace embedscope
