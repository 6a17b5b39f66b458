// One streaming pass over the rows for the subspace iteration of PrincipalComponents: with X the
// n by D rows and Q a D by m basis it yields X Q, Q^T X^T X Q's ingredient X^T (X Q), and, when
// asked, the column sums X^T 1 and ||X||_F^2 (for the mean and the total variance).
//
// Two kernels compute it: Eigen's products (portable, several passes), and, on x86-64 CPUs with
// AVX2 and FMA, a fused kernel chosen at run time that reads each row once while it sits in L1
// (the build targets baseline x86-64, so Eigen itself uses SSE2 only). The live projection runs
// this several times a second during training; the fused kernel roughly halves its cost.
#pragma once

#include <Eigen/Core>

#include "Types.h"

namespace embedscope {

struct CovariancePass {
    RowMatrixXf projected;          // n by m: X Q
    RowMatrixXf gramTransposed;     // m by D: (X^T X Q)^T
    Eigen::RowVectorXd columnSums;  // 1 by D: X^T 1 (with moments only)
    double squaredNorm = 0.0;       // ||X||_F^2 (with moments only)
};

enum class PassKernel { Fastest, Portable };

// basis: D by m. Results go to out (its buffers are reused between calls).
void covariancePass(const Eigen::Ref<const RowMatrixXf>& rows, const Eigen::MatrixXf& basis,
                    bool withMoments, CovariancePass& out, PassKernel kernel = PassKernel::Fastest);

// Whether PassKernel::Fastest uses the fused AVX2/FMA kernel on this CPU for m columns.
bool fusedCovariancePassAvailable(Eigen::Index columns);

}  // namespace embedscope
