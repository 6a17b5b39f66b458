// The live 2-D view of the tracked words: PCA with a basis that stays put from frame to frame.
//
// Eigenvectors come with arbitrary signs, and two components of close variance swap order when
// their variances cross, so recomputing PCA every frame makes the picture flip and jump. Each new
// 2-D basis B_new (D by 2) is therefore turned towards the previous one B_prev by orthogonal
// Procrustes: minimise ||B_new R - B_prev||_F over orthogonal 2 by 2 R. With
// B_new^T B_prev = U S V^T (SVD), R = U V^T. R may be a reflection: that is what undoes a sign
// flip. The RMS radius of the points is smoothed with an exponential moving average so that the
// cloud does not breathe as it grows during training.
#pragma once

#include <Eigen/Core>

#include "PrincipalComponents.h"
#include "Types.h"

namespace embedscope {

struct ProjectionFrame {
    RowMatrixXf points;  // n by 2, in the aligned basis, divided by scale
    // Fraction of the total variance along each displayed axis (after alignment an axis can be a
    // mix of the two principal components; the two fractions always sum to theirs).
    double explained[2] = {0.0, 0.0};
    double scale = 1.0;  // the smoothed RMS radius the points were divided by
    int iterations = 0;  // subspace iterations used (0: exact solver or frozen)
};

class Projection {
public:
    // The fewest tracked words the view projects: three points are the first that span a plane.
    static constexpr int kMinRows = 3;

    // Rows: n by D, the tracked words. Centres them, finds the top two principal components
    // (exact solver on the first frame or when D is small, warm-started subspace iteration
    // afterwards), aligns the basis to the previous frame's, smooths the scale, and projects.
    ProjectionFrame project(const Eigen::Ref<const RowMatrixXf>& rows);

    // Frozen: project onto the last basis and centre (and keep the scale), no recomputation, so
    // the user can watch words move against fixed axes. Frozen before any frame has no effect
    // until the first frame is computed.
    void setFrozen(bool frozen) { frozen_ = frozen; }
    bool frozen() const { return frozen_; }
    // Forget the previous basis, centre and scale (new corpus or new table).
    void reset();

    // alpha in (0, 1]: weight of the new RMS radius in the moving average (1: no smoothing).
    void setScaleSmoothing(double alpha);
    double scaleSmoothing() const { return alpha_; }
    // Subspace iteration settings (tests tighten the tolerance).
    void setIterationOptions(const SubspaceIterationOptions& options) { options_ = options; }

    const Eigen::MatrixXd& basis() const { return basis_; }  // D by 2, aligned; empty before use
    const Eigen::RowVectorXd& centre() const { return centre_; }
    bool hasBasis() const { return basis_.size() > 0; }

private:
    Eigen::MatrixXd basis_;      // D by 2 as displayed
    Eigen::MatrixXd warmStart_;  // D by m Ritz vectors of the last frame, unaligned
    Eigen::RowVectorXd centre_;  // 1 by D
    double totalVariance_ = 0.0;
    double scale_ = 0.0;  // 0: no frame yet
    double alpha_ = 0.25;
    bool frozen_ = false;
    SubspaceIterationOptions options_;
};

// PCA of a large table: fits the projection on at most maxFitRows rows (an even stride through
// rows, which keeps the table's frequency order represented) and projects every row onto that
// basis. The top components of a sample of tens of thousands of rows match the whole table's to a
// fraction of a degree, while the fit costs O(maxFitRows D^2) instead of O(n D^2); projecting all
// n rows is one n by D by 2 product. At or below maxFitRows it is projection.project(rows).
ProjectionFrame projectLarge(Projection& projection, const Eigen::Ref<const RowMatrixXf>& rows,
                             Eigen::Index maxFitRows);

// The orthogonal R (2 by 2) minimising ||newBasis R - previousBasis||_F (both D by 2).
Eigen::Matrix2d procrustesRotation(const Eigen::MatrixXd& newBasis,
                                   const Eigen::MatrixXd& previousBasis);

}  // namespace embedscope
