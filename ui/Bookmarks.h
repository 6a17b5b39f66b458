// Named bookmarks, as the Embedding Projector has them: views saved within a session. The
// Bookmarks menu offers "Add bookmark…" (Ctrl+B, asks a name), one entry per bookmark that
// restores it (its layout, camera, colouring, selection and isolation: SessionView), and Rename
// and Delete submenus. A session file keeps them ("view" > "bookmarks": [{"name", "view"}...]);
// other vectors drop them (their words are other words), an opened session brings its own.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <utility>
#include <vector>

class QAction;
class QMenu;
class QStatusBar;
class QWidget;

namespace embedscope {

class SessionView;
class TrainingController;

class Bookmarks : public QObject {
    Q_OBJECT
public:
    struct Bookmark {
        QString name;
        QJsonObject view;  // SessionView::captureView()
    };

    Bookmarks(QWidget* window, TrainingController* controller, SessionView* view,
              QStatusBar* status);

    QMenu* menu() const { return menu_; }
    QAction* addAction() const { return add_; }
    const std::vector<Bookmark>& list() const { return bookmarks_; }

    // The commands without their dialogs (the menu asks for a name first; tests call these).
    // add: the view now, under name (trimmed; "" takes "Bookmark N"); false without vectors.
    bool add(const QString& name);
    // Shows bookmark index; false for no such bookmark. The status bar names it, and says what
    // could not be restored (a metadata file that moved).
    bool restore(int index);
    bool rename(int index, const QString& name);
    bool remove(int index);

    // "view" > "bookmarks" of a session file; setFromJson replaces the list (entries without a
    // view are skipped).
    QJsonArray toJson() const;
    void setFromJson(const QJsonArray& json);
    void clear();

    // Test seam for the name dialogs: receives the dialog's title and the proposed name, returns
    // the name ("" cancels). Default: a QInputDialog.
    using NameAsker = std::function<QString(const QString& title, const QString& proposal)>;
    void setNameAsker(NameAsker asker) { askName_ = std::move(asker); }

    static constexpr const char* kJsonKey = "bookmarks";

signals:
    void changed();  // added, renamed, removed, or another list

private:
    void rebuildMenu();
    QString askName(const QString& title, const QString& proposal) const;

    QWidget* window_;
    TrainingController* controller_;
    SessionView* view_;
    QStatusBar* status_;
    QMenu* menu_;
    QMenu* renameMenu_;  // kept: only their actions are made again
    QMenu* deleteMenu_;
    QAction* add_;
    NameAsker askName_;
    std::vector<Bookmark> bookmarks_;
};

}  // namespace embedscope
