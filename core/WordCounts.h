// Word -> (id, count) while a corpus is read: the hot path of counting a vocabulary.
//
// An open-addressing hash table of our own, because std::unordered_map<std::string, ...> costs a
// node allocation per word and three or four cache misses per lookup (bucket, node, string,
// count). Here a lookup of a word of up to 15 bytes (nearly every word) touches one 32-byte slot:
// the slot holds the word's bytes inline (zero-padded, its length in the last byte), its count,
// its hash and its id, so a hit is two 8-byte compares and no memcmp. Longer words keep a pointer
// to their bytes (stored in 1 MB blocks that never move) and the length in the slot.
//
// Power-of-two capacity, linear probing, at most half full (about 1.5 probes per hit). The 32-bit
// hash kept in each slot makes growing cheap: no string is hashed twice.
// Ids are given in order of first occurrence (0, 1, 2, ...); prune() renumbers the survivors in
// the same order.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "WordCounts keeps short words inline in little-endian order"
#endif

namespace embedscope {

class WordCounts {
public:
    WordCounts();

    // Counts one occurrence; returns the word's id.
    std::int32_t add(std::string_view word) {
        Key key;
        makeKey(word, key);
        return add(key, word);
    }

    // Counting in two steps, for callers that can look a few words ahead: prepare() packs a word
    // of up to kMaxInlineBytes bytes and prefetches its slot, add(prepared) counts it a little
    // later, when the slot is in cache. The table is bound by memory latency (a random slot per
    // token), so overlapping a dozen lookups is worth more than any arithmetic saved.
    static constexpr std::size_t kMaxInlineBytes = 15;
    struct Prepared {
        std::uint64_t key0, key1;
        std::uint32_t hash;
    };
    Prepared prepare(std::string_view word) const {
        Key key;
        makeKey(word, key);
        __builtin_prefetch(&slots_[key.hash & mask_]);
        return {key.key0, key.key1, key.hash};
    }
    std::int32_t add(const Prepared& prepared) {
        return add(Key{prepared.key0, prepared.key1, prepared.hash}, {});
    }

    // Adds count occurrences of word at once (merging another table's counts).
    void add(std::string_view word, std::uint64_t count) {
        Key key;
        makeKey(word, key);
        add(key, word, count);
    }
    // Adds every word of other with its count.
    void merge(const WordCounts& other);
    // Drops every word counted at most atMost times and renumbers the rest (ids in the same
    // order); returns how many were dropped. word2vec's ReduceVocab, for a table over its cap.
    std::size_t prune(std::uint64_t atMost);

    // -1 when absent.
    std::int32_t find(std::string_view word) const;

    std::int32_t size() const { return static_cast<std::int32_t>(slotOfId_.size()); }
    // The view is valid until the next add().
    std::string_view word(std::int32_t id) const;
    std::uint64_t count(std::int32_t id) const {
        return slots_[slotOfId_[static_cast<std::size_t>(id)]].count;
    }

private:
    struct Slot {
        std::uint64_t key0;   // short word: bytes 0..7; long word: pointer to its bytes
        std::uint64_t key1;   // short: bytes 8..14 and the length in byte 15; long: see makeKey
        std::uint64_t count;  // 0: the slot is empty
        std::uint32_t hash;
        std::int32_t id;
    };
    static_assert(sizeof(Slot) == 32, "two slots per cache line");

    struct Key {
        std::uint64_t key0, key1;
        std::uint32_t hash;
    };

    // word is needed only for long words (their bytes are compared and stored).
    std::int32_t add(const Key& key, std::string_view word, std::uint64_t count = 1) {
        std::size_t index = key.hash & mask_;
        for (;;) {
            Slot& slot = slots_[index];
            if (slot.count == 0)
                return insert(word, key, index, count);
            if (slot.key1 == key.key1 && slot.hash == key.hash &&
                (slot.key0 == key.key0 || (isLong(key.key1) && sameLongWord(slot, word)))) {
                slot.count += count;
                return slot.id;
            }
            index = (index + 1) & mask_;
        }
    }

    static constexpr std::uint64_t kLongMarker = 0xFFull << 56;

    static bool isLong(std::uint64_t key1) { return (key1 & kLongMarker) == kLongMarker; }
    static bool sameLongWord(const Slot& slot, std::string_view word) {
        return std::memcmp(reinterpret_cast<const char*>(slot.key0), word.data(), word.size()) == 0;
    }

    // Packs a word into the two key words and returns its hash. Short words are read with at most
    // two possibly overlapping loads (never past the end of the word).
    static void makeKey(std::string_view word, Key& key) {
        std::uint64_t& key0 = key.key0;
        std::uint64_t& key1 = key.key1;
        const char* p = word.data();
        const std::size_t n = word.size();
        const auto load64 = [](const char* at) {
            std::uint64_t v;
            std::memcpy(&v, at, 8);
            return v;
        };
        const auto load32 = [](const char* at) {
            std::uint32_t v;
            std::memcpy(&v, at, 4);
            return static_cast<std::uint64_t>(v);
        };
        if (n >= 8 && n <= kMaxInlineBytes) {
            key0 = load64(p);
            // The last n - 8 bytes, moved down to bytes 0..n-9.
            key1 = (n > 8 ? load64(p + n - 8) >> (8 * (16 - n)) : 0) |
                   (static_cast<std::uint64_t>(n) << 56);
        } else if (n >= 4 && n < 8) {
            key0 = load32(p) | ((load32(p + n - 4) >> (8 * (8 - n))) << 32);
            key1 = static_cast<std::uint64_t>(n) << 56;
        } else if (n < 4) {
            key0 = 0;
            for (std::size_t i = 0; i < n; ++i)
                key0 |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
            key1 = static_cast<std::uint64_t>(n) << 56;
        } else {
            key0 = reinterpret_cast<std::uintptr_t>(p);  // replaced by the stored copy on insert
            key1 = kLongMarker | n;
            key.hash = static_cast<std::uint32_t>(hashLong(p, n));
            return;
        }
        key.hash = static_cast<std::uint32_t>(
            mix(key0 ^ 0xa0761d6478bd642fULL, key1 ^ 0xe7037ed1a0b428dbULL));
    }

    // 64x64 -> 128-bit multiply, folded: every input bit reaches the low 32 bits.
    static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
        const __uint128_t product = static_cast<__uint128_t>(a) * b;
        return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
    }
    static std::uint64_t hashLong(const char* p, std::size_t n);

    std::int32_t insert(std::string_view word, Key key, std::size_t index, std::uint64_t count);
    void grow();
    const char* store(std::string_view word);

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::vector<std::uint32_t> slotOfId_;
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::size_t blockUsed_ = 0;
    std::size_t blockSize_ = 0;
};

}  // namespace embedscope
