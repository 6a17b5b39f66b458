// Spherical k-means over embedding rows, for colouring the plot by cluster.
//
// The metric is cosine: word vectors differ mostly in direction (a frequent word's vector is
// longer, not more different), and neighbours are found by cosine everywhere else in Embedscope.
// So every row is normalised to unit length, and a row's cluster is the centre of largest dot
// product (for unit x and c, |x - c|^2 = 2 - 2 x.c: the nearest centre in Euclidean terms). A
// centre is the mean of its unit rows, normalised again (Dhillon & Modha 2001).
//
// Initialisation is k-means++ (Arthur & Vassilvitskii 2007) with a fixed seed: each next centre
// is drawn with probability proportional to its squared distance to the nearest chosen one, so the
// centres start spread out and the result is reproducible. Lloyd iterations then alternate
// assignment (one matrix product per block of rows, on all threads) and update, until no row
// changes cluster or maxIterations. Over more than sampleRows rows, the iterations run on a
// uniform sample of that many, and every row is assigned to the final centres afterwards.
#pragma once

#include <Eigen/Core>

#include <cstdint>
#include <vector>

#include "JobControl.h"
#include "MetadataColumn.h"
#include "Types.h"

namespace embedscope {

struct KMeansOptions {
    int k = 10;
    std::uint64_t seed = 1;
    int maxIterations = 50;
    std::int64_t sampleRows = 100000;
    int threads = 0;  // <= 0: the hardware's
};

struct KMeansResult {
    std::vector<std::int32_t> clusterOfRow;  // 0 .. k - 1 (k may be less than asked: see below)
    RowMatrixXf centres;                     // k x dim, unit rows
    // Per cluster, up to kCentralRows rows of largest cosine to its centre, most central first:
    // what labels the cluster on the map.
    std::vector<std::vector<std::int32_t>> centralRows;
    std::vector<std::int64_t> sizes;
    int iterations = 0;
    static constexpr int kCentralRows = 3;
};

// k is clamped to [1, rows]. Throws Error for k < 1 or no rows, Cancelled when control says so.
KMeansResult kMeans(const Eigen::Ref<const RowMatrixXf>& rows, const KMeansOptions& options,
                    const JobControl& control = {});

// The clusters as a categorical column "k-means (k=N)" with categories "cluster 1" .. in cluster
// order (cluster c is category c, so that centralRows[c] labels category c).
MetadataColumn kMeansColumn(const KMeansResult& result);

}  // namespace embedscope
