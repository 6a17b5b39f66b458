// Loads a corpus off the GUI thread (QtConcurrent), with progress and cancel.
//
// Only the newest request counts: starting a load cancels the running one, and a result that
// arrives for an older request is dropped (generation counter). A failed or cancelled load emits
// failed()/cancelled() and nothing else, so whoever holds the current corpus keeps it.
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

#include "JobControl.h"
#include "JobProgressTimer.h"
#include "TokenizedCorpus.h"

namespace embedscope {

using CorpusPtr = std::shared_ptr<const TokenizedCorpus>;

class CorpusLoader : public QObject {
    Q_OBJECT
public:
    explicit CorpusLoader(QObject* parent = nullptr);
    // Cancels a running load and waits for it (loaders check the cancel flag every few KB).
    ~CorpusLoader() override;

    // An empty path loads the embedded default corpus.
    void load(const QString& path, const CorpusOptions& options);
    void cancel();
    bool isLoading() const { return job_ != nullptr; }
    QString loadingPath() const { return job_ ? job_->path : QString(); }
    // Blocks until every started job has returned (used when the window closes).
    void waitForIdle();

signals:
    void started(const QString& path);
    void progress(double fraction);
    void loaded(embedscope::CorpusPtr corpus, const QString& path);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    void busyChanged(bool busy);

private:
    struct Job : JobState {
        QString path;
    };
    struct Result {
        CorpusPtr corpus;
        QString error;
        bool cancelled = false;
    };

    std::shared_ptr<Job> job_;  // the current request, null when idle
    QList<QFuture<Result>> running_;
    JobProgressTimer progressTimer_;

    void finish(const std::shared_ptr<Job>& job, const Result& result);
};

}  // namespace embedscope
