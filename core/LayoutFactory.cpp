// makeLayout (core/Layout.h): each LayoutMethod's implementation.
#include <stdexcept>

#include "Layout.h"
#include "Projection.h"
#include "SampledLayout.h"
#include "TsneLayout.h"
#include "UmapLayout.h"

namespace embedscope {

namespace {

// Today's PCA view as a Layout: projectLarge fits on at most kMaxFitRows rows (an even stride)
// and projects every row; the axes are scaled by the RMS radius, as in the live view.
class PcaLayout : public Layout {
public:
    static constexpr Eigen::Index kMaxFitRows = 50000;

    explicit PcaLayout(const LayoutOptions& options) : options_(options) {}

    LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& /*initial*/,
                     const JobControl& control, const LayoutSink& /*sink*/) override {
        control.throwIfCancelled();
        LayoutResult result;
        result.sampledRows = rows.rows();
        result.progress = {1, 1};
        if (rows.rows() < Projection::kMinRows) {
            result.positions = RowMatrixXf::Zero(rows.rows(), options_.dims);
            return result;
        }
        Projection projection;
        projection.setScaleSmoothing(1.0);
        if (!options_.components.empty())
            projection.setComponents(options_.components);
        else
            projection.setDims(options_.dims);
        const ProjectionFrame frame = projectLarge(projection, rows, kMaxFitRows);
        result.positions = frame.points;
        result.explained.assign(frame.explained.begin(), frame.explained.begin() + frame.dims());
        return result;
    }

private:
    LayoutOptions options_;
};

}  // namespace

std::unique_ptr<Layout> makeLayout(const LayoutOptions& options) {
    if (options.dims != 2 && options.dims != 3)
        throw std::invalid_argument("layouts have 2 or 3 dimensions, not " +
                                    std::to_string(options.dims));
    switch (options.method) {
        case LayoutMethod::Pca:
            return std::make_unique<PcaLayout>(options);
        case LayoutMethod::Tsne:
            return std::make_unique<SampledLayout>(std::make_unique<TsneLayout>(options),
                                                   options.maxLaidOutRows, options.threads);
        case LayoutMethod::Umap:
            return std::make_unique<SampledLayout>(std::make_unique<UmapLayout>(options),
                                                   options.maxLaidOutRows, options.threads);
        case LayoutMethod::Axes:
            // The axes are words: AxesLayout is made from them and the vectors that hold them.
            throw std::invalid_argument("custom axes are made by AxesLayout from their words");
    }
    throw std::invalid_argument("unknown layout method");
}

}  // namespace embedscope
