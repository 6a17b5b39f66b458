#include "SessionLoader.h"

#include <QFileInfo>

#include <utility>

namespace embedscope {

SessionLoader::SessionLoader(QObject* parent) : FileLoader(parent) {
    qRegisterMetaType<OpenedSessionPtr>();
}

void SessionLoader::load(const QString& path) {
    start<OpenedSessionPtr>(
        path,
        [file = path.toStdString(),
         absolute = QFileInfo(path).absoluteFilePath().toStdString()](const JobControl& control) {
            // The progress bar runs twice: over the session file's checks, then over the corpus's
            // CRC-32 (when the session names one that is still there).
            Session session = readSession(file, control);
            auto opened = std::make_shared<OpenedSession>();
            for (const std::int32_t row : session.trackedRows)
                opened->trackedWords
                    << QString::fromStdString(session.vectors.words[std::size_t(row)]);
            if (!session.source.path.empty())
                opened->sourceStatus = sourceStatus(session.source, control);
            opened->vectors = std::make_shared<const LoadedVectorSource>(
                absolute, std::exchange(session.vectors, {}));
            opened->session = std::make_shared<const Session>(std::move(session));
            return OpenedSessionPtr(std::move(opened));
        },
        [this, path](OpenedSessionPtr opened) { emit loaded(std::move(opened), path); });
}

}  // namespace embedscope
