// The Qt face of the core for the GUI thread (KDAB hotspot's facade pattern): it owns the corpus
// and the Trainer, takes control calls in and sends values out by signal.
//
//  - Progress arrives from a trainer thread; at most one delivery is queued at a time (the latest
//    value wins), so a fast trainer cannot flood the event loop.
//  - A QTimer asks its LayoutScheduler for a frame of the tracked rows (10 Hz while training):
//    PCA or custom axes on a worker thread, one projection in flight, a newer request waits as
//    "pending" and supersedes the older one (the Mandelbrot example's restart); t-SNE and UMAP in
//    the LayoutJob. A generation counter drops results computed for an earlier trainer or an
//    earlier set of tracked words.
//  - About once a second the whole input table is copied and normalised into a NeighbourIndex on
//    the worker thread; queries (neighbours, analogies, hover tooltips) read the newest index.
//  - The GUI thread never touches the live tables: it sees Snapshot values and index copies.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVector>

#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "Frame.h"
#include "GuiWake.h"
#include "JobRunner.h"
#include "LayoutScheduler.h"
#include "NeighbourIndex.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"
#include "VectorSource.h"
#include "WordVectors.h"

namespace embedscope {

class TrainingController : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultTrackedCount = 300;
    static constexpr int kMaxTrackedCount = 20000;
    static constexpr int kSnapshotIntervalMs = 100;
    static constexpr int kNeighbourRefreshMs = 1000;
    // From this many rows a loaded file's neighbour index gets the quantised fast path (below it
    // the exact scan is as fast: bench/README.md "Neighbours").
    static constexpr int kFastPathRows = 100000;

    explicit TrainingController(QObject* parent = nullptr);
    // Stops the trainer (joining its workers) and waits for the projection/index worker.
    ~TrainingController() override;

    // A new corpus discards the trainer and builds a fresh, untrained one with the current options.
    void setCorpus(std::shared_ptr<const TokenizedCorpus> corpus);
    // The same with new options, building the trainer once.
    void setCorpus(std::shared_ptr<const TokenizedCorpus> corpus, const TrainerOptions& options);
    const TokenizedCorpus* corpus() const { return corpus_.get(); }
    // Vectors opened from a file instead of a corpus: no trainer, no corpus; every panel reads
    // them through source(). A later setCorpus() returns to training.
    void setLoadedVectors(std::shared_ptr<const LoadedVectorSource> vectors);
    // The vectors the panels show: the training run, the loaded file, or null (no corpus yet).
    std::shared_ptr<const VectorSource> source() const { return source_; }
    // The loaded file's vectors, or null while a corpus is open.
    const LoadedVectorSource* loadedVectors() const { return loaded_.get(); }
    std::shared_ptr<const TokenizedCorpus> corpusPtr() const { return corpus_; }
    // The corpus's name, or the loaded vector file's.
    QString corpusName() const;

    // New options replace the trainer by a fresh one (Idle) when they need a new table. A new
    // learning rate applies at once; a new thread count rebuilds an untrained trainer at once and
    // otherwise applies from the next run.
    void setOptions(const TrainerOptions& options);
    const TrainerOptions& options() const { return options_; }
    // True when a new table would be needed to apply `options` (anything but the learning rate
    // and the thread count).
    bool needsNewTable(const TrainerOptions& options) const;

    const Trainer* trainer() const { return trainer_.get(); }
    TrainerState state() const;
    TrainingProgress progress() const;
    // The progress last sent by progressChanged (what the frames are stamped with).
    const TrainingProgress& shownProgress() const { return lastProgress_; }
    // The table has been trained at all (so replacing it loses work the user may want).
    bool hasTrainedVectors() const;
    // Which table, and how far trained: changes with every new table and every word trained, so
    // that the window can tell whether its last export still holds the current vectors.
    using TableVersion = std::pair<std::uint64_t, std::uint64_t>;  // generation, words trained
    TableVersion tableVersion() const;
    // Changes with every new trainer. Compare this, not trainer() pointers: a new trainer may be
    // allocated where the one it replaced was.
    std::uint64_t trainerGeneration() const { return trainerGeneration_; }
    // Words a Step trains: 2% of an epoch, at least 2,000.
    std::uint64_t stepWords() const;

    // Tracked words: the most frequent `count` (every row of a loaded file), or an explicit list
    // (unknown words are skipped; returns how many were found). A list with fewer known words than
    // a projection needs (Projection::kMinRows) falls back to the most frequent words; the list is
    // kept and applies again to the next corpus.
    void setTrackedCount(int count);
    int setTrackedWords(const QStringList& words);
    int trackedCount() const { return trackedCount_; }
    bool usesTrackedWordList() const { return !trackedList_.isEmpty(); }
    // The listed words that are not in the vocabulary, in the list's order.
    const QStringList& missingTrackedWords() const { return missingTracked_; }
    // The list named too few known words, so the most frequent words are tracked instead.
    bool trackedListFellBack() const { return trackedListFellBack_; }
    // A row that is tracked besides the chosen words (the selected word, so that it can be seen
    // wherever it ranks); -1 for none. Returns true when the tracked rows changed.
    bool setExtraTrackedRow(std::int32_t row);
    std::int32_t extraTrackedRow() const { return extraRow_; }
    const std::vector<std::int32_t>& trackedRows() const { return trackedRows_; }
    // The plotted words without the selected word that only joined them to be seen: what a
    // timeline records and a session saves as the plotted words.
    const std::vector<std::int32_t>& chosenRows() const { return chosenRows_; }

    // The latest values (may be null before the first). The last frame is of the current
    // generation: a new table or a new set of tracked rows clears it.
    std::shared_ptr<const Frame> lastFrame() const { return layouts_.lastFrame(); }
    std::shared_ptr<const NeighbourIndex> neighbourIndex() const { return index_; }
    // The Inspector's few rows. A file's table never changes, so they are copied at once; a
    // running training's are read by the next projection job (never on the GUI thread), so until
    // it is done this returns null and asks for it (inspectedRowsReady follows).
    std::shared_ptr<const Snapshot> inspectRows(const std::vector<std::int32_t>& rows);

    // The layout the plot shows: PCA and custom axes follow training live; t-SNE and UMAP stay
    // as laid out while a run trains unless they follow it (LayoutScheduler).
    LayoutScheduler& layouts() { return layouts_; }
    const LayoutScheduler& layouts() const { return layouts_; }
    // The whole input table with its words, for export; empty without a trainer.
    WordVectors currentVectors() const;

    // Neighbours of a vocabulary row from the newest index (empty before the first index).
    std::vector<Neighbour> nearest(std::int32_t row, int k) const;
    std::vector<Neighbour> analogy(std::int32_t a, std::int32_t b, std::int32_t c, int k) const;
    std::int32_t indexOf(const QString& word) const;
    QString wordAt(std::int32_t row) const;

    // Refresh now: snapshot + projection, and the neighbour index.
    void refreshNow();
    // Drops waiting projection and index requests and blocks until no job runs (a new table,
    // shutdown); the outcomes of the jobs that ran are dropped as stale when they arrive.
    void waitForWorkers();

public slots:
    void start();  // Idle/Finished/Stopped: a run on a fresh table if needed; Paused: resume
    void pause();
    void resume();
    void step();
    void stop();
    void reset();  // a fresh untrained table, Idle
    void setLearningRate(double lr);
    void shutdown();  // stop everything, join (window closing)

signals:
    void corpusChanged();
    void trainerReset();  // a new, untrained table
    void trackedWordsChanged();
    void stateChanged(embedscope::TrainerState state);
    void progressChanged(const embedscope::TrainingProgress& progress);
    // A new frame of the tracked rows (frame->rows == trackedRows() when it is delivered).
    void frameReady(std::shared_ptr<const embedscope::Frame> frame);
    // inspectRows() has the rows asked for.
    void inspectedRowsReady();
    void neighbourIndexChanged();
    void trainingFinished(embedscope::TrainerState state, const QString& error);
    void errorOccurred(const QString& message);

private:
    // A new trainer (and table) of the options for the same rows: destroyTrainer, the layouts
    // restart (one new generation), createTrainer.
    void rebuildTrainer();
    // Waits for the jobs (their results are dropped), drops the trainer and bumps the trainer
    // generation.
    void destroyTrainer();
    // A trainer of corpus_ and the options, after destroyTrainer and a restart of the layouts.
    void createTrainer();
    void updateTrackedRows();
    // trackedRows_ from chosenRows_ and the extra row; true when it changed.
    bool mergeExtraRow();
    void trackedRowsChanged();
    void requestNeighbourIndex();
    void requestFastPath(std::shared_ptr<const NeighbourIndex> exact, std::uint64_t generation);
    void readTrainerMailbox();  // GUI thread, woken by trainerWake_
    void onFinished(std::uint64_t trainerGeneration, TrainerState state, const QString& error);
    void emitState();
    // The rows of the corpus's vocabulary or the loaded file, and the words that name them.
    std::int32_t rowCount() const;

    std::shared_ptr<const TokenizedCorpus> corpus_;
    std::shared_ptr<const LoadedVectorSource> loaded_;
    std::shared_ptr<const VectorSource> source_;  // loaded_ or a TrainingRunSource of trainer_
    TrainerOptions options_;
    std::unique_ptr<Trainer> trainer_;
    std::uint64_t trainerGeneration_ = 0;  // bumped with every new trainer
    TrainerState lastState_ = TrainerState::Idle;

    int trackedCount_ = kDefaultTrackedCount;
    QStringList trackedList_;
    QStringList missingTracked_;
    int listedWordsFound_ = 0;
    bool trackedListFellBack_ = false;
    std::int32_t extraRow_ = -1;
    std::vector<std::int32_t> chosenRows_;   // the most frequent words, or the list's
    std::vector<std::int32_t> trackedRows_;  // chosenRows_ and the extra row

    std::shared_ptr<const NeighbourIndex> index_;
    std::shared_ptr<const Snapshot> lastInspected_;
    TrainingProgress lastProgress_;

    // What the trainer's threads hand to the GUI thread: the newest progress and every end of
    // a run, each with the trainer generation it belongs to (see GuiWake for why not a queued
    // functor).
    struct TrainerMailbox {
        struct Finished {
            std::uint64_t generation;
            TrainerState state;
            std::string error;
        };
        std::optional<TrainingProgress> progress;
        std::uint64_t progressGeneration = 0;
        std::vector<Finished> finished;
    };
    std::mutex mailboxMutex_;
    TrainerMailbox mailbox_;
    GuiWake trainerWake_{[this] { readTrainerMailbox(); }};

    QTimer snapshotTimer_;
    QTimer indexTimer_;
    // Apart from the projections (layouts_): a projection never waits behind a (slower)
    // neighbour-index rebuild.
    JobRunner indexes_{JobRunner::Policy::FinishRunning};
    LayoutScheduler layouts_{*this};
};

}  // namespace embedscope
