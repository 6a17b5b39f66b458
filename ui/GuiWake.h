// Wakes a handler on the GUI thread from any thread, with at most one wake-up in flight.
//
// The data travel separately, in a mailbox that the caller guards with its own std::mutex; the
// wake-up only says "look in the mailbox". It is a bare posted QEvent rather than a queued
// functor (QMetaObject::invokeMethod with a lambda) because the functor object is built by our
// code on the worker thread and read by our code on the GUI thread through Qt's queue, whose
// locks ThreadSanitizer cannot see: every such hand-over was reported as a race. With a bare
// event every byte that both threads touch goes through the caller's mutex, which TSan sees.
//
// Wake-ups coalesce: a wake() while one is queued adds nothing, so a fast worker never floods a
// slow event loop. The handler must therefore take everything the mailbox holds.
#pragma once

#include <QObject>

#include <atomic>
#include <functional>

namespace embedscope {

class GuiWake : public QObject {
public:
    explicit GuiWake(std::function<void()> handler, QObject* parent = nullptr);

    // Any thread. The handler runs on this object's thread, soon, once per burst of calls.
    void wake();

protected:
    bool event(QEvent* event) override;

private:
    std::function<void()> handler_;
    std::atomic<bool> queued_{false};
};

}  // namespace embedscope
