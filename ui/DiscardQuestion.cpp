#include "DiscardQuestion.h"

#include <QMessageBox>
#include <QPushButton>

#include <utility>

namespace embedscope {

DiscardQuestion::DiscardQuestion(QWidget* parent, std::function<bool()> hasUnsavedWork,
                                 std::function<bool()> exportFirst)
    : parent_(parent),
      hasUnsavedWork_(std::move(hasUnsavedWork)),
      exportFirst_(std::move(exportFirst)) {}

void DiscardQuestion::setAsker(std::function<Answer(const QString&)> asker) {
    asker_ = std::move(asker);
}

void DiscardQuestion::setConfirmer(std::function<bool(const QString&)> confirmer) {
    asker_ = [confirmer = std::move(confirmer)](const QString& question) {
        return confirmer(question) ? Answer::Discard : Answer::Keep;
    };
}

DiscardQuestion::Answer DiscardQuestion::ask(const QString& question) {
    if (asker_)
        return asker_(question);
    QMessageBox box(QMessageBox::Question, tr("Embedscope"), question, QMessageBox::NoButton,
                    parent_);
    QPushButton* discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    QPushButton* exportFirst = box.addButton(tr("&Export…"), QMessageBox::AcceptRole);
    QPushButton* keep = box.addButton(tr("&Keep"), QMessageBox::RejectRole);
    // Enter (the default button) and Escape keep the vectors.
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() == discard)
        return Answer::Discard;
    if (box.clickedButton() == exportFirst)
        return Answer::ExportFirst;
    return Answer::Keep;
}

bool DiscardQuestion::mayDiscard(const QString& question) {
    if (!hasUnsavedWork_())
        return true;
    // One question at a time: a second request while one is open (a spin box reporting again as
    // the question takes its focus) is refused rather than stacked.
    if (asking_)
        return false;
    asking_ = true;
    const Answer answer = ask(question);
    asking_ = false;
    switch (answer) {
        case Answer::Discard:
            return true;
        case Answer::ExportFirst:
            return exportFirst_();
        case Answer::Keep:
            break;
    }
    return false;
}

}  // namespace embedscope
