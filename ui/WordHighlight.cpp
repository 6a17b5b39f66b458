#include "WordHighlight.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace embedscope {

namespace {

QString tr(const char* text, int n = -1) {
    return QCoreApplication::translate("WordHighlight", text, nullptr, n);
}

}  // namespace

void WordHighlight::update(const QStringList& words, const QString& pattern, bool regex) {
    pattern_ = pattern;
    regex_ = regex;
    const int n = int(words.size());
    matched_.fill(false, n);
    indices_.clear();
    error_.clear();
    if (pattern_.isEmpty() || regex_)
        index_ = {};  // holds a copy of the words it indexed: not kept past their use
    if (pattern_.isEmpty())
        return;
    if (regex_) {
        const QRegularExpression re(pattern_, QRegularExpression::CaseInsensitiveOption);
        if (!re.isValid()) {
            // patternErrorOffset() counts UTF-16 units from 0; people count characters from 1.
            // An error at the very end (an unclosed group) has no character to point at.
            const qsizetype offset = re.patternErrorOffset();
            const QString where =
                offset >= 0 && offset < pattern_.size()
                    ? tr("at character %1")
                          .arg(QStringView(pattern_).left(offset).toUcs4().size() + 1)
                    : tr("at its end");
            error_ = tr("invalid pattern %1: %2").arg(where, re.errorString());
            return;
        }
        for (int i = 0; i < n; ++i)
            matched_[i] = re.match(words[i]).hasMatch();
    } else {
        index_.setWords(words);
        index_.forEachMatch(pattern_, [this](int i) { matched_[i] = true; });
    }
    for (int i = 0; i < n; ++i)
        if (matched_[i])
            indices_.push_back(i);
}

QString WordHighlight::summary() const {
    if (pattern_.isEmpty())
        return {};
    if (!error_.isEmpty())
        return error_;
    return tr("%n plotted match(es)", count());
}

}  // namespace embedscope
