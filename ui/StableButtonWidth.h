// Tool buttons whose width does not change with their action's text.
//
// Start reads "Start" or "Start (resume)", Pause reads "Pause" or "Resume": a button that
// resized with its text moved the buttons beside it, so that a second click at the same place hit
// another button. An action lists every text it can show in a property; its buttons are made wide
// enough for the widest once, and keep that width.
#pragma once

#include <QStringList>

class QAction;
class QToolButton;

namespace embedscope {

// Every text the action can show (the current one need not be listed).
void setTextVariants(QAction* action, const QStringList& texts);

// The button's width for the widest of its action's texts.
int widestTextWidth(const QToolButton* button);

// Fixes the button's width at widestTextWidth (a toolbar's buttons).
void keepWidthForEveryText(QToolButton* button);

}  // namespace embedscope
