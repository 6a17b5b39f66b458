// Loads a corpus off the GUI thread (FileLoader: progress, cancel, newest request wins).
#pragma once

#include <QString>

#include <memory>

#include "FileLoader.h"
#include "TokenizedCorpus.h"

namespace embedscope {

using CorpusPtr = std::shared_ptr<const TokenizedCorpus>;

class CorpusLoader : public FileLoader {
    Q_OBJECT
public:
    explicit CorpusLoader(QObject* parent = nullptr) : FileLoader(parent) {}

    // An empty path loads the embedded default corpus.
    void load(const QString& path, const CorpusOptions& options);

signals:
    void started(const QString& path);
    void loaded(embedscope::CorpusPtr corpus, const QString& path);
};

}  // namespace embedscope
