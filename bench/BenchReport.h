// What every benchmark's JSON object carries besides its own figures: the machine. A speed is only
// meaningful with the CPU it was measured on, so each subcommand records the CPU model.
#pragma once

#include <string>

namespace embedscope::bench {

// text as a JSON string literal, quotes included; control characters are dropped.
std::string jsonString(const std::string& text);

// The CPU's "model name" from /proc/cpuinfo (e.g. "AMD EPYC"), "unknown" where it is missing.
std::string cpuModelName();

// "\"cpu\":\"<model name>\"", the field every subcommand puts into its JSON object.
std::string cpuJsonField();

}  // namespace embedscope::bench
