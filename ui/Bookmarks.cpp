#include "Bookmarks.h"

#include <QAction>
#include <QInputDialog>
#include <QKeySequence>
#include <QLineEdit>
#include <QMenu>
#include <QStatusBar>
#include <QWidget>

#include "SessionView.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

// A menu takes "&" for a mnemonic: a name's own "&" must be shown as one.
QString menuText(const QString& name) {
    return QString(name).replace(QLatin1Char('&'), QStringLiteral("&&"));
}

// Empties menu; its own actions go later: the one being triggered may be among them.
void clearLater(QMenu* menu) {
    for (QAction* action : menu->actions()) {
        menu->removeAction(action);
        if (action->parent() == menu)
            action->deleteLater();
    }
}

}  // namespace

Bookmarks::Bookmarks(QWidget* window, TrainingController* controller, SessionView* view,
                     QStatusBar* status)
    : QObject(window),
      window_(window),
      controller_(controller),
      view_(view),
      status_(status),
      menu_(new QMenu(tr("&Bookmarks"), window)),
      renameMenu_(new QMenu(tr("&Rename bookmark"), menu_)),
      deleteMenu_(new QMenu(tr("&Delete bookmark"), menu_)),
      add_(new QAction(tr("&Add bookmark…"), window)) {
    add_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    add_->setStatusTip(
        tr("Keep the view (layout, camera, colouring, selection) under a name; Save session "
           "keeps the bookmarks"));
    connect(add_, &QAction::triggered, this, [this] {
        const QString name =
            askName(tr("Add bookmark"), tr("Bookmark %1").arg(qsizetype(bookmarks_.size()) + 1));
        if (!name.isEmpty())
            add(name);
    });
    // Other vectors: the bookmarks' words are other words.
    connect(controller_, &TrainingController::corpusChanged, this, &Bookmarks::clear);
    rebuildMenu();
}

QString Bookmarks::askName(const QString& title, const QString& proposal) const {
    if (askName_)
        return askName_(title, proposal).trimmed();
    bool ok = false;
    const QString name =
        QInputDialog::getText(window_, title, tr("Name:"), QLineEdit::Normal, proposal, &ok);
    return ok ? name.trimmed() : QString();
}

bool Bookmarks::add(const QString& name) {
    if (!controller_->source()) {
        status_->showMessage(tr("Open or train vectors first: a bookmark keeps a view of them"),
                             6000);
        return false;
    }
    const QString trimmed = name.trimmed();
    Bookmark bookmark{
        trimmed.isEmpty() ? tr("Bookmark %1").arg(qsizetype(bookmarks_.size()) + 1) : trimmed,
        view_->captureView()};
    status_->showMessage(tr("Bookmark \"%1\" added; Save session keeps it").arg(bookmark.name),
                         6000);
    bookmarks_.push_back(std::move(bookmark));
    rebuildMenu();
    emit changed();
    return true;
}

bool Bookmarks::restore(int index) {
    if (index < 0 || index >= int(bookmarks_.size()))
        return false;
    const Bookmark bookmark = bookmarks_[std::size_t(index)];  // a copy: applying may run events
    QStringList notes = view_->applyView(bookmark.view);
    notes.prepend(tr("Bookmark \"%1\"").arg(bookmark.name));
    status_->showMessage(notes.join(QStringLiteral("; ")), 8000);
    return true;
}

bool Bookmarks::rename(int index, const QString& name) {
    const QString trimmed = name.trimmed();
    if (index < 0 || index >= int(bookmarks_.size()) || trimmed.isEmpty())
        return false;
    bookmarks_[std::size_t(index)].name = trimmed;
    rebuildMenu();
    emit changed();
    return true;
}

bool Bookmarks::remove(int index) {
    if (index < 0 || index >= int(bookmarks_.size()))
        return false;
    bookmarks_.erase(bookmarks_.begin() + index);
    rebuildMenu();
    emit changed();
    return true;
}

QJsonArray Bookmarks::toJson() const {
    QJsonArray json;
    for (const Bookmark& b : bookmarks_)
        json.append(
            QJsonObject{{QStringLiteral("name"), b.name}, {QStringLiteral("view"), b.view}});
    return json;
}

void Bookmarks::setFromJson(const QJsonArray& json) {
    bookmarks_.clear();
    for (const QJsonValue& value : json) {
        const QJsonObject entry = value.toObject();
        const QJsonObject view = entry.value(QStringLiteral("view")).toObject();
        if (view.isEmpty())
            continue;
        QString name = entry.value(QStringLiteral("name")).toString().trimmed();
        if (name.isEmpty())
            name = tr("Bookmark %1").arg(qsizetype(bookmarks_.size()) + 1);
        bookmarks_.push_back({name, view});
    }
    rebuildMenu();
    emit changed();
}

void Bookmarks::clear() {
    if (bookmarks_.empty())
        return;
    bookmarks_.clear();
    rebuildMenu();
    emit changed();
}

void Bookmarks::rebuildMenu() {
    clearLater(menu_);
    clearLater(renameMenu_);
    clearLater(deleteMenu_);
    menu_->addAction(add_);
    if (bookmarks_.empty()) {
        menu_->addAction(tr("No bookmarks yet"))->setEnabled(false);
        return;
    }
    menu_->addSeparator();
    for (std::size_t i = 0; i < bookmarks_.size(); ++i) {
        const int index = int(i);
        QAction* action = menu_->addAction(
            (i < 9 ? QStringLiteral("&%1  ").arg(i + 1) : QString()) + menuText(bookmarks_[i].name),
            this, [this, index] { restore(index); });
        action->setStatusTip(tr("Show this view again"));
    }
    menu_->addSeparator();
    menu_->addMenu(renameMenu_);
    menu_->addMenu(deleteMenu_);
    for (std::size_t i = 0; i < bookmarks_.size(); ++i) {
        const int index = int(i);
        const QString text = menuText(bookmarks_[i].name);
        renameMenu_->addAction(text + QStringLiteral("…"), this, [this, index] {
            const QString name =
                askName(tr("Rename bookmark"), bookmarks_[std::size_t(index)].name);
            if (!name.isEmpty())
                rename(index, name);
        });
        deleteMenu_->addAction(text, this, [this, index] { remove(index); });
    }
}

}  // namespace embedscope
