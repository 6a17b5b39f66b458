#include <stdexcept>

#include "BenchCommands.h"

namespace embedscope::bench {
int benchUiLatency(const Args&) {
    throw std::runtime_error("not implemented yet");
}
}  // namespace embedscope::bench
