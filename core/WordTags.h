// The tags a user gives to selections of words: categorical MetadataColumns, one per column name
// (default "tags"), each with one row per vector row. Tagging rows as "animals" in column "tags"
// makes the column if it is new (every row untagged), adds "animals" to its categories if it is
// new there, and sets those rows to it: a row tagged before is overwritten, so a row holds one tag
// per column. The colouring reads the columns like any other metadata column.
//
// Every tag() returns the change it made; undo(change) takes it back exactly (the rows' earlier
// tags, and the column or category if tag() made them). Changes must be undone newest first, as
// an undo stack does.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "MetadataColumn.h"

namespace embedscope {

class WordTags {
public:
    struct Change {
        std::string column;
        bool madeColumn = false;
        std::size_t categoriesBefore = 0;  // the column's categories before the change
        std::vector<std::int32_t> rows;    // the rows tagged (in range, without duplicates)
        std::vector<std::int32_t> before;  // their categories before (kNoCategory: untagged)
    };

    // Tags rows (rows outside [0, rowCount) are skipped) as tag in column. A column made here
    // has rowCount rows; an existing one keeps its own row count. Throws Error for an empty tag
    // or column name.
    Change tag(const std::string& column, const std::string& tag,
               const std::vector<std::int32_t>& rows, std::int32_t rowCount);
    // Takes back a change returned by tag(), newest first.
    void undo(const Change& change);
    // Forgets every column (new vectors: their rows are other words).
    void clear() { columns_.clear(); }

    const std::vector<MetadataColumn>& columns() const { return columns_; }
    // The column of that name, or null.
    const MetadataColumn* column(const std::string& name) const;
    // Rows tagged as tag in column, in increasing order (empty for an unknown column or tag).
    std::vector<std::int32_t> rowsTagged(const std::string& column, const std::string& tag) const;

private:
    MetadataColumn* findColumn(const std::string& name);

    std::vector<MetadataColumn> columns_;
};

}  // namespace embedscope
