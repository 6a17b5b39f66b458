// Lets a window's commands win over the focused field. A text field or spin box claims some keys
// with modifiers for itself (QLineEdit takes Ctrl+E as "end of line"), so the window's commands
// went dead while one had the focus. Installed on the application, this filter gives the window
// its own shortcuts with Ctrl or Alt, and its function keys; plain keys (Space, F, L, X) stay the
// field's, for typing, and so do the editing keys (copy, paste, undo, select all ...).
#pragma once

#include <QObject>

class QKeyEvent;
class QWidget;

namespace embedscope {

class WindowCommandFilter : public QObject {
    Q_OBJECT
public:
    // The filter is window's child: it goes with it.
    explicit WindowCommandFilter(QWidget* window);

    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // A key press that one of the window's enabled actions takes as its shortcut, with Ctrl or Alt
    // or on a function key (never an editing key such as Ctrl+C).
    bool isWindowCommand(const QKeyEvent& key) const;

    QWidget* window_;
};

}  // namespace embedscope
