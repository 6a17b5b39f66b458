// Argument reading shared by the benchmarks that take one CORPUS and "--name value" options.
#pragma once

#include <map>
#include <string>

#include "BenchCommands.h"

namespace embedscope::bench {

struct CorpusAndOptions {
    std::string corpus;
    std::map<std::string, std::string> values;  // "--name" -> value
};

// Throws std::runtime_error(usage) without exactly one positional (the corpus), and names an
// option that lacks its value.
CorpusAndOptions parseCorpusAndOptions(const Args& args, const char* usage);

}  // namespace embedscope::bench
