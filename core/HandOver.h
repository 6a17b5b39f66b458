// Telling ThreadSanitizer about a hand-over that happens inside code it cannot see.
//
// A background job's result is written on a pool thread and read on the GUI thread after Qt has
// passed "finished" through its event queue. The ordering is real (Qt's thread pool and event
// queue synchronise with mutexes), but Qt is not built with TSan, so TSan sees two unordered
// accesses and reports a race. publish() after the last write and receive() before the first
// read, both on the same address, draw the happens-before edge that Qt's internals provide.
// Without TSan both are empty and cost nothing.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define EMBEDSCOPE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define EMBEDSCOPE_TSAN 1
#endif
#endif

#ifdef EMBEDSCOPE_TSAN
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace embedscope {

// The writing thread, after its last write to the value at addr.
inline void publish(const void* addr) {
#ifdef EMBEDSCOPE_TSAN
    __tsan_release(const_cast<void*>(addr));
#else
    (void)addr;
#endif
}

// The reading thread, once it knows (through code TSan cannot see) that publish(addr) happened.
inline void receive(const void* addr) {
#ifdef EMBEDSCOPE_TSAN
    __tsan_acquire(const_cast<void*>(addr));
#else
    (void)addr;
#endif
}

}  // namespace embedscope
