#include "MetadataTsv.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <unordered_map>

#include "Error.h"

namespace embedscope {

namespace {

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos)
            return fields;
        start = tab + 1;
    }
}

// A finite number spelled as a whole field ("1", "-2.5e3"); not "nan", "inf" or "12abc".
bool parseNumber(const std::string& text, float* value) {
    if (text.empty())
        return false;
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(begin, &end);
    if (end != begin + text.size() || errno == ERANGE || !std::isfinite(v))
        return false;
    *value = float(v);
    return std::isfinite(*value);
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

}  // namespace

void sortCategoriesByFrequency(MetadataColumn& column) {
    const std::size_t k = column.categories.size();
    std::vector<std::int64_t> counts(k, 0);
    for (std::int32_t c : column.categoryOfRow)
        if (c >= 0 && std::size_t(c) < k)
            ++counts[std::size_t(c)];
    std::vector<std::int32_t> order(k);
    std::iota(order.begin(), order.end(), 0);
    // Stable: equal counts keep the order of first appearance (the categories' current order).
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int32_t a, std::int32_t b) { return counts[a] > counts[b]; });
    std::vector<std::int32_t> newIndex(k);
    std::vector<std::string> sorted(k);
    for (std::size_t i = 0; i < k; ++i) {
        newIndex[std::size_t(order[i])] = std::int32_t(i);
        sorted[i] = std::move(column.categories[std::size_t(order[i])]);
    }
    column.categories = std::move(sorted);
    for (std::int32_t& c : column.categoryOfRow)
        if (c >= 0 && std::size_t(c) < k)
            c = newIndex[std::size_t(c)];
}

MetadataTable parseMetadataTsv(std::istream& in, const std::string& path, std::int32_t rows,
                               const std::function<std::int32_t(const std::string&)>& rowOf,
                               const JobControl& control) {
    std::string line;
    long long lineNumber = 0;
    auto nextLine = [&]() -> bool {
        if (!std::getline(in, line))
            return false;
        ++lineNumber;
        if (!line.empty() && line.back() == '\r')  // a file written on Windows
            line.pop_back();
        return true;
    };
    if (!nextLine())
        throw Error(fileError(path, "empty file: a metadata file starts with a header row"));
    if (lineNumber == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0)  // a UTF-8 byte order mark
        line.erase(0, 3);
    const std::vector<std::string> header = splitTabs(line);
    int wordField = -1;
    for (std::size_t f = 0; f < header.size(); ++f) {
        if (header[f].empty())
            throw Error(lineError(
                path, 1,
                "header field " + std::to_string(f + 1) + " is empty: every column needs a name"));
        for (std::size_t g = 0; g < f; ++g)
            if (header[g] == header[f])
                throw Error(lineError(path, 1, "two columns are named \"" + header[f] + "\""));
        if (wordField < 0 && lowercase(header[f]) == "word")
            wordField = int(f);
    }
    if (wordField >= 0 && header.size() == 1)
        throw Error(lineError(path, 1, "only a word column: nothing to colour by"));

    // The raw text of each column's values, by row; parsed once the kinds are known.
    const std::size_t fields = header.size();
    std::vector<std::vector<std::string>> values(fields);
    for (std::size_t f = 0; f < fields; ++f)
        if (int(f) != wordField)
            values[f].resize(std::size_t(std::max(rows, 0)));
    std::vector<char> rowSeen(std::size_t(std::max(rows, 0)), 0);

    MetadataTable table;
    table.matchedByWord = wordField >= 0;
    std::int64_t nextRow = 0;
    while (nextLine()) {
        if ((lineNumber & 0xfff) == 0) {
            control.throwIfCancelled();
            control.report(std::uint64_t(lineNumber), 0);
        }
        if (line.empty())
            continue;
        const std::vector<std::string> fieldsOfLine = splitTabs(line);
        if (fieldsOfLine.size() != fields)
            throw Error(lineError(path, lineNumber,
                                  "expected " + std::to_string(fields) + " tab-separated fields" +
                                      " (as in the header), found " +
                                      std::to_string(fieldsOfLine.size())));
        ++table.dataLines;
        std::int64_t row = -1;
        if (wordField >= 0) {
            const std::string& word = fieldsOfLine[std::size_t(wordField)];
            row = rowOf(word);
            if (row < 0 || row >= rows) {
                ++table.unknownWords;
                continue;
            }
            if (rowSeen[std::size_t(row)])
                throw Error(
                    lineError(path, lineNumber, "the word \"" + word + "\" has a line already"));
        } else {
            row = nextRow++;
            if (row >= rows)
                throw Error(lineError(path, lineNumber,
                                      "more data lines than the " + std::to_string(rows) +
                                          " vectors, and no \"word\" column to match them by"));
        }
        rowSeen[std::size_t(row)] = 1;
        ++table.matchedLines;
        for (std::size_t f = 0; f < fields; ++f)
            if (int(f) != wordField)
                values[f][std::size_t(row)] = fieldsOfLine[f];
    }
    if (in.bad())
        throw Error(lineError(path, lineNumber + 1, "read error"));

    for (std::size_t f = 0; f < fields; ++f) {
        if (int(f) == wordField)
            continue;
        control.throwIfCancelled();
        MetadataColumn column;
        column.name = header[f];
        bool numeric = false;
        float v = 0;
        for (const std::string& text : values[f]) {
            if (text.empty())
                continue;
            numeric = parseNumber(text, &v);
            if (!numeric)
                break;
        }
        if (numeric) {
            column.kind = MetadataColumn::Kind::Numeric;
            column.valueOfRow.assign(values[f].size(), MetadataColumn::missingValue());
            for (std::size_t r = 0; r < values[f].size(); ++r)
                if (!values[f][r].empty())
                    parseNumber(values[f][r], &column.valueOfRow[r]);
        } else {
            column.kind = MetadataColumn::Kind::Categorical;
            column.categoryOfRow.assign(values[f].size(), MetadataColumn::kNoCategory);
            std::unordered_map<std::string, std::int32_t> indexOf;
            for (std::size_t r = 0; r < values[f].size(); ++r) {
                const std::string& text = values[f][r];
                if (text.empty())
                    continue;
                auto [it, added] = indexOf.emplace(text, std::int32_t(column.categories.size()));
                if (added)
                    column.categories.push_back(text);
                column.categoryOfRow[r] = it->second;
            }
            sortCategoriesByFrequency(column);
        }
        std::vector<std::string>().swap(values[f]);
        table.columns.push_back(std::move(column));
    }
    return table;
}

MetadataTable readMetadataTsv(const std::string& path, std::int32_t rows,
                              const std::function<std::int32_t(const std::string&)>& rowOf,
                              const JobControl& control) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(fileError(path, "cannot open for reading"));
    return parseMetadataTsv(in, path, rows, rowOf, control);
}

}  // namespace embedscope
