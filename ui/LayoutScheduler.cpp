#include "LayoutScheduler.h"

#include <QThread>

#include <string>

#include "Error.h"
#include "Projection.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

void assertGuiThread(const QObject* object) {
    Q_ASSERT_X(object->thread() == QThread::currentThread(), "LayoutScheduler",
               "worker results must be handled on the GUI thread");
    Q_UNUSED(object);
}

// The rows to lay out, read where they are when they are a static table's leading rows (no copy
// of a million rows), else copied (through the racy copy for a live run).
struct PlottedVectors {
    SharedTable table;
    std::shared_ptr<const Snapshot> snapshot;
    Eigen::Ref<const RowMatrixXf> rows() const {
        if (snapshot)
            return snapshot->vectors;
        return table->topRows(rowCount);
    }
    Eigen::Index rowCount = 0;
};

PlottedVectors readPlottedVectors(const VectorSource& source,
                                  const std::vector<std::int32_t>& rows) {
    PlottedVectors vectors;
    vectors.rowCount = static_cast<Eigen::Index>(rows.size());
    const bool leadingRows =
        !source.isLive() && !rows.empty() && rows.back() == std::int32_t(rows.size()) - 1;
    if (leadingRows)
        vectors.table = source.table();
    else
        vectors.snapshot = source.snapshot(rows);
    return vectors;
}

// Runs the chosen layout on the rows (on a worker thread).
LayoutResult runLayout(const LayoutOptions& options, const std::vector<AxisSpec>& axes,
                       const VectorSource& source, const Eigen::Ref<const RowMatrixXf>& rows,
                       const RowMatrixXf& initial, const JobControl& control,
                       const LayoutSink& sink) {
    if (options.method == LayoutMethod::Axes) {
        AxesLayout layout(axes, source);
        return layout.run(rows, initial, control, sink);
    }
    return makeLayout(options)->run(rows, initial, control, sink);
}

}  // namespace

// What one projection job read and computed: the frame (PCA or custom axes; null when the layout
// is iterative or the rows are too few) and the Inspector's rows of a live run.
struct LayoutScheduler::TickResult {
    std::uint64_t generation = 0;
    std::shared_ptr<const Frame> frame;
    std::shared_ptr<const Snapshot> inspected;
};

LayoutScheduler::LayoutScheduler(const TrainingController& controller)
    : controller_(controller), projection_(std::make_shared<Projection>()) {
    connect(&layoutJob_, &LayoutJob::frameReady, this, &LayoutScheduler::onLayoutFrame);
    connect(&layoutJob_, &LayoutJob::finished, this, &LayoutScheduler::finished);
}

LayoutScheduler::~LayoutScheduler() = default;

void LayoutScheduler::clearFrames() {
    lastFrame_.reset();
    projection_ = std::make_shared<Projection>();
}

void LayoutScheduler::restart() {
    discardResults();
    clearFrames();
    layoutJob_.cancel();
}

void LayoutScheduler::waitForIdle() {
    // A waiting request holds the source it was made for: it must not start after the trainer
    // behind that source is gone.
    projections_.cancel();
    projections_.waitForIdle();
    layoutJob_.waitForIdle();
    laidOut_ = {};
}

void LayoutScheduler::setInspectedRows(const std::vector<std::int32_t>& rows) {
    if (rows == inspectedRows_)
        return;
    inspectedRows_ = rows;
    request();
}

void LayoutScheduler::request() {
    const std::shared_ptr<const VectorSource> source = controller_.source();
    if (!source || controller_.trackedRows().empty())
        return;
    if (iterativeLayout())
        requestIterativeLayout();
    const std::vector<std::int32_t> rows = controller_.trackedRows();
    const std::vector<std::int32_t> inspected =
        source->isLive() ? inspectedRows_ : std::vector<std::int32_t>{};
    if (iterativeLayout() && inspected.empty())
        return;
    const std::uint64_t generation = generation_;
    const std::shared_ptr<Projection> projection = projection_;
    const bool frozen = frozen_;
    const LayoutOptions layout = layout_;
    const std::vector<AxisSpec> axes = axes_;
    const TrainingProgress progress = controller_.shownProgress();
    // A TrainingRunSource reads the trainer by pointer: the controller waits for the jobs
    // (waitForIdle) before it destroys the trainer.
    projections_.run<TickResult>(
        [=](const JobControl& control) {
            TickResult result;
            result.generation = generation;
            if (!inspected.empty())
                result.inspected = source->snapshot(inspected);
            if (layout.method != LayoutMethod::Pca && layout.method != LayoutMethod::Axes)
                return result;  // t-SNE and UMAP run in the layout job
            const PlottedVectors vectors = readPlottedVectors(*source, rows);
            if (vectors.rowCount < Projection::kMinRows)
                return result;
            auto frame = std::make_shared<Frame>();
            frame->generation = generation;
            frame->rows = rows;
            frame->method = layout.method;
            frame->progress = vectors.snapshot ? vectors.snapshot->progress : progress;
            if (layout.method == LayoutMethod::Axes) {
                LayoutResult laidOut =
                    runLayout(layout, axes, *source, vectors.rows(), {}, control, {});
                frame->positions = std::move(laidOut.positions);
                frame->explained = std::move(laidOut.explained);
                for (const AxisSpec& axis : axes)
                    frame->axisNames.push_back(axis.name());
            } else {
                std::vector<int> components = layout.components;
                if (int(components.size()) != layout.dims) {
                    components.clear();
                    for (int axis = 0; axis < layout.dims; ++axis)
                        components.push_back(axis);
                }
                if (projection->components() != components)
                    projection->setComponents(components);
                projection->setFrozen(frozen);
                ProjectionFrame projected =
                    projectLarge(*projection, vectors.rows(), kMaxProjectionFitRows);
                frame->explained.assign(projected.explained.begin(),
                                        projected.explained.begin() + projected.dims());
                frame->positions = std::move(projected.points);
                for (int component : components)
                    frame->axisNames.push_back("PC" + std::to_string(component + 1));
            }
            result.frame = std::move(frame);
            return result;
        },
        [this](JobOutcome<TickResult> outcome) {
            if (outcome.value)
                onTickDone(*outcome.value);
            else if (!outcome.error.isEmpty())
                emit errorOccurred(tr("Cannot project the vectors: %1").arg(outcome.error));
        });
}

void LayoutScheduler::onTickDone(const TickResult& result) {
    assertGuiThread(this);
    if (result.generation != generation_) {
        request();  // computed for an older table or word set: redo for this one
        return;
    }
    if (result.inspected)
        emit inspectedRowsRead(result.inspected);
    if (result.frame && (result.frame->method == layout_.method)) {
        lastFrame_ = result.frame;
        emit frameReady(lastFrame_);
    }
}

void LayoutScheduler::requestIterativeLayout() {
    const std::shared_ptr<const VectorSource> source = controller_.source();
    const std::vector<std::int32_t>& trackedRows = controller_.trackedRows();
    if (!source || trackedRows.size() < std::size_t(Projection::kMinRows))
        return;
    const bool training = controller_.state() == TrainerState::Running;
    if (training && (!followTraining_ || layoutJob_.running()))
        return;  // the last layout stays; a following one restarts when this one is done
    const auto key = std::make_tuple(generation_, controller_.tableVersion(), layoutSerial_);
    if (key == laidOut_)
        return;  // laid out (or being laid out) already
    laidOut_ = key;
    Frame base;
    base.generation = generation_;
    base.rows = trackedRows;
    base.method = layout_.method;
    base.progress = controller_.shownProgress();
    // Following training: start from where the points are (distances between frames still mean
    // little; the window says so), with fewer iterations.
    RowMatrixXf initial;
    LayoutOptions options = layout_;
    if (followTraining_ && lastFrame_ && lastFrame_->method == layout_.method &&
        lastFrame_->rows == trackedRows && lastFrame_->dims() == layout_.dims) {
        initial = lastFrame_->positions;
        if (training && options.iterations == 0)
            options.iterations = 150;
    }
    const std::vector<std::int32_t> rows = trackedRows;
    const std::vector<AxisSpec> axes = axes_;
    layoutJob_.start(
        [source, rows, options, axes, initial](const JobControl& control, const LayoutSink& sink) {
            const PlottedVectors vectors = readPlottedVectors(*source, rows);
            return runLayout(options, axes, *source, vectors.rows(), initial, control, sink);
        },
        std::move(base));
}

void LayoutScheduler::onLayoutFrame(std::shared_ptr<const Frame> frame) {
    assertGuiThread(this);
    if (frame->generation != generation_ || frame->method != layout_.method)
        return;
    lastFrame_ = std::move(frame);
    emit frameReady(lastFrame_);
}

void LayoutScheduler::setLayout(const LayoutOptions& options, const std::vector<AxisSpec>& axes) {
    const std::shared_ptr<const VectorSource> source = controller_.source();
    if (options.method == LayoutMethod::Axes && source) {
        const std::vector<std::string> unknown = unknownAxisWords(axes, *source);
        if (!unknown.empty()) {
            std::string list;
            for (const std::string& word : unknown)
                list += (list.empty() ? "" : ", ") + word;
            throw Error("custom axes: not in the vocabulary: " + list);
        }
        AxesLayout check(axes, *source);  // throws for an axis without direction
    }
    layoutJob_.cancel();
    layout_ = options;
    axes_ = options.method == LayoutMethod::Axes ? axes : std::vector<AxisSpec>{};
    ++layoutSerial_;
    // Frames of the previous layout no longer apply, nor does its PCA's state: until the new
    // layout's first frame arrives there is none (not a 2-D one when 3-D was chosen).
    discardResults();
    clearFrames();
    emit layoutChanged();
    request();
}

void LayoutScheduler::setFollowTraining(bool follow) {
    followTraining_ = follow;
    if (follow && iterativeLayout())
        requestIterativeLayout();
}

bool LayoutScheduler::layoutIsStale() const {
    return iterativeLayout() && lastFrame_ && std::get<1>(laidOut_) != controller_.tableVersion();
}

}  // namespace embedscope
