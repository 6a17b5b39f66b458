#include "PrincipalComponents.h"

#include "CovariancePass.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace embedscope {

namespace {

// Column means in double: a float sum over thousands of rows would lose digits that the
// centring needs.
Eigen::RowVectorXd columnMeans(const Eigen::Ref<const RowMatrixXf>& rows) {
    Eigen::RowVectorXd sum = Eigen::RowVectorXd::Zero(rows.cols());
    for (Eigen::Index i = 0; i < rows.rows(); ++i)
        sum += rows.row(i).cast<double>();
    return rows.rows() > 0 ? Eigen::RowVectorXd(sum / double(rows.rows())) : sum;
}

// trace(C) = ||Xc||_F^2 / (n - 1), with ||Xc||_F^2 = sum ||x_i||^2 - n ||mu||^2 computed row by
// row in double; the subtraction is safe in double for the offsets embeddings have.
double totalVariance(const Eigen::Ref<const RowMatrixXf>& rows, const Eigen::RowVectorXd& mean) {
    const Eigen::Index n = rows.rows();
    if (n < 2)
        return 0.0;
    double squares = 0.0;
    for (Eigen::Index i = 0; i < n; ++i)
        squares += double(rows.row(i).squaredNorm());
    return std::max(0.0, squares - double(n) * mean.squaredNorm()) / double(n - 1);
}

// An orthonormal basis (D by m) of the span of m columns; when they are rank deficient the
// Householder Q still has orthonormal columns, completing the span arbitrarily.
Eigen::MatrixXd orthonormalise(const Eigen::MatrixXd& columns) {
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(columns);
    return qr.householderQ() * Eigen::MatrixXd::Identity(columns.rows(), columns.cols());
}

// Replaces columns from..k-1 of axes (D by k) by unit vectors orthogonal to the columns before
// them: the directions of zero variance, where any orthonormal choice is an eigenvector.
void completeOrthonormal(Eigen::MatrixXd& axes, Eigen::Index from) {
    const Eigen::Index d = axes.rows();
    Eigen::Index unit = 0;
    for (Eigen::Index j = from; j < axes.cols(); ++j) {
        for (; unit < d; ++unit) {
            Eigen::VectorXd v = Eigen::VectorXd::Unit(d, unit);
            for (int pass = 0; pass < 2; ++pass)  // twice is enough (Kahan's "twice is enough")
                for (Eigen::Index p = 0; p < j; ++p)
                    v -= axes.col(p).dot(v) * axes.col(p);
            if (v.norm() > 1e-6) {
                axes.col(j) = v.normalized();
                ++unit;
                break;
            }
        }
    }
}

}  // namespace

PrincipalComponents exactPrincipalComponents(const Eigen::Ref<const RowMatrixXf>& rows, int k) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    const Eigen::Index wanted = std::clamp<Eigen::Index>(k, 0, d);
    PrincipalComponents result;
    result.mean = columnMeans(rows);
    result.totalVariance = totalVariance(rows, result.mean);
    result.axes = Eigen::MatrixXd::Zero(d, wanted);
    result.variances = Eigen::VectorXd::Zero(wanted);
    const double denominator = double(std::max<Eigen::Index>(n - 1, 1));
    const RowMatrixXf centred = rows.rowwise() - result.mean.cast<float>();
    Eigen::Index found = 0;
    if (n >= d) {
        // C = Xc^T Xc / (n - 1); rankUpdate fills one triangle only, half the flops of a GEMM.
        Eigen::MatrixXf scatter = Eigen::MatrixXf::Zero(d, d);
        scatter.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
        const Eigen::MatrixXd covariance = scatter.cast<double>() / denominator;
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
        // Eigenvalues come in increasing order: the top components are the right-most columns.
        for (; found < wanted; ++found) {
            result.axes.col(found) = solver.eigenvectors().col(d - 1 - found);
            result.variances[found] = std::max(0.0, solver.eigenvalues()[d - 1 - found]);
        }
    } else if (n > 0) {
        // Fewer rows than dimensions: G = Xc Xc^T (n by n) has the same non-zero eigenvalues as
        // Xc^T Xc, and Xc^T u / sqrt(lambda) is the unit eigenvector of C for G's eigenvector u.
        Eigen::MatrixXf gramF = Eigen::MatrixXf::Zero(n, n);
        gramF.selfadjointView<Eigen::Lower>().rankUpdate(centred);
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gramF.cast<double>());
        const double largest = std::max(solver.eigenvalues()[n - 1], 0.0);
        for (; found < std::min(wanted, n); ++found) {
            const double lambda = solver.eigenvalues()[n - 1 - found];
            if (!(lambda > 1e-12 * largest) || lambda <= 0.0)
                break;
            const Eigen::VectorXd u = solver.eigenvectors().col(n - 1 - found);
            result.axes.col(found) =
                (centred.transpose().cast<double>() * u / std::sqrt(lambda)).normalized();
            result.variances[found] = lambda / denominator;
        }
    }
    completeOrthonormal(result.axes, found);
    result.scores.noalias() = centred * result.axes.cast<float>();
    return result;
}

PrincipalComponents subspacePrincipalComponents(const Eigen::Ref<const RowMatrixXf>& rows,
                                                const Eigen::MatrixXd& start,
                                                const SubspaceIterationOptions& options) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    assert(start.rows() == d && "subspacePrincipalComponents: start must be D by m");
    const Eigen::Index m = std::min<Eigen::Index>(start.cols(), d);
    const Eigen::Index wanted =
        std::clamp<Eigen::Index>(options.wanted, 1, std::max<Eigen::Index>(m, 1));
    PrincipalComponents result;
    const double denominator = double(std::max<Eigen::Index>(n - 1, 1));

    // With X the raw rows, Xc^T Xc Q = X^T (X Q) - n mu^T (mu Q), and the column sums of X Q are
    // n (mu Q): the centring costs nothing but an n by m column sum. The mean and ||X||_F^2 come
    // with the first iteration's pass (CovariancePass.h).
    Eigen::MatrixXd basis = orthonormalise(start.leftCols(m));
    Eigen::MatrixXf basisF;  // Q as floats, D by m
    CovariancePass pass;
    for (int iteration = 1;; ++iteration) {
        basisF = basis.cast<float>();
        covariancePass(rows, basisF, iteration == 1, pass, options.kernel);
        if (iteration == 1) {
            result.mean = pass.columnSums / double(std::max<Eigen::Index>(n, 1));
            // trace(C) = (||X||_F^2 - n ||mu||^2) / (n - 1), in double after the float pass.
            result.totalVariance =
                n > 1 ? std::max(0.0, pass.squaredNorm - double(n) * result.mean.squaredNorm()) /
                            denominator
                      : 0.0;
        }
        const Eigen::RowVectorXd projectedSums =
            pass.projected.colwise().sum().cast<double>();  // n mu Q
        const Eigen::MatrixXd image =                       // C Q
            (pass.gramTransposed.transpose().cast<double>() -
             result.mean.transpose() * projectedSums) /
            denominator;

        // Rayleigh-Ritz: the best approximations to C's eigenpairs within span(Q) come from the
        // small eigenproblem of H = Q^T C Q.
        Eigen::MatrixXd h = basis.transpose() * image;
        h = 0.5 * (h + h.transpose());
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(h);
        const Eigen::MatrixXd rotation = solver.eigenvectors().rowwise().reverse();
        const Eigen::VectorXd ritzValues = solver.eigenvalues().reverse();
        const Eigen::MatrixXd ritzVectors = basis * rotation;
        const Eigen::MatrixXd ritzImages = image * rotation;  // C V

        const double largest = std::max(ritzValues.size() ? ritzValues[0] : 0.0, 0.0);
        bool converged = true;
        for (Eigen::Index j = 0; j < wanted; ++j) {
            const double residual = (ritzImages.col(j) - ritzValues[j] * ritzVectors.col(j)).norm();
            converged = converged && residual <= options.tolerance * largest;
        }
        if (converged || iteration >= std::max(options.maxIterations, 1)) {
            result.axes = ritzVectors;
            result.variances = ritzValues.cwiseMax(0.0);
            result.iterations = iteration;
            // Xc V = (X Q - 1 mu Q) W, from the product this iteration already made.
            const Eigen::RowVectorXf meanProjected =
                (projectedSums / double(std::max<Eigen::Index>(n, 1))).cast<float>();
            result.scores.noalias() =
                (pass.projected.rowwise() - meanProjected) * rotation.cast<float>();
            return result;
        }
        // One step of block power iteration: span(C V) = span(C Q), orthonormalised.
        basis = orthonormalise(ritzImages);
    }
}

}  // namespace embedscope
