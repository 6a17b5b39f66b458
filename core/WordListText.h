// The plotted words as one line of text (the Training panel's "words" field, a session's plotted
// words shown there): words separated by spaces, and a word that holds whitespace, starts with a
// double quote or is empty written in double quotes with each inner quote doubled, as CSV does:
// `new york` -> "new york", `say "hi"` -> "say ""hi""". So any list of words goes through the
// field and back unchanged, while a list of plain words reads as it always did.
#pragma once

#include <QString>
#include <QStringList>

namespace embedscope {

// The words joined by single spaces, quoted where needed (see above).
QString joinWordList(const QStringList& words);
// The inverse of joinWordList for any list; for typed text, whitespace of any kind separates
// words, a double quote at the start of a word opens a quoted word (an unclosed one runs to the
// end), and a quote elsewhere is part of the word.
QStringList splitWordList(const QString& text);

}  // namespace embedscope
