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
