// The subcommands of embedscope-cli. Each takes the arguments after its name, prints results on
// stdout and progress on stderr, and returns the process exit code. Errors are reported by
// throwing embedscope::Error (cli_main.cpp prints its one-line message and exits with 1) or
// CliUsageError (exit 2).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace embedscope::cli {

using Args = std::vector<std::string>;

struct CliUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int runVocab(const Args& args);      // cli_vocab.cpp
int runConvert(const Args& args);    // cli_convert.cpp
int runInfo(const Args& args);       // cli_info.cpp
int runTrain(const Args& args);      // cli_train.cpp
int runNeighbors(const Args& args);  // cli_query.cpp
int runAnalogy(const Args& args);    // cli_query.cpp
int runEvaluate(const Args& args);   // cli_query.cpp
int runLayout(const Args& args);     // cli_layout.cpp

}  // namespace embedscope::cli
