// The reopen cache: a vector file opened once is opened again from a memory-mapped copy of its
// parsed table and words, in well under a second instead of ~10 s for 1M x 300 (issue 16).
//
// Why a mapping: parsing is not the only cost. Writing 1.2 GB of fresh memory costs 5-11 s per GB
// on the project's virtual machines (bench/README.md, "open-vectors"), a floor under any loader
// that builds the table in new memory. A read-only MAP_SHARED mapping of a cache file uses the
// page cache's pages as they are: nothing is allocated or copied, and after the first reopen the
// pages are usually resident already. The table reaches its readers through a SharedTable that
// keeps the mapping alive (SharedTable.h).
//
// Where: $XDG_CACHE_HOME/embedscope/vectors (else ~/.cache/embedscope/vectors), one file per
// source, named by a hash of its absolute path: NAME.vcache. A cache matches when the path, the
// format, the size and the modification time (ns) of the source (and of its companion file, the
// words of .tsv and .npy) are those recorded; anything else (another format version, a damaged,
// truncated or foreign file) is ignored and the source is parsed again, then the cache rewritten.
// Only sources of at least kVectorCacheMinimumBytes are cached, and the newest kVectorCacheKeep
// cache files are kept.
//
// File layout (native byte order, checked by a marker): a fixed header (CacheHeader in the .cpp),
// the source's absolute path, zeros up to the next 4096-byte boundary, the float32 table (rows x
// dim, row-major, page-aligned so that it is mapped as it lies), then the words, each as a
// uint32 byte length and its UTF-8 bytes, in row order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "JobControl.h"
#include "VectorFormats.h"
#include "VectorSource.h"

namespace embedscope {

// Below 64 MB (about 28k x 300 as .vec) a parse takes a few tenths of a second: a cache would
// save little and litter the folder with copies of small files.
inline constexpr std::uint64_t kVectorCacheMinimumBytes = 64ull << 20;
// Cache files kept (each as large as its table, 1.2 GB for 1M x 300); older ones are deleted.
inline constexpr int kVectorCacheKeep = 4;

struct VectorCacheSettings {
    bool enabled = true;  // false: caches are neither read nor written
    std::string folder;   // where the cache files live
    std::uint64_t minimumSourceBytes = kVectorCacheMinimumBytes;

    // Enabled unless EMBEDSCOPE_NO_VECTOR_CACHE is set to anything but "" or "0"; the folder from
    // XDG_CACHE_HOME, else HOME/.cache (disabled when neither is set).
    static VectorCacheSettings fromEnvironment();
};

// What a cache records of its source, to tell whether it still matches.
struct VectorFileIdentity {
    std::string absolutePath;
    VectorFormat format = VectorFormat::Word2VecText;
    std::uint64_t size = 0;
    std::int64_t mtimeNs = 0;
    // The companion file (companionPathFor); both -1 when the format has none or it is missing.
    std::int64_t companionSize = -1;
    std::int64_t companionMtimeNs = -1;
    bool regularFile = false;  // only regular files are cached (not a FIFO, not a device)

    bool operator==(const VectorFileIdentity& other) const;
};

// Looks at path (stat only). Throws Error naming the file when it cannot be looked at.
VectorFileIdentity identifyVectorFile(const std::string& path, VectorFormat format);

// The cache file for a source.
std::string vectorCachePathFor(const VectorCacheSettings& settings,
                               const std::string& absoluteSourcePath);

// The source mapped from its cache, or nullptr when no cache matches or the cache is damaged.
// Never throws for a bad cache. The source's path() is the given path.
std::shared_ptr<const LoadedVectorSource> openVectorCache(const VectorCacheSettings& settings,
                                                          const std::string& path,
                                                          const VectorFileIdentity& identity);

// Writes source's cache atomically (AtomicOutput), then deletes all but the newest
// kVectorCacheKeep. Does nothing when the source changed since identity was taken. Throws Error on
// failure, Cancelled when control is cancelled (no file left behind either way).
void writeVectorCache(const VectorCacheSettings& settings, const VectorFileIdentity& identity,
                      const LoadedVectorSource& source, const JobControl& control = {});

struct OpenedVectors {
    std::shared_ptr<const LoadedVectorSource> source;
    bool fromCache = false;
    // Set when the source was parsed and is worth caching: hand it to writeVectorCacheQuietly
    // (after showing the vectors: writing 1.2 GB takes seconds).
    std::optional<VectorFileIdentity> toCache;
};

// Opens a vector file as readVectors does (format: given, or detectVectorFormat), from its cache
// when one matches. Errors and cancellation as readVectors.
OpenedVectors openVectors(const std::string& path, std::optional<VectorFormat> format,
                          const VectorCacheSettings& settings, const JobControl& control = {});

// writeVectorCache for opened.toCache, if set. A cache that cannot be written is no error for the
// user: the reason goes to stderr and false is returned. Cancelled still propagates.
bool writeVectorCacheQuietly(const VectorCacheSettings& settings, const OpenedVectors& opened,
                             const JobControl& control = {});

}  // namespace embedscope
