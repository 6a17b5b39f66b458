#include "EmbeddingLesson.h"

#include <algorithm>
#include <utility>

#include "Tokenizer.h"

namespace embedscope {

namespace {

TokenizerOptions lessonTokenizer() {
    TokenizerOptions options;
    options.lowercase = false;  // a Python dict keeps "I" as it was typed
    return options;
}

}  // namespace

EmbeddingLesson::EmbeddingLesson() {
    setSentence({});
    seedSize_ = size();
}

std::vector<std::string> EmbeddingLesson::tokenize(std::string_view text) {
    std::vector<std::string> tokens;
    for (auto& line : tokenizeText(text, lessonTokenizer()))
        for (auto& word : line)
            tokens.push_back(std::move(word));
    return tokens;
}

int EmbeddingLesson::setSentence(std::string_view sentence) {
    sentence_ = std::string(sentence);
    words_.clear();
    std::vector<std::string> leftOut;
    const auto add = [&](std::string_view text) {
        for (std::string& word : tokenize(text)) {
            if (indexOf(word) >= 0)
                continue;
            if (size() < kMaxWords)
                words_.push_back(std::move(word));
            else if (std::find(leftOut.begin(), leftOut.end(), word) == leftOut.end())
                leftOut.push_back(std::move(word));
        }
    };
    add(kSeedSentence);
    add(sentence);
    if (table_.numEmbeddings() != size())
        table_ = EmbeddingTable(size(), kDim, EmbeddingInit::Normal, kSeed);
    return static_cast<int>(leftOut.size());
}

std::int32_t EmbeddingLesson::indexOf(std::string_view word) const {
    const auto found = std::find(words_.begin(), words_.end(), word);
    return found == words_.end() ? -1 : static_cast<std::int32_t>(found - words_.begin());
}

}  // namespace embedscope
