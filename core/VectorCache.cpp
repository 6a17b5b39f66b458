#include "VectorCache.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "AtomicOutput.h"
#include "Error.h"
#include "WordBlock.h"

namespace embedscope {

namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'E', 'S', 'V', 'C', 'A', 'C', 'H', 'E'};
// Raised whenever the layout below changes: an older cache is then ignored and rewritten.
constexpr std::uint32_t kCacheVersion = 1;
// Read back as another number on a machine of the other byte order.
constexpr std::uint32_t kByteOrderMarker = 0x01020304;
constexpr std::uint64_t kPage = 4096;
const char kSuffix[] = ".vcache";

struct CacheHeader {
    char magic[8];
    std::uint32_t version;
    std::uint32_t byteOrder;
    std::uint32_t format;
    std::uint32_t floatBytes;  // sizeof(float), 4
    std::uint64_t sourceSize;
    std::int64_t sourceMtimeNs;
    std::int64_t companionSize;
    std::int64_t companionMtimeNs;
    std::uint64_t rows;
    std::uint64_t dim;
    std::uint64_t pathOffset, pathBytes;
    std::uint64_t tableOffset, tableBytes;
    std::uint64_t wordsOffset, wordsBytes;
    std::uint64_t fileBytes;
};

std::uint64_t roundUpToPage(std::uint64_t bytes) {
    return (bytes + kPage - 1) / kPage * kPage;
}

std::int64_t mtimeNsOf(const struct stat& info) {
    return static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

std::string absolutePathOf(const std::string& path) {
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(fs::absolute(path, error), error);
    return error ? fs::absolute(path).lexically_normal().string() : canonical.string();
}

// FNV-1a, 64 bits: a short stable file name for a path (the header holds the path itself, so a
// collision only costs a miss).
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

// A read-only mapping of a whole file, unmapped when the last SharedTable viewing it goes.
class Mapping {
public:
    Mapping(void* data, std::size_t bytes) : data_(data), bytes_(bytes) {}
    ~Mapping() {
        if (data_)
            munmap(data_, bytes_);
    }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    const char* bytes() const { return static_cast<const char*>(data_); }
    std::size_t size() const { return bytes_; }

private:
    void* data_;
    std::size_t bytes_;
};

std::shared_ptr<const Mapping> mapFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    struct stat info {};
    std::shared_ptr<const Mapping> mapping;
    if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
        static_cast<std::uint64_t>(info.st_size) >= sizeof(CacheHeader)) {
        const auto bytes = static_cast<std::size_t>(info.st_size);
        void* data = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
        if (data != MAP_FAILED)
            mapping = std::make_shared<const Mapping>(data, bytes);
    }
    ::close(fd);  // the mapping stays valid without the descriptor
    return mapping;
}

// Whether the header describes a complete cache of identity inside a file of fileBytes bytes.
// Every offset is checked against the file before anything is read through it.
bool headerMatches(const CacheHeader& h, std::uint64_t fileBytes,
                   const VectorFileIdentity& identity) {
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kCacheVersion ||
        h.byteOrder != kByteOrderMarker || h.floatBytes != sizeof(float))
        return false;
    if (h.format != static_cast<std::uint32_t>(identity.format) || h.sourceSize != identity.size ||
        h.sourceMtimeNs != identity.mtimeNs || h.companionSize != identity.companionSize ||
        h.companionMtimeNs != identity.companionMtimeNs)
        return false;
    // Bounds that keep the products below from overflowing: 2^31 rows (row numbers are int32)
    // and a million dimensions.
    if (h.rows > 0x7fffffffull || h.dim > 1000000 || (h.rows > 0 && h.dim == 0))
        return false;
    return h.fileBytes == fileBytes && h.pathOffset == sizeof(CacheHeader) &&
           h.pathBytes == identity.absolutePath.size() &&
           h.pathOffset + h.pathBytes <= h.tableOffset && h.tableOffset % kPage == 0 &&
           h.tableBytes == h.rows * h.dim * sizeof(float) &&
           h.wordsOffset == h.tableOffset + h.tableBytes && h.wordsOffset <= fileBytes &&
           h.wordsBytes == fileBytes - h.wordsOffset;
}

// The words block (WordBlock.h). False when it does not hold exactly rows words, or holds an
// empty one: no reader of a vectors file loads an empty word, so such a cache is not ours.
bool readWords(const char* block, std::uint64_t bytes, std::uint64_t rows,
               std::vector<std::string>& words) {
    WordBlockProblem problem;
    return parseWordBlock(block, bytes, rows, words, problem) &&
           std::none_of(words.begin(), words.end(),
                        [](const std::string& word) { return word.empty(); });
}

void appendRaw(std::string& buffer, const void* data, std::size_t bytes) {
    buffer.append(static_cast<const char*>(data), bytes);
}

// Deletes all but the newest keep cache files of the folder (a failure to delete is ignored).
void pruneCacheFolder(const std::string& folder, int keep) {
    std::error_code error;
    std::vector<std::pair<fs::file_time_type, fs::path>> caches;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        if (entry.path().extension() != kSuffix || !entry.is_regular_file(error))
            continue;
        caches.emplace_back(entry.last_write_time(error), entry.path());
    }
    if (static_cast<int>(caches.size()) <= keep)
        return;
    std::sort(caches.begin(), caches.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = static_cast<std::size_t>(keep); i < caches.size(); ++i)
        fs::remove(caches[i].second, error);
}

bool environmentFlagSet(const char* name) {
    const char* value = std::getenv(name);
    return value && *value && std::strcmp(value, "0") != 0;
}

}  // namespace

bool VectorFileIdentity::operator==(const VectorFileIdentity& other) const {
    return absolutePath == other.absolutePath && format == other.format && size == other.size &&
           mtimeNs == other.mtimeNs && companionSize == other.companionSize &&
           companionMtimeNs == other.companionMtimeNs && regularFile == other.regularFile;
}

VectorCacheSettings VectorCacheSettings::fromEnvironment() {
    VectorCacheSettings settings;
    settings.enabled = !environmentFlagSet("EMBEDSCOPE_NO_VECTOR_CACHE");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    // XDG Base Directory: a relative XDG_CACHE_HOME is invalid and must be ignored.
    if (xdg && xdg[0] == '/')
        settings.folder = std::string(xdg) + "/embedscope/vectors";
    else if (home && *home)
        settings.folder = std::string(home) + "/.cache/embedscope/vectors";
    else
        settings.enabled = false;
    return settings;
}

VectorFileIdentity identifyVectorFile(const std::string& path, VectorFormat format) {
    VectorFileIdentity identity;
    identity.absolutePath = absolutePathOf(path);
    identity.format = format;
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw Error(fileError(path, std::strerror(errno)));
    identity.regularFile = S_ISREG(info.st_mode);
    identity.size = static_cast<std::uint64_t>(info.st_size);
    identity.mtimeNs = mtimeNsOf(info);
    const std::string companion = companionPathFor(path, format);
    struct stat companionInfo {};
    if (!companion.empty() && ::stat(companion.c_str(), &companionInfo) == 0) {
        identity.companionSize = static_cast<std::int64_t>(companionInfo.st_size);
        identity.companionMtimeNs = mtimeNsOf(companionInfo);
    }
    return identity;
}

std::string vectorCachePathFor(const VectorCacheSettings& settings,
                               const std::string& absoluteSourcePath) {
    char name[32];
    std::snprintf(name, sizeof name, "%016llx",
                  static_cast<unsigned long long>(fnv1a(absoluteSourcePath)));
    return settings.folder + "/" + name + kSuffix;
}

std::shared_ptr<const LoadedVectorSource> openVectorCache(const VectorCacheSettings& settings,
                                                          const std::string& path,
                                                          const VectorFileIdentity& identity) {
    if (!settings.enabled || settings.folder.empty())
        return nullptr;
    const std::shared_ptr<const Mapping> mapping =
        mapFile(vectorCachePathFor(settings, identity.absolutePath));
    if (!mapping)
        return nullptr;
    CacheHeader header{};
    std::memcpy(&header, mapping->bytes(), sizeof header);
    if (!headerMatches(header, mapping->size(), identity) ||
        std::memcmp(mapping->bytes() + header.pathOffset, identity.absolutePath.data(),
                    header.pathBytes) != 0)
        return nullptr;
    const char* tableStart = mapping->bytes() + header.tableOffset;
    // The table is read through soon (the neighbour index's row norms): start reading it in now.
    if (header.tableBytes > 0)
        madvise(const_cast<char*>(tableStart), header.tableBytes, MADV_WILLNEED);
    std::vector<std::string> words;
    if (!readWords(mapping->bytes() + header.wordsOffset, header.wordsBytes, header.rows, words))
        return nullptr;
    try {
        return std::make_shared<const LoadedVectorSource>(
            path, std::move(words),
            viewTable(reinterpret_cast<const float*>(tableStart),
                      static_cast<Eigen::Index>(header.rows), static_cast<Eigen::Index>(header.dim),
                      mapping));
    } catch (const Error&) {
        return nullptr;  // duplicate words: not a cache this program wrote
    }
}

void writeVectorCache(const VectorCacheSettings& settings, const VectorFileIdentity& identity,
                      const LoadedVectorSource& source, const JobControl& control) {
    if (!settings.enabled || settings.folder.empty() || !identity.regularFile)
        return;
    // A source rewritten while it was parsed: the table may be a mix of both versions.
    // (Looked up by the path as given: a symbolic link's companion file lies beside the link.)
    if (!(identifyVectorFile(source.path(), identity.format) == identity))
        return;
    std::error_code error;
    fs::create_directories(settings.folder, error);
    if (error)
        throw Error(fileError(settings.folder, error.message()));

    const SharedTable table = source.table();
    CacheHeader header{};
    std::memcpy(header.magic, kMagic, sizeof kMagic);
    header.version = kCacheVersion;
    header.byteOrder = kByteOrderMarker;
    header.format = static_cast<std::uint32_t>(identity.format);
    header.floatBytes = sizeof(float);
    header.sourceSize = identity.size;
    header.sourceMtimeNs = identity.mtimeNs;
    header.companionSize = identity.companionSize;
    header.companionMtimeNs = identity.companionMtimeNs;
    header.rows = static_cast<std::uint64_t>(table->rows());
    header.dim = static_cast<std::uint64_t>(table->cols());
    header.pathOffset = sizeof header;
    header.pathBytes = identity.absolutePath.size();
    header.tableOffset = roundUpToPage(header.pathOffset + header.pathBytes);
    header.tableBytes = header.rows * header.dim * sizeof(float);
    header.wordsOffset = header.tableOffset + header.tableBytes;
    header.wordsBytes = wordBlockBytes(source.words());
    header.fileBytes = header.wordsOffset + header.wordsBytes;

    const std::string cachePath = vectorCachePathFor(settings, identity.absolutePath);
    AtomicOutput out(cachePath);
    std::string& buffer = out.buffer();
    appendRaw(buffer, &header, sizeof header);
    buffer += identity.absolutePath;
    buffer.append(header.tableOffset - header.pathOffset - header.pathBytes, '\0');
    const char* tableBytes = reinterpret_cast<const char*>(table->data());
    constexpr std::uint64_t kSlice = 1 << 20;
    for (std::uint64_t at = 0; at < header.tableBytes; at += kSlice) {
        appendRaw(buffer, tableBytes + at, std::min(kSlice, header.tableBytes - at));
        out.flushIfFull();
        control.throwIfCancelled();
        control.report(at, header.fileBytes);
    }
    appendWordBlock(out, source.words());
    control.throwIfCancelled();
    out.commit();
    pruneCacheFolder(settings.folder, kVectorCacheKeep);
}

OpenedVectors openVectors(const std::string& path, std::optional<VectorFormat> format,
                          const VectorCacheSettings& settings, const JobControl& control) {
    const VectorFormat chosen = format ? *format : detectVectorFormat(path);
    OpenedVectors opened;
    std::optional<VectorFileIdentity> identity;
    if (settings.enabled) {
        try {
            identity = identifyVectorFile(path, chosen);
        } catch (const Error&) {
            identity.reset();  // no such file: readVectors reports it as it always has
        }
        if (identity && identity->regularFile) {
            opened.source = openVectorCache(settings, path, *identity);
            opened.fromCache = opened.source != nullptr;
        }
    }
    if (!opened.source) {
        opened.source =
            std::make_shared<const LoadedVectorSource>(path, readVectors(path, chosen, control));
        if (identity && identity->regularFile && identity->size >= settings.minimumSourceBytes)
            opened.toCache = identity;
    }
    return opened;
}

bool writeVectorCacheQuietly(const VectorCacheSettings& settings, const OpenedVectors& opened,
                             const JobControl& control) {
    if (!opened.toCache || !opened.source)
        return false;
    try {
        writeVectorCache(settings, *opened.toCache, *opened.source, control);
        return true;
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "embedscope: the reopen cache was not written: %s\n", e.what());
        return false;
    }
}

}  // namespace embedscope
