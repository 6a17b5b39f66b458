#include "FileDialogs.h"

#include <sys/statfs.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileIconProvider>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QStandardPaths>

#include <memory>

namespace embedscope {

namespace {

// File system magic numbers (linux/magic.h) of kernel pseudo-filesystems, whose files are not
// data: reading one may block (/proc/kmsg) or produce endless output.
constexpr unsigned long kPseudoFilesystems[] = {
    0x9fa0,      // procfs
    0x62656572,  // sysfs
    0x1cd1,      // devpts
    0x64626720,  // debugfs
    0x74726163,  // tracefs
    0x73636673,  // securityfs
    0x27e0eb,    // cgroup
    0x63677270,  // cgroup2
    0xcafe4a11,  // bpf
    0x42494e4d,  // binfmt_misc
    0x6e736673,  // nsfs
    0xde5e81e4,  // efivarfs
    0x50495045,  // pipefs
};

// The folders of those file systems on every Linux system, checked by name too: /dev is a
// devtmpfs, which has tmpfs's magic number and so cannot be told apart by it.
const char* const kPseudoFolders[] = {"/proc", "/sys", "/dev"};

bool isUnder(const QString& path, const QString& folder) {
    return path == folder || path.startsWith(folder + QLatin1Char('/'));
}

// The provider shared by every dialog of the process (a dialog does not own its provider).
QAbstractFileIconProvider* sharedIconProvider() {
    static FileNameIconProvider provider;
    return &provider;
}

QString startPathFor(const QString& startPath) {
    const QFileInfo info(startPath);
    const bool isFolder = info.isDir();
    const QString folder = safeStartFolder(isFolder ? startPath : info.path());
    return isFolder || info.fileName().isEmpty() ? folder : QDir(folder).filePath(info.fileName());
}

std::unique_ptr<QFileDialog> makeDialog(QWidget* parent, const QString& caption,
                                        const QString& startPath, const QString& filter) {
    auto dialog = std::make_unique<QFileDialog>(parent, caption, startPathFor(startPath), filter);
    // Qt's own dialog, so that the safeguards hold whatever the desktop's platform theme.
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    dialog->setIconProvider(sharedIconProvider());
    return dialog;
}

}  // namespace

QIcon FileNameIconProvider::icon(IconType type) const {
    static const QFileIconProvider styleIcons;
    return styleIcons.icon(type);
}

QIcon FileNameIconProvider::icon(const QFileInfo& info) const {
    return icon(info.isDir() ? Folder : File);
}

QString FileNameIconProvider::type(const QFileInfo& info) const {
    if (info.isDir())
        return QCoreApplication::translate("QFileDialog", "Folder");
    const QMimeType mime = QMimeDatabase().mimeTypeForFile(info, QMimeDatabase::MatchExtension);
    return mime.comment().isEmpty() ? mime.name() : mime.comment();
}

bool isPseudoFilesystem(const QString& folder) {
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    const QString path = canonical.isEmpty() ? QDir::cleanPath(folder) : canonical;
    for (const char* pseudo : kPseudoFolders)
        if (isUnder(path, QString::fromLatin1(pseudo)))
            return true;
    struct statfs info {};
    if (statfs(QFile::encodeName(path).constData(), &info) != 0)
        return false;
    for (const unsigned long magic : kPseudoFilesystems)
        if (static_cast<unsigned long>(info.f_type) == magic)
            return true;
    return false;
}

QString safeStartFolder(const QString& preferred) {
    if (!preferred.isEmpty() && QFileInfo(preferred).isDir() && !isPseudoFilesystem(preferred))
        return preferred;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (!documents.isEmpty() && QFileInfo(documents).isDir() && !isPseudoFilesystem(documents))
        return documents;
    return QDir::homePath();
}

QString getSaveFileName(QWidget* parent, const QString& caption, const QString& startPath,
                        const QString& filter, QString* chosenFilter) {
    auto dialog = makeDialog(parent, caption, startPath, filter);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setFileMode(QFileDialog::AnyFile);
    if (chosenFilter && !chosenFilter->isEmpty())
        dialog->selectNameFilter(*chosenFilter);
    if (dialog->exec() != QDialog::Accepted)
        return {};
    if (chosenFilter)
        *chosenFilter = dialog->selectedNameFilter();
    return dialog->selectedFiles().value(0);
}

QString getOpenFileName(QWidget* parent, const QString& caption, const QString& startPath,
                        const QString& filter) {
    auto dialog = makeDialog(parent, caption, startPath, filter);
    dialog->setFileMode(QFileDialog::ExistingFile);
    return dialog->exec() == QDialog::Accepted ? dialog->selectedFiles().value(0) : QString();
}

QString getExistingFolder(QWidget* parent, const QString& caption, const QString& startPath) {
    auto dialog = makeDialog(parent, caption, startPath, QString());
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    return dialog->exec() == QDialog::Accepted ? dialog->selectedFiles().value(0) : QString();
}

QStringList getOpenFileNames(QWidget* parent, const QString& caption, const QString& startPath,
                             const QString& filter) {
    auto dialog = makeDialog(parent, caption, startPath, filter);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    return dialog->exec() == QDialog::Accepted ? dialog->selectedFiles() : QStringList();
}

}  // namespace embedscope
