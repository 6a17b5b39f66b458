// "Discard the trained vectors?": asked before anything replaces a table that holds unexported
// training (a new corpus or file, a reset, a new run, quitting). The answers are Keep, Discard and
// Export… (export first, then go on if the export was made). The question itself is replaceable
// (setAsker, setConfirmer) so that tests answer it without a dialog.
#pragma once

#include <QCoreApplication>
#include <QString>

#include <functional>

class QWidget;

namespace embedscope {

class DiscardQuestion {
    Q_DECLARE_TR_FUNCTIONS(DiscardQuestion)

public:
    enum class Answer { Keep, Discard, ExportFirst };

    // hasUnsavedWork tells whether there is anything to lose; exportFirst runs the export the
    // "Export…" answer asks for and tells whether it was made. The default question is a modal
    // QMessageBox over parent.
    DiscardQuestion(QWidget* parent, std::function<bool()> hasUnsavedWork,
                    std::function<bool()> exportFirst);

    // True when nothing unsaved would be lost, or the user agrees to lose it, or exports it
    // first.
    bool mayDiscard(const QString& question);

    void setAsker(std::function<Answer(const QString&)> asker);
    // Answers yes (Discard) or no (Keep).
    void setConfirmer(std::function<bool(const QString&)> confirmer);

private:
    Answer ask(const QString& question);

    QWidget* parent_;
    std::function<bool()> hasUnsavedWork_;
    std::function<bool()> exportFirst_;
    std::function<Answer(const QString&)> asker_;
    bool asking_ = false;
};

}  // namespace embedscope
