// embedscope-cli convert IN OUT [--format F] [--from F]: reads vectors in one format and writes
// them in another. Formats default to what the file extensions say. IN may also be a session
// file (.embedscope, SessionFile.h): its trained vectors are written.
#include <cstdio>
#include <string>

#include "AtomicOutput.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "SessionFile.h"
#include "VectorFormats.h"

namespace embedscope::cli {

namespace {

const char kConvertUsage[] =
    "usage: embedscope-cli convert IN OUT [--format F] [--from F]\n"
    "  --format F   output format (default: from OUT's extension: .csv csv, .txt/.vec word2vec,\n"
    "               .bin word2vec-bin, .tsv projector, .npy npy + NAME.vocab.txt)\n"
    "  --from F     input format (default: from IN's extension; a .txt without a 'ROWS DIM'\n"
    "               header is read as glove)\n"
    "formats: csv, word2vec, word2vec-bin, glove, projector, npy\n"
    "IN may be a session file (RUN.embedscope, from `train --session`): its vectors are written\n";

VectorFormat formatOption(const std::string& option, const std::string& name) {
    try {
        return parseVectorFormat(name);
    } catch (const Error& e) {
        throw CliUsageError(option + ": " + e.what());
    }
}

// An extension that names no format is a usage problem: the user has to say which one. Only then
// is the file looked at (a .txt may be GloVe), and what goes wrong there is an Error about it.
VectorFormat formatFromExtension(const std::string& path, const char* option, bool detect) {
    try {
        vectorFormatFromPath(path);
    } catch (const Error& e) {
        throw CliUsageError(std::string(e.what()) + "; give " + option);
    }
    return detect ? detectVectorFormat(path) : vectorFormatFromPath(path);
}

}  // namespace

int runConvert(const Args& args) {
    const CliArgs cli(args, {"--format", "--from"}, {"--help", "-h"});
    if (cli.flag("--help") || cli.flag("-h")) {
        std::fputs(kConvertUsage, stdout);
        return 0;
    }
    cli.expectPositionals(2, 2,
                          "IN OUT; usage: embedscope-cli convert IN OUT [--format F] [--from F]");
    const std::string& inPath = cli.positionals()[0];
    const std::string& outPath = cli.positionals()[1];
    // Both formats are settled before any work, so a usage error never follows a long read.
    const auto from = cli.value("--from");
    const auto to = cli.value("--format");
    const VectorFormat outFormat =
        to ? formatOption("--format", *to) : formatFromExtension(outPath, "--format", false);
    const bool session = !from && isSessionPath(inPath);
    const VectorFormat inFormat = from      ? formatOption("--from", *from)
                                  : session ? VectorFormat::Csv  // unused
                                            : formatFromExtension(inPath, "--from", true);

    AtomicOutput::checkCreatable(outPath);
    const WordVectors vectors =
        session ? readSession(inPath).vectors : readVectors(inPath, inFormat);
    writeVectors(outPath, vectors, outFormat);

    std::string written = outPath;
    if (const std::string companion = companionPathFor(outPath, outFormat); !companion.empty())
        written += " + " + companion;
    std::fprintf(stderr, "converted %d words x %d dims: %s (%s) -> %s (%s)\n", vectors.rows(),
                 vectors.dim(), inPath.c_str(),
                 session ? "session" : std::string(vectorFormatName(inFormat)).c_str(),
                 written.c_str(), std::string(vectorFormatName(outFormat)).c_str());
    return 0;
}

}  // namespace embedscope::cli
