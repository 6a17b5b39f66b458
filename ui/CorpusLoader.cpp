#include "CorpusLoader.h"

#include <QFile>
#include <QtConcurrent>

#include "DefaultCorpusPreset.h"
#include "Error.h"

namespace embedscope {

CorpusLoader::CorpusLoader(QObject* parent) : QObject(parent) {
    connect(&progressTimer_, &JobProgressTimer::progress, this, &CorpusLoader::progress);
}

CorpusLoader::~CorpusLoader() {
    if (job_)
        job_->cancel = true;
    waitForIdle();
}

void CorpusLoader::waitForIdle() {
    for (QFuture<Result>& future : running_)
        future.waitForFinished();
    running_.clear();
}

void CorpusLoader::cancel() {
    if (job_)
        job_->cancel = true;
}

void CorpusLoader::load(const QString& path, const CorpusOptions& options) {
    if (job_)
        job_->cancel = true;  // its result will be dropped: it is no longer job_
    auto job = std::make_shared<Job>();
    job->path = path;
    const bool wasIdle = job_ == nullptr;
    job_ = job;

    QFuture<Result> future = QtConcurrent::run([job, options]() -> Result {
        const JobControl control = controlFor(job);
        Result result;
        try {
            if (job->path.isEmpty()) {
                QFile resource(defaultCorpusResource());
                if (!resource.open(QIODevice::ReadOnly))
                    throw Error(fileError(defaultCorpusResource().toStdString(),
                                          "the embedded corpus is missing from this build"));
                result.corpus = std::make_shared<TokenizedCorpus>(
                    loadCorpus(resource, defaultCorpusName().toStdString(), options, control));
            } else {
                result.corpus = std::make_shared<TokenizedCorpus>(
                    loadCorpus(job->path.toStdString(), options, control));
            }
        } catch (const Cancelled&) {
            result.cancelled = true;
        } catch (const std::exception& e) {
            result.error = QString::fromUtf8(e.what());
        }
        return result;
    });
    running_.push_back(future);

    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, job] {
        const Result result = watcher->result();
        watcher->deleteLater();
        running_.erase(std::remove_if(running_.begin(), running_.end(),
                                      [](const QFuture<Result>& f) { return f.isFinished(); }),
                       running_.end());
        finish(job, result);
    });
    watcher->setFuture(future);

    progressTimer_.watch(job_);
    emit started(path);
    emit progress(0);
    if (wasIdle)
        emit busyChanged(true);
}

void CorpusLoader::finish(const std::shared_ptr<Job>& job, const Result& result) {
    Q_ASSERT_X(thread() == QThread::currentThread(), "CorpusLoader",
               "results arrive on the GUI thread");
    if (job != job_)
        return;  // superseded by a newer request
    job_.reset();
    progressTimer_.stop();
    emit busyChanged(false);
    if (result.corpus)
        emit loaded(result.corpus, job->path);
    else if (result.cancelled)
        emit cancelled(job->path);
    else
        emit failed(job->path, result.error);
}

}  // namespace embedscope
