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

}  // namespace embedscope::bench
