#include "VectorFileLoader.h"

namespace embedscope {

VectorFileLoader::VectorFileLoader(QObject* parent) : FileLoader(parent) {
    qRegisterMetaType<LoadedVectorsPtr>();
}

void VectorFileLoader::load(const QString& path) {
    const VectorCacheSettings settings =
        cacheSettings_ ? *cacheSettings_ : VectorCacheSettings::fromEnvironment();
    start<OpenedVectors>(
        path,
        [file = path.toStdString(), settings](const JobControl& control) {
            return openVectors(file, std::nullopt, settings, control);
        },
        [this, path, settings](OpenedVectors opened) {
            lastFromCache_ = opened.fromCache;
            if (opened.toCache)
                cacheWrites_.run<bool>(
                    [settings, opened](const JobControl& control) {
                        return writeVectorCacheQuietly(settings, opened, control);
                    },
                    [](JobOutcome<bool>) {});
            emit loaded(std::move(opened.source), path);
        });
}

}  // namespace embedscope
