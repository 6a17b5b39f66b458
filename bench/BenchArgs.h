// Argument reading shared by the benchmarks: one CORPUS with "--name value" options, and the
// integer values of options.
#pragma once

#include <functional>
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

// Walks "FILE --name value ..." arguments: at most one positional (the file; a second throws
// usage), and every option with its value to option(name, value), which returns false for a name
// it does not know (then "unknown option" and the usage are thrown).
void forEachOption(
    const Args& args, const char* usage, std::string& positional,
    const std::function<bool(const std::string& name, const std::string& value)>& option);

// "--synthetic ROWSxDIM": the shape of a generated table.
struct SyntheticShape {
    long long rows = 0;
    int dim = 0;
};
SyntheticShape parseSyntheticShape(const std::string& name, const std::string& text);

}  // namespace embedscope::bench
