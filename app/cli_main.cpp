// embedscope-cli: dispatches to the subcommands in cli_*.cpp.
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "CliCommands.h"
#include "Error.h"

namespace {

const char* const kUsage =
    "usage: embedscope-cli COMMAND [ARGS]\n"
    "commands:\n"
    "  vocab CORPUS -o VOCAB.tsv [corpus options]   count words, write word<TAB>count\n"
    "  convert IN OUT [--format F] [--from F]       convert vectors (or a session's) between "
    "formats\n"
    "  info VECTORS|RUN.embedscope [--from F] [--json]  format, rows, dimension, norms; a session\n"
    "  train CORPUS -o OUT [options]                train skip-gram/CBOW vectors\n"
    "  neighbors VECTORS WORD [-k 10]               nearest neighbours by cosine\n"
    "  analogy VECTORS A B C [-k 10]                A is to B as C is to ?\n"
    "  evaluate VECTORS [--analogies F] [--similarity F ...] [--restrict N]\n"
    "  layout VECTORS --method pca|tsne|umap|axes -o LAYOUT.csv [--dims 2|3] [options]\n"
    "corpus options: --min-count N --max-size N --tokenize words|whitespace\n"
    "                --lowercase|--no-lowercase --digits-to-token --no-apostrophes --no-hyphens\n"
    "                --no-normalize (keep the bytes: no Unicode NFC)\n"
    "formats: csv, word2vec, word2vec-bin, glove, projector, npy (default: from the extension);\n"
    "         any text format may be compressed as .gz or .xz\n"
    "Run 'embedscope-cli COMMAND --help' for a command's options; --version for the version.\n";

struct Command {
    const char* name;
    int (*run)(const embedscope::cli::Args&);
};

const Command kCommands[] = {
    {"vocab", embedscope::cli::runVocab},         {"convert", embedscope::cli::runConvert},
    {"info", embedscope::cli::runInfo},           {"train", embedscope::cli::runTrain},
    {"neighbors", embedscope::cli::runNeighbors}, {"neighbours", embedscope::cli::runNeighbors},
    {"analogy", embedscope::cli::runAnalogy},     {"evaluate", embedscope::cli::runEvaluate},
    {"layout", embedscope::cli::runLayout},
};

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);  // for Qt's file classes; no event loop is run
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("embedscope-cli %s\n", EMBEDSCOPE_VERSION);
        return 0;
    }
    const std::string name = argv[1];
    const embedscope::cli::Args args(argv + 2, argv + argc);
    for (const Command& command : kCommands) {
        if (name != command.name)
            continue;
        try {
            return command.run(args);
        } catch (const embedscope::Cancelled&) {
            std::fprintf(stderr, "embedscope-cli: interrupted\n");
            return 130;
        } catch (const embedscope::cli::CliUsageError& e) {
            std::fprintf(stderr, "embedscope-cli %s: %s\n", name.c_str(), e.what());
            return 2;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "embedscope-cli %s: %s\n", name.c_str(), e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "embedscope-cli: unknown command '%s'\n%s", name.c_str(), kUsage);
    return 2;
}
