#include "CorpusLoader.h"

#include <QFile>

#include "DefaultCorpusPreset.h"
#include "Error.h"

namespace embedscope {

CorpusLoader::CorpusLoader(QObject* parent) : QObject(parent) {
    connect(&jobs_, &JobRunner::progress, this, &CorpusLoader::progress);
    connect(&jobs_, &JobRunner::busyChanged, this, &CorpusLoader::busyChanged);
}

void CorpusLoader::load(const QString& path, const CorpusOptions& options) {
    path_ = path;
    jobs_.run<CorpusPtr>(
        [path, options](const JobControl& control) -> CorpusPtr {
            if (path.isEmpty()) {
                QFile resource(defaultCorpusResource());
                if (!resource.open(QIODevice::ReadOnly))
                    throw Error(fileError(defaultCorpusResource().toStdString(),
                                          "the embedded corpus is missing from this build"));
                return std::make_shared<TokenizedCorpus>(
                    loadCorpus(resource, defaultCorpusName().toStdString(), options, control));
            }
            return std::make_shared<TokenizedCorpus>(
                loadCorpus(path.toStdString(), options, control));
        },
        [this, path](JobOutcome<CorpusPtr> outcome) {
            if (outcome.cancelled)
                emit cancelled(path);
            else if (!outcome.error.isEmpty())
                emit failed(path, outcome.error);
            else
                emit loaded(*outcome.value, path);
        });
    emit started(path);
    emit progress(0);
}

}  // namespace embedscope
