// The words of a plot, case-folded once into one UTF-8 string, so that a case-insensitive
// substring search over millions of words is one pass of std::string_view::find (which skips
// ahead with memchr, vectorised in glibc) over contiguous memory instead of a QString::contains
// call (folding both strings again) per word. UTF-8 is self-synchronising: a valid UTF-8 pattern
// matches UTF-8 text only at character boundaries, so byte matches are exactly character matches.
//
// Layout: folded(w0) \0 folded(w1) \0 ... with starts_[i] the byte offset of word i. A match at
// offset p lies in the word whose start is the last one <= p; the search then goes on from the next
// word, so each word costs at most one match. '\0' never occurs in a typed pattern, so no match
// spans two words.
//
// Folding is QString::toCaseFolded (simple, one-to-one case folding), the same per-character rule
// as Qt::CaseInsensitive comparison, so the matches are those of words[i].contains(pattern,
// Qt::CaseInsensitive).
#pragma once

#include <QString>
#include <QStringList>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace embedscope {

class WordSearchIndex {
public:
    // Builds the index of words, unless it already holds this very list. QStringList is shared
    // on copy and detaches before any change, so a list whose data is the one kept here has the
    // same contents: the pointer is a sound key.
    void setWords(const QStringList& words);

    int size() const { return int(starts_.size()); }
    // The words indexed (a shared copy: the index keeps them alive until it is rebuilt or reset).
    const QStringList& words() const { return words_; }
    // Calls onMatch(i) for every word i that contains pattern, ignoring case, in increasing order.
    template <typename OnMatch>
    void forEachMatch(const QString& pattern, OnMatch&& onMatch) const;

private:
    QStringList words_;  // keeps the key alive (see setWords)
    std::string folded_;
    std::vector<std::size_t> starts_;
};

template <typename OnMatch>
void WordSearchIndex::forEachMatch(const QString& pattern, OnMatch&& onMatch) const {
    if (pattern.isEmpty() || starts_.empty())
        return;
    const QByteArray folded = pattern.toCaseFolded().toUtf8();
    const std::string_view needle(folded.constData(), std::size_t(folded.size()));
    const std::string_view text(folded_);
    const int n = size();
    std::size_t from = 0;
    int word = 0;
    while (word < n) {
        const std::size_t at = text.find(needle, from);
        if (at == std::string_view::npos)
            return;
        // The word holding the match: the last start <= at (at lies at or after starts_[word]).
        word =
            int(std::upper_bound(starts_.begin() + word, starts_.end(), at) - starts_.begin()) - 1;
        onMatch(word);
        ++word;
        if (word < n)
            from = starts_[word];
    }
}

}  // namespace embedscope
