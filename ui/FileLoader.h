// What the window's two loaders (CorpusLoader, VectorFileLoader) share: a file opened off the GUI
// thread through the job helper, with progress and cancel, and one outcome-to-signal dispatch.
//
// Only the newest request counts (JobRunner::Policy::CancelRunning): starting a load cancels the
// running one, whose result is dropped. A failed or cancelled load emits failed() / cancelled()
// and nothing else, so whoever holds the current corpus or vectors keeps them. A subclass adds
// its own typed loaded() signal, which it emits from start()'s deliver.
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <utility>

#include "JobRunner.h"

namespace embedscope {

class FileLoader : public QObject {
    Q_OBJECT
public:
    void cancel() { jobs_.cancel(); }
    bool isLoading() const { return jobs_.busy(); }
    QString loadingPath() const { return isLoading() ? path_ : QString(); }
    // Blocks until every started job has returned (used when the window closes).
    void waitForIdle() { jobs_.waitForIdle(); }

signals:
    void progress(double fraction);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    void busyChanged(bool busy);

protected:
    explicit FileLoader(QObject* parent);

    // Runs work for path; its value goes to deliver (on the GUI thread), an error to failed(),
    // a cancellation to cancelled().
    template <class T>
    void start(const QString& path, std::function<T(const JobControl&)> work,
               std::function<void(T value)> deliver) {
        path_ = path;
        jobs_.run<T>(std::move(work),
                     [this, path, deliver = std::move(deliver)](JobOutcome<T> outcome) {
                         if (outcome.cancelled)
                             emit cancelled(path);
                         else if (!outcome.error.isEmpty())
                             emit failed(path, outcome.error);
                         else
                             deliver(std::move(*outcome.value));
                     });
    }

private:
    JobRunner jobs_{JobRunner::Policy::CancelRunning};
    QString path_;
};

}  // namespace embedscope
