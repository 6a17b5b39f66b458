// The TensorFlow Embedding Projector's pair of files: PATH holds one vector per line as
// tab-separated values, metadataPathFor(PATH) the words, one per line in the same order. With a
// single metadata column the projector expects no header line, so none is written; a metadata
// file with several tab-separated columns has a header, and the first column is taken as the word.
#include <QFileInfo>

#include <limits>
#include <optional>

#include "FormatIo.h"
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

RowMatrixXf readVectorRows(const std::string& path, const JobControl& control) {
    InputFile in(path);
    std::vector<std::string_view> tokens;
    std::optional<RowCollector> rows;
    std::string_view line;
    while (in.nextLine(line)) {
        line = withoutTrailingCr(line);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        splitTabs(line, tokens);
        const long long lineNo = in.lineNumber();
        const long long found = static_cast<long long>(tokens.size());
        if (!rows) {
            if (found > kMaxDim)
                throw Error(lineError(path, lineNo,
                                      std::to_string(found) + " values, above the limit of " +
                                          std::to_string(kMaxDim)));
            // The shortest row of D values is "0\t0...\t0\n": 2D bytes.
            rows.emplace(static_cast<int>(found),
                         plausibleRows(std::numeric_limits<long long>::max(),
                                       in.size() - in.offset(), 2 * found));
        }
        if (found != rows->dim())
            throw Error(lineError(path, lineNo,
                                  "expected " + std::to_string(rows->dim()) + " values, found " +
                                      std::to_string(found)));
        float* values = rows->appendRow();
        for (std::size_t col = 0; col < tokens.size(); ++col) {
            const ParsedFloat parsed = parseFloat(tokens[col], values[col]);
            if (parsed != ParsedFloat::Ok)
                throw Error(lineError(path, lineNo,
                                      describeBadFloat(tokens[col], parsed) + " (value " +
                                          std::to_string(col + 1) + ")"));
        }
        if (rows->rows() % kRowsPerCheckpoint == 0)
            in.checkpoint(control);
    }
    if (!rows)
        throw Error(fileError(path, "no vectors in the file"));
    in.checkpoint(control);
    return rows->take();
}

std::vector<std::string> readMetadataWords(const std::string& path, const std::string& vectorsPath,
                                           long long expectedRows) {
    if (!QFileInfo::exists(QString::fromStdString(path)))
        throw Error(fileError(path, "no such file; the projector format keeps the words of " +
                                        vectorsPath + " there"));
    InputFile in(path);
    std::vector<std::string> words;
    words.reserve(static_cast<std::size_t>(expectedRows));
    WordIndex seen;
    bool hasHeader = false;
    long long blankLine = 0;  // a blank line is fine only at the very end
    std::string_view line;
    while (in.nextLine(line)) {
        line = withoutTrailingCr(line);
        const long long lineNo = in.lineNumber();
        if (lineNo == 1 && line.find('\t') != std::string_view::npos) {
            hasHeader = true;
            continue;
        }
        if (hasHeader)
            line = line.substr(0, line.find('\t'));
        if (line.empty()) {
            if (!blankLine)
                blankLine = lineNo;
            continue;
        }
        if (blankLine)
            throw Error(lineError(path, blankLine, "empty word"));
        if (const std::string problem = lineWordProblem(path, lineNo, line); !problem.empty())
            throw Error(problem);
        std::string word(line);
        if (const long long first = seen.insert(word, lineNo))
            throw Error(lineError(path, lineNo,
                                  "duplicate word " + quoteWord(word) + " (first on line " +
                                      std::to_string(first) + ")"));
        words.push_back(std::move(word));
    }
    if (static_cast<long long>(words.size()) != expectedRows)
        throw Error(fileError(path, "has " + std::to_string(words.size()) + " words, but " +
                                        vectorsPath + " has " + std::to_string(expectedRows) +
                                        " rows of vectors"));
    return words;
}

}  // namespace

WordVectors readProjector(const std::string& path, const JobControl& control) {
    RowMatrixXf vectors = readVectorRows(path, control);
    std::vector<std::string> words = readMetadataWords(metadataPathFor(path), path, vectors.rows());
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
    std::string& values = vectorsOut.buffer();
    std::string& words = wordsOut.buffer();
    const long long rowCount = vectors.rows();
    const int dim = vectors.dim();
    for (long long row = 0; row < rowCount; ++row) {
        const float* rowValues = vectors.vectors.row(row).data();
        for (int col = 0; col < dim; ++col) {
            if (col)
                values += '\t';
            appendFloat(values, rowValues[col]);
        }
        values += '\n';
        words += vectors.words[static_cast<std::size_t>(row)];
        words += '\n';
        vectorsOut.flushIfFull();
        wordsOut.flushIfFull();
        if ((row + 1) % kRowsPerCheckpoint == 0)
            rowCheckpoint(control, row + 1, rowCount);
    }
    rowCheckpoint(control, rowCount, rowCount);
    // Both files are fully written before either replaces its predecessor, so any write error
    // leaves both old files in place. Only a failure of the second rename itself (after the first
    // succeeded) could leave a new vectors file beside old metadata.
    vectorsOut.flush();
    wordsOut.flush();
    vectorsOut.commit();
    wordsOut.commit();
}

}  // namespace embedscope::formatio
