// Which plotted words a search pattern matches, without a widget: a case-insensitive substring,
// or a QRegularExpression (case-insensitive) when regex is set. An invalid expression matches
// nothing and says where and why, counting characters from 1 as people do. Substring searches go
// through a WordSearchIndex, built once per word list, so a keystroke among a million words is
// one scan of contiguous folded text.
//
// The 3-D view uses it; it holds the same rules as ScatterPlot's highlight, so that both plots
// light up the same words for the same search.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

#include "WordSearchIndex.h"

namespace embedscope {

class WordHighlight {
public:
    // Recomputes the matches of pattern among words ("" clears).
    void update(const QStringList& words, const QString& pattern, bool regex);

    bool active() const { return !pattern_.isEmpty(); }
    const QString& pattern() const { return pattern_; }
    bool regex() const { return regex_; }
    bool matches(int index) const {
        return index >= 0 && index < matched_.size() && matched_[index];
    }
    int count() const { return int(indices_.size()); }
    const std::vector<int>& indices() const { return indices_; }  // increasing
    // "invalid pattern at character 4: missing closing parenthesis"; "" for a valid pattern.
    const QString& error() const { return error_; }
    // The words the search index holds (empty without a substring pattern): for tests.
    const QStringList& indexedWords() const { return index_.words(); }
    // "" without a pattern, error() for an invalid one, else "N plotted match(es)".
    QString summary() const;

private:
    QString pattern_;
    bool regex_ = false;
    QVector<bool> matched_;
    std::vector<int> indices_;
    QString error_;
    WordSearchIndex index_;
};

}  // namespace embedscope
