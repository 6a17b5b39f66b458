#include "WindowCommandFilter.h"

#include <QAction>
#include <QKeyEvent>
#include <QWidget>

#include <algorithm>

namespace embedscope {

WindowCommandFilter::WindowCommandFilter(QWidget* window) : QObject(window), window_(window) {}

bool WindowCommandFilter::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride) {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && (widget == window_ || window_->isAncestorOf(widget)) &&
            isWindowCommand(*static_cast<QKeyEvent*>(event))) {
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

bool WindowCommandFilter::isWindowCommand(const QKeyEvent& key) const {
    const Qt::KeyboardModifiers modifiers = key.modifiers() & ~Qt::KeypadModifier;
    const bool functionKey = key.key() >= Qt::Key_F1 && key.key() <= Qt::Key_F35;
    if (!functionKey && !(modifiers & (Qt::ControlModifier | Qt::AltModifier)))
        return false;
    const QKeySequence pressed(key.keyCombination());
    // Editing keys keep their meaning in a field (copy, paste, undo, select all ...).
    for (const auto standard : {QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste,
                                QKeySequence::Undo, QKeySequence::Redo, QKeySequence::SelectAll})
        if (QKeySequence::keyBindings(standard).contains(pressed))
            return false;
    const QList<QAction*> windowActions = window_->findChildren<QAction*>();
    return std::any_of(windowActions.begin(), windowActions.end(), [&](const QAction* action) {
        return action->isEnabled() && action->shortcuts().contains(pressed);
    });
}

}  // namespace embedscope
