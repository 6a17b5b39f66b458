// The one way Embedscope writes a file (the vector formats, the vocabulary, the window's CSV and
// image exports, the screenshot, the bench's image): in large blocks, and atomically where the
// output is a regular file, so that no writer leaves a truncated file behind.
#pragma once

#include <QFileDevice>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace embedscope {

// An output written in large blocks: text is appended to buffer() and written out a megabyte at a
// time. What happens at the path depends on what is there (symbolic links followed):
// - a regular file, or nothing yet: the blocks go to a temporary file beside it (QSaveFile) that
//   commit() renames over the path. Until then the file at the path is untouched; destroying an
//   uncommitted AtomicOutput (an error, a cancel) discards the temporary file. A symbolic link
//   stays: the file it points to is replaced.
// - a FIFO, a character device or a socket: written through, as other Unix tools do (`-o
//   /dev/stdout`, a named pipe). A rename would put a regular file in the node's place. Opening a
//   FIFO waits until it has a reader; what was written before a failure has reached the reader.
// - anything else (a directory, a block device) is refused.
class AtomicOutput {
public:
    // What a path holds, as far as writing it goes.
    enum class Target {
        RegularFile,  // or nothing yet: replaced atomically
        Fifo,         // written through, like the two below
        CharacterDevice,
        Socket,
    };
    // Looks at path (stat: nothing is opened or created) and says how it would be written. Throws
    // Error naming the file when nothing can be written there: a directory, a block device, a
    // missing folder.
    static Target targetOf(const std::string& path);
    // Throws Error naming path when an output cannot be written there (targetOf's cases, no
    // permission), so that a command fails before its long work, not after. For a regular file
    // creates and discards a temporary file beside it, leaving an earlier file untouched. A FIFO
    // or a device is not opened (a FIFO would wait for a reader): its permissions are checked.
    static void checkCreatable(const std::string& path);

    // Throws Error naming the file when it cannot be written (as targetOf, or the system's reason:
    // no permission).
    explicit AtomicOutput(const std::string& path);

    // Whether the output goes straight to the path (a FIFO, a device) rather than to a temporary
    // file renamed over it.
    bool writesThrough() const { return target_ != Target::RegularFile; }
    std::string& buffer() { return buffer_; }
    // Writes the buffer once it holds a block's worth.
    void flushIfFull() {
        if (buffer_.size() >= kBlockBytes)
            flush();
    }
    // Throws Error naming the file and the system's reason ("No space left on device"). A short
    // write is retried, so a full disk is reported rather than leaving a truncated file.
    void flush();
    // Flushes, then renames the temporary file over the path (or closes what was written through).
    void commit();

private:
    static constexpr std::size_t kBlockBytes = 1 << 20;
    std::string path_;
    Target target_;
    std::unique_ptr<QFileDevice> file_;  // a QSaveFile, or a QFile written through
    std::string buffer_;
};

// Writes bytes to path through an AtomicOutput (an encoded image, a small CSV).
void saveBytes(const std::string& path, std::string_view bytes);

}  // namespace embedscope
