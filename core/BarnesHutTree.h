// A quadtree (Dim = 2) or octree (Dim = 3) over points, for the Barnes-Hut approximation of
// t-SNE's repulsive forces (core/TsneLayout.h).
//
// Every cell knows its centre of mass and point count. For a query point y, a cell of width w
// whose centre of mass c is at distance r with w / r < theta stands for count points at c:
//   Z_y   += count * w_yc,            w_yc = 1 / (1 + |y - c|^2)
//   F_y   += count * w_yc^2 (y - c)
// Otherwise its children are visited; a leaf's points are summed exactly (skipping the query point
// itself). A cell that contains y never passes the test for theta <= 1/sqrt(Dim), since then
// r <= w sqrt(Dim).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace embedscope {

template <int Dim>
class BarnesHutTree {
public:
    static constexpr int kChildren = 1 << Dim;
    static constexpr int kLeafSize = 8;   // points summed exactly in a leaf
    static constexpr int kMaxDepth = 40;  // stops splitting coincident points

    // y: n points, Dim coordinates each, row-major.
    void build(const double* y, std::int64_t n) {
        const auto count = static_cast<std::int32_t>(n);
        order_.resize(static_cast<std::size_t>(count));
        for (std::int32_t i = 0; i < count; ++i)
            order_[static_cast<std::size_t>(i)] = i;
        nodes_.clear();
        nodes_.reserve(static_cast<std::size_t>(2 * n / kLeafSize + 16));
        Node root;
        std::array<double, Dim> low, high;
        low.fill(0.0);
        high.fill(0.0);
        for (std::int32_t i = 0; i < count; ++i)
            for (int d = 0; d < Dim; ++d) {
                const double v = y[i * Dim + d];
                low[d] = i == 0 ? v : std::min(low[d], v);
                high[d] = i == 0 ? v : std::max(high[d], v);
            }
        double half = 0.0;
        for (int d = 0; d < Dim; ++d) {
            root.centre[d] = 0.5 * (low[d] + high[d]);
            half = std::max(half, 0.5 * (high[d] - low[d]));
        }
        root.halfWidth = half * (1.0 + 1e-9) + 1e-12;
        root.begin = 0;
        root.end = count;
        nodes_.push_back(root);
        scratch_.resize(order_.size());
        split(0, y, 0);
        cells_.resize(nodes_.size());
        for (std::size_t c = 0; c < nodes_.size(); ++c) {
            const Node& node = nodes_[c];
            Cell& cell = cells_[c];
            for (int d = 0; d < Dim; ++d)
                cell.mass[d] = static_cast<float>(node.mass[d]);
            cell.widthSquared = static_cast<float>(4.0 * node.halfWidth * node.halfWidth);
            cell.count = node.count;
            cell.begin = node.begin;
            cell.end = node.end;
            cell.firstChild = node.firstChild;
        }
        // The points in tree order, so that a leaf's points are contiguous in memory.
        points_.resize(static_cast<std::size_t>(n) * Dim);
        for (std::int32_t p = 0; p < count; ++p)
            for (int d = 0; d < Dim; ++d)
                points_[static_cast<std::size_t>(p) * Dim + d] =
                    y[static_cast<std::size_t>(order_[static_cast<std::size_t>(p)]) * Dim + d];
    }

    // Adds to force (Dim values) sum_j w_ij^2 (y_i - y_j) and returns sum_j w_ij, j != self.
    double repulsion(const double* yi, std::int32_t self, double theta, double* force) const {
        const double theta2 = theta * theta;
        double z = 0.0;
        std::int32_t stack[kMaxDepth * kChildren + kChildren];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            const Cell& node = cells_[static_cast<std::size_t>(stack[--top])];
            double diff[Dim];
            double d2 = 0.0;
            for (int d = 0; d < Dim; ++d) {
                diff[d] = yi[d] - node.mass[d];
                d2 += diff[d] * diff[d];
            }
            if (node.widthSquared < theta2 * d2) {
                const double w = 1.0 / (1.0 + d2);
                const double cw = node.count * w;
                z += cw;
                for (int d = 0; d < Dim; ++d)
                    force[d] += cw * w * diff[d];
            } else if (node.firstChild < 0) {
                for (std::int32_t p = node.begin; p < node.end; ++p) {
                    if (order_[static_cast<std::size_t>(p)] == self)
                        continue;
                    const double* yj = &points_[static_cast<std::size_t>(p) * Dim];
                    double e2 = 0.0;
                    double e[Dim];
                    for (int d = 0; d < Dim; ++d) {
                        e[d] = yi[d] - yj[d];
                        e2 += e[d] * e[d];
                    }
                    const double w = 1.0 / (1.0 + e2);
                    z += w;
                    for (int d = 0; d < Dim; ++d)
                        force[d] += w * w * e[d];
                }
            } else {
                for (int c = kChildren - 1; c >= 0; --c)
                    if (cells_[static_cast<std::size_t>(node.firstChild + c)].count > 0)
                        stack[top++] = node.firstChild + c;
            }
        }
        return z;
    }

    // The points in tree order: neighbours in space are neighbours here, so visiting the points in
    // this order lets consecutive traversals share the cells in cache.
    const std::vector<std::int32_t>& order() const { return order_; }

private:
    // What the traversal reads of a node, compact.
    struct Cell {
        float mass[Dim];
        float widthSquared;
        std::int32_t count, begin, end, firstChild;
    };
    struct Node {
        double centre[Dim];
        double mass[Dim];  // centre of mass
        double halfWidth = 0.0;
        std::int32_t count = 0;
        std::int32_t begin = 0, end = 0;  // the cell's points: order_[begin .. end)
        std::int32_t firstChild = -1;     // kChildren consecutive nodes; -1 for a leaf
    };

    // Fills node's centre of mass and splits it into children while it holds more than a leaf.
    void split(std::int32_t index, const double* y, int depth) {
        Node node = nodes_[static_cast<std::size_t>(index)];
        node.count = node.end - node.begin;
        for (int d = 0; d < Dim; ++d)
            node.mass[d] = 0.0;
        for (std::int32_t p = node.begin; p < node.end; ++p)
            for (int d = 0; d < Dim; ++d)
                node.mass[d] +=
                    y[static_cast<std::size_t>(order_[static_cast<std::size_t>(p)]) * Dim + d];
        for (int d = 0; d < Dim; ++d)
            node.mass[d] = node.count > 0 ? node.mass[d] / node.count : node.centre[d];
        if (node.count <= kLeafSize || depth >= kMaxDepth) {
            nodes_[static_cast<std::size_t>(index)] = node;
            return;
        }
        // Counting sort of the cell's points by child: bit d of the child is y_d >= centre_d.
        std::int32_t counts[kChildren] = {};
        auto childOf = [&](std::int32_t point) {
            int child = 0;
            for (int d = 0; d < Dim; ++d)
                if (y[static_cast<std::size_t>(point) * Dim + d] >= node.centre[d])
                    child |= 1 << d;
            return child;
        };
        for (std::int32_t p = node.begin; p < node.end; ++p)
            ++counts[childOf(order_[static_cast<std::size_t>(p)])];
        std::int32_t starts[kChildren];
        std::int32_t next = node.begin;
        for (int c = 0; c < kChildren; ++c) {
            starts[c] = next;
            next += counts[c];
        }
        std::int32_t fill[kChildren];
        std::copy(starts, starts + kChildren, fill);
        for (std::int32_t p = node.begin; p < node.end; ++p) {
            const std::int32_t point = order_[static_cast<std::size_t>(p)];
            scratch_[static_cast<std::size_t>(fill[childOf(point)]++)] = point;
        }
        std::copy(scratch_.begin() + node.begin, scratch_.begin() + node.end,
                  order_.begin() + node.begin);
        node.firstChild = static_cast<std::int32_t>(nodes_.size());
        nodes_[static_cast<std::size_t>(index)] = node;
        const double quarter = 0.5 * node.halfWidth;
        for (int c = 0; c < kChildren; ++c) {
            Node child;
            for (int d = 0; d < Dim; ++d)
                child.centre[d] = node.centre[d] + ((c >> d) & 1 ? quarter : -quarter);
            child.halfWidth = quarter;
            child.begin = starts[c];
            child.end = starts[c] + counts[c];
            nodes_.push_back(child);
        }
        for (int c = 0; c < kChildren; ++c)
            split(node.firstChild + c, y, depth + 1);
    }

    std::vector<Node> nodes_;
    std::vector<Cell> cells_;
    std::vector<std::int32_t> order_;    // point indices in tree order
    std::vector<std::int32_t> scratch_;  // for the counting sort
    std::vector<double> points_;         // coordinates in tree order
};

}  // namespace embedscope
