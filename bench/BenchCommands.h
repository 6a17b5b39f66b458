// The subcommands of embedscope-bench. Each prints exactly one JSON object on stdout (timings in
// milliseconds: "median_ms" and friends; see bench/README.md) and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace embedscope::bench {

using Args = std::vector<std::string>;

int benchVocab(const Args& args);        // bench_vocab.cpp: vocab CORPUS
int benchTrain(const Args& args);        // bench_train.cpp: train CORPUS [trainer flags]
int benchPca(const Args& args);          // bench_pca.cpp: pca --rows N --dim D
int benchPaint(const Args& args);        // bench_paint.cpp: paint --points N
int benchOpenVectors(const Args& args);  // bench_open_vectors.cpp: open-vectors FILE
int benchUiLatency(
    const Args& args);  // bench_ui_latency.cpp: ui-latency CORPUS --seconds S --tracked N

// bench_neighbors.cpp: neighbors FILE|--synthetic ROWSxDIM --queries N -k K
int benchNeighbors(const Args& args);

// bench_knn.cpp: knn FILE|--synthetic ROWSxDIM [-k K] [--threads T] [--exact 0|1]
int benchKnn(const Args& args);
// bench_umap.cpp: umap FILE|--synthetic ROWSxDIM [--dims 2|3] [--threads T] [-o CSV]
int benchUmap(const Args& args);
// bench_tsne.cpp: tsne FILE [--rows N] [--repulsion fft|barnes-hut] [--iterations I]
int benchTsne(const Args& args);
int benchReplay(const Args& args);  // bench_replay.cpp: replay [--frames N]

}  // namespace embedscope::bench
