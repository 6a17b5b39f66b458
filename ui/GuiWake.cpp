#include "GuiWake.h"

#include <QCoreApplication>
#include <QEvent>

namespace embedscope {

namespace {

const QEvent::Type kWakeEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

}  // namespace

GuiWake::GuiWake(std::function<void()> handler, QObject* parent)
    : QObject(parent), handler_(std::move(handler)) {}

void GuiWake::wake() {
    if (!queued_.exchange(true))
        QCoreApplication::postEvent(this, new QEvent(kWakeEvent));
}

bool GuiWake::event(QEvent* event) {
    if (event->type() != kWakeEvent)
        return QObject::event(event);
    // Cleared before the handler reads the mailbox: a value filed after this point wakes again.
    queued_ = false;
    handler_();
    return true;
}

}  // namespace embedscope
