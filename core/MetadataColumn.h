// One column of per-word metadata: what the plot can colour by and what a selection can be tagged
// as. A Projector-style metadata TSV gives one column per header field; k-means gives a
// categorical column of cluster numbers; tagging a selection adds to (or makes) a categorical
// column. Rows follow the vectors' rows (row i describes word i).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace embedscope {

struct MetadataColumn {
    enum class Kind { Categorical, Numeric };
    static constexpr std::int32_t kNoCategory = -1;

    std::string name;
    Kind kind = Kind::Categorical;
    // Categorical: categoryOfRow[i] indexes categories, or kNoCategory where row i has no value.
    std::vector<std::string> categories;
    std::vector<std::int32_t> categoryOfRow;
    // Numeric: valueOfRow[i], NaN where row i has no value.
    std::vector<float> valueOfRow;

    std::size_t rows() const
    {
        return kind == Kind::Categorical ? categoryOfRow.size() : valueOfRow.size();
    }
    static float missingValue() { return std::numeric_limits<float>::quiet_NaN(); }
};

}  // namespace embedscope
