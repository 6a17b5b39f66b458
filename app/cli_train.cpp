#include "CliCommands.h"
namespace embedscope::cli {
int runTrain(const Args&) {
    throw CliUsageError("not implemented yet");
}
}  // namespace embedscope::cli
