#include "VectorFileLoader.h"

#include "VectorFormats.h"

namespace embedscope {

VectorFileLoader::VectorFileLoader(QObject* parent) : FileLoader(parent) {
    qRegisterMetaType<LoadedVectorsPtr>();
}

void VectorFileLoader::load(const QString& path) {
    start<LoadedVectorsPtr>(
        path,
        [file = path.toStdString()](const JobControl& control) {
            return LoadedVectorsPtr(
                std::make_shared<LoadedVectorSource>(file, readVectors(file, control)));
        },
        [this, path](LoadedVectorsPtr vectors) { emit loaded(std::move(vectors), path); });
}

}  // namespace embedscope
