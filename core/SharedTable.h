// A read-only embedding table shared between threads without copying, whoever owns its memory:
// an Eigen matrix (a parsed file, a training run's copy) or a memory-mapped reopen cache
// (VectorCache.h). The view is an Eigen::Map over the floats, and the shared pointer keeps the
// owner alive as long as any holder of the view, so a mapping is unmapped only after the last
// reader (a neighbour index, a layout job) lets go.
//
// A TableView binds to `const Eigen::Ref<const RowMatrixXf>&` without a copy, so code that only
// reads rows takes that; code that needs an owning matrix copies explicitly (RowMatrixXf(view)).
#pragma once

#include <Eigen/Core>

#include <memory>

#include "Types.h"

namespace embedscope {

using TableView = Eigen::Map<const RowMatrixXf>;
using SharedTable = std::shared_ptr<const TableView>;

// Takes the matrix over (moved, not copied) and views it.
SharedTable shareTable(RowMatrixXf table);
// Views a matrix that is shared already (no copy); keeps it alive.
SharedTable shareTable(std::shared_ptr<const RowMatrixXf> table);
// Views rows x cols row-major floats at data, kept valid by owner (a mapping, a buffer).
SharedTable viewTable(const float* data, Eigen::Index rows, Eigen::Index cols,
                      std::shared_ptr<const void> owner);

}  // namespace embedscope
