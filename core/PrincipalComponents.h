// The top principal components of a set of rows, exactly (eigensolver) or by warm-started
// subspace iteration (cheap when the rows changed a little since the last call, as during
// training).
//
// With X the n by D rows, mu their mean and Xc = X - 1 mu^T, the covariance is
// C = Xc^T Xc / (n - 1); its top eigenvectors are the principal axes and its eigenvalues the
// variances along them. The total variance is trace(C) = ||Xc||_F^2 / (n - 1).
#pragma once

#include <Eigen/Core>

#include "CovariancePass.h"
#include "Types.h"

namespace embedscope {

struct PrincipalComponents {
    Eigen::RowVectorXd mean;     // 1 by D
    Eigen::MatrixXd axes;        // D by k, orthonormal columns, by decreasing variance
    Eigen::VectorXd variances;   // k eigenvalues of C, decreasing
    double totalVariance = 0.0;  // trace(C)
    // n by k: the centred rows in the axes' coordinates, Xc V. The subspace iteration gets them
    // almost free from its last product, which spares the projection another pass over the rows.
    RowMatrixXf scores;
    int iterations = 0;  // subspace iterations used (0 for the exact solver)
};

// Exact: covariance (D by D, or the n by n Gram matrix when n < D) and SelfAdjointEigenSolver.
// Costs about n D^2 flops. k is clamped to min(D, n).
PrincipalComponents exactPrincipalComponents(const Eigen::Ref<const RowMatrixXf>& rows, int k);

struct SubspaceIterationOptions {
    int maxIterations = 8;
    // Stop when every wanted Ritz pair has ||C v - lambda v|| <= tolerance * lambda_max.
    double tolerance = 1e-3;
    int wanted = 2;  // components whose residual decides convergence
    // Fastest: the fused AVX2 pass where the CPU has it; Portable: Eigen's products (tests run
    // both).
    PassKernel kernel = PassKernel::Fastest;
};

// Block power iteration with Rayleigh-Ritz on the subspace spanned by start (D by m, m >= wanted;
// need not be orthonormal). Each iteration costs Y = X Q and X^T Y, about 4 n D m flops, in one
// pass over the rows (CovariancePass); Xc is never formed. Returns all m Ritz pairs, so the
// result's axes are the next call's start.
PrincipalComponents subspacePrincipalComponents(const Eigen::Ref<const RowMatrixXf>& rows,
                                                const Eigen::MatrixXd& start,
                                                const SubspaceIterationOptions& options = {});

}  // namespace embedscope
