// Opens a vector file off the GUI thread (FileLoader: progress, cancel, newest request wins),
// through the reopen cache (core/VectorCache.h): a file opened before is mapped from its cache; a
// large file parsed afresh gets its cache written by a second job after the vectors are shown, so
// the window never waits for it.
#pragma once

#include <QString>

#include <memory>
#include <optional>

#include "FileLoader.h"
#include "JobRunner.h"
#include "VectorCache.h"
#include "VectorSource.h"

namespace embedscope {

using LoadedVectorsPtr = std::shared_ptr<const LoadedVectorSource>;

class VectorFileLoader : public FileLoader {
    Q_OBJECT
public:
    explicit VectorFileLoader(QObject* parent = nullptr);

    // The format is told from the file's name and content (readVectors).
    void load(const QString& path);
    // The cache settings of later loads; nullopt (the default): from the environment at each load.
    void setCacheSettings(std::optional<VectorCacheSettings> settings) {
        cacheSettings_ = std::move(settings);
    }
    // Whether the vectors of the last loaded() came from the reopen cache.
    bool lastLoadFromCache() const { return lastFromCache_; }
    // Blocks until a cache being written is written (tests; closing the window cancels it).
    void waitForCacheWrite() { cacheWrites_.waitForIdle(); }

signals:
    void loaded(embedscope::LoadedVectorsPtr vectors, const QString& path);

private:
    std::optional<VectorCacheSettings> cacheSettings_;
    bool lastFromCache_ = false;
    // Writes caches one after another; destroying the loader cancels a write (no file is left).
    JobRunner cacheWrites_{JobRunner::Policy::FinishRunning};
};

}  // namespace embedscope
