#include "Error.h"

#include <cstdio>

namespace embedscope {

std::string fileError(const std::string& path, const std::string& problem) {
    return path + ": " + problem;
}

std::string lineError(const std::string& path, long long line, const std::string& problem) {
    return path + ": line " + std::to_string(line) + ": " + problem;
}

std::string offsetError(const std::string& path, long long offset, const std::string& problem) {
    return path + ": byte offset " + std::to_string(offset) + ": " + problem;
}

std::string shortNumber(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", value);
    return buffer;
}

}  // namespace embedscope
