// Loads a corpus off the GUI thread, through the job helper, with progress and cancel.
//
// Only the newest request counts (JobRunner::Policy::CancelRunning): starting a load cancels the
// running one, whose result is dropped. A failed or cancelled load emits failed()/cancelled() and
// nothing else, so whoever holds the current corpus keeps it.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "JobRunner.h"
#include "TokenizedCorpus.h"

namespace embedscope {

using CorpusPtr = std::shared_ptr<const TokenizedCorpus>;

class CorpusLoader : public QObject {
    Q_OBJECT
public:
    explicit CorpusLoader(QObject* parent = nullptr);

    // An empty path loads the embedded default corpus.
    void load(const QString& path, const CorpusOptions& options);
    void cancel() { jobs_.cancel(); }
    bool isLoading() const { return jobs_.busy(); }
    QString loadingPath() const { return isLoading() ? path_ : QString(); }
    // Blocks until every started job has returned (used when the window closes).
    void waitForIdle() { jobs_.waitForIdle(); }

signals:
    void started(const QString& path);
    void progress(double fraction);
    void loaded(embedscope::CorpusPtr corpus, const QString& path);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);
    void busyChanged(bool busy);

private:
    JobRunner jobs_{JobRunner::Policy::CancelRunning};
    QString path_;
};

}  // namespace embedscope
