// The row syntax word2vec text and GloVe share: "word v1 ... vD", one word per line.
#include <limits>
#include <optional>

#include "FormatIo.h"

namespace embedscope::formatio {

namespace {

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

}  // namespace

void splitWhitespace(std::string_view line, std::vector<std::string_view>& tokens) {
    tokens.clear();
    std::size_t pos = 0;
    const std::size_t size = line.size();
    for (;;) {
        while (pos < size && isAsciiSpace(line[pos]))
            ++pos;
        if (pos == size)
            return;
        const std::size_t start = pos;
        while (pos < size && !isAsciiSpace(line[pos]))
            ++pos;
        tokens.push_back(line.substr(start, pos - start));
    }
}

WordVectors readSpaceSeparatedRows(InputFile& in, int dim, long long claimedRows,
                                   const JobControl& control) {
    const std::string& path = in.path();
    std::vector<std::string_view> tokens;
    std::optional<RowCollector> rows;
    std::vector<std::string> words;
    WordIndex seen;
    // The shortest row of D values is "w 0 0 ... 0": 1 + 2D bytes. Reserving no more than the
    // rest of the file could hold keeps a lying header from allocating anything.
    const auto startRows = [&](int width, long long claim) {
        const long long guess = plausibleRows(claim, in.size() - in.offset(), 1 + 2LL * width);
        rows.emplace(width, guess);
        words.reserve(static_cast<std::size_t>(guess));
    };
    if (dim > 0)
        startRows(dim, claimedRows);

    std::string_view line;
    while (in.nextLine(line)) {
        splitWhitespace(line, tokens);
        if (tokens.empty())
            continue;  // blank lines carry nothing
        const long long lineNo = in.lineNumber();
        // The word first: a file in another encoding is best told by its words.
        if (const std::string problem = lineWordProblem(path, lineNo, tokens[0]); !problem.empty())
            throw Error(problem);
        const long long found = static_cast<long long>(tokens.size()) - 1;
        if (!rows) {
            if (found < 1)
                throw Error(lineError(path, lineNo,
                                      "word " + quoteWord(tokens[0]) + " has no values after it"));
            if (found > kMaxDim)
                throw Error(lineError(path, lineNo,
                                      std::to_string(found) + " values, above the limit of " +
                                          std::to_string(kMaxDim)));
            dim = static_cast<int>(found);
            startRows(dim, std::numeric_limits<long long>::max());
        }
        if (claimedRows >= 0 && rows->rows() == claimedRows)
            throw Error(lineError(
                path, lineNo,
                "more rows than the " + std::to_string(claimedRows) + " the header claims"));
        if (found != dim)
            throw Error(lineError(
                path, lineNo,
                "expected " + std::to_string(dim) + " values, found " + std::to_string(found)));
        float* row = rows->appendRow();
        for (int col = 0; col < dim; ++col) {
            const std::string_view token = tokens[static_cast<std::size_t>(col) + 1];
            const ParsedFloat parsed = parseFloat(token, row[col]);
            if (parsed != ParsedFloat::Ok)
                throw Error(lineError(
                    path, lineNo,
                    describeBadFloat(token, parsed) + " (value " + std::to_string(col + 1) + ")"));
        }
        std::string word(tokens[0]);
        if (const long long first = seen.insert(word, lineNo))
            throw Error(lineError(path, lineNo,
                                  "duplicate word " + quoteWord(word) + " (first on line " +
                                      std::to_string(first) + ")"));
        words.push_back(std::move(word));
        if (rows->rows() % kRowsPerCheckpoint == 0)
            in.checkpoint(control);
    }
    if (!rows)
        throw Error(fileError(path, "no vectors in the file"));
    if (claimedRows >= 0 && rows->rows() < claimedRows)
        throw Error(lineError(path, in.lineNumber() + 1,
                              "file ends after " + std::to_string(rows->rows()) + " of the " +
                                  std::to_string(claimedRows) + " rows the header claims"));
    in.checkpoint(control);
    return WordVectors{std::move(words), rows->take()};
}

void writeSpaceSeparatedRows(AtomicOutput& out, const WordVectors& vectors,
                             const JobControl& control) {
    const int dim = vectors.dim();
    writeRows(out, vectors.rows(), control, [&](std::string& buffer, long long row) {
        buffer += vectors.words[static_cast<std::size_t>(row)];
        const float* values = vectors.vectors.row(row).data();
        for (int col = 0; col < dim; ++col) {
            buffer += ' ';
            appendFloat(buffer, values[col]);
        }
        buffer += '\n';
    });
}

}  // namespace embedscope::formatio
