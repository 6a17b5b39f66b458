#include "BenchArgs.h"

#include <stdexcept>

namespace embedscope::bench {

CorpusAndOptions parseCorpusAndOptions(const Args& args, const char* usage) {
    CorpusAndOptions parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i].size() > 1 && args[i][0] == '-') {
            if (i + 1 >= args.size())
                throw std::runtime_error(args[i] + " needs a value");
            parsed.values[args[i]] = args[i + 1];
            ++i;
        } else if (parsed.corpus.empty()) {
            parsed.corpus = args[i];
        } else {
            throw std::runtime_error(usage);
        }
    }
    if (parsed.corpus.empty())
        throw std::runtime_error(usage);
    return parsed;
}

long long integerArgument(const std::string& name, const std::string& text, long long min,
                          long long max) {
    std::size_t used = 0;
    long long value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || value < min || value > max)
        throw std::runtime_error(name + ": expected an integer from " + std::to_string(min) +
                                 " to " + std::to_string(max) + ", got '" + text + "'");
    return value;
}

void forEachOption(
    const Args& args, const char* usage, std::string& positional,
    const std::function<bool(const std::string& name, const std::string& value)>& option) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& name = args[i];
        if (name.empty() || name[0] != '-') {
            if (!positional.empty())
                throw std::runtime_error(usage);
            positional = name;
            continue;
        }
        if (i + 1 >= args.size())
            throw std::runtime_error(name + " needs a value");
        if (!option(name, args[++i]))
            throw std::runtime_error("unknown option " + name + "\n" + usage);
    }
}

SyntheticShape parseSyntheticShape(const std::string& name, const std::string& text) {
    const std::size_t x = text.find('x');
    if (x == std::string::npos)
        throw std::runtime_error(name + " expects ROWSxDIM, e.g. 100000x300, got '" + text + "'");
    SyntheticShape shape;
    shape.rows = integerArgument(name, text.substr(0, x), 2, 100'000'000);
    shape.dim = int(integerArgument(name, text.substr(x + 1), 1, 100'000));
    return shape;
}

}  // namespace embedscope::bench
