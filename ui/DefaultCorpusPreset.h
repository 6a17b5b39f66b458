// The embedded default corpus (Qt resource ":/default-corpus.txt") and the parameters that make
// its word groups separate visibly within seconds on two cores: a small vocabulary trains fast,
// so many epochs and a small dimension let the geometry settle while the user watches.
#pragma once

#include <QString>

#include "TokenizedCorpus.h"
#include "Trainer.h"

namespace embedscope {

inline QString defaultCorpusResource() {
    return QStringLiteral(":/default-corpus.txt");
}
inline QString defaultCorpusName() {
    return QStringLiteral("default corpus");
}

inline CorpusOptions defaultCorpusOptions() {
    CorpusOptions options;
    options.minCount = 3;
    return options;
}

inline TrainerOptions defaultCorpusTrainerOptions() {
    TrainerOptions options;
    options.model = TrainingModel::SkipGram;
    options.dim = 50;
    options.window = 4;
    options.negative = 5;
    options.epochs = 150;  // ~12M words: about 8 s on two cores, the cloud settles in view
    options.learningRate = 0.025;
    options.sample = 1e-3;
    options.threads = 0;  // all cores
    options.seed = 1;
    // Kernel and initial range: the model's defaults (batched, word2vec's range), so that they
    // follow the model when the user switches it.
    return options;
}

}  // namespace embedscope
