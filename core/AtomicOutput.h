// A file written atomically in large blocks, for every writer that must not leave a truncated
// file behind (the vector formats, the window's CSV and image exports).
#pragma once

#include <QSaveFile>

#include <cstddef>
#include <string>

namespace embedscope {

// A QSaveFile written in large blocks: text is appended to buffer() and written out a megabyte at
// a time. Until commit() succeeds the file at the path is untouched; destroying an uncommitted
// AtomicOutput (an error, a cancel) discards the temporary file.
class AtomicOutput {
public:
    // Throws Error naming the file when it cannot be created (a directory, a missing folder, no
    // permission).
    explicit AtomicOutput(const std::string& path);

    std::string& buffer() { return buffer_; }
    // Writes the buffer once it holds a block's worth.
    void flushIfFull() {
        if (buffer_.size() >= kBlockBytes)
            flush();
    }
    // Throws Error naming the file and the system's reason ("No space left on device"). A short
    // write is retried, so a full disk is reported rather than leaving a truncated file.
    void flush();
    // Flushes and renames the temporary file over the path.
    void commit();

private:
    static constexpr std::size_t kBlockBytes = 1 << 20;
    std::string path_;
    QSaveFile file_;
    std::string buffer_;
};

}  // namespace embedscope
