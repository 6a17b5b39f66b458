// Opens a vector file off the GUI thread (FileLoader: progress, cancel, newest request wins),
// through the reopen cache (core/VectorCache.h): a file opened before is mapped from its cache; a
// large file parsed afresh gets its cache written by a second job after the vectors are shown, so
// the window never waits for it.
#pragma once

#include <QString>

#include <memory>

#include "FileLoader.h"
#include "JobRunner.h"
#include "VectorSource.h"

namespace embedscope {

using LoadedVectorsPtr = std::shared_ptr<const LoadedVectorSource>;

class VectorFileLoader : public FileLoader {
    Q_OBJECT
public:
    explicit VectorFileLoader(QObject* parent = nullptr);

    // The format is told from the file's name and content (readVectors). The cache settings are
    // read from the environment at each load (VectorCacheSettings::fromEnvironment).
    void load(const QString& path);
    // Whether the vectors of the last loaded() came from the reopen cache.
    bool lastLoadFromCache() const { return lastFromCache_; }
    // Blocks until a cache being written is written (tests; closing the window cancels it).
    void waitForCacheWrite() { cacheWrites_.waitForIdle(); }

signals:
    void loaded(embedscope::LoadedVectorsPtr vectors, const QString& path);

private:
    bool lastFromCache_ = false;
    // Writes caches one after another; destroying the loader cancels a write (no file is left).
    JobRunner cacheWrites_{JobRunner::Policy::FinishRunning};
};

}  // namespace embedscope
