// The one exception type of the core library. Every message a user can see names the file and the
// place in it (line or byte offset) and the problem, e.g.
//   "vectors.txt: line 7: expected 100 values, found 99".
#pragma once

#include <stdexcept>
#include <string>

namespace embedscope {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when the user cancelled long work (loading, exporting). Not a failure: callers that show
// errors should stay quiet for it.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

// "FILE: problem"
std::string fileError(const std::string& path, const std::string& problem);
// "FILE: line N: problem"
std::string lineError(const std::string& path, long long line, const std::string& problem);
// "FILE: byte offset N: problem"
std::string offsetError(const std::string& path, long long offset, const std::string& problem);
// A number as a message shows it: at most 6 significant digits, no trailing zeros ("0.025",
// "1e-12", "1e+06").
std::string shortNumber(double value);

}  // namespace embedscope
