// Fuzzes the metadata TSV reader over a vocabulary of eight words: the first byte says how many
// vector rows there are (0-15; words beyond the rows are unknown). Any bytes must give columns
// consistent with the rows (categories in range, most frequent first; numbers finite or missing)
// or a clean Error.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "Error.h"
#include "MetadataTsv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const std::vector<std::string> words = {"the", "cat", "dog", "sat",
                                                   "on",  "a",   "mat", "word"};
    const std::int32_t rows = data[0] % 16;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    embedscope::MetadataTable table;
    try {
        table = embedscope::parseMetadataTsv(in, "fuzz.tsv", rows, [&](const std::string& w) {
            for (std::size_t i = 0; i < words.size(); ++i)
                if (words[i] == w && std::int32_t(i) < rows)
                    return std::int32_t(i);
            return std::int32_t(-1);
        });
    } catch (const embedscope::Error&) {
        return 0;
    }
    if (table.matchedLines > table.dataLines || table.matchedLines > rows)
        std::abort();
    for (const embedscope::MetadataColumn& column : table.columns) {
        if (column.rows() != std::size_t(rows) || column.name.empty())
            std::abort();
        if (column.kind == embedscope::MetadataColumn::Kind::Numeric) {
            for (float v : column.valueOfRow)
                if (std::isinf(v))
                    std::abort();
            continue;
        }
        std::vector<int> counts(column.categories.size(), 0);
        for (std::int32_t c : column.categoryOfRow) {
            if (c < -1 || c >= std::int32_t(column.categories.size()))
                std::abort();
            if (c >= 0)
                ++counts[std::size_t(c)];
        }
        for (std::size_t c = 0; c < counts.size(); ++c)
            if (counts[c] == 0 || (c > 0 && counts[c] > counts[c - 1]))
                std::abort();
    }
    return 0;
}
