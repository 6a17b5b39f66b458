// Schedules the layouts of the plotted rows for TrainingController, which owns it: which layout
// (PCA, custom axes, t-SNE, UMAP; 2-D or 3-D), when to compute the next frame, and which results
// still apply when they arrive.
//
//  - PCA and custom axes follow training live: each request() runs one projection job (at most
//    one in flight, a newer request waits as "pending"). The same job reads the Inspector's rows
//    of a running table, so that the GUI thread never reads the live table.
//  - t-SNE and UMAP run in the LayoutJob. While a run trains, the last layout stays
//    (layoutIsStale()) unless followTraining is on: then each layout restarts warm from the
//    previous one on the newest vectors, with fewer iterations.
//  - A generation counter, bumped with a new table, new plotted rows and a new layout, drops the
//    results computed for an earlier one.
//
// It reads its inputs (the source, the plotted rows, the trainer's state, the table version, the
// progress last shown) from the controller's public API on the GUI thread.
#pragma once

#include <QObject>

#include <cstdint>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include "AxesLayout.h"
#include "Frame.h"
#include "JobRunner.h"
#include "Layout.h"
#include "LayoutJob.h"
#include "VectorSource.h"

namespace embedscope {

class Projection;
class TrainingController;

class LayoutScheduler : public QObject {
    Q_OBJECT
public:
    // More plotted rows than this are projected onto PCA axes fitted on this many of them.
    static constexpr int kMaxProjectionFitRows = 50000;

    explicit LayoutScheduler(const TrainingController& controller);
    ~LayoutScheduler() override;

    // The layout the plot shows (core/Layout.h). Custom axes need axes whose words are known
    // (unknownAxisWords); throws Error otherwise and keeps the layout. The frames go
    // (clearFrames): lastFrame() is null until the new layout's first arrives.
    void setLayout(const LayoutOptions& options, const std::vector<AxisSpec>& axes = {});
    const LayoutOptions& layout() const { return layout_; }
    const std::vector<AxisSpec>& axes() const { return axes_; }
    bool iterativeLayout() const {
        return layout_.method == LayoutMethod::Tsne || layout_.method == LayoutMethod::Umap;
    }
    void setFollowTraining(bool follow);
    bool followTraining() const { return followTraining_; }
    // The t-SNE/UMAP shown was computed from vectors that training has changed since.
    bool layoutIsStale() const;
    // Holds the running t-SNE/UMAP between iterations (and the ones started while paused), or
    // lets it go on.
    void setPaused(bool paused) { layoutJob_.setPaused(paused); }
    // A t-SNE/UMAP is being computed (paused or not).
    bool running() const { return layoutJob_.running(); }
    // PCA keeps its current axes (words move against them).
    void setFrozen(bool frozen) { frozen_ = frozen; }
    bool frozen() const { return frozen_; }

    // The latest frame, of the current generation (null before the first).
    std::shared_ptr<const Frame> lastFrame() const { return lastFrame_; }

    // A frame of the plotted rows as they are now (and the Inspector's rows of a running table).
    void request();
    // The Inspector's rows that the next projection job reads; a change requests one.
    void setInspectedRows(const std::vector<std::int32_t>& rows);

    // Results computed so far are dropped when they arrive, the frame shown and the PCA's state
    // go, and the running layout is cancelled (new plotted rows, a new table).
    void restart();
    // Drops a waiting projection and blocks until no job runs; the outcomes of the jobs that
    // ran are dropped, and the next t-SNE/UMAP request lays out again.
    void waitForIdle();

signals:
    void frameReady(std::shared_ptr<const embedscope::Frame> frame);
    // The Inspector's rows, read by a projection job.
    void inspectedRowsRead(std::shared_ptr<const embedscope::Snapshot> rows);
    void layoutChanged();
    // The t-SNE/UMAP ended: laid out (its final frame came first), cancelled, or failed (error).
    void finished(bool cancelled, const QString& error);
    void errorOccurred(const QString& message);

private:
    // Results computed so far are dropped when they arrive.
    void discardResults() { ++generation_; }
    // The frame shown and the PCA's state go.
    void clearFrames();
    struct TickResult;
    void onTickDone(const TickResult& result);
    void requestIterativeLayout();
    void onLayoutFrame(std::shared_ptr<const Frame> frame);

    const TrainingController& controller_;
    LayoutOptions layout_;
    std::vector<AxisSpec> axes_;
    bool followTraining_ = false;
    bool frozen_ = false;
    std::uint64_t generation_ = 0;    // bumped with the trainer, the plotted rows and the layout
    std::uint64_t layoutSerial_ = 0;  // bumped by setLayout
    // What the newest t-SNE/UMAP was started for: generation, table version, serial.
    using TableVersion = std::pair<std::uint64_t, std::uint64_t>;
    std::tuple<std::uint64_t, TableVersion, std::uint64_t> laidOut_{};
    std::shared_ptr<Projection> projection_;   // used by one job at a time
    std::vector<std::int32_t> inspectedRows_;  // read by each projection job of a live run
    std::shared_ptr<const Frame> lastFrame_;

    JobRunner projections_{JobRunner::Policy::FinishRunning};
    LayoutJob layoutJob_;
};

}  // namespace embedscope
