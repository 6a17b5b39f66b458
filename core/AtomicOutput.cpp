#include "AtomicOutput.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "Error.h"

namespace embedscope {

namespace {

Error cannotWrite(const std::string& path, const std::string& reason) {
    return Error(fileError(path, "cannot write: " + reason));
}

// Linux refuses to open a socket as a file with "No such device or address": say what it is.
Error cannotOpen(const std::string& path, AtomicOutput::Target target, const std::string& reason) {
    return cannotWrite(
        path, target == AtomicOutput::Target::Socket ? "it is a socket: " + reason : reason);
}

}  // namespace

AtomicOutput::Target AtomicOutput::targetOf(const std::string& path) {
    const QString name = QString::fromStdString(path);
    struct stat info {};
    if (::stat(QFile::encodeName(name).constData(), &info) == 0) {  // follows symbolic links
        if (S_ISREG(info.st_mode))
            return Target::RegularFile;
        if (S_ISFIFO(info.st_mode))
            return Target::Fifo;
        if (S_ISCHR(info.st_mode))
            return Target::CharacterDevice;
        if (S_ISSOCK(info.st_mode))
            return Target::Socket;
        if (S_ISDIR(info.st_mode))
            throw cannotWrite(path, "it is a directory");
        // A disk or partition: writing vectors over it is never what was meant.
        if (S_ISBLK(info.st_mode))
            throw cannotWrite(path, "it is a block device, not a file");
        throw cannotWrite(path, "it is not a file");
    }
    if (errno != ENOENT && errno != ENOTDIR)
        throw cannotWrite(path, std::strerror(errno));  // a loop of links, a folder not searchable
    // Nothing there yet (or a dangling link): the replace creates it, in a folder that must exist.
    const QString folder = QFileInfo(name).absolutePath();
    if (!QFileInfo(folder).isDir())
        throw cannotWrite(
            path, "folder " + QDir::toNativeSeparators(folder).toStdString() + " does not exist");
    return Target::RegularFile;
}

void AtomicOutput::checkCreatable(const std::string& path) {
    const QString name = QString::fromStdString(path);
    switch (targetOf(path)) {
        case Target::RegularFile: {
            QSaveFile probe(name);
            if (!probe.open(QIODevice::WriteOnly))
                throw cannotWrite(path, probe.errorString().toStdString());
            probe.cancelWriting();  // the destructor removes the temporary file
            return;
        }
        case Target::Socket: {
            // Opening a socket neither waits nor has an effect; it fails at once on Linux, which
            // is worth knowing before the long work.
            const int fd = ::open(QFile::encodeName(name).constData(),
                                  O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
            if (fd < 0)
                throw cannotOpen(path, Target::Socket, std::strerror(errno));
            ::close(fd);
            return;
        }
        case Target::Fifo:
        case Target::CharacterDevice:
            // Not opened: a FIFO would wait for a reader, a device may act on an open (a tape
            // rewinds). The permissions say enough.
            if (::access(QFile::encodeName(name).constData(), W_OK) != 0)
                throw cannotWrite(path, std::strerror(errno));
            return;
    }
}

AtomicOutput::AtomicOutput(const std::string& path) : path_(path), target_(targetOf(path)) {
    const QString name = QString::fromStdString(path);
    // Unbuffered: the blocks are ours. Qt's own buffer would also hide a full disk: when its flush
    // in QSaveFile::commit() writes short, Qt 6.4 renames the truncated file over the old one and
    // reports success.
    QIODevice::OpenMode mode = QIODevice::WriteOnly | QIODevice::Unbuffered;
    if (writesThrough()) {
        // ExistingOnly: should the node vanish meanwhile, no regular file is made in its place.
        file_ = std::make_unique<QFile>(name);
        mode |= QIODevice::ExistingOnly;
    } else {
        // QSaveFile follows a symbolic link: the temporary file goes beside the link's target,
        // which the rename replaces; the link stays.
        file_ = std::make_unique<QSaveFile>(name);
    }
    if (!file_->open(mode))
        throw cannotOpen(path, target_, file_->errorString().toStdString());
    buffer_.reserve(kBlockBytes + (64 << 10));
}

void AtomicOutput::flush() {
    // QFileDevice::write reports a short write (the disk filled up part way) as a count with no
    // error set; writing the rest then fails with the reason ("No space left on device").
    std::size_t written = 0;
    while (written < buffer_.size()) {
        const qint64 got =
            file_->write(buffer_.data() + written, static_cast<qint64>(buffer_.size() - written));
        if (got <= 0)
            throw cannotWrite(path_, file_->errorString().toStdString());
        written += static_cast<std::size_t>(got);
    }
    buffer_.clear();
}

void AtomicOutput::commit() {
    flush();
    if (auto* saveFile = qobject_cast<QSaveFile*>(file_.get())) {
        if (!saveFile->commit())
            throw Error(fileError(path_, "cannot save: " + saveFile->errorString().toStdString()));
        return;
    }
    file_->close();
    if (file_->error() != QFileDevice::NoError)
        throw cannotWrite(path_, file_->errorString().toStdString());
}

void saveBytes(const std::string& path, std::string_view bytes) {
    AtomicOutput out(path);
    out.buffer().assign(bytes.data(), bytes.size());
    out.commit();
}

}  // namespace embedscope
