// A layout places n vectors of dimension D as n points in k = 2 or 3 dimensions, for the plot.
//
// PCA (core/Projection, with its frame-to-frame alignment), t-SNE, UMAP and custom axes are the
// implementations. Iterative layouts (t-SNE, UMAP) hand intermediate positions to a sink now and
// then, so that the plot can show the layout converging; every layout checks the JobControl for
// cancellation (it then throws Cancelled) and for a pause (JobControl::waitWhilePaused).
//
// A layout runs on one worker thread at a time; it may start threads of its own
// (LayoutOptions::threads). With threads = 1 and a fixed seed, a run gives the same positions on
// every run.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "JobControl.h"
#include "Types.h"

namespace embedscope {

enum class LayoutMethod { Pca, Tsne, Umap, Axes };

// "pca", "tsne", "umap", "axes"; std::nullopt for anything else.
std::optional<LayoutMethod> parseLayoutMethod(const std::string& name);
const char* layoutMethodName(LayoutMethod method);

// How t-SNE sums its repulsive forces (core/TsneLayout.h).
enum class TsneRepulsion {
    Automatic,  // FFT interpolation in 2-D from TsneLayout::kFftMinimumRows rows, else Barnes-Hut
    BarnesHut,
    Fft,  // 2-D only; 3-D layouts use Barnes-Hut whatever this says
};

struct LayoutOptions {
    LayoutMethod method = LayoutMethod::Pca;
    int dims = 2;            // k: 2 or 3
    double perplexity = 30;  // t-SNE
    TsneRepulsion tsneRepulsion = TsneRepulsion::Automatic;
    int neighbors = 15;      // UMAP's n_neighbors
    double minDist = 0.1;    // UMAP
    std::uint64_t seed = 1;  // every random choice derives from it
    int threads = 1;         // worker threads the layout may use
    int iterations = 0;      // optimisation steps; 0: the method's default
    // PCA: the principal component shown on each axis, 0-based (PC1 is 0), dims entries; empty:
    // the first dims components in order.
    std::vector<int> components;
    // Above this many rows, t-SNE and UMAP lay out an even sample and place every other row at its
    // nearest sampled neighbours (LayoutResult::sampledRows says how many were laid out).
    std::int64_t maxLaidOutRows = 100000;
};

// An intermediate or final state of a layout.
struct LayoutProgress {
    int iteration = 0;
    int iterations = 0;  // the total the layout will run
    double fraction() const { return iterations > 0 ? double(iteration) / iterations : 1.0; }
};

// Receives intermediate positions (n by k, the same row order as the input) from the layout's
// thread, at most a few dozen times a second. The sink must copy what it keeps.
using LayoutSink =
    std::function<void(const RowMatrixXf& positions, const LayoutProgress& progress)>;

struct LayoutResult {
    RowMatrixXf positions;  // n by k
    // Fraction of the total variance along each axis, where it means something (PCA, custom
    // axes); empty otherwise.
    std::vector<double> explained;
    std::int64_t sampledRows = 0;  // rows laid out directly (the rest placed by neighbours); n
                                   // when every row was laid out
    LayoutProgress progress;
};

class Layout {
public:
    virtual ~Layout() = default;
    // Lays out rows (n by D). initial, when it has n rows and k columns, is the starting position
    // (a warm restart, "follow training"); otherwise the method's own initialisation is used.
    virtual LayoutResult run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf& initial,
                             const JobControl& control, const LayoutSink& sink) = 0;
};

// The layout options.method asks for (core/LayoutFactory.cpp). t-SNE comes wrapped in
// SampledLayout (options.maxLaidOutRows). Throws std::invalid_argument with a message for the
// user when the method or its options cannot be laid out (dims other than 2 or 3, a method not
// built yet).
std::unique_ptr<Layout> makeLayout(const LayoutOptions& options);

}  // namespace embedscope
