// File dialogs that cannot hang the window.
//
// Qt's own file dialog names each file's type from its content (QMimeDatabase reads the first
// bytes of a file whose name has no known extension). In a pseudo-filesystem that read can block
// for ever: /proc/kmsg waits for kernel messages, so a save dialog opened in /proc froze the
// window, and at every later start too, since the folder was remembered. So these dialogs:
//  - name types and icons from the file name alone (FileNameIconProvider), never from content;
//  - never start in a pseudo-filesystem (/proc, /sys, /dev, or a folder whose file system is one
//    of those kinds), falling back to the user's documents folder;
//  - leave remembering a folder to the caller, who does it only after a successful write.
#pragma once

#include <QAbstractFileIconProvider>
#include <QString>

class QWidget;

namespace embedscope {

// Icons and type names from the file name only: reading a file's content to name its type may
// block (a pseudo-file, a FIFO) or be slow (a network mount).
class FileNameIconProvider : public QAbstractFileIconProvider {
public:
    QIcon icon(IconType type) const override;
    QIcon icon(const QFileInfo& info) const override;
    QString type(const QFileInfo& info) const override;
};

// True for a folder in a kernel pseudo-filesystem (procfs, sysfs, devtmpfs and the like), where
// reading a file can block or never end.
bool isPseudoFilesystem(const QString& folder);

// `preferred` when it is an existing folder outside pseudo-filesystems, else the documents folder
// (else the home folder).
QString safeStartFolder(const QString& preferred);

// As QFileDialog's static functions, with the safeguards above. `startPath` may name a file in
// the folder to start in (its name is proposed); an empty string means "cancelled".
// chosenFilter, when given, selects a filter at the start and receives the one chosen.
QString getSaveFileName(QWidget* parent, const QString& caption, const QString& startPath,
                        const QString& filter, QString* chosenFilter = nullptr);
QString getOpenFileName(QWidget* parent, const QString& caption, const QString& startPath,
                        const QString& filter);
QStringList getOpenFileNames(QWidget* parent, const QString& caption, const QString& startPath,
                             const QString& filter);
QString getExistingFolder(QWidget* parent, const QString& caption, const QString& startPath);

}  // namespace embedscope
