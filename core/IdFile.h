// A corpus's id stream kept on disk instead of in memory, for corpora whose ids would not fit the
// memory budget (issue 19): 4-byte ids in corpus order, appended once while the corpus is read,
// renumbered in place when the vocabulary is known, then read back in chunks by the training
// workers (TokenReader.h).
//
// Why a file read with pread rather than mmap: pages of a mapped file count in the resident set
// as they are touched and only leave it under memory pressure, so a mapped 4 GB id stream ends up
// as 4 GB of RSS after one epoch unless every reader madvise()s behind itself. pread copies into
// a buffer the worker owns: the resident set holds the buffers alone, the page cache (not counted
// in RSS, dropped first under pressure) holds the file. The copy costs ~1 ms per million tokens,
// against ~1 s to train them (bench/README.md, "Streamed training").
//
// Why unlinked at once: the file is created in the cache folder and its name removed right away,
// so it disappears when the last IdFile closes it, also after a cancel, an exception or a crash;
// nothing is ever left behind in the cache folder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace embedscope {

class IdFile {
public:
    // Creates the anonymous file in `folder` (created if missing; empty: defaultCacheFolder()).
    // Throws Error when the folder cannot be created or written.
    explicit IdFile(const std::string& folder = {});
    ~IdFile();
    IdFile(const IdFile&) = delete;
    IdFile& operator=(const IdFile&) = delete;

    // Appends ids at the end. Throws Error on a write failure (disk full).
    void append(const std::int32_t* ids, std::size_t count);
    // Reads up to `count` ids from id position `first`; returns how many were read (fewer only at
    // the end). Thread-safe: workers read their own ranges at once.
    std::size_t read(std::uint64_t first, std::int32_t* out, std::size_t count) const;
    // Overwrites ids at `first` (at most up to the end) and cuts the file after `newSize` ids.
    void write(std::uint64_t first, const std::int32_t* ids, std::size_t count);
    void truncate(std::uint64_t newSize);

    std::uint64_t size() const { return size_; }  // ids in the file
    std::uint64_t bytes() const { return size_ * sizeof(std::int32_t); }
    const std::string& folder() const { return folder_; }

private:
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::string folder_;
};

// $XDG_CACHE_HOME/embedscope, else $HOME/.cache/embedscope, else the system's temporary folder.
// Not /tmp first: on many systems it is a RAM disk, which would put the ids back in memory.
std::string defaultCacheFolder();

}  // namespace embedscope
