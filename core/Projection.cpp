#include "Projection.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "Error.h"

namespace embedscope {

namespace {

// Columns kept by the subspace iteration: two more than the highest displayed component.
// Convergence goes like (lambda_{m+1} / lambda_c)^iterations for component c, so a little
// oversampling buys a lot when neighbouring variances are close, for 2 more columns in two thin
// products.
constexpr Eigen::Index kOversampling = 2;

}  // namespace

Eigen::MatrixXd procrustesRotation(const Eigen::MatrixXd& newBasis,
                                   const Eigen::MatrixXd& previousBasis) {
    assert(newBasis.rows() == previousBasis.rows() && newBasis.cols() == previousBasis.cols() &&
           "procrustesRotation: both bases must be D by k");
    // ||B_new R - B_prev||^2 = const - 2 trace(R^T B_new^T B_prev); with B_new^T B_prev = U S V^T
    // the trace is largest for R = U V^T (von Neumann's trace inequality).
    const Eigen::MatrixXd cross = newBasis.transpose() * previousBasis;
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(cross, Eigen::ComputeFullU | Eigen::ComputeFullV);
    return svd.matrixU() * svd.matrixV().transpose();
}

void Projection::reset() {
    basis_.resize(0, 0);
    warmStart_.resize(0, 0);
    centre_.resize(0);
    totalVariance_ = 0.0;
    scale_ = 0.0;
}

void Projection::setComponents(const std::vector<int>& components) {
    if (components.size() != 2 && components.size() != 3)
        throw Error("projection axes: expected 2 or 3 components, got " +
                    std::to_string(components.size()));
    for (std::size_t axis = 0; axis < components.size(); ++axis) {
        const int c = components[axis];
        const std::string name = std::string(1, "xyz"[axis]);
        if (c < 0 || c >= kMaxComponents)
            throw Error("projection axes: " + name + " shows PC" + std::to_string(c + 1) +
                        ", expected PC1 to PC" + std::to_string(kMaxComponents));
        for (std::size_t other = 0; other < axis; ++other)
            if (components[other] == c)
                throw Error("projection axes: " + name + " and " + std::string(1, "xyz"[other]) +
                            " both show PC" + std::to_string(c + 1));
    }
    if (components == components_)
        return;
    components_ = components;
    // The warm start (unaligned Ritz vectors) stays useful if it holds enough columns; the
    // aligned basis and the scale belong to the old choice.
    basis_.resize(0, 0);
    scale_ = 0.0;
}

void Projection::setDims(int k) {
    if (k == 2)
        setComponents({0, 1});
    else if (k == 3)
        setComponents({0, 1, 2});
    else
        throw Error("projection axes: expected 2 or 3 dimensions, got " + std::to_string(k));
}

void Projection::setScaleSmoothing(double alpha) {
    assert(alpha > 0.0 && alpha <= 1.0 && "Projection::setScaleSmoothing: alpha in (0, 1]");
    alpha_ = std::clamp(alpha, 1e-6, 1.0);
}

ProjectionFrame Projection::project(const Eigen::Ref<const RowMatrixXf>& rows) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    const Eigen::Index k = Eigen::Index(components_.size());
    ProjectionFrame frame;
    if (hasBasis() && basis_.rows() != d)
        reset();  // a new table: the old basis means nothing
    if (n == 0 || d == 0) {
        frame.points.resize(n, k);
        frame.points.setZero();
        frame.scale = scale_ > 0.0 ? scale_ : 1.0;
        return frame;
    }

    const bool recompute = !(frozen_ && hasBasis());
    Eigen::MatrixXd axisCovariance;  // k by k: covariance of the data in the displayed basis
    if (recompute) {
        const Eigen::Index highest = *std::max_element(components_.begin(), components_.end());
        const Eigen::Index m = std::min(highest + 1 + kOversampling, d);
        // Exact costs about n D min(n, D) + min(n, D)^3, subspace iteration about 4 n D m per
        // iteration (a few when warm). The exact solver also serves the first frame, which has
        // no basis to start from.
        const double exactCost =
            double(n) * double(d) * double(std::min(n, d)) + std::pow(double(std::min(n, d)), 3.0);
        const double subspaceCost = 4.0 * double(n) * double(d) * double(m) * 4.0;
        const bool warm = warmStart_.rows() == d && warmStart_.cols() == m;
        // Every displayed component's residual decides convergence, not just the first two.
        SubspaceIterationOptions options = options_;
        options.wanted = std::max<int>(options.wanted, int(std::min(highest + 1, m)));
        const PrincipalComponents components =
            warm && exactCost > subspaceCost
                ? subspacePrincipalComponents(rows, warmStart_, options)
                : exactPrincipalComponents(rows, static_cast<int>(m));
        frame.iterations = components.iterations;
        warmStart_ = components.axes;
        centre_ = components.mean;
        totalVariance_ = components.totalVariance;

        // A component the data does not have (D or n too small) stays a zero axis, its points
        // at 0.
        Eigen::MatrixXd newBasis = Eigen::MatrixXd::Zero(d, k);
        Eigen::MatrixXd variances = Eigen::MatrixXd::Zero(k, k);
        Eigen::MatrixXf scores = Eigen::MatrixXf::Zero(n, k);
        for (Eigen::Index axis = 0; axis < k; ++axis) {
            const Eigen::Index c = components_[std::size_t(axis)];
            if (c >= components.axes.cols())
                continue;
            newBasis.col(axis) = components.axes.col(c);
            variances(axis, axis) = components.variances[c];
            if (c < components.scores.cols())
                scores.col(axis) = components.scores.col(c);
        }
        Eigen::MatrixXd rotation = Eigen::MatrixXd::Identity(k, k);
        if (hasBasis() && basis_.cols() == k)
            rotation = procrustesRotation(newBasis, basis_);
        basis_ = newBasis * rotation;
        // In the basis B R the covariance is R^T diag(lambda) R: a rotation mixes the
        // variances, a swap or sign flip only permutes them.
        axisCovariance = rotation.transpose() * variances * rotation;
        frame.points.noalias() = scores * rotation.cast<float>();
    } else {
        // (X - 1 mu) B = X B - 1 (mu B): the centred rows are never formed.
        frame.points.noalias() = rows * basis_.cast<float>();
        frame.points.rowwise() -= (centre_ * basis_).cast<float>();
    }

    double squaredRadius = 0.0;
    for (Eigen::Index i = 0; i < n; ++i)
        squaredRadius += double(frame.points.row(i).squaredNorm());
    const double rms = std::sqrt(squaredRadius / double(n));

    if (!recompute) {
        // Frozen: report how much of today's variance the old axes still show.
        const Eigen::RowVectorXd pointMean = frame.points.cast<double>().colwise().mean();
        const RowMatrixXd spread = frame.points.cast<double>().rowwise() - pointMean;
        axisCovariance = spread.transpose() * spread / double(std::max<Eigen::Index>(n - 1, 1));
        // trace(C) = (||X||_F^2 - n ||mu||^2) / (n - 1); the column sums as one product, which
        // streams the row-major rows once.
        const double squares = double(rows.squaredNorm());
        const Eigen::RowVectorXd mean =
            (Eigen::RowVectorXf::Ones(n) * rows).cast<double>() / double(n);
        totalVariance_ =
            n > 1 ? std::max(0.0, squares - double(n) * mean.squaredNorm()) / double(n - 1) : 0.0;
    } else {
        // An exponential moving average of the RMS radius: the cloud keeps a steady size on
        // screen while its real spread grows during training.
        scale_ = scale_ > 0.0 ? scale_ + alpha_ * (rms - scale_) : rms;
    }
    const double scale = scale_ > 0.0 ? scale_ : 1.0;
    frame.points /= static_cast<float>(scale);
    frame.scale = scale;
    for (Eigen::Index axis = 0; axis < k; ++axis)
        frame.explained[std::size_t(axis)] =
            totalVariance_ > 0.0 ? std::clamp(axisCovariance(axis, axis) / totalVariance_, 0.0, 1.0)
                                 : 0.0;
    return frame;
}

ProjectionFrame projectLarge(Projection& projection, const Eigen::Ref<const RowMatrixXf>& rows,
                             Eigen::Index maxFitRows) {
    const Eigen::Index n = rows.rows();
    if (maxFitRows <= 0 || n <= maxFitRows)
        return projection.project(rows);
    RowMatrixXf sample(maxFitRows, rows.cols());
    for (Eigen::Index i = 0; i < maxFitRows; ++i)
        sample.row(i) = rows.row(i * n / maxFitRows);
    ProjectionFrame frame = projection.project(sample);
    // (X - 1 mu) B / s = (X B - 1 (mu B)) / s: the centred rows are never formed.
    const Eigen::MatrixXf basis = projection.basis().cast<float>();
    const Eigen::RowVectorXf offset = (projection.centre() * projection.basis()).cast<float>();
    frame.points.resize(n, basis.cols());
    frame.points.noalias() = rows * basis;
    frame.points.rowwise() -= offset;
    frame.points /= static_cast<float>(frame.scale);
    return frame;
}

}  // namespace embedscope
