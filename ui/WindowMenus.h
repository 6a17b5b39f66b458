// The window's menu bar (File, Training, View, Selection, Bookmarks, Help), built from the window's
// actions and the objects that own the other commands: opening files, sessions, layouts and help.
// The window wires what the actions do (MainWindow::createActions); this only places them.
#pragma once

class QAction;
class QMainWindow;
class QMenu;

namespace embedscope {

class ColouringActions;
class HelpActions;
class LayoutControls;
class OpenActions;
class PlotArea;
class SessionActions;
struct WindowActions;

struct WindowMenuParts {
    const WindowActions* actions = nullptr;
    OpenActions* opening = nullptr;
    SessionActions* sessions = nullptr;
    LayoutControls* layouts = nullptr;
    HelpActions* help = nullptr;
    PlotArea* plotArea = nullptr;           // View > Point size
    QAction* exportReplay = nullptr;        // File > Export > Replay (ReplayExport)
    ColouringActions* colouring = nullptr;  // File > Open metadata, View > Colour by
    QMenu* selection = nullptr;             // between View and Help (SelectionActions)
    QMenu* bookmarks = nullptr;             // after Selection (Bookmarks)
};

// Fills window's menu bar. Returns View > Panels, which the window fills with its docks.
QMenu* buildWindowMenus(QMainWindow* window, const WindowMenuParts& parts);

}  // namespace embedscope
