#include "AtomicOutput.h"

#include <QDir>
#include <QFileInfo>

#include "Error.h"

namespace embedscope {

AtomicOutput::AtomicOutput(const std::string& path)
    : path_(path), file_(QString::fromStdString(path)) {
    const QFileInfo info(file_.fileName());
    if (info.isDir())
        throw Error(fileError(path, "cannot write: it is a directory"));
    const QString folder = info.absolutePath();
    if (!QFileInfo(folder).isDir())
        throw Error(fileError(path, "cannot write: folder " +
                                        QDir::toNativeSeparators(folder).toStdString() +
                                        " does not exist"));
    // Unbuffered: the blocks are ours. Qt's own buffer would also hide a full disk: when its flush
    // in QSaveFile::commit() writes short, Qt 6.4 renames the truncated file over the old one and
    // reports success.
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        throw Error(fileError(path, "cannot write: " + file_.errorString().toStdString()));
    buffer_.reserve(kBlockBytes + (64 << 10));
}

void AtomicOutput::flush() {
    // QFileDevice::write reports a short write (the disk filled up part way) as a count with no
    // error set; writing the rest then fails with the reason ("No space left on device").
    std::size_t written = 0;
    while (written < buffer_.size()) {
        const qint64 got =
            file_.write(buffer_.data() + written, static_cast<qint64>(buffer_.size() - written));
        if (got <= 0)
            throw Error(fileError(path_, "cannot write: " + file_.errorString().toStdString()));
        written += static_cast<std::size_t>(got);
    }
    buffer_.clear();
}

void AtomicOutput::commit() {
    flush();
    if (!file_.commit())
        throw Error(fileError(path_, "cannot save: " + file_.errorString().toStdString()));
}

}  // namespace embedscope
