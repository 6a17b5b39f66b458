// Which words the plot shows: the most frequent N (the Training panel's count, View > Plotted
// words…) or a list of words (typed in the panel or read from a text file); the status bar says
// which listed words the vocabulary lacks. The selected word joins the plot when it is not among
// them, so that it can be seen.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

class QStatusBar;
class QWidget;

namespace embedscope {

class TrainingController;
class TrainingPanel;

class PlottedWordsChoice : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    // window: the parent of the dialogs (and of this object).
    PlottedWordsChoice(QWidget* window, TrainingController* controller,
                       TrainingPanel* trainingPanel, QStatusBar* statusBar,
                       ErrorReporter reportError);

    void setTrackedCount(int count);
    // The panel's list (words separated by spaces, quoted where they hold spaces: WordListText.h);
    // an empty list returns to the panel's count.
    void setTrackedList(const QString& words);
    // Plots the words listed in a UTF-8 text file (separated by whitespace); false after
    // reporting an unreadable file.
    bool loadTrackedWordList(const QString& path);
    // The dialogs of View > Plotted words… and of the panel's "load a word list".
    void chooseTrackedCount();
    void chooseTrackedWordList();
    // Says in the status bar which listed words are plotted and which the vocabulary lacks.
    void reportTrackedList();
    // The selected row (-1 for none) is plotted besides the chosen words.
    void plotSelectedRow(int row);

private:
    QWidget* window_;
    TrainingController* controller_;
    TrainingPanel* trainingPanel_;
    QStatusBar* statusBar_;
    ErrorReporter reportError_;
};

}  // namespace embedscope
