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

}  // namespace embedscope::bench
