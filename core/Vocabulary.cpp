#include "Vocabulary.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "AtomicOutput.h"
#include "Error.h"
#include "WordValidation.h"

namespace embedscope {

Vocabulary Vocabulary::fromCounts(std::vector<std::pair<std::string, std::uint64_t>> counts,
                                  std::uint64_t minCount, std::size_t maxSize,
                                  std::uint64_t corpusTokens) {
    // Dropping first and sorting the survivors gives the same result as sorting first (the order
    // is total), and a long tail of rare words is cheap to drop but costly to sort.
    counts.erase(std::remove_if(counts.begin(), counts.end(),
                                [minCount](const auto& entry) { return entry.second < minCount; }),
                 counts.end());
    std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (maxSize > 0 && counts.size() > maxSize)
        counts.resize(maxSize);

    Vocabulary vocabulary;
    vocabulary.words_.reserve(counts.size());
    vocabulary.counts_.reserve(counts.size());
    for (auto& [word, count] : counts) {
        vocabulary.words_.push_back(std::move(word));
        vocabulary.counts_.push_back(count);
        vocabulary.vocabTokens_ += count;
    }
    vocabulary.corpusTokens_ = corpusTokens;
    vocabulary.rebuildIndex();
    if (vocabulary.index_.size() != vocabulary.words_.size())
        throw std::invalid_argument("Vocabulary::fromCounts: the same word appears twice");
    return vocabulary;
}

std::int32_t Vocabulary::indexOf(std::string_view word) const {
    const auto found = index_.find(word);
    return found == index_.end() ? -1 : found->second;
}

double Vocabulary::keepProbability(std::int32_t index, double t) const {
    if (t <= 0 || vocabTokens_ == 0)
        return 1.0;
    const double f = static_cast<double>(counts_[index]) / static_cast<double>(vocabTokens_);
    if (f <= 0)
        return 1.0;
    // word2vec's rule: a word with frequency f keeps (sqrt(f/t) + 1) * t/f of its tokens, which is
    // about sqrt(t/f) for frequent words and at least 1 (all kept) once f <= ~2.6 t.
    return std::min(1.0, (std::sqrt(f / t) + 1.0) * t / f);
}

void Vocabulary::save(const std::string& path) const {
    AtomicOutput out(path);
    std::string& text = out.buffer();
    for (std::size_t i = 0; i < words_.size(); ++i) {
        const std::string& w = words_[i];
        if (w.empty() || w.find_first_of("\t\n\r") != std::string::npos)
            throw Error(fileError(path, "cannot save word " + std::to_string(i) +
                                            ": it is empty or holds a tab or line break"));
        text += w;
        text += '\t';
        text += std::to_string(counts_[i]);
        text += '\n';
        out.flushIfFull();
    }
    out.commit();
}

Vocabulary Vocabulary::load(const std::string& path) {
    const QString qpath = QString::fromStdString(path);
    if (!QFileInfo::exists(qpath))
        throw Error(fileError(path, "no such file"));
    if (QFileInfo(qpath).isDir())
        throw Error(fileError(path, "is a directory, not a file"));
    QFile file(qpath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(
            fileError(path, "cannot open for reading: " + file.errorString().toStdString()));

    Vocabulary vocabulary;
    long long lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNumber;
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (lineNumber == 1 && line.startsWith("\xEF\xBB\xBF"))
            line.remove(0, 3);
        if (lineNumber == 1) {
            if (const char* encoding =
                    foreignByteOrderMark(std::string_view(line.constData(), line.size())))
                throw Error(offsetError(path, 0,
                                        std::string("not UTF-8 text (the byte order mark says ") +
                                            encoding + "); save the file as UTF-8"));
        }
        const auto fail = [&](const std::string& problem) {
            throw Error(lineError(path, lineNumber, problem));
        };
        if (line.isEmpty())
            fail("expected word<TAB>count, found an empty line");
        const qsizetype tab = line.indexOf('\t');
        if (tab < 0)
            fail("expected word<TAB>count, found no tab");
        if (line.indexOf('\t', tab + 1) >= 0)
            fail("expected word<TAB>count, found more than two fields");
        if (tab == 0)
            fail("the word is empty");
        if (const std::string problem =
                wordProblem(std::string_view(line.constData(), static_cast<std::size_t>(tab)));
            !problem.empty())
            fail(problem);
        const QByteArray countText = line.mid(tab + 1);
        bool ok = !countText.isEmpty() && std::all_of(countText.begin(), countText.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
        const qulonglong count = ok ? countText.toULongLong(&ok) : 0;
        if (!ok || count == 0)
            fail("the count must be a positive integer, found " +
                 quoteWord(std::string_view(countText.constData(),
                                            static_cast<std::size_t>(countText.size()))));
        if (!vocabulary.counts_.empty() && count > vocabulary.counts_.back())
            fail("counts must be in descending order, but " + std::to_string(count) + " follows " +
                 std::to_string(vocabulary.counts_.back()));
        vocabulary.words_.emplace_back(line.constData(), static_cast<std::size_t>(tab));
        vocabulary.counts_.push_back(count);
        vocabulary.vocabTokens_ += count;
    }
    if (vocabulary.words_.empty())
        throw Error(fileError(path, "the file holds no words"));
    // Duplicates are found once the strings no longer move.
    vocabulary.index_.reserve(vocabulary.words_.size());
    for (std::size_t i = 0; i < vocabulary.words_.size(); ++i) {
        const auto [at, inserted] =
            vocabulary.index_.emplace(vocabulary.words_[i], static_cast<std::int32_t>(i));
        if (!inserted)
            throw Error(lineError(path, static_cast<long long>(i) + 1,
                                  "duplicate word " + quoteWord(vocabulary.words_[i]) +
                                      " (first on line " + std::to_string(at->second + 1) + ")"));
    }
    // The file does not record the tokens below min-count.
    vocabulary.corpusTokens_ = vocabulary.vocabTokens_;
    return vocabulary;
}

void Vocabulary::rebuildIndex() {
    index_.clear();
    index_.reserve(words_.size());
    for (std::size_t i = 0; i < words_.size(); ++i)
        index_.emplace(words_[i], static_cast<std::int32_t>(i));
}

Vocabulary::Vocabulary(const Vocabulary& other)
    : words_(other.words_),
      counts_(other.counts_),
      corpusTokens_(other.corpusTokens_),
      vocabTokens_(other.vocabTokens_) {
    rebuildIndex();  // the other's views point into the other's strings
}

Vocabulary& Vocabulary::operator=(const Vocabulary& other) {
    if (this != &other) {
        words_ = other.words_;
        counts_ = other.counts_;
        corpusTokens_ = other.corpusTokens_;
        vocabTokens_ = other.vocabTokens_;
        rebuildIndex();
    }
    return *this;
}

}  // namespace embedscope
