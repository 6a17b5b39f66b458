// CSV: header "word,d0,...,d{D-1}", then one row per word. Quoting follows RFC 4180: a word holding
// a comma, a quote, CR or LF is written in double quotes with its quotes doubled, and the reader
// takes quoted fields across line breaks. Lines end in "\n"; the reader accepts "\r\n" too.
//
// The rows are read on every core through the text-row driver (TextRows.h). A block is cut at a
// line end, which may fall inside a quoted field: a block holding a quote is scanned on the
// reading thread and, when its last record is still open, lines are added until it closes. Lines
// without a quote (nearly all of them) are parsed on a fast path; a record with a quote goes
// through the full record parser, the same one that reads the header.
#include <cstring>
#include <limits>

#include "FastDecimal.h"
#include "FormatIo.h"
#include "TextRows.h"

namespace embedscope::formatio {

namespace {

bool needsQuotes(const std::string& word) {
    return word.find_first_of(",\"\r\n") != std::string::npos;
}

// The fields of one record; the strings are kept between records so their buffers are reused.
struct CsvFields {
    std::vector<std::string> fields;
    std::size_t count = 0;

    std::string& next() {
        if (count == fields.size())
            fields.emplace_back();
        std::string& field = fields[count++];
        field.clear();
        return field;
    }
};

struct CsvRecordEnd {
    enum Status {
        Complete,       // p is past the record's line end
        Unclosed,       // the bytes ended inside a quoted field
        JunkAfterQuote  // `junk` follows a closing quote, `lines` line breaks into the record
    } status = Complete;
    std::uint32_t lines = 0;  // line breaks inside quoted fields
    char junk = 0;
};

// Reads the record starting at p (at a line start) into out, or only finds its end when out is
// null (the reading thread's scan for records cut at a block's end).
CsvRecordEnd parseCsvRecord(const char*& p, const char* end, CsvFields* out) {
    CsvRecordEnd result;
    if (out)
        out->count = 0;
    for (;;) {
        std::string* field = out ? &out->next() : nullptr;
        if (p != end && *p == '"') {
            ++p;
            for (;;) {
                const char* quote = static_cast<const char*>(
                    std::memchr(p, '"', static_cast<std::size_t>(end - p)));
                if (!quote) {
                    // The field goes on past the end of the bytes given.
                    result.lines += countNewlines(p, end);
                    result.status = CsvRecordEnd::Unclosed;
                    p = end;
                    return result;
                }
                result.lines += countNewlines(p, quote);  // line breaks are part of the field
                if (field)
                    field->append(p, quote);
                p = quote + 1;
                if (p != end && *p == '"') {  // "" is one quote
                    if (field)
                        *field += '"';
                    ++p;
                    continue;
                }
                break;
            }
            if (p == end)
                return result;
            if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
                p += *p == '\r' ? (p + 1 == end ? 1 : 2) : 1;
                return result;
            }
            if (*p != ',') {
                result.status = CsvRecordEnd::JunkAfterQuote;
                result.junk = *p;
                return result;
            }
            ++p;
            continue;
        }
        const char* stop = p;
        while (stop != end && *stop != ',' && *stop != '\n')
            ++stop;
        if (stop == end || *stop == '\n') {
            const char* fieldEnd = stop;
            if (fieldEnd != p && fieldEnd[-1] == '\r')
                --fieldEnd;
            if (field)
                field->assign(p, fieldEnd);
            p = stop == end ? end : stop + 1;
            return result;
        }
        if (field)
            field->assign(p, stop);
        p = stop + 1;
    }
}

// The reading thread's part: when the block ends inside a quoted field, appends lines from in
// until the record closes, the file ends, or the record passes kMaxLineBytes (the worker then
// reports the field as never closed: memory stays bounded whatever the file). A line without a
// quote cannot close the field, so the record is scanned again only after a line with one: an
// unclosed field of many bare lines costs one pass, not one per line. Cancel is checked per line.
void completeQuotedRecord(InputFile& in, TextBlock& block, const JobControl& control) {
    if (!std::memchr(block.begin(), '"', block.size))
        return;
    std::size_t recordStart = 0;
    bool stillOpen = false;  // the record at recordStart is unclosed and no quote came since
    for (;;) {
        control.throwIfCancelled();
        const char* p = block.begin() + (stillOpen ? block.size : recordStart);
        const char* const end = block.end();
        while (p != end) {
            const char* next = lineAt(p, end).next;
            if (!std::memchr(p, '"', static_cast<std::size_t>(next - p))) {
                p = next;  // no quote: the line is a whole record
                continue;
            }
            const char* const start = p;
            const CsvRecordEnd record = parseCsvRecord(p, end, nullptr);
            if (record.status == CsvRecordEnd::Unclosed) {
                p = start;
                break;
            }
            if (record.status == CsvRecordEnd::JunkAfterQuote) {
                // The record is bad (reported by the worker); the next one starts on the next line.
                p = lineAt(p, end).next;
            }
        }
        if (p == block.end() && !stillOpen)
            return;
        if (!stillOpen)
            recordStart = static_cast<std::size_t>(p - block.begin());
        std::string_view line;
        try {
            if (block.size - recordStart > kMaxLineBytes || !in.nextLine(line))
                return;
        } catch (const Error&) {
            // A line over the limit inside the field: InputFile would name it by its own count of
            // lines, which is not the file's here; the worker reports the record, by its line.
            return;
        }
        const std::size_t need = block.size + line.size() + 1;
        if (need > block.bytes.size())
            block.bytes.resize(std::max(need, block.bytes.size() * 2));
        std::memcpy(block.bytes.data() + block.size, line.data(), line.size());
        block.size += line.size();
        block.bytes[block.size++] = '\n';
        stillOpen = !std::memchr(line.data(), '"', line.size());
    }
}

// Values after the word on a line without quotes: plain decimals on the fast path (FastDecimal.h),
// other fields through parseFloat. False when the line is not a good row of dim values; the full
// record parser then finds the problem and words it.
bool parseValuesQuickly(const char* p, const char* end, int dim, float* row) {
    for (int col = 0; col < dim; ++col) {
        const char* const fieldStart = p;
        if (!parseFastDecimal(p, end, row[col]) || (p != end && *p != ',')) {
            p = static_cast<const char*>(
                std::memchr(fieldStart, ',', static_cast<std::size_t>(end - fieldStart)));
            if (!p)
                p = end;
            if (parseFloat(std::string_view(fieldStart, static_cast<std::size_t>(p - fieldStart)),
                           row[col]) != ParsedFloat::Ok)
                return false;
        }
        if (col + 1 < dim) {
            if (p == end)
                return false;
            ++p;  // the comma
        }
    }
    return p == end;
}

// The problem with a record read by parseCsvRecord, "" for a good row (its values then in row).
std::string checkRecord(CsvFields& record, int dim, float* row, bool& onWord) {
    const long long found = static_cast<long long>(record.count) - 1;
    if (std::string problem = valueCountProblem(found, dim); !problem.empty())
        return problem;
    const std::string& word = record.fields[0];
    onWord = true;
    if (word.empty())
        return "empty word";
    if (std::string problem = wordProblem(word); !problem.empty())
        return problem;
    onWord = false;
    return valueTokensProblem(record.fields, 1, found, dim, row);
}

void parseBlock(const TextBlock& block, int dim, ParsedRows& out) {
    const char* p = block.begin();
    const char* const end = block.end();
    const bool anyQuote = std::memchr(p, '"', block.size) != nullptr;
    CsvFields record;
    std::uint32_t line = 0;
    while (p != end) {
        const BlockLine blockLine = lineAt(p, end);
        const char* const lineEnd = blockLine.end;
        const char* const next = blockLine.next;
        const char* textEnd = lineEnd != p && lineEnd[-1] == '\r' ? lineEnd - 1 : lineEnd;
        if (textEnd == p) {  // blank lines between records
            p = next;
            ++line;
            continue;
        }
        const std::uint32_t recordLine = line;
        float* row = out.newRow(dim);
        if (!anyQuote || !std::memchr(p, '"', static_cast<std::size_t>(lineEnd - p))) {
            const char* comma = static_cast<const char*>(
                std::memchr(p, ',', static_cast<std::size_t>(textEnd - p)));
            if (comma && comma != p && parseValuesQuickly(comma + 1, textEnd, dim, row)) {
                const std::string_view word(p, static_cast<std::size_t>(comma - p));
                if (std::string problem = wordProblem(word); !problem.empty()) {
                    out.dropRow(dim);
                    out.fail(recordLine, std::move(problem), true);
                    return;
                }
                out.addRow(recordLine, word);
                p = next;
                ++line;
                continue;
            }
        }
        const CsvRecordEnd result = parseCsvRecord(p, end, &record);
        if (result.status != CsvRecordEnd::Complete) {
            out.dropRow(dim);
            if (result.status == CsvRecordEnd::Unclosed)
                out.fail(recordLine, "quoted field never closed");
            else
                out.fail(recordLine + result.lines,
                         "unexpected " + quoteWord(std::string_view(&result.junk, 1)) +
                             " after a closing quote");
            return;
        }
        bool onWord = false;
        if (std::string problem = checkRecord(record, dim, row, onWord); !problem.empty()) {
            out.dropRow(dim);
            out.fail(recordLine, std::move(problem), onWord);
            return;
        }
        out.addRow(recordLine, record.fields[0]);
        line += 1 + result.lines;
    }
    out.lines = line;
}

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
    // The header: the first line that is not blank, with more lines when a quoted field holds a
    // line break.
    std::string_view line;
    do {
        if (!in.nextLine(line))
            throw Error(fileError(path, "no header line"));
    } while (line.empty() || line == "\r");
    const long long headerLine = in.lineNumber();
    if (headerLine == 1 && line.substr(0, 3) == "\xEF\xBB\xBF")
        line.remove_prefix(3);  // a UTF-8 byte order mark
    std::string text(line);
    CsvFields header;
    for (;;) {
        const char* p = text.data();
        const CsvRecordEnd result = parseCsvRecord(p, text.data() + text.size(), &header);
        if (result.status == CsvRecordEnd::JunkAfterQuote)
            throw Error(lineError(path, headerLine + result.lines,
                                  "unexpected " + quoteWord(std::string_view(&result.junk, 1)) +
                                      " after a closing quote"));
        if (result.status == CsvRecordEnd::Complete)
            break;
        if (!in.nextLine(line))
            throw Error(lineError(path, headerLine, "quoted field never closed"));
        text += '\n';
        text.append(line);
    }
    std::string& first = header.fields[0];
    if (first.rfind("\xEF\xBB\xBF", 0) == 0)
        first.erase(0, 3);  // a UTF-8 byte order mark inside quotes
    if (first != "word")
        throw Error(lineError(path, headerLine,
                              "header starts with " + quoteWord(first) + "; " + kExpectedHeader));
    const long long dim = static_cast<long long>(header.count) - 1;
    if (dim < 1)
        throw Error(lineError(path, headerLine,
                              std::string("header has no value columns; ") + kExpectedHeader));
    if (dim > kMaxDim)
        throw Error(lineError(path, headerLine,
                              "header has " + std::to_string(dim) +
                                  " value columns, above the limit of " + std::to_string(kMaxDim)));
    for (long long col = 0; col < dim; ++col) {
        const std::string expected = "d" + std::to_string(col);
        const std::string& name = header.fields[static_cast<std::size_t>(col) + 1];
        if (name != expected)
            throw Error(lineError(path, headerLine,
                                  "column " + std::to_string(col + 2) + " is named " +
                                      quoteWord(name) + ", expected '" + expected + "'"));
    }

    TextRowSyntax syntax;
    syntax.noRows = "no vectors after the header";
    syntax.parseBlock = parseBlock;
    syntax.completeBlock = [&control](InputFile& in, TextBlock& block) {
        completeQuotedRecord(in, block, control);
    };
    return readTextRows(in, syntax, static_cast<int>(dim), -1, control);
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
