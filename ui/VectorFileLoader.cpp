#include "VectorFileLoader.h"

#include "VectorFormats.h"

namespace embedscope {

VectorFileLoader::VectorFileLoader(QObject* parent) : QObject(parent) {
    qRegisterMetaType<LoadedVectorsPtr>();
    connect(&jobs_, &JobRunner::progress, this, &VectorFileLoader::progress);
    connect(&jobs_, &JobRunner::busyChanged, this, &VectorFileLoader::busyChanged);
}

void VectorFileLoader::load(const QString& path) {
    path_ = path;
    jobs_.run<LoadedVectorsPtr>(
        [file = path.toStdString()](const JobControl& control) {
            return LoadedVectorsPtr(
                std::make_shared<LoadedVectorSource>(file, readVectors(file, control)));
        },
        [this, path](JobOutcome<LoadedVectorsPtr> outcome) {
            if (outcome.cancelled)
                emit cancelled(path);
            else if (!outcome.error.isEmpty())
                emit failed(path, outcome.error);
            else
                emit loaded(*outcome.value, path);
        });
}

}  // namespace embedscope
