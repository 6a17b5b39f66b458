#include "CliCommands.h"
namespace embedscope::cli {
int runVocab(const Args&) {
    throw CliUsageError("not implemented yet");
}
}  // namespace embedscope::cli
