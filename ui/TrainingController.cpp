#include "TrainingController.h"

#include <QThread>

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

TrainingController::TrainingController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<TrainingProgress>();
    qRegisterMetaType<TrainerState>();
    qRegisterMetaType<std::shared_ptr<const Snapshot>>();
    qRegisterMetaType<std::shared_ptr<const Frame>>();
    snapshotTimer_.setInterval(kSnapshotIntervalMs);
    connect(&snapshotTimer_, &QTimer::timeout, &layouts_, &LayoutScheduler::request);
    indexTimer_.setInterval(kNeighbourRefreshMs);
    connect(&indexTimer_, &QTimer::timeout, this, &TrainingController::requestNeighbourIndex);
    connect(&layouts_, &LayoutScheduler::frameReady, this, &TrainingController::frameReady);
    connect(&layouts_, &LayoutScheduler::inspectedRowsRead, this,
            [this](std::shared_ptr<const Snapshot> rows) {
                lastInspected_ = std::move(rows);
                emit inspectedRowsReady();
            });
    connect(&layouts_, &LayoutScheduler::errorOccurred, this, &TrainingController::errorOccurred);
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
}

void TrainingController::waitForWorkers() {
    // A waiting request holds the source it was made for: it must not start after the trainer
    // behind that source is gone.
    indexes_.cancel();
    layouts_.waitForIdle();
    indexes_.waitForIdle();
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
    lastProgress_ = {};
    updateTrackedRows();  // new rows: the layouts restart (their frames and results go)
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
    updateTrackedRows();  // new rows: the layouts restart (their frames and results go)
    emit corpusChanged();
    createTrainer();
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
    if (rebuild)
        rebuildTrainer();
    else if (lrChanged)
        setLearningRate(options.learningRate);
}

void TrainingController::rebuildTrainer() {
    destroyTrainer();
    layouts_.restart();  // the frames of the old table and results computed for it go
    createTrainer();
}

// After destroyTrainer, with the layouts restarted (by updateTrackedRows or rebuildTrainer).
void TrainingController::createTrainer() {
    lastProgress_ = {};
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
    // destroyTrainer gave the new trainer its generation.
    const std::uint64_t generation = trainerGeneration_;
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
    layouts_.request();
}

int TrainingController::setTrackedWords(const QStringList& words) {
    trackedList_ = words;
    updateTrackedRows();
    layouts_.request();
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
            // The words as listed (WordListText splits them): a word may hold spaces.
            for (const QString& word : trackedList_) {
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
    layouts_.restart();
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
    layouts_.request();
    return true;
}

void TrainingController::refreshNow() {
    layouts_.request();
    requestNeighbourIndex();
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
    layouts_.setInspectedRows(rows);  // the next projection job reads them
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
