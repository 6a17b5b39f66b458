// Opens a session file (.embedscope) off the GUI thread (FileLoader: progress, cancel, newest
// request wins): reading and checking the whole file (readSession: the table may be a GB), the
// words the session plots, and whether the corpus it was made from is still as it was
// (sourceStatus: a CRC-32 pass over a corpus of several GB). The GUI thread only shows the result.
#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <string>

#include "FileLoader.h"
#include "SessionFile.h"
#include "VectorFileLoader.h"

namespace embedscope {

struct OpenedSession {
    std::shared_ptr<const Session> session;  // without its table, which vectors holds
    LoadedVectorsPtr vectors;                // named after the session file's absolute path
    QStringList trackedWords;                // the words of session->trackedRows
    std::string sourceStatus;  // sourceStatus(session->source); empty when it names no file
};
using OpenedSessionPtr = std::shared_ptr<const OpenedSession>;

class SessionLoader : public FileLoader {
    Q_OBJECT
public:
    explicit SessionLoader(QObject* parent = nullptr);

    void load(const QString& path);

signals:
    void loaded(embedscope::OpenedSessionPtr opened, const QString& path);
};

}  // namespace embedscope
