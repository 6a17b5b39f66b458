#include "CorpusLoader.h"

#include <QFile>

#include "DefaultCorpusPreset.h"
#include "Error.h"

namespace embedscope {

void CorpusLoader::load(const QString& path, const CorpusOptions& options) {
    start<CorpusPtr>(
        path,
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
        [this, path](CorpusPtr corpus) { emit loaded(std::move(corpus), path); });
    emit started(path);
    emit progress(0);
}

}  // namespace embedscope
