// An approximate kNN graph by cosine, for tables too large for the exact graph's O(n^2 D):
// NN-descent (Dong, Moses, Li 2011, "Efficient k-nearest neighbor graph construction for generic
// similarity measures") seeded by a forest of random projection trees, as pynndescent does.
//
// 1. Seeds: min(32, 5 + n^(1/4)) trees (pynndescent's count); each splits the unit rows
//    recursively by the hyperplane through the origin normal to u_a - u_b for two random rows a, b
//    of the node (the angular split) until a leaf holds at most max(30, k + 1) rows; every pair in
//    a leaf is a candidate. Rows still short of k neighbours get random ones.
// 2. Local joins: a neighbour of a neighbour is likely a neighbour. Per round, every row v samples
//    up to clamp(k, 24, 60) (30 when k > 60) of its neighbours and reverse neighbours (the rows
//    that list v), split into the "new" ones (not yet joined) and the "old"; every new-new and
//    new-old pair (a, b) of v's sample is a candidate for a's list and b's. Rounds stop when fewer
//    than 0.1% of the n k entries changed, or after max(5, log2 n) rounds.
//
// Threads: candidate pairs are generated in parallel (reading the lists), then applied in
// parallel with every thread owning a range of rows and taking the pairs in one fixed order.
// Every random choice comes from the seed by hashing, never from the schedule, so the graph is
// the same for a seed whatever the number of threads.
#pragma once

#include "KnnGraph.h"

namespace embedscope {

// k is clamped to n - 1. Neighbours nearest first (ties to the lower row), distances 1 - cos.
KnnGraph nnDescentKnnGraph(const Eigen::Ref<const RowMatrixXf>& rows, int k,
                           const KnnOptions& options, const JobControl& control = {});

}  // namespace embedscope
