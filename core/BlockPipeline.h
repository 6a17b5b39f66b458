// Parsing a stream of text on every core while keeping file order: the calling thread reads the
// stream into blocks of whole lines, worker threads parse the blocks, and the calling thread
// commits the parsed blocks one by one in the order they were read.
//
// Why this shape: the parse (numbers to floats) is the expensive part and needs no shared state,
// while what needs order (row numbers, line numbers for messages, duplicate words, the final
// table) is cheap. At most 2 * threads + 2 blocks are in flight, so memory stays bounded by the
// block size, however large the file.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace embedscope {

// Text cut at a line end: bytes[0, size) are whole lines (the last one may lack its '\n' at the
// end of the stream). The vector keeps its capacity between uses.
struct TextBlock {
    std::vector<char> bytes;
    std::size_t size = 0;
    // A line longer than the reader's limit: the block holds its first part only and is not to be
    // parsed; committing it reports the line.
    bool lineTooLong = false;

    const char* begin() const { return bytes.data(); }
    const char* end() const { return bytes.data() + size; }
};

// One line of a block: [begin, end) without its '\n', and next, where the following line starts
// (end of the block after its last line, which may have no '\n').
struct BlockLine {
    const char* begin;
    const char* end;
    const char* next;

    std::string_view text() const {
        return std::string_view(begin, static_cast<std::size_t>(end - begin));
    }
};

// The line that starts at p in a block ending at blockEnd (p < blockEnd).
inline BlockLine lineAt(const char* p, const char* blockEnd) {
    const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(blockEnd - p));
    if (!newline)
        return {p, blockEnd, blockEnd};
    const char* end = static_cast<const char*>(newline);
    return {p, end, end + 1};
}

// Threads worth starting for parsing: one per core (at least 1).
inline int parsingThreads() {
    return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
}

// read(TextBlock&) -> bool fills the next block, false at the end of the stream; parse(const
// TextBlock&, Parsed&) runs on worker threads; commit(const TextBlock&, Parsed&) runs on the
// calling thread in stream order. An exception from any of them stops the pipeline (the workers
// are joined) and is rethrown here; later blocks are then never committed.
template <typename Parsed, typename Read, typename Parse, typename Commit>
void runBlockPipeline(int threads, Read&& read, Parse&& parse, Commit&& commit) {
    struct Slot {
        TextBlock block;
        Parsed parsed;
        std::exception_ptr error;
        bool done = false;
    };
    const int slotCount = 2 * threads + 2;
    std::vector<Slot> ring(static_cast<std::size_t>(slotCount));
    std::mutex mutex;
    std::condition_variable workReady, blockParsed;
    std::deque<Slot*> queue;
    bool stop = false;

    const auto work = [&] {
        for (;;) {
            Slot* slot = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex);
                workReady.wait(lock, [&] { return stop || !queue.empty(); });
                if (stop)
                    return;
                slot = queue.front();
                queue.pop_front();
            }
            try {
                if (!slot->block.lineTooLong)
                    parse(static_cast<const TextBlock&>(slot->block), slot->parsed);
            } catch (...) {
                slot->error = std::current_exception();
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                slot->done = true;
            }
            blockParsed.notify_all();
        }
    };

    // Stops and joins the workers however this function is left.
    std::vector<std::thread> workers;
    struct Joiner {
        std::vector<std::thread>& workers;
        std::mutex& mutex;
        std::condition_variable& workReady;
        bool& stop;
        ~Joiner() {
            {
                std::lock_guard<std::mutex> lock(mutex);
                stop = true;
            }
            workReady.notify_all();
            for (std::thread& worker : workers)
                worker.join();
        }
    } joiner{workers, mutex, workReady, stop};
    for (int i = 0; i < threads; ++i)
        workers.emplace_back(work);

    long long filled = 0, committed = 0;
    bool atEnd = false;
    for (;;) {
        while (!atEnd && filled - committed < slotCount) {
            Slot& slot = ring[static_cast<std::size_t>(filled % slotCount)];
            slot.block.lineTooLong = false;
            if (!read(slot.block)) {
                atEnd = true;
                break;
            }
            {
                std::lock_guard<std::mutex> lock(mutex);
                slot.done = false;
                slot.error = nullptr;
                queue.push_back(&slot);
            }
            workReady.notify_one();
            ++filled;
        }
        if (committed == filled)
            return;
        Slot& slot = ring[static_cast<std::size_t>(committed % slotCount)];
        {
            std::unique_lock<std::mutex> lock(mutex);
            blockParsed.wait(lock, [&] { return slot.done; });
        }
        if (slot.error)
            std::rethrow_exception(slot.error);
        commit(static_cast<const TextBlock&>(slot.block), slot.parsed);
        ++committed;
    }
}

}  // namespace embedscope
