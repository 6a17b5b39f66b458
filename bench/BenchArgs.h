// Argument reading shared by the benchmarks: one CORPUS with "--name value" options, and the
// integer values of options.
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

// The value of option `name` as an integer in [min, max]; throws std::runtime_error naming the
// option, the range and the text otherwise.
long long integerArgument(const std::string& name, const std::string& text, long long min,
                          long long max);

}  // namespace embedscope::bench
