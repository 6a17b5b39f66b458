#include "CliArgs.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>

#include "CorpusReader.h"
#include "Error.h"

namespace embedscope::cli {

CliArgs::CliArgs(const Args& args, std::set<std::string> valueOptions,
                 std::set<std::string> flags) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const bool looksLikeOption =
            arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9') && arg[1] != '.';
        if (!looksLikeOption) {
            positionals_.push_back(arg);
        } else if (valueOptions.count(arg)) {
            if (i + 1 >= args.size())
                throw CliUsageError("option " + arg + " needs a value");
            values_.emplace_back(arg, args[++i]);
        } else if (flags.count(arg)) {
            flags_.insert(arg);
        } else {
            throw CliUsageError("unknown option " + arg);
        }
    }
}

void CliArgs::expectPositionals(std::size_t min, std::size_t max, const char* usage) const {
    if (positionals_.size() < min || positionals_.size() > max)
        throw CliUsageError(std::string("expected ") + usage);
}

bool CliArgs::flag(const std::string& name) const {
    return flags_.count(name) > 0;
}

std::optional<std::string> CliArgs::value(const std::string& name) const {
    std::optional<std::string> found;
    for (const auto& [key, val] : values_)
        if (key == name)
            found = val;
    return found;
}

std::vector<std::string> CliArgs::values(const std::string& name) const {
    std::vector<std::string> found;
    for (const auto& [key, val] : values_)
        if (key == name)
            found.push_back(val);
    return found;
}

std::string CliArgs::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

long long CliArgs::integer(const std::string& name, long long fallback, long long min,
                           long long max) const {
    const auto text = value(name);
    if (!text)
        return fallback;
    errno = 0;
    char* end = nullptr;
    const long long parsed = std::strtoll(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || errno == ERANGE || parsed < min || parsed > max)
        throw CliUsageError(name + " expects an integer from " + std::to_string(min) + " to " +
                            std::to_string(max) + ", got '" + *text + "'");
    return parsed;
}

double CliArgs::real(const std::string& name, double fallback, double min, double max) const {
    const auto text = value(name);
    if (!text)
        return fallback;
    errno = 0;
    char* end = nullptr;
    const double parsed = std::strtod(text->c_str(), &end);
    if (text->empty() || *end != '\0' || errno == ERANGE || !(parsed >= min && parsed <= max))
        throw CliUsageError(name + " expects a number from " + shortNumber(min) + " to " +
                            shortNumber(max) + ", got '" + *text + "'");
    return parsed;
}

std::set<std::string> CliArgs::corpusValueOptions() {
    return {"--min-count", "--max-size", "--tokenize", "--corpus-list"};
}

std::set<std::string> CliArgs::corpusFlags() {
    return {"--lowercase",      "--no-lowercase", "--digits-to-token",
            "--no-apostrophes", "--no-hyphens",   "--no-normalize"};
}

std::vector<std::string> CliArgs::corpusInput(const char* usage) const {
    expectPositionals(0, 1, usage);
    const auto list = value("--corpus-list");
    if (list && !positionals().empty())
        throw CliUsageError("give either a corpus or --corpus-list FILE, not both");
    if (list)
        return readCorpusList(*list);
    if (positionals().empty())
        throw CliUsageError(std::string("expected ") + usage);
    return corpusFiles(positionals().front());
}

CorpusOptions CliArgs::corpusOptions() const {
    CorpusOptions options;
    options.minCount = static_cast<std::uint64_t>(integer("--min-count", 5, 1, 1LL << 62));
    options.maxSize = static_cast<std::size_t>(integer("--max-size", 0, 0, 1LL << 31));
    if (const auto mode = value("--tokenize")) {
        try {
            options.tokenizer.mode = parseTokenizeMode(*mode);
        } catch (const std::invalid_argument&) {
            throw CliUsageError("--tokenize expects words or whitespace, got '" + *mode + "'");
        }
    }
    if (flag("--lowercase") && flag("--no-lowercase"))
        throw CliUsageError("--lowercase and --no-lowercase contradict each other");
    if (flag("--no-lowercase"))
        options.tokenizer.lowercase = false;
    if (flag("--digits-to-token"))
        options.tokenizer.digitsToToken = true;
    if (flag("--no-apostrophes"))
        options.tokenizer.keepApostrophes = false;
    if (flag("--no-hyphens"))
        options.tokenizer.keepHyphens = false;
    if (flag("--no-normalize"))
        options.tokenizer.normalize = false;
    return options;
}

namespace {

// Set by the SIGINT handler (a lock-free atomic store is async-signal-safe).
std::atomic<bool> interruptRequested{false};

extern "C" void onInterrupt(int) {
    interruptRequested.store(true);
}

}  // namespace

InterruptGuard::InterruptGuard() {
    interruptRequested = false;
    previous_ = std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, previous_);
}

const std::atomic<bool>& InterruptGuard::flag() const {
    return interruptRequested;
}

}  // namespace embedscope::cli
