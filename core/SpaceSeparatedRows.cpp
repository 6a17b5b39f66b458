// The row syntax word2vec text and GloVe share: "word v1 ... vD", one word per line, read on every
// core through the text-row driver (TextRows.h); this file brings the parse of a block.
#include <cstring>
#include <limits>

#include "FastDecimal.h"
#include "FormatIo.h"
#include "TextRows.h"

namespace embedscope::formatio {

namespace {

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// The values of one line the slow, general way (any token syntax parseFloat takes); the problem
// as a message, "" when the line is a good row.
std::string parseValuesSlowly(std::string_view line, int dim, float* row,
                              std::vector<std::string_view>& tokens) {
    splitWhitespace(line, tokens);
    return valueTokensProblem(tokens, 1, static_cast<long long>(tokens.size()) - 1, dim, row);
}

// The values after the word: plain decimals on the fast path (FastDecimal.h), any other token
// through parseFloat. False when the line is not a good row; the slow path then finds the
// problem and words it.
bool parseValuesQuickly(const char* p, const char* end, int dim, float* row) {
    for (int col = 0; col < dim; ++col) {
        while (p != end && (*p == ' ' || *p == '\t'))
            ++p;
        const char* const tokenStart = p;
        if (parseFastDecimal(p, end, row[col]) && (p == end || isAsciiSpace(*p)))
            continue;
        p = tokenStart;  // e.g. "1.5+2": the fast path took "1.5"; the whole token is judged
        const char* tokenEnd = p;
        while (tokenEnd != end && !isAsciiSpace(*tokenEnd))
            ++tokenEnd;
        if (tokenEnd == p || parseFloat(std::string_view(p, static_cast<std::size_t>(tokenEnd - p)),
                                        row[col]) != ParsedFloat::Ok)
            return false;
        p = tokenEnd;
    }
    while (p != end && isAsciiSpace(*p))
        ++p;
    return p == end;
}

void parseBlock(const TextBlock& block, int dim, ParsedRows& out) {
    std::vector<std::string_view> tokens;
    const char* p = block.begin();
    const char* const end = block.end();
    for (std::uint32_t line = 0; p != end; ++line) {
        const BlockLine blockLine = lineAt(p, end);
        const char* const lineEnd = blockLine.end;
        const char* q = p;
        const char* const next = blockLine.next;
        ++out.lines;
        while (q != lineEnd && isAsciiSpace(*q))
            ++q;
        if (q == lineEnd) {  // blank lines carry nothing
            p = next;
            continue;
        }
        const char* wordEnd = q;
        while (wordEnd != lineEnd && !isAsciiSpace(*wordEnd))
            ++wordEnd;
        const std::string_view word(q, static_cast<std::size_t>(wordEnd - q));
        if (std::string problem = wordProblem(word); !problem.empty()) {
            out.fail(line, std::move(problem), true);
            return;
        }
        float* row = out.newRow(dim);
        if (!parseValuesQuickly(wordEnd, lineEnd, dim, row)) {
            std::string problem = parseValuesSlowly(
                std::string_view(p, static_cast<std::size_t>(lineEnd - p)), dim, row, tokens);
            if (!problem.empty()) {
                out.dropRow(dim);
                out.fail(line, std::move(problem));
                return;
            }
        }
        out.addRow(line, word);
        p = next;
    }
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
    TextRowSyntax syntax;
    syntax.parseBlock = parseBlock;
    const std::string& path = in.path();
    // GloVe: the first row sets the dimension.
    std::vector<std::string_view> tokens;
    syntax.valuesInRow = [&path, &tokens](std::string_view line, long long lineNo) -> long long {
        splitWhitespace(line, tokens);
        if (tokens.empty())
            return 0;
        // The word first: a file in another encoding is best told by its words.
        if (const std::string problem = lineWordProblem(path, lineNo, tokens[0]); !problem.empty())
            throw Error(problem);
        const long long found = static_cast<long long>(tokens.size()) - 1;
        if (found < 1)
            throw Error(lineError(path, lineNo,
                                  "word " + quoteWord(tokens[0]) + " has no values after it"));
        return found;
    };
    return readTextRows(in, syntax, dim, claimedRows, control);
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
