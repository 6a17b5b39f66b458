#include "SharedTable.h"

#include <utility>

namespace embedscope {

namespace {

// The view and its owner in one allocation; the SharedTable points at the view inside it
// (shared_ptr's aliasing constructor), so the owner lives exactly as long as the view.
struct ViewWithOwner {
    ViewWithOwner(const float* data, Eigen::Index rows, Eigen::Index cols,
                  std::shared_ptr<const void> owner)
        : owner(std::move(owner)), view(data, rows, cols) {}
    std::shared_ptr<const void> owner;
    TableView view;
};

}  // namespace

SharedTable viewTable(const float* data, Eigen::Index rows, Eigen::Index cols,
                      std::shared_ptr<const void> owner) {
    auto holder = std::make_shared<const ViewWithOwner>(data, rows, cols, std::move(owner));
    return SharedTable(holder, &holder->view);
}

SharedTable shareTable(std::shared_ptr<const RowMatrixXf> table) {
    if (!table)
        table = std::make_shared<const RowMatrixXf>();
    // Read before the pointer is moved into the call (argument order is unspecified).
    const float* data = table->data();
    const Eigen::Index rows = table->rows(), cols = table->cols();
    return viewTable(data, rows, cols, std::move(table));
}

SharedTable shareTable(RowMatrixXf table) {
    return shareTable(std::make_shared<const RowMatrixXf>(std::move(table)));
}

}  // namespace embedscope
