// CSV: header "word,d0,...,d{D-1}", then one row per word. Quoting follows RFC 4180: a word holding
// a comma, a quote, CR or LF is written in double quotes with its quotes doubled, and the reader
// takes quoted fields across line breaks. Lines end in "\n"; the reader accepts "\r\n" too.
#include <limits>

#include "FormatIo.h"

namespace embedscope::formatio {

namespace {

bool needsQuotes(const std::string& word) {
    return word.find_first_of(",\"\r\n") != std::string::npos;
}

// Reads the next record into fields[0, count). Blank lines between records are skipped. Returns
// false at the end of the file; recordLine is the line the record starts on.
class CsvRecordReader {
public:
    explicit CsvRecordReader(InputFile& in) : in_(in) {}

    bool next() {
        std::string_view line;
        do {
            if (!in_.nextLine(line))
                return false;
        } while (line.empty() || line == "\r");
        recordLine_ = in_.lineNumber();
        if (recordLine_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);  // BOM
        count_ = 0;
        std::size_t pos = 0;
        for (;;) {
            std::string& field = nextField();
            if (pos < line.size() && line[pos] == '"') {
                ++pos;
                for (;;) {
                    const std::size_t quote = line.find('"', pos);
                    if (quote == std::string_view::npos) {
                        // The field goes on past the line break, which is part of it.
                        field.append(line.substr(pos));
                        field += '\n';
                        if (!in_.nextLine(line))
                            throw Error(
                                lineError(in_.path(), recordLine_, "quoted field never closed"));
                        pos = 0;
                        continue;
                    }
                    field.append(line.substr(pos, quote - pos));
                    pos = quote + 1;
                    if (pos < line.size() && line[pos] == '"') {  // "" is one quote
                        field += '"';
                        ++pos;
                        continue;
                    }
                    break;
                }
                if (pos == line.size() || (pos + 1 == line.size() && line[pos] == '\r'))
                    return true;
                if (line[pos] != ',')
                    throw Error(lineError(
                        in_.path(), in_.lineNumber(),
                        "unexpected " + quoteWord(line.substr(pos, 1)) + " after a closing quote"));
                ++pos;
                continue;
            }
            const std::size_t comma = line.find(',', pos);
            if (comma == std::string_view::npos) {
                std::string_view rest = line.substr(pos);
                if (!rest.empty() && rest.back() == '\r')
                    rest.remove_suffix(1);
                field.assign(rest);
                return true;
            }
            field.assign(line.substr(pos, comma - pos));
            pos = comma + 1;
        }
    }

    std::size_t count() const { return count_; }
    std::string& field(std::size_t i) { return fields_[i]; }
    long long recordLine() const { return recordLine_; }

private:
    // Field strings are kept between records so that their buffers are reused.
    std::string& nextField() {
        if (count_ == fields_.size())
            fields_.emplace_back();
        std::string& field = fields_[count_++];
        field.clear();
        return field;
    }

    InputFile& in_;
    std::vector<std::string> fields_;
    std::size_t count_ = 0;
    long long recordLine_ = 0;
};

const char kExpectedHeader[] = "expected 'word,d0,...,d{D-1}'";

}  // namespace

void appendCsvField(std::string& out, const std::string& word) {
    if (!needsQuotes(word)) {
        out += word;
        return;
    }
    out += '"';
    for (const char c : word) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

WordVectors readCsv(const std::string& path, const JobControl& control) {
    InputFile in(path);
    CsvRecordReader records(in);
    if (!records.next())
        throw Error(fileError(path, "no header line"));
    const long long headerLine = records.recordLine();
    std::string& first = records.field(0);
    if (first.rfind("\xEF\xBB\xBF", 0) == 0)
        first.erase(0, 3);  // a UTF-8 byte order mark
    if (first != "word")
        throw Error(lineError(path, headerLine,
                              "header starts with " + quoteWord(first) + "; " + kExpectedHeader));
    const long long dim = static_cast<long long>(records.count()) - 1;
    if (dim < 1)
        throw Error(lineError(path, headerLine,
                              std::string("header has no value columns; ") + kExpectedHeader));
    if (dim > kMaxDim)
        throw Error(lineError(path, headerLine,
                              "header has " + std::to_string(dim) +
                                  " value columns, above the limit of " + std::to_string(kMaxDim)));
    for (long long col = 0; col < dim; ++col) {
        const std::string expected = "d" + std::to_string(col);
        if (records.field(static_cast<std::size_t>(col) + 1) != expected)
            throw Error(lineError(path, headerLine,
                                  "column " + std::to_string(col + 2) + " is named " +
                                      quoteWord(records.field(static_cast<std::size_t>(col) + 1)) +
                                      ", expected '" + expected + "'"));
    }

    // The shortest row is "w,0,...,0": 1 + 2D bytes.
    RowCollector rows(static_cast<int>(dim), plausibleRows(std::numeric_limits<long long>::max(),
                                                           in.size() - in.offset(), 1 + 2 * dim));
    LineWords words;
    while (records.next()) {
        const long long lineNo = records.recordLine();
        const long long found = static_cast<long long>(records.count()) - 1;
        if (found != dim)
            throw Error(lineError(
                path, lineNo,
                "expected " + std::to_string(dim) + " values, found " + std::to_string(found)));
        std::string& word = records.field(0);
        if (word.empty())
            throw Error(lineError(path, lineNo, "empty word"));
        if (const std::string problem = lineWordProblem(path, lineNo, word); !problem.empty())
            throw Error(problem);
        float* values = rows.appendRow();
        for (long long col = 0; col < dim; ++col) {
            const std::string& token = records.field(static_cast<std::size_t>(col) + 1);
            const ParsedFloat parsed = parseFloat(token, values[col]);
            if (parsed != ParsedFloat::Ok)
                throw Error(lineError(
                    path, lineNo,
                    describeBadFloat(token, parsed) + " (value " + std::to_string(col + 1) + ")"));
        }
        words.add(path, lineNo, word);
        if (rows.rows() % kRowsPerCheckpoint == 0)
            in.checkpoint(control);
    }
    if (rows.rows() == 0)
        throw Error(fileError(path, "no vectors after the header"));
    in.checkpoint(control);
    return WordVectors{words.take(), rows.take()};
}

void writeCsv(const std::string& path, const WordVectors& vectors, const JobControl& control) {
    checkWritable(path, vectors, "csv", WordRule::AnyText);
    control.throwIfCancelled();
    AtomicOutput out(path);
    std::string& text = out.buffer();
    const int dim = vectors.dim();
    text += "word";
    for (int col = 0; col < dim; ++col) {
        text += ",d";
        text += std::to_string(col);
    }
    text += '\n';
    writeRows(out, vectors.rows(), control, [&](std::string& buffer, long long row) {
        appendCsvField(buffer, vectors.words[static_cast<std::size_t>(row)]);
        const float* values = vectors.vectors.row(row).data();
        for (int col = 0; col < dim; ++col) {
            buffer += ',';
            appendFloat(buffer, values[col]);
        }
        buffer += '\n';
    });
    out.commit();
}

}  // namespace embedscope::formatio
