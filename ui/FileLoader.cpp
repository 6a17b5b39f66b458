#include "FileLoader.h"

namespace embedscope {

FileLoader::FileLoader(QObject* parent) : QObject(parent) {
    connect(&jobs_, &JobRunner::progress, this, &FileLoader::progress);
    connect(&jobs_, &JobRunner::busyChanged, this, &FileLoader::busyChanged);
}

}  // namespace embedscope
