#include "WordSelection.h"

#include <algorithm>

namespace embedscope {

bool WordSelection::contains(std::int32_t row) const {
    return std::binary_search(rows_.begin(), rows_.end(), row);
}

void WordSelection::select(const std::vector<std::int32_t>& rows, bool add) {
    std::vector<std::int32_t> next;
    next.reserve(rows.size() + (add ? rows_.size() : 0));
    for (std::int32_t row : rows)
        if (row >= 0)
            next.push_back(row);
    if (add)
        next.insert(next.end(), rows_.begin(), rows_.end());
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    if (next == rows_)
        return;
    rows_ = std::move(next);
    emit selectionChanged();
}

}  // namespace embedscope
