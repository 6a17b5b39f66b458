// Hands a fuzzer's bytes to readers that take a path: the bytes go to one file in /dev/shm (or
// TMPDIR) that each target reuses, so an execution costs a write, not a new file.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace embedscope::fuzz {

inline std::string inputPath(const char* suffix) {
    const char* dir = std::getenv("EMBEDSCOPE_FUZZ_DIR");
    std::string base = dir ? dir : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    return base + "/embedscope-fuzz-" + std::to_string(getpid()) + suffix;
}

inline void writeInput(const std::string& path, const std::uint8_t* data, std::size_t size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) std::abort();
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) std::abort();
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
}

}  // namespace embedscope::fuzz
