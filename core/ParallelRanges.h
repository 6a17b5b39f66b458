// Splits [0, n) into one contiguous range per thread. Each range is handed to one thread, so a body
// that writes only the outputs of its own range is deterministic with any thread count.
#pragma once

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace embedscope {

// Runs body(thread, begin, end) over [0, n) in one contiguous range per thread, thread = 0 ..
// threads - 1 (the calling thread is 0 and takes the first range): for bodies that keep
// per-thread scratch or random streams.
template <typename Body>
void parallelRangesIndexed(int threads, std::int64_t n, const Body& body) {
    threads = static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(threads, n)));
    if (threads <= 1) {
        body(0, std::int64_t{0}, n);
        return;
    }
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back([&, t] { body(t, n * t / threads, n * (t + 1) / threads); });
    body(0, std::int64_t{0}, n / threads);
    for (auto& thread : pool)
        thread.join();
}

// Runs body(begin, end) over [0, n) in one contiguous range per thread.
template <typename Body>
void parallelRanges(int threads, std::int64_t n, const Body& body) {
    parallelRangesIndexed(threads, n,
                          [&body](int, std::int64_t begin, std::int64_t end) { body(begin, end); });
}

}  // namespace embedscope
