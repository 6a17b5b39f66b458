#include "WordCounts.h"

#include <algorithm>
#include <stdexcept>

namespace embedscope {

namespace {
constexpr std::size_t kInitialSlots = 1 << 14;
constexpr std::size_t kBlockBytes = 1 << 20;
}  // namespace

WordCounts::WordCounts() : slots_(kInitialSlots, Slot{0, 0, 0, 0, -1}), mask_(kInitialSlots - 1) {}

std::uint64_t WordCounts::hashLong(const char* p, std::size_t n) {
    // Words of 16 bytes or more: 16 bytes a round, then the last 16 bytes (overlapping).
    const auto load64 = [](const char* at) {
        std::uint64_t v;
        std::memcpy(&v, at, 8);
        return v;
    };
    std::uint64_t seed = 0x8ebc6af09c88c6e3ULL ^ n;
    std::size_t done = 0;
    for (; done + 16 < n; done += 16)
        seed = mix(load64(p + done) ^ 0xa0761d6478bd642fULL, load64(p + done + 8) ^ seed);
    return mix(load64(p + n - 16) ^ 0xe7037ed1a0b428dbULL, load64(p + n - 8) ^ seed);
}

std::int32_t WordCounts::find(std::string_view word) const {
    Key key;
    makeKey(word, key);
    for (std::size_t index = key.hash & mask_;; index = (index + 1) & mask_) {
        const Slot& slot = slots_[index];
        if (slot.count == 0)
            return -1;
        if (slot.key1 == key.key1 && slot.hash == key.hash &&
            (slot.key0 == key.key0 || (isLong(key.key1) && sameLongWord(slot, word))))
            return slot.id;
    }
}

std::string_view WordCounts::word(std::int32_t id) const {
    const Slot& slot = slots_[slotOfId_[static_cast<std::size_t>(id)]];
    if (isLong(slot.key1))
        return {reinterpret_cast<const char*>(slot.key0),
                static_cast<std::size_t>(slot.key1 & ~kLongMarker)};
    // Slot is standard layout and key0, key1 are its first 16 bytes: the word's bytes in order.
    return {reinterpret_cast<const char*>(&slot), static_cast<std::size_t>(slot.key1 >> 56)};
}

std::int32_t WordCounts::insert(std::string_view word, Key key, std::size_t index,
                                std::uint64_t count) {
    if (slotOfId_.size() >= static_cast<std::size_t>(INT32_MAX))
        throw std::length_error("more than 2^31 distinct words");
    const auto id = static_cast<std::int32_t>(slotOfId_.size());
    if (isLong(key.key1))
        key.key0 = reinterpret_cast<std::uintptr_t>(store(word));
    slots_[index] = Slot{key.key0, key.key1, count, key.hash, id};
    slotOfId_.push_back(static_cast<std::uint32_t>(index));
    if (slotOfId_.size() * 2 > slots_.size())
        grow();
    return id;
}

void WordCounts::merge(const WordCounts& other) {
    for (std::int32_t id = 0; id < other.size(); ++id)
        add(other.word(id), other.count(id));
}

std::size_t WordCounts::prune(std::uint64_t atMost) {
    // Survivors go into a fresh table of the same capacity in id order; long words are copied to
    // fresh blocks, so that the dropped ones' bytes are freed too.
    std::vector<Slot> kept(slots_.size(), Slot{0, 0, 0, 0, -1});
    std::vector<std::uint32_t> slotOfId;
    std::vector<std::unique_ptr<char[]>> oldBlocks = std::move(blocks_);
    blocks_.clear();
    blockUsed_ = 0;
    blockSize_ = 0;
    for (const std::uint32_t oldIndex : slotOfId_) {
        Slot slot = slots_[oldIndex];
        if (slot.count <= atMost)
            continue;
        if (isLong(slot.key1))
            slot.key0 = reinterpret_cast<std::uintptr_t>(
                store({reinterpret_cast<const char*>(slot.key0),
                       static_cast<std::size_t>(slot.key1 & ~kLongMarker)}));
        slot.id = static_cast<std::int32_t>(slotOfId.size());
        std::size_t index = slot.hash & mask_;
        while (kept[index].count != 0)
            index = (index + 1) & mask_;
        kept[index] = slot;
        slotOfId.push_back(static_cast<std::uint32_t>(index));
    }
    const std::size_t dropped = slotOfId_.size() - slotOfId.size();
    slots_ = std::move(kept);
    slotOfId_ = std::move(slotOfId);
    return dropped;
}

void WordCounts::grow() {
    std::vector<Slot> bigger(slots_.size() * 2, Slot{0, 0, 0, 0, -1});
    const std::size_t mask = bigger.size() - 1;
    for (const Slot& slot : slots_) {
        if (slot.count == 0)
            continue;
        std::size_t index = slot.hash & mask;
        while (bigger[index].count != 0)
            index = (index + 1) & mask;
        bigger[index] = slot;
        slotOfId_[static_cast<std::size_t>(slot.id)] = static_cast<std::uint32_t>(index);
    }
    slots_ = std::move(bigger);
    mask_ = mask;
}

const char* WordCounts::store(std::string_view word) {
    if (blocks_.empty() || blockUsed_ + word.size() > blockSize_) {
        blockSize_ = std::max(kBlockBytes, word.size());
        blocks_.push_back(std::make_unique<char[]>(blockSize_));
        blockUsed_ = 0;
    }
    char* destination = blocks_.back().get() + blockUsed_;
    std::memcpy(destination, word.data(), word.size());
    blockUsed_ += word.size();
    return destination;
}

}  // namespace embedscope
