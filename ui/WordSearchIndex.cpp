#include "WordSearchIndex.h"

namespace embedscope {

namespace {

// Appends word case-folded as UTF-8. Most words of real vocabularies are ASCII, where folding is
// lower-casing A-Z; they skip the two temporary strings of the general path.
void appendFolded(const QString& word, std::string& out) {
    const std::size_t start = out.size();
    for (const QChar c : word) {
        const char16_t u = c.unicode();
        if (u >= 0x80) {
            out.resize(start);
            const QByteArray utf8 = word.toCaseFolded().toUtf8();
            out.append(utf8.constData(), std::size_t(utf8.size()));
            return;
        }
        out += char(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u);
    }
}

}  // namespace

void WordSearchIndex::setWords(const QStringList& words) {
    if (words.size() == words_.size() && words.constData() == words_.constData())
        return;
    words_ = words;
    starts_.clear();
    starts_.reserve(words.size());
    folded_.clear();
    for (const QString& word : words) {
        starts_.push_back(folded_.size());
        appendFolded(word, folded_);
        folded_ += '\0';
    }
}

}  // namespace embedscope
