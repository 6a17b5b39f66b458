#include "IdFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "Error.h"

namespace embedscope {

namespace {

std::string systemError(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

}  // namespace

std::string defaultCacheFolder() {
    if (const char* cache = std::getenv("XDG_CACHE_HOME"); cache && *cache)
        return std::string(cache) + "/embedscope";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/embedscope";
    std::error_code ignored;
    return std::filesystem::temp_directory_path(ignored).string();
}

IdFile::IdFile(const std::string& folder)
    : folder_(folder.empty() ? defaultCacheFolder() : folder) {
    std::error_code error;
    std::filesystem::create_directories(folder_, error);
    if (error)
        throw Error(fileError(
            folder_, "cannot create the cache folder for the corpus ids: " + error.message()));
    static std::atomic<unsigned> serial{0};
    const std::string path = folder_ + "/corpus-ids-" + std::to_string(::getpid()) + "-" +
                             std::to_string(serial++) + ".tmp";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw Error(fileError(path, systemError("cannot create the corpus id file")));
    ::unlink(path.c_str());
}

IdFile::~IdFile() {
    if (fd_ >= 0)
        ::close(fd_);
}

void IdFile::append(const std::int32_t* ids, std::size_t count) {
    write(size_, ids, count);
}

void IdFile::write(std::uint64_t first, const std::int32_t* ids, std::size_t count) {
    const char* data = reinterpret_cast<const char*>(ids);
    std::size_t left = count * sizeof(std::int32_t);
    off_t offset = static_cast<off_t>(first * sizeof(std::int32_t));
    while (left > 0) {
        const ssize_t written = ::pwrite(fd_, data, left, offset);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            throw Error(fileError(folder_, systemError("cannot write the corpus id file")));
        data += written;
        left -= static_cast<std::size_t>(written);
        offset += written;
    }
    size_ = std::max<std::uint64_t>(size_, first + count);
}

std::size_t IdFile::read(std::uint64_t first, std::int32_t* out, std::size_t count) const {
    if (first >= size_)
        return 0;
    count = static_cast<std::size_t>(std::min<std::uint64_t>(count, size_ - first));
    char* data = reinterpret_cast<char*>(out);
    std::size_t left = count * sizeof(std::int32_t);
    off_t offset = static_cast<off_t>(first * sizeof(std::int32_t));
    while (left > 0) {
        const ssize_t got = ::pread(fd_, data, left, offset);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            throw Error(fileError(folder_, systemError("cannot read the corpus id file")));
        data += got;
        left -= static_cast<std::size_t>(got);
        offset += got;
    }
    return count;
}

void IdFile::truncate(std::uint64_t newSize) {
    if (::ftruncate(fd_, static_cast<off_t>(newSize * sizeof(std::int32_t))) != 0)
        throw Error(fileError(folder_, systemError("cannot shorten the corpus id file")));
    size_ = newSize;
}

}  // namespace embedscope
