// Hands a fuzzer's bytes to readers that take a path: the bytes go to one file in /dev/shm (or
// TMPDIR) that each target reuses, so an execution costs a write, not a new file.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "Error.h"
#include "VectorFormats.h"

namespace embedscope::fuzz {

inline std::string inputPath(const char* suffix) {
    const char* dir = std::getenv("EMBEDSCOPE_FUZZ_DIR");
    std::string base = dir ? dir : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    return base + "/embedscope-fuzz-" + std::to_string(getpid()) + suffix;
}

inline void writeInput(const std::string& path, const std::uint8_t* data, std::size_t size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        std::abort();
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0)
            std::abort();
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

// Reads path as vectors of the given format. Any input must give consistent vectors (one finite
// row per distinct word, all of one dimension) or a clean Error; anything else aborts.
inline void readVectorsChecked(const std::string& path, VectorFormat format) {
    try {
        const WordVectors vectors = readVectors(path, format);
        if (static_cast<std::size_t>(vectors.rows()) != vectors.words.size())
            std::abort();
        if (!vectors.vectors.allFinite())
            std::abort();
        if (std::set<std::string>(vectors.words.begin(), vectors.words.end()).size() !=
            vectors.words.size())
            std::abort();
    } catch (const Error&) {
    }
}

// The whole test of a single-file vectors format.
inline int fuzzVectorsFile(const std::uint8_t* data, std::size_t size, VectorFormat format,
                           const char* suffix) {
    static const std::string path = inputPath(suffix);
    writeInput(path, data, size);
    readVectorsChecked(path, format);
    return 0;
}

}  // namespace embedscope::fuzz
