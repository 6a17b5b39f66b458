// word2vec's two formats, as the original C tool and gensim's KeyedVectors write and read them.
//   text:   "ROWS DIM\n", then "word v1 ... vD\n" per row
//   binary: "ROWS DIM\n", then per row "word " + D little-endian float32 + "\n". gensim writes no
//           "\n" after a vector and skips one before a word when reading; so do we.
#include <QtEndian>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "FormatIo.h"
#include "WordRowSet.h"

namespace embedscope::formatio {

namespace {

// A word longer than kMaxWordBytes without a space means the file is not binary word2vec (or is
// damaged): stop rather than read the whole file into one "word".
constexpr std::size_t kMaxBinaryWordBytes = kMaxWordBytes;
constexpr bool kLittleEndianHost = Q_BYTE_ORDER == Q_LITTLE_ENDIAN;

bool parseInteger(std::string_view token, long long& value) {
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    return error == std::errc() && end == token.data() + token.size();
}

std::string headerLine(const WordVectors& vectors) {
    return std::to_string(vectors.rows()) + ' ' + std::to_string(vectors.dim()) + '\n';
}

void appendLittleEndianFloats(std::string& out, const float* values, int count) {
    if constexpr (kLittleEndianHost) {
        out.append(reinterpret_cast<const char*>(values), sizeof(float) * count);
    } else {
        for (int i = 0; i < count; ++i) {
            quint32 bits;
            std::memcpy(&bits, values + i, sizeof bits);
            bits = qToLittleEndian(bits);
            out.append(reinterpret_cast<const char*>(&bits), sizeof bits);
        }
    }
}

void fromLittleEndianInPlace(float* values, int count) {
    if constexpr (!kLittleEndianHost) {
        for (int i = 0; i < count; ++i) {
            quint32 bits;
            std::memcpy(&bits, values + i, sizeof bits);
            bits = qFromLittleEndian(bits);
            std::memcpy(values + i, &bits, sizeof bits);
        }
    } else {
        (void)values;
        (void)count;
    }
}

bool isSkippableBetweenRows(int c) {
    return c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

}  // namespace

bool parseRowsDimHeader(std::string_view line, long long& rows, long long& dim) {
    std::vector<std::string_view> tokens;
    splitWhitespace(line, tokens);
    return tokens.size() == 2 && parseInteger(tokens[0], rows) && parseInteger(tokens[1], dim);
}

std::string implausibleHeader(long long rows, long long dim) {
    if (rows < 1)
        return "header claims " + std::to_string(rows) + " rows; expected at least 1";
    if (dim < 1)
        return "header claims dimension " + std::to_string(dim) + "; expected at least 1";
    if (dim > kMaxDim)
        return "header claims dimension " + std::to_string(dim) + ", above the limit of " +
               std::to_string(kMaxDim);
    if (rows > std::numeric_limits<int>::max())
        return "header claims " + std::to_string(rows) + " rows, more than can be loaded";
    return {};
}

WordVectors readWord2VecText(const std::string& path, const JobControl& control) {
    InputFile in(path);
    std::string_view line;
    long long rows = 0, dim = 0;
    // InputFile refuses empty files, so there is a first line.
    if (!in.nextLine(line) || !parseRowsDimHeader(line, rows, dim)) {
        const std::string shown(line.substr(0, 40));
        throw Error(lineError(path, in.lineNumber(),
                              "missing 'ROWS DIM' header, found " + quoteWord(shown) +
                                  " (a file without one is GloVe: use --from glove)"));
    }
    if (const std::string problem = implausibleHeader(rows, dim); !problem.empty())
        throw Error(lineError(path, in.lineNumber(), problem));
    return readSpaceSeparatedRows(in, static_cast<int>(dim), rows, control);
}

void writeWord2VecText(const std::string& path, const WordVectors& vectors,
                       const JobControl& control) {
    checkWritable(path, vectors, "word2vec", WordRule::NoWhitespace);
    control.throwIfCancelled();
    AtomicOutput out(path);
    out.buffer() += headerLine(vectors);
    writeSpaceSeparatedRows(out, vectors, control);
    out.commit();
}

WordVectors readWord2VecBinary(const std::string& path, const JobControl& control) {
    InputFile in(path);
    std::string header;
    if (!in.readUntil('\n', header, 64))
        throw Error(offsetError(path, 0, "missing 'ROWS DIM' header line"));
    long long claimedRows = 0, dimension = 0;
    if (!parseRowsDimHeader(header, claimedRows, dimension))
        throw Error(offsetError(path, 0, "missing 'ROWS DIM' header, found " + quoteWord(header)));
    if (const std::string problem = implausibleHeader(claimedRows, dimension); !problem.empty())
        throw Error(offsetError(path, 0, problem));
    const int dim = static_cast<int>(dimension);
    const std::size_t vectorBytes = sizeof(float) * static_cast<std::size_t>(dim);

    // Each row takes at least a one-byte word, the space and its floats.
    const long long guess = plausibleRows(claimedRows, in.size() - in.offset(),
                                          2 + static_cast<long long>(vectorBytes));
    RowCollector rows(dim, guess);
    std::vector<std::string> words;
    words.reserve(static_cast<std::size_t>(guess));
    WordRowSet seen;
    const std::string ofClaimed = " of " + std::to_string(claimedRows);
    std::string word;
    for (long long row = 1; row <= claimedRows; ++row) {
        while (isSkippableBetweenRows(in.peek()))
            in.skip();
        const long long wordStart = in.offset();
        if (in.peek() < 0)
            throw Error(offsetError(path, wordStart,
                                    "file ends after " + std::to_string(row - 1) + " of the " +
                                        std::to_string(claimedRows) + " rows the header claims"));
        word.clear();
        if (!in.readUntil(' ', word, kMaxBinaryWordBytes)) {
            if (word.size() > kMaxBinaryWordBytes)
                throw Error(offsetError(path, wordStart,
                                        "row " + std::to_string(row) + ": no space after " +
                                            std::to_string(kMaxBinaryWordBytes) +
                                            " bytes of word; is this binary word2vec?"));
            throw Error(offsetError(path, wordStart,
                                    "truncated: row " + std::to_string(row) + ofClaimed +
                                        " ends early, inside its word"));
        }
        if (const std::string problem = wordProblem(word); !problem.empty())
            throw Error(
                offsetError(path, wordStart, "row " + std::to_string(row) + ": " + problem));
        const long long valuesStart = in.offset();
        float* values = rows.appendRow();
        const std::size_t got = in.read(reinterpret_cast<char*>(values), vectorBytes);
        if (got < vectorBytes)
            throw Error(offsetError(path, wordStart,
                                    "truncated: row " + std::to_string(row) + ofClaimed +
                                        " ends early, after " + std::to_string(got) + " of its " +
                                        std::to_string(vectorBytes) + " vector bytes"));
        fromLittleEndianInPlace(values, dim);
        if (!allFinite(values, static_cast<std::size_t>(dim))) {
            for (int col = 0; col < dim; ++col)
                if (!std::isfinite(values[col]))
                    throw Error(offsetError(path, valuesStart + 4LL * col,
                                            "row " + std::to_string(row) + ": word " +
                                                quoteWord(word) + ": value " +
                                                std::to_string(col + 1) +
                                                " is not finite (NaN and infinity are refused)"));
        }
        words.push_back(word);
        if (const long long first = seen.insert(words, words.size() - 1, WordRowSet::hash(word));
            first >= 0)
            throw Error(offsetError(path, wordStart,
                                    "row " + std::to_string(row) + ": duplicate word " +
                                        quoteWord(word) + " (first in row " +
                                        std::to_string(first + 1) + ")"));
        if (row % kRowsPerCheckpoint == 0)
            in.checkpoint(control);
    }
    while (isSkippableBetweenRows(in.peek()))
        in.skip();
    if (in.peek() >= 0)
        throw Error(offsetError(
            path, in.offset(),
            "more data after the " + std::to_string(claimedRows) + " rows the header claims"));
    in.checkpoint(control);
    return WordVectors{std::move(words), rows.take()};
}

void writeWord2VecBinary(const std::string& path, const WordVectors& vectors,
                         const JobControl& control) {
    checkWritable(path, vectors, "word2vec-bin", WordRule::NoWhitespace);
    control.throwIfCancelled();
    AtomicOutput out(path);
    out.buffer() += headerLine(vectors);
    writeRows(out, vectors.rows(), control, [&](std::string& buffer, long long row) {
        buffer += vectors.words[static_cast<std::size_t>(row)];
        buffer += ' ';
        appendLittleEndianFloats(buffer, vectors.vectors.row(row).data(), vectors.dim());
        buffer += '\n';
    });
    out.commit();
}

}  // namespace embedscope::formatio
