#include "CliCommands.h"
namespace embedscope::cli {
int runNeighbors(const Args&) {
    throw CliUsageError("not implemented yet");
}
int runAnalogy(const Args&) {
    throw CliUsageError("not implemented yet");
}
int runEvaluate(const Args&) {
    throw CliUsageError("not implemented yet");
}
}  // namespace embedscope::cli
