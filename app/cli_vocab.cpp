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
    "usage: embedscope-cli vocab CORPUS|--corpus-list FILE -o VOCAB.tsv [--min-count N]\n"
    "           [--max-size N] [--tokenize words|whitespace] [--lowercase|--no-lowercase]\n"
    "           [--digits-to-token] [--no-apostrophes] [--no-hyphens] [--no-normalize]\n"
    "           [--threads N] [--count-cap N]\n"
    "Counts the words of CORPUS (UTF-8 text, one sentence per line; .gz, .xz, .bz2, .zst or a\n"
    ".zip of one file are read as they are; a folder is its files in name order) and writes\n"
    "word<TAB>count, most frequent first. A summary goes to stderr.\n"
    "  --corpus-list FILE reads the files FILE names, one per line, as one corpus.\n"
    "  --threads N counts on N threads (default: all cores); the result is the same.\n"
    "  --count-cap N (8000000): when more than N distinct words are being counted, the words\n"
    "  counted at most R times so far are dropped and R rises by one (word2vec's min_reduce,\n"
    "  R starting at 1); a warning says when that happened. 0: no cap.\n"
    "  --lowercase (default) lowercases with Unicode's full rules, a word-final Σ becoming ς.\n"
    "  Every word is put in Unicode NFC (a composed é and e + U+0301 are one word);\n"
    "  --no-normalize keeps the bytes as they are, for a corpus that is already normalised.\n";
}  // namespace

int runVocab(const Args& args) {
    std::set<std::string> valueOptions = CliArgs::corpusValueOptions();
    valueOptions.insert({"-o", "--threads", "--count-cap"});
    std::set<std::string> flags = CliArgs::corpusFlags();
    flags.insert("--help");
    flags.insert("-h");
    const CliArgs cli(args, valueOptions, flags);
    if (cli.flag("--help") || cli.flag("-h")) {
        std::fputs(kVocabUsage, stdout);
        return 0;
    }
    const char* const usage =
        "one corpus file (or a folder, or --corpus-list FILE): vocab "
        "CORPUS -o VOCAB.tsv";
    cli.expectPositionals(0, 1, usage);
    const auto output = cli.value("-o");
    if (!output)
        throw CliUsageError("-o VOCAB.tsv is required");
    CorpusOptions options = cli.corpusOptions();
    options.counting.threads = static_cast<unsigned>(cli.integer("--threads", 0, 1, 1024));
    options.counting.cap =
        static_cast<std::size_t>(cli.integer("--count-cap", kDefaultCountCap, 0, 1LL << 31));
    AtomicOutput::checkCreatable(*output);
    const std::vector<std::string> files = cli.corpusInput(usage);
    const std::string corpus = corpusName(files);

    const InterruptGuard interruptGuard;  // Ctrl-C: Cancelled, exit 130 (cli_main.cpp)
    JobControl control;
    control.cancel = &interruptGuard.flag();
    const auto start = std::chrono::steady_clock::now();
    ReadReport report;
    const Vocabulary vocabulary = countVocabulary(files, options, control, &report);
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
