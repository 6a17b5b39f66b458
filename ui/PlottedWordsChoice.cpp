#include "PlottedWordsChoice.h"

#include <QFile>
#include <QInputDialog>
#include <QRegularExpression>
#include <QStatusBar>

#include <utility>

#include "Error.h"
#include "FileDialogs.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "WordListText.h"

namespace embedscope {

PlottedWordsChoice::PlottedWordsChoice(QWidget* window, TrainingController* controller,
                                       TrainingPanel* trainingPanel, QStatusBar* statusBar,
                                       ErrorReporter reportError)
    : QObject(window),
      window_(window),
      controller_(controller),
      trainingPanel_(trainingPanel),
      statusBar_(statusBar),
      reportError_(std::move(reportError)) {}

void PlottedWordsChoice::setTrackedCount(int count) {
    controller_->setTrackedCount(count);
    trainingPanel_->setTrackedCount(controller_->trackedCount());
}

void PlottedWordsChoice::setTrackedList(const QString& words) {
    if (words.isEmpty()) {
        controller_->setTrackedCount(trainingPanel_->trackedCount());
        return;
    }
    controller_->setTrackedWords(splitWordList(words));
    reportTrackedList();
}

void PlottedWordsChoice::reportTrackedList() {
    if (!controller_->usesTrackedWordList() || !controller_->source())
        return;
    QStringList missing = controller_->missingTrackedWords();
    const int missingCount = int(missing.size());
    constexpr int kNamedAtMost = 12;
    if (missing.size() > kNamedAtMost) {
        missing = missing.mid(0, kNamedAtMost);
        missing << tr("and %n more", nullptr, missingCount - kNamedAtMost);
    }
    const QString named = missing.join(QStringLiteral(", "));
    QString message;
    if (controller_->trackedListFellBack()) {
        message = tr("Too few of the listed words are in this vocabulary (missing: %1): plotting "
                     "the %2 most frequent words instead")
                      .arg(named.isEmpty() ? tr("none") : named)
                      .arg(controller_->trackedRows().size());
    } else if (missingCount > 0) {
        message = tr("Plotting %1 listed words; not in the vocabulary: %2")
                      .arg(controller_->trackedRows().size() -
                           (controller_->extraTrackedRow() >= 0 ? 1 : 0))
                      .arg(named);
    } else {
        message = tr("Plotting the %1 listed words").arg(controller_->trackedRows().size());
    }
    statusBar_->showMessage(message, 10000);
}

bool PlottedWordsChoice::loadTrackedWordList(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        reportError_(tr("Cannot read word list"),
                     QString::fromStdString(
                         fileError(path.toStdString(), file.errorString().toStdString())));
        return false;
    }
    const QString text = QString::fromUtf8(file.readAll());
    // A file's words are separated by whitespace; the panel shows them as its list (quoted where
    // one holds a quote at its start).
    const QString words =
        joinWordList(text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts));
    trainingPanel_->setTrackedWordList(words);
    setTrackedList(words);
    return true;
}

void PlottedWordsChoice::chooseTrackedCount() {
    bool ok = false;
    const int count = QInputDialog::getInt(
        window_, tr("Plotted words"), tr("Plot the most frequent N words:"),
        controller_->trackedCount(), 2, TrainingController::kMaxTrackedCount, 100, &ok);
    if (ok)
        setTrackedCount(count);
}

void PlottedWordsChoice::chooseTrackedWordList() {
    const QString path = getOpenFileName(window_, tr("Words to plot"), QString(),
                                         tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty())
        loadTrackedWordList(path);
}

void PlottedWordsChoice::plotSelectedRow(int row) {
    // A word outside the plotted ones is added to the plot, so that the selection can be seen.
    if (controller_->setExtraTrackedRow(row))
        statusBar_->showMessage(tr("“%1” (rank %2) is not among the plotted words: added to the "
                                   "plot while it is selected")
                                    .arg(controller_->wordAt(row))
                                    .arg(row + 1),
                                6000);
}

}  // namespace embedscope
