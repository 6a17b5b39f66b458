#include "WordListText.h"

namespace embedscope {

namespace {

const QChar kQuote = QLatin1Char('"');

bool needsQuotes(const QString& word) {
    if (word.isEmpty() || word.startsWith(kQuote))
        return true;
    for (const QChar c : word)
        if (c.isSpace())
            return true;
    return false;
}

}  // namespace

QString joinWordList(const QStringList& words) {
    QStringList parts;
    parts.reserve(words.size());
    for (const QString& word : words) {
        if (!needsQuotes(word)) {
            parts << word;
            continue;
        }
        QString quoted = word;
        quoted.replace(kQuote, QStringLiteral("\"\""));
        parts << kQuote + quoted + kQuote;
    }
    return parts.join(QLatin1Char(' '));
}

QStringList splitWordList(const QString& text) {
    QStringList words;
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        if (text[i].isSpace()) {
            ++i;
            continue;
        }
        QString word;
        if (text[i] == kQuote) {
            // Quoted: up to the quote that is not doubled.
            for (++i; i < n; ++i) {
                if (text[i] != kQuote) {
                    word += text[i];
                } else if (i + 1 < n && text[i + 1] == kQuote) {
                    word += kQuote;
                    ++i;
                } else {
                    ++i;
                    break;
                }
            }
        } else {
            for (; i < n && !text[i].isSpace(); ++i)
                word += text[i];
        }
        words << word;
    }
    return words;
}

}  // namespace embedscope
