// Opens a vector file off the GUI thread, through the job helper, with progress and cancel.
//
// Only the newest request counts (JobRunner::Policy::CancelRunning). A failed or cancelled load
// emits failed() / cancelled() and nothing else, so whoever holds the current vectors or corpus
// keeps them.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "JobRunner.h"
#include "VectorSource.h"

namespace embedscope {

using LoadedVectorsPtr = std::shared_ptr<const LoadedVectorSource>;

class VectorFileLoader : public QObject {
    Q_OBJECT
public:
    explicit VectorFileLoader(QObject* parent = nullptr);

    // The format is told from the file's name and content (readVectors).
    void load(const QString& path);
    void cancel() { jobs_.cancel(); }
    bool isLoading() const { return jobs_.busy(); }
    QString loadingPath() const { return isLoading() ? path_ : QString(); }
    // Blocks until every started job has returned (the window closing).
    void waitForIdle() { jobs_.waitForIdle(); }

signals:
    void progress(double fraction);
    void loaded(embedscope::LoadedVectorsPtr vectors, const QString& path);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    void busyChanged(bool busy);

private:
    JobRunner jobs_{JobRunner::Policy::CancelRunning};
    QString path_;
};

}  // namespace embedscope
