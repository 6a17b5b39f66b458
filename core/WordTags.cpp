#include "WordTags.h"

#include <algorithm>

#include "Error.h"

namespace embedscope {

MetadataColumn* WordTags::findColumn(const std::string& name) {
    for (MetadataColumn& c : columns_)
        if (c.name == name)
            return &c;
    return nullptr;
}

const MetadataColumn* WordTags::column(const std::string& name) const {
    return const_cast<WordTags*>(this)->findColumn(name);
}

WordTags::Change WordTags::tag(const std::string& column, const std::string& tag,
                               const std::vector<std::int32_t>& rows, std::int32_t rowCount) {
    if (column.empty())
        throw Error("a tag column needs a name");
    if (tag.empty())
        throw Error("a tag needs a name");
    Change change;
    change.column = column;
    MetadataColumn* target = findColumn(column);
    if (!target) {
        MetadataColumn made;
        made.name = column;
        made.kind = MetadataColumn::Kind::Categorical;
        made.categoryOfRow.assign(std::size_t(std::max<std::int32_t>(rowCount, 0)),
                                  MetadataColumn::kNoCategory);
        columns_.push_back(std::move(made));
        target = &columns_.back();
        change.madeColumn = true;
    }
    if (target->kind != MetadataColumn::Kind::Categorical)
        throw Error("column " + column + " holds numbers, not tags");
    change.categoriesBefore = target->categories.size();
    const auto found = std::find(target->categories.begin(), target->categories.end(), tag);
    const auto category = std::int32_t(found - target->categories.begin());
    if (found == target->categories.end())
        target->categories.push_back(tag);

    change.rows = rows;
    std::sort(change.rows.begin(), change.rows.end());
    change.rows.erase(std::unique(change.rows.begin(), change.rows.end()), change.rows.end());
    const auto size = std::int32_t(target->categoryOfRow.size());
    change.rows.erase(std::remove_if(change.rows.begin(), change.rows.end(),
                                     [size](std::int32_t r) { return r < 0 || r >= size; }),
                      change.rows.end());
    change.before.reserve(change.rows.size());
    for (std::int32_t r : change.rows) {
        change.before.push_back(target->categoryOfRow[std::size_t(r)]);
        target->categoryOfRow[std::size_t(r)] = category;
    }
    return change;
}

void WordTags::undo(const Change& change) {
    MetadataColumn* target = findColumn(change.column);
    if (!target)
        return;
    if (change.madeColumn) {
        columns_.erase(columns_.begin() + (target - columns_.data()));
        return;
    }
    for (std::size_t k = 0; k < change.rows.size(); ++k)
        target->categoryOfRow[std::size_t(change.rows[k])] = change.before[k];
    target->categories.resize(std::min(target->categories.size(), change.categoriesBefore));
}

std::vector<std::int32_t> WordTags::rowsTagged(const std::string& column,
                                               const std::string& tag) const {
    std::vector<std::int32_t> rows;
    const MetadataColumn* c = this->column(column);
    if (!c)
        return rows;
    const auto found = std::find(c->categories.begin(), c->categories.end(), tag);
    if (found == c->categories.end())
        return rows;
    const auto category = std::int32_t(found - c->categories.begin());
    for (std::size_t r = 0; r < c->categoryOfRow.size(); ++r)
        if (c->categoryOfRow[r] == category)
            rows.push_back(std::int32_t(r));
    return rows;
}

}  // namespace embedscope
