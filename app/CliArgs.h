// A small argument reader shared by the CLI subcommands: positionals, "--name value" options and
// flags, with errors that name the option.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "CliCommands.h"
#include "TokenizedCorpus.h"

namespace embedscope::cli {

class CliArgs {
public:
    // valueOptions take a value ("-o", "--dim"); flags do not ("--no-lowercase"). Options not in
    // either set are a CliUsageError. Repeated value options are all kept (see values()).
    CliArgs(const Args& args, std::set<std::string> valueOptions, std::set<std::string> flags);

    const std::vector<std::string>& positionals() const { return positionals_; }
    // Throws CliUsageError unless there are between min and max positionals.
    void expectPositionals(std::size_t min, std::size_t max, const char* usage) const;

    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    // Parsed numbers; a malformed or out-of-range value is a CliUsageError naming the option.
    long long integer(const std::string& name, long long fallback, long long min,
                      long long max) const;
    double real(const std::string& name, double fallback, double min, double max) const;

    // The corpus options shared by every command that reads a corpus: --min-count, --max-size,
    // --tokenize, --lowercase/--no-lowercase, --digits-to-token, --no-apostrophes, --no-hyphens,
    // --no-normalize.
    // --corpus-list FILE too.
    static std::set<std::string> corpusValueOptions();
    static std::set<std::string> corpusFlags();
    CorpusOptions corpusOptions() const;
    // The corpus's files: the one positional (a file or a folder), or the files --corpus-list
    // names; CliUsageError for both or neither (usage says what is expected).
    std::vector<std::string> corpusInput(const char* usage) const;

private:
    std::vector<std::string> positionals_;
    std::vector<std::pair<std::string, std::string>> values_;
    std::set<std::string> flags_;
};

// Ctrl-C for a long command: while the guard lives, SIGINT sets flag() instead of killing the
// process, so the command can stop its work (JobControl::cancel, Trainer::stop), discard its
// temporary files and exit 130 with a message. The previous handler is restored at the end.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    const std::atomic<bool>& flag() const;
    bool interrupted() const { return flag().load(); }

private:
    void (*previous_)(int);
};

}  // namespace embedscope::cli
