// Opens a vector file off the GUI thread (FileLoader: progress, cancel, newest request wins).
#pragma once

#include <QString>

#include <memory>

#include "FileLoader.h"
#include "VectorSource.h"

namespace embedscope {

using LoadedVectorsPtr = std::shared_ptr<const LoadedVectorSource>;

class VectorFileLoader : public FileLoader {
    Q_OBJECT
public:
    explicit VectorFileLoader(QObject* parent = nullptr);

    // The format is told from the file's name and content (readVectors).
    void load(const QString& path);

signals:
    void loaded(embedscope::LoadedVectorsPtr vectors, const QString& path);
};

}  // namespace embedscope
