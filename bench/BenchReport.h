// What every benchmark's report shares: the machine (a speed is only meaningful with the CPU it
// was measured on, so each subcommand records the CPU model; on a shared machine a wall-clock
// figure also needs the load average) and the percentiles of its timings.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace embedscope::bench {

// text as a JSON string literal, quotes included; control characters are dropped.
std::string jsonString(const std::string& text);

// The CPU's "model name" from /proc/cpuinfo (e.g. "AMD EPYC"), "unknown" where it is missing.
std::string cpuModelName();

// "\"cpu\":\"<model name>\"", the field every subcommand puts into its JSON object.
std::string cpuJsonField();

// CPU time of the whole process (all threads) in seconds: unlike the wall clock it does not count
// the time other processes held the cores, which matters on a shared machine.
double processCpuSeconds();

// Wall-clock seconds since start (steady clock).
double secondsSince(std::chrono::steady_clock::time_point start);

// The 1-minute load average (/proc/loadavg), -1 where it cannot be read.
double loadAverage();

// The nearest-rank percentile: the smallest value with at least `fraction` (in [0, 1]) of the
// values at or below it; 0 for no values.
double percentile(std::vector<double> values, double fraction);

}  // namespace embedscope::bench
