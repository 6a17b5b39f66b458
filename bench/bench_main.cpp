// embedscope-bench: benchmarks that print one JSON object each (see bench/README.md).
#include <QApplication>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "BenchCommands.h"

namespace {

struct Command {
    const char* name;
    int (*run)(const embedscope::bench::Args&);
    bool needsGui;
};

const Command kCommands[] = {
    {"vocab", embedscope::bench::benchVocab, false},
    {"train", embedscope::bench::benchTrain, false},
    {"pca", embedscope::bench::benchPca, false},
    {"paint", embedscope::bench::benchPaint, true},
    {"ui-latency", embedscope::bench::benchUiLatency, true},
    {"neighbors", embedscope::bench::benchNeighbors, false},
    {"open-vectors", embedscope::bench::benchOpenVectors, false},
    {"knn", embedscope::bench::benchKnn, false},
    {"umap", embedscope::bench::benchUmap, false},
    {"tsne", embedscope::bench::benchTsne, false},
    {"replay", embedscope::bench::benchReplay, true},
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(
            "usage: embedscope-bench "
            "vocab|train|pca|paint|ui-latency|neighbors|open-vectors|knn|umap|tsne|replay ARGS\n",
            stderr);
        return 2;
    }
    for (const Command& command : kCommands) {
        if (std::strcmp(argv[1], command.name))
            continue;
        if (command.needsGui && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") &&
            qEnvironmentVariableIsEmpty("DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        // Benchmarks without widgets must run on a machine without a display: they get a
        // QCoreApplication, which loads no platform plugin.
        std::unique_ptr<QCoreApplication> app;
        if (command.needsGui)
            app = std::make_unique<QApplication>(argc, argv);
        else
            app = std::make_unique<QCoreApplication>(argc, argv);
        try {
            return command.run(embedscope::bench::Args(argv + 2, argv + argc));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "embedscope-bench %s: %s\n", argv[1], e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "embedscope-bench: unknown benchmark '%s'\n", argv[1]);
    return 2;
}
