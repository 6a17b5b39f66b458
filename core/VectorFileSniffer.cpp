#include "VectorFileSniffer.h"

#include <algorithm>
#include <vector>

#include "FormatIo.h"
#include "WordValidation.h"

namespace embedscope {

namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool isNumber(std::string_view token) {
    float value = 0;
    return formatio::parseFloat(token, value) == formatio::ParsedFloat::Ok;
}

// The complete lines at the start of head (at most maxLines), without "\n" or "\r\n". The text
// after the last line end counts as a line only when head is the whole file.
std::vector<std::string_view> leadingLines(std::string_view head, bool wholeFile,
                                           std::size_t maxLines) {
    std::vector<std::string_view> lines;
    while (lines.size() < maxLines && !head.empty()) {
        const std::size_t end = head.find('\n');
        if (end == std::string_view::npos && !wholeFile)
            break;
        std::string_view line = head.substr(0, end);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        head.remove_prefix(end == std::string_view::npos ? head.size() : end + 1);
    }
    return lines;
}

// How many numbers follow the first whitespace-separated token of line, when every token after
// it is a number; -1 otherwise. Reading stops at the first token that is not a number, so a line
// of prose costs two tokens.
long long numbersAfterWord(std::string_view line) {
    long long tokens = 0;
    std::size_t pos = 0;
    for (;;) {
        while (pos < line.size() && isBlank(line[pos]))
            ++pos;
        if (pos == line.size())
            return tokens - 1;  // -1 for a blank line
        std::size_t end = pos;
        while (end < line.size() && !isBlank(line[end]))
            ++end;
        if (tokens > 0 && !isNumber(line.substr(pos, end - pos)))
            return -1;
        ++tokens;
        pos = end;
    }
}

// How many tab-separated fields line has when every one is a number (spaces around them
// allowed, as the projector reader allows); -1 otherwise.
long long tabSeparatedNumbers(std::string_view line) {
    if (line.find('\t') == std::string_view::npos)
        return -1;
    long long fields = 0;
    for (std::size_t pos = 0;;) {
        const std::size_t tab = std::min(line.find('\t', pos), line.size());
        std::string_view field = line.substr(pos, tab - pos);
        while (!field.empty() && field.front() == ' ')
            field.remove_prefix(1);
        while (!field.empty() && field.back() == ' ')
            field.remove_suffix(1);
        if (!isNumber(field))
            return -1;
        ++fields;
        if (tab == line.size())
            return fields;
        pos = tab + 1;
    }
}

// Lines [first, end) all give the same count >= minCount by countOf, and there are at least
// minLines of them: that count, else -1.
template <typename CountOf>
long long consistentCount(const std::vector<std::string_view>& lines, std::size_t first,
                          std::size_t minLines, long long minCount, CountOf countOf) {
    if (lines.size() < first + minLines)
        return -1;
    long long count = -1;
    for (std::size_t i = first; i < lines.size(); ++i) {
        const long long here = countOf(lines[i]);
        if (here < minCount || (count >= 0 && here != count))
            return -1;
        count = here;
    }
    return count;
}

// "word,d0,d1,...,d{D-1}" as the CSV writer puts it: D, else -1.
long long csvHeaderDim(std::string_view line) {
    constexpr std::string_view kWordColumn = "word,";
    if (line.substr(0, kWordColumn.size()) != kWordColumn)
        return -1;
    line.remove_prefix(kWordColumn.size());
    long long dim = 0;
    for (;;) {
        const std::string expected = "d" + std::to_string(dim);
        if (line.substr(0, expected.size()) != expected)
            return -1;
        line.remove_prefix(expected.size());
        ++dim;
        if (line.empty())
            return dim;
        if (line.front() != ',')
            return -1;
        line.remove_prefix(1);
    }
}

// "word,v1,...,vD" (the word quoted as RFC 4180 when it must be): how many numbers follow the
// word, -1 when a field is not a number or the line is not a CSV record on its own.
long long csvNumbersAfterWord(std::string_view line) {
    std::size_t pos = 0;
    if (!line.empty() && line.front() == '"') {
        for (pos = 1;; pos += 2) {  // past the opening quote, then past each "" pair
            pos = line.find('"', pos);
            if (pos == std::string_view::npos)
                return -1;  // the quoted word goes on over the line end
            if (pos + 1 >= line.size() || line[pos + 1] != '"')
                break;
        }
        ++pos;  // the closing quote
    } else {
        pos = std::min(line.find(','), line.size());
    }
    if (pos >= line.size() || line[pos] != ',')
        return -1;
    long long numbers = 0;
    while (pos < line.size()) {
        const std::size_t next = std::min(line.find(',', pos + 1), line.size());
        if (!isNumber(line.substr(pos + 1, next - pos - 1)))
            return -1;
        ++numbers;
        pos = next;
    }
    return numbers;
}

// Whether bytes cannot be text: a control byte other than tab and the line ends, or not UTF-8.
bool isBinary(std::string_view bytes) {
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F)
            return true;
    }
    return firstInvalidUtf8(bytes) != std::string_view::npos;
}

// After a "ROWS DIM" header line: rows "word " + dim float32 (+ an optional "\n") that are not
// text. The number of such rows seen (at most 3, each whole within body; 0 when the first does
// not fit), or -1 when a row is text or no row at all.
int binaryRows(std::string_view body, long long rows, long long dim) {
    const auto rowBytes = static_cast<std::size_t>(dim) * 4;
    int seen = 0;
    while (seen < std::min<long long>(rows, 3)) {
        while (!body.empty() && body.front() == '\n')
            body.remove_prefix(1);
        const std::size_t space = body.find(' ');
        if (space == std::string_view::npos || body.size() - space - 1 < rowBytes)
            return seen;  // the row goes on past body
        if (space == 0 || space > kMaxWordBytes ||
            body.substr(0, space).find('\n') != std::string_view::npos)
            return -1;
        if (!isBinary(body.substr(space + 1, rowBytes)))
            return -1;
        body.remove_prefix(space + 1 + rowBytes);
        ++seen;
    }
    return seen;
}

std::optional<VectorFileGuess> sniffWithHeader(std::string_view head, bool wholeFile) {
    const std::vector<std::string_view> lines =
        leadingLines(head, wholeFile, std::size_t(kSniffedLines) + 1);
    if (lines.empty())
        return std::nullopt;

    if (const long long dim = csvHeaderDim(lines[0]); dim > 0) {
        const long long checked = static_cast<long long>(lines.size()) - 1;
        if (consistentCount(lines, 1, 1, dim, csvNumbersAfterWord) == dim)
            return VectorFileGuess{VectorFormat::Csv, -1, dim, static_cast<int>(checked)};
        return std::nullopt;
    }

    long long rows = 0, dim = 0;
    if (!formatio::parseRowsDimHeader(lines[0], rows, dim) ||
        !formatio::implausibleHeader(rows, dim).empty())
        return std::nullopt;
    // Text: the rows the header claims, as far as they are in head; two of them at least.
    std::vector<std::string_view> rowsInHead(
        lines.begin(), lines.begin() + std::min<long long>(lines.size(), rows + 1));
    const auto needed = static_cast<std::size_t>(std::min<long long>(rows, 2));
    if (consistentCount(rowsInHead, 1, needed, dim, numbersAfterWord) == dim)
        return VectorFileGuess{VectorFormat::Word2VecText, rows, dim,
                               static_cast<int>(rowsInHead.size() - 1)};
    const std::size_t headerEnd = head.find('\n');
    if (headerEnd == std::string_view::npos)
        return std::nullopt;  // a whole file of one line, "ROWS DIM"
    const int binary = binaryRows(head.substr(headerEnd + 1), rows, dim);
    if (binary > 0)
        return VectorFileGuess{VectorFormat::Word2VecBinary, rows, dim, binary};
    return std::nullopt;
}

}  // namespace

std::optional<VectorFileGuess> sniffVectorFile(std::string_view head, bool wholeFile) {
    // NumPy's signature is unambiguous on its own: no text starts with byte 0x93.
    if (head.substr(0, 6) == "\x93NUMPY")
        return VectorFileGuess{VectorFormat::Npy, -1, 0, 0};
    if (head.substr(0, 3) == "\xEF\xBB\xBF")
        head.remove_prefix(3);
    if (auto guess = sniffWithHeader(head, wholeFile))
        return guess;
    const std::vector<std::string_view> lines =
        leadingLines(head, wholeFile, std::size_t(kSniffedLines));
    const auto checked = static_cast<int>(lines.size());
    if (const long long dim =
            consistentCount(lines, 0, kMinRowsWithoutHeader, 2, tabSeparatedNumbers);
        dim > 0)
        return VectorFileGuess{VectorFormat::Projector, -1, dim, checked};
    if (const long long dim = consistentCount(lines, 0, kMinRowsWithoutHeader, 2, numbersAfterWord);
        dim > 0)
        return VectorFileGuess{VectorFormat::Glove, -1, dim, checked};
    return std::nullopt;
}

std::string describeVectorFileGuess(const VectorFileGuess& guess) {
    const std::string dim = std::to_string(guess.dim);
    const std::string checked = std::to_string(guess.rowsChecked);
    std::string what;
    switch (guess.format) {
        case VectorFormat::Word2VecText:
            what = "a word2vec text vector file (" + std::to_string(guess.rows) + " rows x " + dim +
                   " dimensions, line 1 is the header)";
            break;
        case VectorFormat::Word2VecBinary:
            what = "a word2vec binary vector file (" + std::to_string(guess.rows) + " rows x " +
                   dim + " dimensions: a 'ROWS DIM' header, then binary floats)";
            break;
        case VectorFormat::Csv:
            what = "a CSV vector file (header 'word,d0,...,d" + std::to_string(guess.dim - 1) +
                   "': " + dim + " dimensions)";
            break;
        case VectorFormat::Glove:
            what = "a GloVe text vector file (a word and " + dim +
                   " numbers on each of the first " + checked + " lines)";
            break;
        case VectorFormat::Projector:
            what = "an Embedding Projector vector file (" + dim +
                   " tab-separated numbers on each of the first " + checked + " lines)";
            break;
        case VectorFormat::Npy:
            what = "a NumPy .npy array (it starts with the \\x93NUMPY signature)";
            break;
    }
    return "looks like " + what +
           ", not a text corpus; open it with embedscope-cli neighbors, analogy or evaluate (the "
           "app cannot open vector files yet)";
}

}  // namespace embedscope
