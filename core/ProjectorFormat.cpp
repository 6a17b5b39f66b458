// The TensorFlow Embedding Projector's pair of files: PATH holds one vector per line as
// tab-separated values, metadataPathFor(PATH) the words, one per line in the same order. With a
// single metadata column the projector expects no header line, so none is written; a metadata
// file with several tab-separated columns has a header, and the first column is taken as the word.
#include <QFileInfo>

#include <algorithm>
#include <cstring>

#include "FastDecimal.h"
#include "FormatIo.h"
#include "TextRows.h"
#include "VectorFormats.h"

namespace embedscope::formatio {

namespace {

std::string_view withoutTrailingCr(std::string_view line) {
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line;
}

std::string_view trimmedSpaces(std::string_view token) {
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ')
        token.remove_suffix(1);
    return token;
}

void splitTabs(std::string_view line, std::vector<std::string_view>& tokens) {
    tokens.clear();
    std::size_t pos = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', pos);
        tokens.push_back(trimmedSpaces(line.substr(pos, tab - pos)));
        if (tab == std::string_view::npos)
            return;
        pos = tab + 1;
    }
}

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

// The line's values the general way; the problem as a message, "" for a good row.
std::string parseValuesSlowly(std::string_view line, int dim, float* row,
                              std::vector<std::string_view>& tokens) {
    splitTabs(line, tokens);
    return valueTokensProblem(tokens, 0, static_cast<long long>(tokens.size()), dim, row);
}

// Plain decimals between tabs (spaces around them allowed) on the fast path (FastDecimal.h), other
// tokens through parseFloat; false sends the line to parseValuesSlowly, which words the problem.
bool parseValuesQuickly(const char* p, const char* end, int dim, float* row) {
    for (int col = 0; col < dim; ++col) {
        while (p != end && *p == ' ')
            ++p;
        const char* const tokenStart = p;
        if (!parseFastDecimal(p, end, row[col]) || (p != end && *p != ' ' && *p != '\t')) {
            // e.g. "-2e-04", as shortest-form writers put small values: the whole token is judged
            p = static_cast<const char*>(
                std::memchr(tokenStart, '\t', static_cast<std::size_t>(end - tokenStart)));
            if (!p)
                p = end;
            const std::string_view token = trimmedSpaces(
                std::string_view(tokenStart, static_cast<std::size_t>(p - tokenStart)));
            if (token.empty() || parseFloat(token, row[col]) != ParsedFloat::Ok)
                return false;
        }
        while (p != end && *p == ' ')
            ++p;
        if (col + 1 < dim) {
            if (p == end || *p != '\t')
                return false;
            ++p;
        }
    }
    return p == end;
}

void parseBlock(const TextBlock& block, int dim, ParsedRows& out) {
    std::vector<std::string_view> tokens;
    const char* p = block.begin();
    const char* const end = block.end();
    for (std::uint32_t line = 0; p != end; ++line) {
        const BlockLine blockLine = lineAt(p, end);
        const char* const next = blockLine.next;
        ++out.lines;
        const std::string_view text = withoutTrailingCr(blockLine.text());
        p = next;
        if (isBlank(text))
            continue;
        float* row = out.newRow(dim);
        if (!parseValuesQuickly(text.data(), text.data() + text.size(), dim, row)) {
            std::string problem = parseValuesSlowly(text, dim, row, tokens);
            if (!problem.empty()) {
                out.dropRow(dim);
                out.fail(line, std::move(problem));
                return;
            }
        }
        out.addRow(line);
    }
}

// The values in the block's first row that is not blank; 0 when there is none.
RowMatrixXf readVectorRows(const std::string& path, const JobControl& control) {
    InputFile in(path);
    TextRowSyntax syntax;
    syntax.hasWords = false;
    syntax.parseBlock = parseBlock;
    syntax.valuesInRow = [](std::string_view line, long long) -> long long {
        const std::string_view text = withoutTrailingCr(line);
        return isBlank(text) ? 0 : std::count(text.begin(), text.end(), '\t') + 1LL;
    };
    return readTextRows(in, syntax, 0, -1, control).vectors;
}

}  // namespace

WordVectors readProjector(const std::string& path, const JobControl& control) {
    RowMatrixXf vectors = readVectorRows(path, control);
    std::vector<std::string> words = readWordFile(
        metadataPathFor(path), path, vectors.rows(),
        {"vectors file", "no such file; the projector format keeps the words of " + path + " there",
         true});
    control.throwIfCancelled();
    return WordVectors{std::move(words), std::move(vectors)};
}

void writeProjector(const std::string& path, const WordVectors& vectors,
                    const JobControl& control) {
    const std::string metadataPath = metadataPathFor(path);
    checkWritable(metadataPath, vectors, "projector", WordRule::NoTabsOrNewlines);
    control.throwIfCancelled();
    AtomicOutput vectorsOut(path);
    AtomicOutput wordsOut(metadataPath);
    const int dim = vectors.dim();
    writeRowsAndWordFile(vectorsOut, wordsOut, vectors, control,
                         [&](std::string& values, long long row) {
                             const float* rowValues = vectors.vectors.row(row).data();
                             for (int col = 0; col < dim; ++col) {
                                 if (col)
                                     values += '\t';
                                 appendFloat(values, rowValues[col]);
                             }
                             values += '\n';
                         });
}

}  // namespace embedscope::formatio
