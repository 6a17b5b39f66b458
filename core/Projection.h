// The live 2-D or 3-D view of the tracked words: PCA with a basis that stays put from frame to
// frame.
//
// The view shows k = 2 or 3 principal components, by default PC1 and PC2 (and PC3), or any k
// distinct ones of PC1..PC10 the user chose, in the chosen order of the axes.
//
// Eigenvectors come with arbitrary signs, and two components of close variance swap order when
// their variances cross, so recomputing PCA every frame makes the picture flip and jump. Each new
// basis B_new (D by k) is therefore turned towards the previous one B_prev by orthogonal
// Procrustes: minimise ||B_new R - B_prev||_F over orthogonal k by k R. With
// B_new^T B_prev = U S V^T (SVD), R = U V^T. R may be a reflection: that is what undoes a sign
// flip. The RMS radius of the points is smoothed with an exponential moving average so that the
// cloud does not breathe as it grows during training.
#pragma once

#include <Eigen/Core>

#include <array>
#include <vector>

#include "PrincipalComponents.h"
#include "Types.h"

namespace embedscope {

struct ProjectionFrame {
    RowMatrixXf points;  // n by k (2 or 3), in the aligned basis, divided by scale
    // Fraction of the total variance along each displayed axis, k entries used (after alignment
    // an axis can be a mix of the shown principal components; the k fractions always sum to
    // theirs). Entries past k are 0.
    std::array<double, 3> explained = {0.0, 0.0, 0.0};
    int dims() const { return int(points.cols()); }
    double scale = 1.0;  // the smoothed RMS radius the points were divided by
    int iterations = 0;  // subspace iterations used (0: exact solver or frozen)
};

class Projection {
public:
    // The fewest tracked words the view projects: three points are the first that span a plane.
    static constexpr int kMinRows = 3;
    // The user picks the displayed components among PC1..PC(kMaxComponents).
    static constexpr int kMaxComponents = 10;

    // Rows: n by D, the tracked words. Centres them, finds the displayed principal components
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

    // The principal components shown on the axes, 0-based (0 is PC1), one per axis: 2 or 3
    // distinct indices below kMaxComponents, e.g. {2, 0, 1} puts PC3 on x, PC1 on y, PC2 on z.
    // Throws Error naming the bad entry otherwise. A different choice forgets the aligned basis
    // and the scale (the next frame starts afresh: aligning PC3 to where PC2 was would undo the
    // choice). Default {0, 1}.
    void setComponents(const std::vector<int>& components);
    const std::vector<int>& components() const { return components_; }
    int dims() const { return int(components_.size()); }
    // Shorthand: the first k components in order (k = 2 or 3).
    void setDims(int k);

    // alpha in (0, 1]: weight of the new RMS radius in the moving average (1: no smoothing).
    void setScaleSmoothing(double alpha);
    double scaleSmoothing() const { return alpha_; }
    // Subspace iteration settings (tests tighten the tolerance).
    void setIterationOptions(const SubspaceIterationOptions& options) { options_ = options; }

    const Eigen::MatrixXd& basis() const { return basis_; }  // D by k, aligned; empty before use
    const Eigen::RowVectorXd& centre() const { return centre_; }
    bool hasBasis() const { return basis_.size() > 0; }

private:
    std::vector<int> components_{0, 1};
    Eigen::MatrixXd basis_;      // D by k as displayed
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
// n rows is one n by D by k product. At or below maxFitRows it is projection.project(rows).
ProjectionFrame projectLarge(Projection& projection, const Eigen::Ref<const RowMatrixXf>& rows,
                             Eigen::Index maxFitRows);

// The orthogonal R (k by k) minimising ||newBasis R - previousBasis||_F (both D by k).
Eigen::MatrixXd procrustesRotation(const Eigen::MatrixXd& newBasis,
                                   const Eigen::MatrixXd& previousBasis);

}  // namespace embedscope
