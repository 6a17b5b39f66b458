// The readable parts of a session file (SessionFile.h) as JSON: the corpus and training options
// the tables were made with (written by embedscope-cli train and by the window), and the layout
// the window showed ("view" > "layout"), which the window reads back to show the same picture.
#pragma once

#include <QJsonObject>

#include <vector>

#include "AxesLayout.h"
#include "Layout.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"

namespace embedscope {

QJsonObject corpusOptionsJson(const CorpusOptions& options);
QJsonObject trainerOptionsJson(const TrainerOptions& options);

// Read what the two functions above wrote, so that a reopened session's panels show the options
// its tables were made with. A missing key keeps base's value (an older or partial file still
// opens); the pretrained vectors ("initFrom", "freeze") are not read, as they would have to be
// loaded again. Throw Error naming the key for an unknown name, a value of the wrong kind or one
// outside the range the trainer (or the tokenizer) accepts.
TrainerOptions parseTrainerOptionsJson(const QJsonObject& json, const TrainerOptions& base);
CorpusOptions parseCorpusOptionsJson(const QJsonObject& json, const CorpusOptions& base);

// The layout and, for custom axes, the axes' words: {"method": "pca"|"tsne"|"umap"|"axes",
// "dims", "perplexity", "tsneRepulsion": "automatic"|"barnes-hut"|"fft", "neighbors", "minDist",
// "seed", "iterations", "components": [..], "maxLaidOutRows", "axes": [{"from": [..],
// "to": [..]}..]}. threads is left out: it belongs to the machine, not to the picture.
QJsonObject layoutJson(const LayoutOptions& options, const std::vector<AxisSpec>& axes);

struct SavedLayout {
    LayoutOptions options;
    std::vector<AxisSpec> axes;
};
// Reads what layoutJson wrote; a missing key keeps the value of base (so an older or partial
// "view" still opens). Throws Error for an unknown method or a value of the wrong kind.
SavedLayout parseLayoutJson(const QJsonObject& json, const LayoutOptions& base);

}  // namespace embedscope
