// embedscope-cli vocab CORPUS -o VOCAB.tsv [corpus options]: counts the words of a corpus and
// writes word<TAB>count lines, most frequent first.
#include <chrono>
#include <cstdio>

#include "AtomicOutput.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "TokenizedCorpus.h"
#include "Vocabulary.h"

namespace embedscope::cli {

namespace {
const char* const kVocabUsage =
    "usage: embedscope-cli vocab CORPUS -o VOCAB.tsv [--min-count N] [--max-size N]\n"
    "           [--tokenize words|whitespace] [--lowercase|--no-lowercase] [--digits-to-token]\n"
    "           [--no-apostrophes] [--no-hyphens] [--no-normalize]\n"
    "Counts the words of CORPUS (UTF-8 text, one sentence per line) and writes word<TAB>count,\n"
    "most frequent first. A summary goes to stderr.\n"
    "  --lowercase (default) lowercases with Unicode's full rules, a word-final Σ becoming ς.\n"
    "  Every word is put in Unicode NFC (a composed é and e + U+0301 are one word);\n"
    "  --no-normalize keeps the bytes as they are, for a corpus that is already normalised.\n";
}  // namespace

int runVocab(const Args& args) {
    std::set<std::string> valueOptions = CliArgs::corpusValueOptions();
    valueOptions.insert("-o");
    std::set<std::string> flags = CliArgs::corpusFlags();
    flags.insert("--help");
    flags.insert("-h");
    const CliArgs cli(args, valueOptions, flags);
    if (cli.flag("--help") || cli.flag("-h")) {
        std::fputs(kVocabUsage, stdout);
        return 0;
    }
    cli.expectPositionals(1, 1, "one corpus file: vocab CORPUS -o VOCAB.tsv");
    const auto output = cli.value("-o");
    if (!output)
        throw CliUsageError("-o VOCAB.tsv is required");
    const CorpusOptions options = cli.corpusOptions();
    const std::string& corpus = cli.positionals().front();
    AtomicOutput::checkCreatable(*output);

    const InterruptGuard interruptGuard;  // Ctrl-C: Cancelled, exit 130 (cli_main.cpp)
    JobControl control;
    control.cancel = &interruptGuard.flag();
    const auto start = std::chrono::steady_clock::now();
    ReadReport report;
    const Vocabulary vocabulary = countVocabulary(corpus, options, control, &report);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    vocabulary.save(*output);

    std::fprintf(stderr,
                 "%s: %d words with count >= %llu (%llu tokens in the vocabulary), %llu tokens "
                 "read, %.1f MB in %.2f s\n",
                 corpus.c_str(), vocabulary.size(),
                 static_cast<unsigned long long>(options.minCount),
                 static_cast<unsigned long long>(vocabulary.vocabTokens()),
                 static_cast<unsigned long long>(report.tokens),
                 static_cast<double>(report.bytes) / 1e6, seconds);
    if (!report.warning.empty())
        std::fprintf(stderr, "warning: %s\n", report.warning.c_str());
    return 0;
}

}  // namespace embedscope::cli
