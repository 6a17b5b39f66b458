#include <stdexcept>
#include <string>

#include "Tokenizer.h"

namespace embedscope {

std::string_view tokenizeModeName(TokenizeMode mode) {
    return mode == TokenizeMode::Whitespace ? "whitespace" : "words";
}

TokenizeMode parseTokenizeMode(std::string_view name) {
    if (name == "words")
        return TokenizeMode::Words;
    if (name == "whitespace")
        return TokenizeMode::Whitespace;
    throw std::invalid_argument("unknown tokenize mode '" + std::string(name) + "'");
}

}  // namespace embedscope
