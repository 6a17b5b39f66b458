#include "Evaluation.h"

#include <QFile>
#include <QString>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <limits>
#include <numeric>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "Error.h"
#include "FormatIo.h"
#include "WordValidation.h"

namespace embedscope {

namespace {

// gensim compares words case-insensitively by upper-casing both sides (Python's str.upper, a full
// Unicode mapping); QString::toUpper does the same mapping. On ASCII it maps only a-z, which the
// fast path does without the two UTF-16 conversions (most words of most vocabularies are ASCII).
std::string caseKey(const std::string& word) {
    std::string key = word;
    for (char& c : key) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return QString::fromStdString(word).toUpper().toStdString();
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    }
    return key;
}

// The vocabulary as seen by an evaluation: the first rows words, each mapped to a case key. When
// two words share a key ("Paris", "paris"), the more frequent one (lower row) stands for it, as in
// gensim's ok_vocab.
struct RestrictedVocabulary {
    std::unordered_map<std::string, std::int32_t> keyIds;
    std::vector<std::int32_t> rowOfKey;  // key id -> row of the word that stands for it
    std::vector<std::int32_t> keyOfRow;  // row -> key id
    std::int32_t rows = 0;               // the restricted vocabulary: rows [0, rows)
    std::int32_t vocabularyRows = 0;     // the whole vocabulary: rows [0, vocabularyRows)

    RestrictedVocabulary(const std::vector<std::string>& words, std::int32_t indexSize,
                         std::int32_t restrictTo) {
        vocabularyRows = std::min<std::int32_t>(static_cast<std::int32_t>(words.size()), indexSize);
        rows = vocabularyRows;
        if (restrictTo > 0)
            rows = std::min(rows, restrictTo);
        keyOfRow.resize(rows);
        for (std::int32_t row = 0; row < rows; ++row) {
            const auto [it, inserted] =
                keyIds.emplace(caseKey(words[row]), static_cast<std::int32_t>(rowOfKey.size()));
            if (inserted)
                rowOfKey.push_back(row);
            keyOfRow[row] = it->second;
        }
    }

    // -1 when the word with this case key is outside the restricted vocabulary.
    std::int32_t idOfKey(const std::string& key) const {
        const auto it = keyIds.find(key);
        return it == keyIds.end() ? -1 : it->second;
    }
};

// Why words are missing from the restricted vocabulary: the ones found past the restriction are
// in the vocabulary, the others are not in it at all. Only the missing words are looked for, in
// one pass over the rows past the restriction that stops once all are found, so the words there
// are never keyed when nothing is missing or nothing was cut.
class MissingWords {
public:
    // key: the case key of a word outside the restricted vocabulary.
    void add(const std::string& key) { pastRestriction_.emplace(key, false); }

    void lookUp(const std::vector<std::string>& words, const RestrictedVocabulary& vocabulary) {
        std::size_t left = pastRestriction_.size();
        for (std::int32_t row = vocabulary.rows; row < vocabulary.vocabularyRows && left > 0;
             ++row) {
            const auto it = pastRestriction_.find(caseKey(words[row]));
            if (it != pastRestriction_.end() && !it->second) {
                it->second = true;
                --left;
            }
        }
    }

    // After lookUp: whether any of the keys is not in the vocabulary at all.
    bool anyNotInVocabulary(const std::vector<std::string>& keys) const {
        return std::any_of(keys.begin(), keys.end(),
                           [&](const std::string& key) { return !pastRestriction_.at(key); });
    }

private:
    std::unordered_map<std::string, bool> pastRestriction_;  // key -> found past the restriction
};

// Evaluation files are small text files with short lines (questions-words.txt: 19,558 lines of
// at most 60 bytes); anything longer is not one, and the bound keeps the reader's memory small.
constexpr std::size_t kMaxEvaluationLineBytes = 64 << 10;

// Calls visit(lineNumber, line) for each line of a UTF-8 text file, without its line end ("\n" or
// "\r\n") and without a UTF-8 byte order mark. Refuses (Error naming the file and the line) what
// is not such a file: missing, a directory, empty, UTF-16/32, binary (a NUL byte), not UTF-8, or a
// line over kMaxEvaluationLineBytes. kind names the expected file in messages.
template <typename Visit>
void forEachLine(const std::string& path, std::string_view kind, Visit&& visit) {
    formatio::InputFile file(path, kind, kMaxEvaluationLineBytes);
    std::string_view line;
    while (file.nextLine(line)) {
        const long long number = file.lineNumber();
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (number == 1 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
        if (const std::size_t nul = line.find('\0'); nul != std::string_view::npos)
            throw Error(lineError(path, number,
                                  "NUL byte at byte " + std::to_string(nul + 1) +
                                      " of the line: binary data, not a text " +
                                      std::string(kind)));
        if (const std::size_t bad = firstInvalidUtf8(line); bad != std::string_view::npos) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[bad]));
            throw Error(lineError(path, number,
                                  "not UTF-8 text (invalid byte " + std::string(hex) + " at byte " +
                                      std::to_string(bad + 1) +
                                      " of the line: Latin-1 or binary data?); save the file "
                                      "as UTF-8"));
        }
        visit(number, std::string(line));
    }
}

std::vector<std::string> splitWhitespace(const std::string& line) {
    std::vector<std::string> fields;
    std::istringstream stream(line);
    for (std::string field; stream >> field;)
        fields.push_back(field);
    return fields;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\v\f");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\v\f");
    return text.substr(first, last - first + 1);
}

bool parseNumber(const std::string& text, double& value) {
    const std::string field = trimmed(text);
    if (field.empty())
        return false;
    char* end = nullptr;
    value = std::strtod(field.c_str(), &end);
    return *end == '\0' && std::isfinite(value);
}

struct Question {
    int section;
    std::int32_t key[4];  // case keys of a, b, c, d in the restricted vocabulary
};

bool isSyntactic(const std::string& section) {
    return section.rfind("gram", 0) == 0;
}

// The best candidate so far for one question: higher score wins, ties go to the lower row.
struct Best {
    float score = -std::numeric_limits<float>::infinity();
    std::int32_t row = -1;
};

// Answers the questions over the candidates [begin, end) of the restricted vocabulary.
//
// For unit rows x, cos(x, b - a + c) ranks like x.b - x.a + x.c, and 3CosMul needs the same three
// cosines, so every question needs only rows of S = U N^T, where U holds the distinct question
// words (about 900 in questions-words.txt, against 19,544 questions) and N the candidates. That
// is one GEMM of u by D by V instead of one product per question, 20 times fewer flops. The
// candidates go in blocks small enough that the block of S stays in cache while every question
// combines its three rows of it and keeps its running best.
void answerBlockRange(const std::vector<Question>& questions,
                      const RestrictedVocabulary& vocabulary, const RowMatrixXf& queryRows,
                      const std::vector<std::int32_t>& slotOfKey, const NeighbourIndex& index,
                      AnalogyMethod method, Eigen::Index begin, Eigen::Index end,
                      Eigen::Index blockSize, std::vector<Best>& best,
                      const std::function<bool(Eigen::Index)>& blockDone) {
    constexpr float kMasked = -std::numeric_limits<float>::infinity();
    RowMatrixXf similarities;
    Eigen::ArrayXf scores;
    for (Eigen::Index first = begin; first < end; first += blockSize) {
        const Eigen::Index count = std::min(blockSize, end - first);
        index.cosinesWithRows(queryRows, first, count, similarities);
        if (method == AnalogyMethod::CosMul)  // cos' = (cos + 1) / 2
            similarities.array() = similarities.array() * 0.5f + 0.5f;
        for (std::size_t q = 0; q < questions.size(); ++q) {
            const Question& question = questions[q];
            const Eigen::Index a = slotOfKey[question.key[0]];
            const Eigen::Index b = slotOfKey[question.key[1]];
            const Eigen::Index c = slotOfKey[question.key[2]];
            if (method == AnalogyMethod::CosAdd)
                scores = similarities.row(b).array() - similarities.row(a).array() +
                         similarities.row(c).array();
            else
                scores = similarities.row(b).array() * similarities.row(c).array() /
                         (similarities.row(a).array() + kCosMulEpsilon);
            // The query words never answer, nor does any other spelling of them ("Paris" for
            // "paris"): mask the block's best until it is none of them. The maximum is found
            // vectorised, then its first position.
            for (;;) {
                const float top = scores.maxCoeff();
                if (!(top > best[q].score))
                    break;  // also stops on NaN and on all masked
                const Eigen::Index at =
                    std::find(scores.data(), scores.data() + count, top) - scores.data();
                const std::int32_t key = vocabulary.keyOfRow[first + at];
                if (key == question.key[0] || key == question.key[1] || key == question.key[2]) {
                    scores[at] = kMasked;
                    continue;
                }
                best[q] = Best{top, static_cast<std::int32_t>(first + at)};
                break;
            }
        }
        if (!blockDone(first + count))
            return;
    }
}

std::vector<char> answerQuestions(const std::vector<Question>& questions,
                                  const RestrictedVocabulary& vocabulary,
                                  const NeighbourIndex& index, AnalogyMethod method,
                                  const JobControl& control) {
    std::vector<char> correct(questions.size(), 0);
    if (questions.empty())
        return correct;
    std::vector<std::int32_t> slotOfKey(vocabulary.rowOfKey.size(), -1);
    std::vector<std::int32_t> rowsOfSlots;
    for (const Question& question : questions)
        for (int w = 0; w < 3; ++w) {
            std::int32_t& slot = slotOfKey[question.key[w]];
            if (slot >= 0)
                continue;
            slot = static_cast<std::int32_t>(rowsOfSlots.size());
            rowsOfSlots.push_back(vocabulary.rowOfKey[question.key[w]]);
        }
    RowMatrixXf queryRows(static_cast<Eigen::Index>(rowsOfSlots.size()), index.dim());
    for (std::size_t s = 0; s < rowsOfSlots.size(); ++s)
        queryRows.row(static_cast<Eigen::Index>(s)) = index.unitRow(rowsOfSlots[s]);

    // About 4 MB of S per block (u rows of blockSize floats), at least 64 candidates.
    const Eigen::Index candidates = vocabulary.rows;
    const Eigen::Index blockSize = std::max<Eigen::Index>(
        64, (Eigen::Index{1} << 20) / std::max<Eigen::Index>(queryRows.rows(), 1));
    // The cores share the candidates: each thread takes a contiguous range and keeps its own
    // running bests, merged below in range order so that ties stay with the lower row. Tiny
    // jobs stay on the calling thread.
    const bool worthThreads = double(candidates) * double(queryRows.rows()) >= 1e5;
    const Eigen::Index threads = std::clamp<Eigen::Index>(
        worthThreads ? Eigen::Index(std::thread::hardware_concurrency()) : 1, 1,
        std::max<Eigen::Index>(1, candidates / 64));
    const Eigen::Index perThread = (candidates + threads - 1) / threads;
    std::vector<std::vector<Best>> bests(threads, std::vector<Best>(questions.size()));
    std::atomic<Eigen::Index> done{0};
    std::atomic<bool> stop{false};
    auto runRange = [&](Eigen::Index t) {
        const Eigen::Index begin = std::min(candidates, t * perThread);
        const Eigen::Index end = std::min(candidates, begin + perThread);
        Eigen::Index previous = begin;
        answerBlockRange(questions, vocabulary, queryRows, slotOfKey, index, method, begin, end,
                         blockSize, bests[t], [&](Eigen::Index reached) {
                             done += reached - previous;
                             previous = reached;
                             if (control.cancelled())
                                 stop = true;
                             // Only the calling thread reports (JobControl's callback need not
                             // be thread-safe).
                             if (t == 0)
                                 control.report(std::uint64_t(done.load()),
                                                std::uint64_t(candidates));
                             return !stop.load();
                         });
    };
    // A failure on any thread (bad_alloc) stops the others and is rethrown here after the join.
    std::vector<std::exception_ptr> failures(threads);
    auto guardedRange = [&](Eigen::Index t) {
        try {
            runRange(t);
        } catch (...) {
            failures[t] = std::current_exception();
            stop = true;
        }
    };
    std::vector<std::thread> workers;
    for (Eigen::Index t = 1; t < threads; ++t)
        workers.emplace_back(guardedRange, t);
    guardedRange(0);
    for (std::thread& worker : workers)
        worker.join();
    for (const std::exception_ptr& failure : failures)
        if (failure)
            std::rethrow_exception(failure);
    control.throwIfCancelled();
    for (std::size_t q = 0; q < questions.size(); ++q) {
        Best winner = bests[0][q];
        for (Eigen::Index t = 1; t < threads; ++t)
            if (bests[t][q].score > winner.score)
                winner = bests[t][q];
        correct[q] = winner.row >= 0 && vocabulary.keyOfRow[winner.row] == questions[q].key[3];
    }
    return correct;
}

}  // namespace

AnalogyResult evaluateAnalogies(const std::string& path, const std::vector<std::string>& words,
                                const NeighbourIndex& index, std::int32_t restrictTo,
                                AnalogyMethod method, const JobControl& control) {
    const RestrictedVocabulary vocabulary(words, index.size(), restrictTo);
    AnalogyResult result;
    result.vocabularySize = vocabulary.vocabularyRows;
    result.restrictedSize = vocabulary.rows;
    std::vector<Question> questions;
    struct Skipped {
        int section;
        std::vector<std::string> missingKeys;
    };
    std::vector<Skipped> skipped;
    MissingWords missing;
    forEachLine(path, "analogy file", [&](long long lineNumber, const std::string& text) {
        const std::string line = trimmed(text);
        if (line.empty())
            return;
        if (line[0] == ':') {
            const std::string name = trimmed(line.substr(1));
            if (name.empty())
                throw Error(lineError(path, lineNumber, "section without a name"));
            result.sections.push_back(AnalogySection{name});
            return;
        }
        const std::vector<std::string> fields = splitWhitespace(line);
        if (fields.size() != 4)
            throw Error(
                lineError(path, lineNumber,
                          "expected 4 words (a b c d), found " + std::to_string(fields.size())));
        if (result.sections.empty())
            throw Error(lineError(path, lineNumber, "question before the first ': section' line"));
        ++result.all;
        Question question{static_cast<int>(result.sections.size()) - 1, {}};
        std::vector<std::string> missingKeys;
        for (int w = 0; w < 4; ++w) {
            std::string key = caseKey(fields[w]);
            question.key[w] = vocabulary.idOfKey(key);
            if (question.key[w] < 0) {
                missing.add(key);
                missingKeys.push_back(std::move(key));
            }
        }
        if (missingKeys.empty())
            questions.push_back(question);
        else
            skipped.push_back({question.section, std::move(missingKeys)});
    });
    if (result.all == 0)
        throw Error(fileError(path, "no questions: the file has no 'a b c d' lines"));
    missing.lookUp(words, vocabulary);
    for (const Skipped& question : skipped) {
        AnalogySection& section = result.sections[question.section];
        ++section.skipped;
        ++(missing.anyNotInVocabulary(question.missingKeys) ? section.skippedNotInVocabulary
                                                            : section.skippedOutsideRestriction);
    }

    const std::vector<char> correct =
        answerQuestions(questions, vocabulary, index, method, control);
    for (std::size_t q = 0; q < questions.size(); ++q) {
        AnalogySection& section = result.sections[questions[q].section];
        ++section.total;
        section.correct += correct[q];
    }
    for (const AnalogySection& section : result.sections) {
        result.correct += section.correct;
        result.total += section.total;
        result.skipped += section.skipped;
        result.skippedNotInVocabulary += section.skippedNotInVocabulary;
        result.skippedOutsideRestriction += section.skippedOutsideRestriction;
        AnalogySection& kind = isSyntactic(section.name) ? result.syntactic : result.semantic;
        kind.correct += section.correct;
        kind.total += section.total;
        kind.skipped += section.skipped;
        kind.skippedNotInVocabulary += section.skippedNotInVocabulary;
        kind.skippedOutsideRestriction += section.skippedOutsideRestriction;
    }
    return result;
}

SimilarityResult evaluateSimilarity(const std::string& path, const std::vector<std::string>& words,
                                    const NeighbourIndex& index, std::int32_t restrictTo) {
    const RestrictedVocabulary vocabulary(words, index.size(), restrictTo);
    SimilarityResult result;
    std::vector<double> human, model;
    std::vector<std::vector<std::string>> skippedPairs;  // the missing keys of each skipped pair
    MissingWords missing;
    bool firstDataLine = true;
    long long pairs = 0;  // data lines with a score, known words or not
    forEachLine(
        path, "word-pair similarity file", [&](long long lineNumber, const std::string& line) {
            if (trimmed(line).empty() || line[0] == '#')
                return;
            // Tab-separated as in gensim; a file without tabs is read as whitespace-separated.
            std::vector<std::string> fields;
            if (line.find('\t') != std::string::npos) {
                std::istringstream stream(line);
                for (std::string field; std::getline(stream, field, '\t');)
                    fields.push_back(trimmed(field));
            } else {
                fields = splitWhitespace(line);
            }
            const bool isFirst = firstDataLine;
            firstDataLine = false;
            if (fields.size() < 3)
                throw Error(lineError(path, lineNumber,
                                      "expected word1, word2 and a score, found " +
                                          std::to_string(fields.size()) + " field(s)"));
            double score = 0.0;
            if (!parseNumber(fields[2], score)) {
                if (isFirst)
                    return;  // a header such as "Word 1<TAB>Word 2<TAB>Human (mean)"
                throw Error(lineError(path, lineNumber,
                                      "score " + quoteWord(fields[2]) + " is not a number"));
            }
            ++pairs;
            std::string keys[2] = {caseKey(fields[0]), caseKey(fields[1])};
            const std::int32_t a = vocabulary.idOfKey(keys[0]);
            const std::int32_t b = vocabulary.idOfKey(keys[1]);
            if (a < 0 || b < 0) {
                std::vector<std::string> missingKeys;
                if (a < 0)
                    missingKeys.push_back(std::move(keys[0]));
                if (b < 0)
                    missingKeys.push_back(std::move(keys[1]));
                for (const std::string& key : missingKeys)
                    missing.add(key);
                skippedPairs.push_back(std::move(missingKeys));
                return;
            }
            human.push_back(score);
            model.push_back(index.cosine(vocabulary.rowOfKey[a], vocabulary.rowOfKey[b]));
        });
    if (pairs == 0)
        throw Error(fileError(path,
                              "no word pairs: the file is empty apart from blank lines, "
                              "comments or a header"));
    missing.lookUp(words, vocabulary);
    for (const std::vector<std::string>& missingKeys : skippedPairs) {
        ++result.skipped;
        ++(missing.anyNotInVocabulary(missingKeys) ? result.skippedNotInVocabulary
                                                   : result.skippedOutsideRestriction);
    }
    result.used = static_cast<int>(human.size());
    result.pearson = pearsonCorrelation(human, model);
    result.spearman = spearmanCorrelation(human, model);
    return result;
}

double pearsonCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = std::min(x.size(), y.size());
    if (n < 2)
        return std::numeric_limits<double>::quiet_NaN();
    const double meanX = std::accumulate(x.begin(), x.begin() + n, 0.0) / n;
    const double meanY = std::accumulate(y.begin(), y.begin() + n, 0.0) / n;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - meanX, dy = y[i] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx <= 0.0 || syy <= 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    return sxy / std::sqrt(sxx * syy);
}

std::vector<double> averageRanks(const std::vector<double>& values) {
    const std::size_t n = values.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
    std::vector<double> ranks(n);
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start + 1;
        while (end < n && values[order[end]] == values[order[start]])
            ++end;
        // Positions start..end-1 hold equal values: each gets the mean of ranks start+1..end.
        const double rank = 0.5 * double(start + 1 + end);
        for (std::size_t i = start; i < end; ++i)
            ranks[order[i]] = rank;
        start = end;
    }
    return ranks;
}

// Spearman's rho is Pearson's correlation of the (average) ranks, which stays exact with ties.
double spearmanCorrelation(const std::vector<double>& x, const std::vector<double>& y) {
    return pearsonCorrelation(averageRanks(x), averageRanks(y));
}

}  // namespace embedscope
