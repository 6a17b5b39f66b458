// Reads a Projector-style metadata TSV into MetadataColumns: a header row naming the columns, then
// one tab-separated line per word. A column named `word` (any case) matches lines to vectors by
// word; without one, data line i describes vector row i. Every other column becomes one
// MetadataColumn: numeric when every non-empty value parses as a finite number, else categorical.
//
// Errors name the file, the line and the problem ("meta.tsv: line 7: expected 3 fields, found
// 2"); a file that fails to read gives no columns at all, so the caller keeps what it had.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "JobControl.h"
#include "MetadataColumn.h"

namespace embedscope {

struct MetadataTable {
    std::vector<MetadataColumn> columns;  // in the header's order, without the word column
    bool matchedByWord = false;
    std::int64_t dataLines = 0;     // lines after the header (blank lines not counted)
    std::int64_t matchedLines = 0;  // lines that describe a vector row
    // By word: lines whose word is not in the vocabulary (reported, not an error: a metadata file
    // often covers more words than a trimmed vector file).
    std::int64_t unknownWords = 0;
};

// rows: the number of vector rows; rowOf(word): a word's row, or -1. path names the file in
// errors. Throws Error (file, line, problem) or Cancelled.
MetadataTable parseMetadataTsv(std::istream& in, const std::string& path, std::int32_t rows,
                               const std::function<std::int32_t(const std::string&)>& rowOf,
                               const JobControl& control = {});
MetadataTable readMetadataTsv(const std::string& path, std::int32_t rows,
                              const std::function<std::int32_t(const std::string&)>& rowOf,
                              const JobControl& control = {});

// Categorical columns keep their categories most frequent first (ties: first seen first), so
// that a palette of limited size colours the largest ones. Also used for k-means and word lists.
void sortCategoriesByFrequency(MetadataColumn& column);

}  // namespace embedscope
