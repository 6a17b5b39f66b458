#include "ClusteredVectors.h"

#include <Eigen/QR>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace embedscope {

RowMatrixXf clusteredVectors(std::int64_t rows, int dim, std::uint64_t seed, int clusters) {
    if (rows < 0 || dim <= 0 || clusters <= 0)
        throw std::invalid_argument("clusteredVectors: rows >= 0, dim > 0 and clusters > 0");
    constexpr float kSpread = 0.6f;
    constexpr float kNoise = 0.35f;
    const int subspace = std::min(48, dim);

    std::mt19937_64 random(seed);
    std::normal_distribution<float> gaussian;
    Eigen::MatrixXf draws(dim, subspace);
    for (Eigen::Index i = 0; i < draws.size(); ++i)
        draws.data()[i] = gaussian(random);
    const Eigen::MatrixXf basis = Eigen::HouseholderQR<Eigen::MatrixXf>(draws).householderQ() *
                                  Eigen::MatrixXf::Identity(dim, subspace);
    RowMatrixXf centres(clusters, subspace);
    for (Eigen::Index i = 0; i < centres.size(); ++i)
        centres.data()[i] = gaussian(random);
    std::vector<double> weights(static_cast<std::size_t>(clusters));
    for (int z = 0; z < clusters; ++z)
        weights[std::size_t(z)] = 1.0 / std::pow(double(z + 1), 0.8);

    RowMatrixXf table(rows, dim);
    // Blocks of rows, each with its own random stream seeded by (seed, block), so that the table
    // does not depend on how the blocks are shared between threads.
    constexpr std::int64_t kBlock = 4096;
    const std::int64_t blocks = (rows + kBlock - 1) / kBlock;
    std::atomic<std::int64_t> next{0};
    auto work = [&] {
        RowMatrixXf inner(kBlock, subspace);
        for (std::int64_t block; (block = next++) < blocks;) {
            std::mt19937_64 stream(seed * 0x9E3779B97F4A7C15ULL + std::uint64_t(block) + 1);
            std::normal_distribution<float> normal;
            std::discrete_distribution<int> cluster(weights.begin(), weights.end());
            const std::int64_t first = block * kBlock;
            const std::int64_t count = std::min(kBlock, rows - first);
            for (std::int64_t r = 0; r < count; ++r) {
                const int z = cluster(stream);
                for (int s = 0; s < subspace; ++s)
                    inner(r, s) = centres(z, s) + kSpread * normal(stream);
            }
            auto out = table.middleRows(first, count);
            out.noalias() = inner.topRows(count) * basis.transpose();
            for (std::int64_t r = 0; r < count; ++r)
                for (int d = 0; d < dim; ++d)
                    out(r, d) += kNoise * normal(stream);
        }
    };
    const int threads = std::max(1, int(std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t)
        workers.emplace_back(work);
    work();
    for (std::thread& worker : workers)
        worker.join();
    return table;
}

}  // namespace embedscope
