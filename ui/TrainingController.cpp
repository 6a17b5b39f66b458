#include "TrainingController.h"

#include <QFutureWatcher>
#include <QThread>
#include <QtConcurrent>

#include <algorithm>

#include "Projection.h"
#include "QuantisedScan.h"

namespace embedscope {

namespace {

void assertGuiThread(const QObject* object) {
    Q_ASSERT_X(object->thread() == QThread::currentThread(), "TrainingController",
               "worker results must be handled on the GUI thread");
    Q_UNUSED(object);
}

}  // namespace

TrainingController::TrainingController(QObject* parent)
    : QObject(parent), projection_(std::make_shared<Projection>()) {
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<TrainerState>();
    qRegisterMetaType<std::shared_ptr<const Snapshot>>();
    qRegisterMetaType<std::shared_ptr<const Frame>>();
    snapshotTimer_.setInterval(kSnapshotIntervalMs);
    connect(&snapshotTimer_, &QTimer::timeout, this, &TrainingController::requestProjection);
    indexTimer_.setInterval(kNeighbourRefreshMs);
    connect(&indexTimer_, &QTimer::timeout, this, &TrainingController::requestNeighbourIndex);
    connect(&layoutJob_, &LayoutJob::frameReady, this, &TrainingController::onLayoutFrame);
}

TrainingController::~TrainingController() {
    shutdown();
}

void TrainingController::shutdown() {
    snapshotTimer_.stop();
    indexTimer_.stop();
    if (trainer_)
        trainer_->stop();
    destroyTrainer();
}

void TrainingController::destroyTrainer() {
    // Jobs in flight read the trainer through a raw pointer: let them finish first.
    waitForWorkers();
    if (!loaded_)
        source_.reset();
    trainer_.reset();
    lastInspected_.reset();
    ++trainerGeneration_;
    ++projectionGeneration_;
}

void TrainingController::waitForWorkers() {
    // A waiting request holds the source it was made for: it must not start after the trainer
    // behind that source is gone.
    projections_.cancel();
    indexes_.cancel();
    projections_.waitForIdle();
    indexes_.waitForIdle();
    layoutJob_.waitForIdle();
    laidOut_ = {};
}

QString TrainingController::corpusName() const {
    if (loaded_)
        return QString::fromStdString(loaded_->name());
    return corpus_ ? QString::fromStdString(corpus_->name) : QString();
}

std::int32_t TrainingController::rowCount() const {
    if (loaded_)
        return loaded_->rows();
    return corpus_ ? corpus_->vocabulary.size() : 0;
}

void TrainingController::setLoadedVectors(std::shared_ptr<const LoadedVectorSource> vectors) {
    destroyTrainer();
    corpus_.reset();
    loaded_ = std::move(vectors);
    source_ = loaded_;
    extraRow_ = -1;
    index_.reset();
    lastFrame_.reset();
    lastProgress_ = {};
    projection_ = std::make_shared<Projection>();
    ++projectionGeneration_;
    updateTrackedRows();
    emit corpusChanged();
    emit trainerReset();
    emitState();
    refreshNow();
}

void TrainingController::setCorpus(std::shared_ptr<const TokenizedCorpus> corpus) {
    destroyTrainer();
    loaded_.reset();
    source_.reset();
    corpus_ = std::move(corpus);
    extraRow_ = -1;
    index_.reset();
    lastFrame_.reset();
    updateTrackedRows();
    emit corpusChanged();
    rebuildTrainer();
}

void TrainingController::setCorpus(std::shared_ptr<const TokenizedCorpus> corpus,
                                   const TrainerOptions& options) {
    options_ = options;
    setCorpus(std::move(corpus));
}

bool TrainingController::needsNewTable(const TrainerOptions& o) const {
    const TrainerOptions& c = options_;
    // The kernel and the initialisation as trained: picking the model's default by name changes
    // nothing in the table.
    return o.model != c.model || o.effectiveKernel() != c.effectiveKernel() || o.dim != c.dim ||
           o.window != c.window || o.negative != c.negative || o.epochs != c.epochs ||
           o.sample != c.sample || o.noiseExponent != c.noiseExponent || o.seed != c.seed ||
           o.effectiveInit() != c.effectiveInit() ||
           o.minLearningRateFactor != c.minLearningRateFactor || o.shuffleLines != c.shuffleLines ||
           o.pretrained.vectors != c.pretrained.vectors ||
           o.pretrained.freeze != c.pretrained.freeze;
}

void TrainingController::setOptions(const TrainerOptions& options) {
    // A new thread count needs a new trainer but not a new table: an untrained one is rebuilt
    // at once, a trained one keeps its threads and the count applies from the next run.
    if (loaded_) {  // nothing to train: kept for the next corpus
        options_ = options;
        return;
    }
    const bool threadsChanged = options.threads != options_.threads;
    const bool untrained = trainer_ && state() == TrainerState::Idle && !hasTrainedVectors();
    const bool rebuild = needsNewTable(options) || !trainer_ || (threadsChanged && untrained);
    const bool lrChanged = options.learningRate != options_.learningRate;
    options_ = options;
    if (rebuild) {
        destroyTrainer();
        rebuildTrainer();
    } else if (lrChanged) {
        setLearningRate(options.learningRate);
    }
}

void TrainingController::rebuildTrainer() {
    if (trainer_)
        destroyTrainer();
    lastProgress_ = {};
    lastFrame_.reset();
    projection_ = std::make_shared<Projection>();
    projection_->setFrozen(false);
    if (!corpus_) {
        emitState();
        return;
    }
    try {
        // The GUI thread must get a core at once even when training occupies all of them.
        TrainerOptions workerOptions = options_;
        workerOptions.backgroundPriority = true;
        trainer_ = std::make_unique<Trainer>(corpus_, workerOptions);
        source_ = std::make_shared<TrainingRunSource>(trainer_.get());
    } catch (const std::exception& e) {
        emitState();
        emit errorOccurred(tr("Cannot create the trainer: %1").arg(QString::fromUtf8(e.what())));
        return;
    }
    const std::uint64_t generation = ++trainerGeneration_;
    ++projectionGeneration_;
    // Both callbacks run on trainer threads: they file into the mailbox and wake the GUI.
    trainer_->setProgressCallback([this, generation](const TrainingProgress& progress) {
        {
            std::lock_guard<std::mutex> lock(mailboxMutex_);
            mailbox_.progress = progress;
            mailbox_.progressGeneration = generation;
        }
        trainerWake_.wake();
    });
    trainer_->setFinishedCallback([this, generation](TrainerState state, const std::string& error) {
        {
            std::lock_guard<std::mutex> lock(mailboxMutex_);
            mailbox_.finished.push_back({generation, state, error});
        }
        trainerWake_.wake();
    });
    lastProgress_ = trainer_->progress();
    emit trainerReset();
    emitState();
    refreshNow();  // show the initial table: a random cloud before training
}

void TrainingController::readTrainerMailbox() {
    assertGuiThread(this);
    TrainerMailbox mail;
    {
        std::lock_guard<std::mutex> lock(mailboxMutex_);
        std::swap(mail, mailbox_);
    }
    // Progress first: a run's last progress precedes its end.
    if (mail.progress && mail.progressGeneration == trainerGeneration_ && trainer_) {
        lastProgress_ = *mail.progress;
        emit progressChanged(lastProgress_);
        emitState();
    }
    for (const TrainerMailbox::Finished& finished : mail.finished)
        onFinished(finished.generation, finished.state, QString::fromStdString(finished.error));
}

void TrainingController::onFinished(std::uint64_t generation, TrainerState state,
                                    const QString& error) {
    assertGuiThread(this);
    if (generation != trainerGeneration_ || !trainer_)
        return;
    lastProgress_ = trainer_->progress();
    emit progressChanged(lastProgress_);
    emitState();
    emit trainingFinished(state, error);
    if (state == TrainerState::Failed && !error.isEmpty())
        emit errorOccurred(error);
}

TrainerState TrainingController::state() const {
    return trainer_ ? trainer_->state() : TrainerState::Idle;
}

TrainingProgress TrainingController::progress() const {
    return trainer_ ? trainer_->progress() : TrainingProgress{};
}

bool TrainingController::hasTrainedVectors() const {
    return trainer_ && trainer_->progress().wordsProcessed > 0;
}

TrainingController::TableVersion TrainingController::tableVersion() const {
    return {trainerGeneration_, trainer_ ? trainer_->progress().wordsProcessed : 0};
}

std::uint64_t TrainingController::stepWords() const {
    const std::uint64_t epochWords = corpus_ ? corpus_->vocabulary.vocabTokens() : 0;
    return std::max<std::uint64_t>(2000, epochWords / 50);
}

void TrainingController::emitState() {
    const TrainerState now = state();
    if (now == lastState_)
        return;
    const bool wasRunning = lastState_ == TrainerState::Running;
    lastState_ = now;
    if (now == TrainerState::Running) {
        snapshotTimer_.start();
        indexTimer_.start();
    } else {
        snapshotTimer_.stop();
        indexTimer_.stop();
        // The table just stopped changing: show exactly where it stopped.
        if (wasRunning)
            refreshNow();
    }
    emit stateChanged(now);
}

void TrainingController::start() {
    if (!corpus_)
        return;
    const TrainerState now = state();
    if (now == TrainerState::Paused) {
        resume();
        return;
    }
    if (now == TrainerState::Running)
        return;
    if (!trainer_ || now != TrainerState::Idle)
        rebuildTrainer();
    if (!trainer_)
        return;
    trainer_->start();
    emitState();
}

void TrainingController::pause() {
    if (trainer_ && state() == TrainerState::Running)
        trainer_->pause();
    emitState();
}

void TrainingController::resume() {
    if (trainer_ && state() == TrainerState::Paused)
        trainer_->resume();
    emitState();
}

void TrainingController::step() {
    if (!corpus_)
        return;
    const TrainerState now = state();
    if (now == TrainerState::Running)
        return;
    if (!trainer_ || (now != TrainerState::Idle && now != TrainerState::Paused))
        rebuildTrainer();
    if (!trainer_)
        return;
    trainer_->step(stepWords());
    emitState();
}

void TrainingController::stop() {
    if (!trainer_)
        return;
    const TrainerState now = state();
    if (now == TrainerState::Running || now == TrainerState::Paused)
        trainer_->stop();
    lastProgress_ = trainer_->progress();
    emitState();
    refreshNow();
}

void TrainingController::reset() {
    if (loaded_)
        return;
    if (trainer_)
        trainer_->stop();
    rebuildTrainer();
}

void TrainingController::setLearningRate(double lr) {
    options_.learningRate = lr;
    if (trainer_ && lr > 0)
        trainer_->setLearningRate(lr);
}

void TrainingController::setTrackedCount(int count) {
    trackedCount_ = std::clamp(count, 2, kMaxTrackedCount);
    trackedList_.clear();
    updateTrackedRows();
    requestProjection();
}

int TrainingController::setTrackedWords(const QStringList& words) {
    trackedList_ = words;
    updateTrackedRows();
    requestProjection();
    return listedWordsFound_;
}

void TrainingController::updateTrackedRows() {
    chosenRows_.clear();
    missingTracked_.clear();
    listedWordsFound_ = 0;
    trackedListFellBack_ = false;
    const std::int32_t rows = rowCount();
    if (extraRow_ >= rows)
        extraRow_ = -1;
    if (rows > 0) {
        if (!trackedList_.isEmpty()) {
            std::vector<bool> seen(rows, false);
            for (const QString& listed : trackedList_) {
                const QString word = listed.trimmed();
                if (word.isEmpty())
                    continue;
                const std::int32_t row = indexOf(word);
                if (row < 0) {
                    if (!missingTracked_.contains(word))
                        missingTracked_ << word;
                } else if (!seen[row]) {
                    seen[row] = true;
                    chosenRows_.push_back(row);
                }
            }
            // Most frequent first: they win label collisions in the plot.
            std::sort(chosenRows_.begin(), chosenRows_.end());
            listedWordsFound_ = static_cast<int>(chosenRows_.size());
            if (chosenRows_.size() < std::size_t(Projection::kMinRows)) {
                trackedListFellBack_ = true;
                chosenRows_.clear();
            }
        }
        if (trackedList_.isEmpty() || trackedListFellBack_) {
            // A file is shown whole: every row is a point (the plot draws millions as a density
            // image); a training run shows its most frequent words, as many as chosen.
            const int n = loaded_ ? rows : std::min<int>(trackedCount_, rows);
            chosenRows_.resize(n);
            for (int i = 0; i < n; ++i)
                chosenRows_[i] = i;
        }
    }
    mergeExtraRow();
    trackedRowsChanged();
}

bool TrainingController::mergeExtraRow() {
    std::vector<std::int32_t> rows = chosenRows_;
    if (extraRow_ >= 0) {
        const auto at = std::lower_bound(rows.begin(), rows.end(), extraRow_);
        if (at == rows.end() || *at != extraRow_)
            rows.insert(at, extraRow_);
    }
    if (rows == trackedRows_)
        return false;
    trackedRows_ = std::move(rows);
    return true;
}

void TrainingController::trackedRowsChanged() {
    ++projectionGeneration_;
    projection_ = std::make_shared<Projection>();
    lastFrame_.reset();
    layoutJob_.cancel();
    emit trackedWordsChanged();
}

bool TrainingController::setExtraTrackedRow(std::int32_t row) {
    if (row < 0 || row >= rowCount())
        row = -1;
    // A row that is tracked anyway needs no extra place (and keeps its place when it is chosen).
    if (row >= 0 && std::binary_search(chosenRows_.begin(), chosenRows_.end(), row))
        row = -1;
    if (row == extraRow_)
        return false;
    extraRow_ = row;
    if (!mergeExtraRow())
        return false;
    trackedRowsChanged();
    requestProjection();
    return true;
}

void TrainingController::setFrozen(bool frozen) {
    frozen_ = frozen;
}

void TrainingController::refreshNow() {
    requestProjection();
    requestNeighbourIndex();
}

// What one projection job read and computed: the frame (PCA or custom axes; null when the layout
// is iterative or the rows are too few) and the Inspector's rows of a live run.
struct TrainingController::TickResult {
    std::uint64_t generation = 0;
    std::shared_ptr<const Frame> frame;
    std::shared_ptr<const Snapshot> inspected;
};

namespace {

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

void TrainingController::requestProjection() {
    if (!source_ || trackedRows_.empty())
        return;
    if (iterativeLayout())
        requestIterativeLayout();
    const std::shared_ptr<const VectorSource> source = source_;
    const std::vector<std::int32_t> rows = trackedRows_;
    const std::vector<std::int32_t> inspected =
        source_->isLive() ? inspectedRows_ : std::vector<std::int32_t>{};
    if (iterativeLayout() && inspected.empty())
        return;
    const std::uint64_t generation = projectionGeneration_;
    const std::shared_ptr<Projection> projection = projection_;
    const bool frozen = frozen_;
    const LayoutOptions layout = layout_;
    const std::vector<AxisSpec> axes = axes_;
    const TrainingProgress progress = lastProgress_;
    // A TrainingRunSource reads the trainer by pointer: destroyTrainer() waits for the jobs first.
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

void TrainingController::onTickDone(const TickResult& result) {
    assertGuiThread(this);
    if (result.generation != projectionGeneration_) {
        requestProjection();  // computed for an older table or word set: redo for this one
        return;
    }
    if (result.inspected) {
        lastInspected_ = result.inspected;
        emit inspectedRowsReady();
    }
    if (result.frame && (result.frame->method == layout_.method)) {
        lastFrame_ = result.frame;
        emit frameReady(lastFrame_);
    }
}

void TrainingController::requestIterativeLayout() {
    if (!source_ || trackedRows_.size() < std::size_t(Projection::kMinRows))
        return;
    const bool training = state() == TrainerState::Running;
    if (training && (!followTraining_ || layoutJob_.running()))
        return;  // the last layout stays; a following one restarts when this one is done
    const auto key = std::make_tuple(projectionGeneration_, tableVersion(), layoutSerial_);
    if (key == laidOut_)
        return;  // laid out (or being laid out) already
    laidOut_ = key;
    Frame base;
    base.generation = projectionGeneration_;
    base.rows = trackedRows_;
    base.method = layout_.method;
    base.progress = lastProgress_;
    // Following training: start from where the points are (distances between frames still mean
    // little; the window says so), with fewer iterations.
    RowMatrixXf initial;
    LayoutOptions options = layout_;
    if (followTraining_ && lastFrame_ && lastFrame_->method == layout_.method &&
        lastFrame_->rows == trackedRows_ && lastFrame_->dims() == layout_.dims) {
        initial = lastFrame_->positions;
        if (training && options.iterations == 0)
            options.iterations = 150;
    }
    const std::shared_ptr<const VectorSource> source = source_;
    const std::vector<std::int32_t> rows = trackedRows_;
    const std::vector<AxisSpec> axes = axes_;
    layoutJob_.start(
        [source, rows, options, axes, initial](const JobControl& control, const LayoutSink& sink) {
            const PlottedVectors vectors = readPlottedVectors(*source, rows);
            return runLayout(options, axes, *source, vectors.rows(), initial, control, sink);
        },
        std::move(base));
}

void TrainingController::onLayoutFrame(std::shared_ptr<const Frame> frame) {
    assertGuiThread(this);
    if (frame->generation != projectionGeneration_ || frame->method != layout_.method)
        return;
    lastFrame_ = std::move(frame);
    emit frameReady(lastFrame_);
}

void TrainingController::setLayout(const LayoutOptions& options,
                                   const std::vector<AxisSpec>& axes) {
    if (options.method == LayoutMethod::Axes && source_) {
        const std::vector<std::string> unknown = unknownAxisWords(axes, *source_);
        if (!unknown.empty()) {
            std::string list;
            for (const std::string& word : unknown)
                list += (list.empty() ? "" : ", ") + word;
            throw Error("custom axes: not in the vocabulary: " + list);
        }
        AxesLayout check(axes, *source_);  // throws for an axis without direction
    }
    layoutJob_.cancel();
    layout_ = options;
    axes_ = options.method == LayoutMethod::Axes ? axes : std::vector<AxisSpec>{};
    ++layoutSerial_;
    ++projectionGeneration_;  // frames of the previous layout no longer apply
    projection_ = std::make_shared<Projection>();
    projection_->setFrozen(false);
    emit layoutChanged();
    requestProjection();
}

void TrainingController::setFollowTraining(bool follow) {
    followTraining_ = follow;
    if (follow && iterativeLayout())
        requestIterativeLayout();
}

bool TrainingController::layoutIsStale() const {
    return iterativeLayout() && lastFrame_ && std::get<1>(laidOut_) != tableVersion();
}

void TrainingController::requestNeighbourIndex() {
    if (!source_)
        return;
    const std::shared_ptr<const VectorSource> source = source_;
    const std::uint64_t generation = trainerGeneration_;
    // A training run's table is copied (and normalised) every second; a file's is referenced
    // where it is, and from kFastPathRows rows a quantised scan is built after the exact index is
    // out, so that queries are exact at once and fast a few seconds later.
    const bool staticTable = !source->isLive();
    indexes_.run<std::shared_ptr<const NeighbourIndex>>(
        [source, staticTable](const JobControl&) {
            if (staticTable)
                return std::shared_ptr<const NeighbourIndex>(
                    std::make_shared<NeighbourIndex>(source->table()));
            return std::shared_ptr<const NeighbourIndex>(
                std::make_shared<NeighbourIndex>(*source->table()));
        },
        [this, generation, staticTable](JobOutcome<std::shared_ptr<const NeighbourIndex>> outcome) {
            assertGuiThread(this);
            if (generation != trainerGeneration_) {
                requestNeighbourIndex();  // built from an older table: build this one's
                return;
            }
            if (outcome.value) {
                index_ = *outcome.value;
                emit neighbourIndexChanged();
                if (staticTable && index_->size() >= kFastPathRows)
                    requestFastPath(index_, generation);
            } else if (!outcome.error.isEmpty()) {
                emit errorOccurred(tr("Cannot index the vectors: %1").arg(outcome.error));
            }
        });
}

void TrainingController::requestFastPath(std::shared_ptr<const NeighbourIndex> exact,
                                         std::uint64_t generation) {
    indexes_.run<std::shared_ptr<const NeighbourIndex>>(
        [exact](const JobControl& control) {
            const auto scan = QuantisedScan::build(exact->table(), exact->inverseNorms(), control);
            return std::shared_ptr<const NeighbourIndex>(
                std::make_shared<NeighbourIndex>(exact->withFastPath(scan)));
        },
        [this, generation](JobOutcome<std::shared_ptr<const NeighbourIndex>> outcome) {
            assertGuiThread(this);
            if (generation != trainerGeneration_ || !outcome.value)
                return;  // another table by now, or cancelled: the exact index still answers
            index_ = *outcome.value;
            emit neighbourIndexChanged();
        });
}

std::shared_ptr<const Snapshot> TrainingController::inspectRows(
    const std::vector<std::int32_t>& rows) {
    if (!source_ || rows.empty())
        return nullptr;
    // A file never changes, and a run that is not running does not either (its workers are
    // parked): only a running table is read by the worker.
    if (!source_->isLive() || state() != TrainerState::Running)
        return source_->snapshot(rows);
    if (lastInspected_ && lastInspected_->rows == rows)
        return lastInspected_;
    if (rows != inspectedRows_) {
        inspectedRows_ = rows;
        requestProjection();
    }
    return nullptr;
}

WordVectors TrainingController::currentVectors() const {
    return source_ ? source_->wordVectors() : WordVectors{};
}

std::vector<Neighbour> TrainingController::nearest(std::int32_t row, int k) const {
    if (!index_ || row < 0 || row >= index_->size())
        return {};
    return index_->nearest(row, k);
}

std::vector<Neighbour> TrainingController::analogy(std::int32_t a, std::int32_t b, std::int32_t c,
                                                   int k) const {
    if (!index_)
        return {};
    for (std::int32_t row : {a, b, c})
        if (row < 0 || row >= index_->size())
            return {};
    return index_->analogy(a, b, c, k);
}

std::int32_t TrainingController::indexOf(const QString& word) const {
    if (source_)
        return source_->indexOf(word.toStdString());
    return corpus_ ? corpus_->vocabulary.indexOf(word.toStdString()) : -1;
}

QString TrainingController::wordAt(std::int32_t row) const {
    if (row < 0 || row >= rowCount())
        return {};
    if (loaded_)
        return QString::fromStdString(loaded_->words()[row]);
    return QString::fromStdString(corpus_->vocabulary.word(row));
}

}  // namespace embedscope
