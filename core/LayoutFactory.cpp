// makeLayout (core/Layout.h): each LayoutMethod's implementation.
#include <stdexcept>

#include "Layout.h"
#include "Projection.h"
#include "SampledLayout.h"
#include "TsneLayout.h"

namespace embedscope {

namespace {

// Today's PCA view as a Layout: projectLarge fits on at most kMaxFitRows rows (an even stride)
// and projects every row; the axes are scaled by the RMS radius, as in the live view.
class PcaLayout : public Layout {
public:
    static constexpr Eigen::Index kMaxFitRows = 50000;

    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& /*initial*/,
                     const JobControl& control, const LayoutSink& /*sink*/) override {
        control.throwIfCancelled();
        LayoutResult result;
        result.sampledRows = rows.rows();
        result.progress = {1, 1};
        if (rows.rows() < Projection::kMinRows) {
            result.positions = RowMatrixXf::Zero(rows.rows(), 2);
            return result;
        }
        Projection projection;
        projection.setScaleSmoothing(1.0);
        const ProjectionFrame frame = projectLarge(projection, rows, kMaxFitRows);
        result.positions = frame.points;
        result.explained = {frame.explained[0], frame.explained[1]};
        return result;
    }
};

}  // namespace

std::unique_ptr<Layout> makeLayout(const LayoutOptions& options) {
    if (options.dims != 2 && options.dims != 3)
        throw std::invalid_argument("layouts have 2 or 3 dimensions, not " +
                                    std::to_string(options.dims));
    switch (options.method) {
        case LayoutMethod::Pca:
            if (options.dims == 3)
                throw std::invalid_argument("3-D PCA comes with the view3d branch");
            return std::make_unique<PcaLayout>();
        case LayoutMethod::Tsne:
            return std::make_unique<SampledLayout>(std::make_unique<TsneLayout>(options),
                                                   options.maxLaidOutRows, options.threads);
        case LayoutMethod::Umap:
            throw std::invalid_argument("the UMAP layout is not built yet");
        case LayoutMethod::Axes:
            throw std::invalid_argument("the custom axes layout is not built yet");
    }
    throw std::invalid_argument("unknown layout method");
}

}  // namespace embedscope
