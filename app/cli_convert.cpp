#include "CliCommands.h"
namespace embedscope::cli {
int runConvert(const Args&) {
    throw CliUsageError("not implemented yet");
}
}  // namespace embedscope::cli
