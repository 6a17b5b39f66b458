#include "WordRowSet.h"

#include <functional>

namespace embedscope {

std::uint32_t WordRowSet::hash(std::string_view word) {
    const std::uint64_t full = std::hash<std::string_view>()(word);
    return static_cast<std::uint32_t>(full ^ (full >> 32));
}

long long WordRowSet::insert(const std::vector<std::string>& words, std::size_t row,
                             std::uint32_t hash) {
    if (2 * (count_ + 1) > slots_.size())
        grow();
    const std::size_t mask = slots_.size() - 1;
    const std::string& word = words[row];
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == 0) {
            slots_[i] = (static_cast<std::uint64_t>(hash) << 32) | (row + 1);
            ++count_;
            return -1;
        }
        if (static_cast<std::uint32_t>(slot >> 32) == hash) {
            const std::size_t other = static_cast<std::uint32_t>(slot) - 1;
            if (words[other] == word)
                return static_cast<long long>(other);
        }
    }
}

long long WordRowSet::find(const std::vector<std::string>& words, std::string_view word) const {
    if (slots_.empty())
        return -1;
    const std::uint32_t wanted = hash(word);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = wanted & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == 0)
            return -1;
        if (static_cast<std::uint32_t>(slot >> 32) == wanted) {
            const std::size_t row = static_cast<std::uint32_t>(slot) - 1;
            if (words[row] == word)
                return static_cast<long long>(row);
        }
    }
}

void WordRowSet::grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint64_t slot : old) {
        if (slot == 0)
            continue;
        std::size_t i = static_cast<std::uint32_t>(slot >> 32) & mask;
        while (slots_[i] != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

}  // namespace embedscope
