// The Embedscope main window: the live scatter plot in the centre, docks around it (Corpus &
// Vocabulary, Training, Inspector, Neighbours & Analogies, Charts), a search toolbar, a status
// bar with the training figures, and the File / Training / View / Help menus.
//
// MainWindow wires; the work lives elsewhere: TrainingController (trainer, snapshots, layouts,
// neighbour index), OpenActions (opening corpora and vector files), DiscardQuestion (before
// unexported vectors are lost), the panels, WindowActions (the commands and when they are
// enabled), SearchBar, PlottedWordsChoice (which words are plotted), WindowExports,
// SessionActions and TimelineRecorder (session files and the training timeline they hold),
// TrainingStatusBar, HelpActions and WindowCommandFilter (shortcuts over fields). Modal dialogs are
// kept at the edges: errors and questions go through replaceable handlers, and every export has a
// function taking the path that the menu action calls after its file dialog, so tests can drive
// everything without a dialog.
#pragma once

#include <QMainWindow>
#include <QPointer>

#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "DiscardQuestion.h"
#include "HelpActions.h"
#include "Layout.h"
#include "OpenActions.h"
#include "PlottedWordsChoice.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"
#include "VectorFileLoader.h"
#include "VectorFormats.h"
#include "WindowActions.h"
#include "WindowExports.h"

class QAction;
class QCompleter;
class QDockWidget;
class QMenu;

namespace embedscope {

class ChartsPanel;
class ColouringActions;
class PlotArea;
class LayoutControls;
struct Frame;
class CorpusLoader;
class CorpusPanel;
class EvaluationDialog;
class InspectorPanel;
class LessonDialog;
class NeighboursPanel;
class ScatterPlot;
class ReplayExport;
class SearchBar;
class SelectionActions;
class SessionActions;
class TimelineBar;
class TimelineRecorder;
class TrainingEvaluator;
class TrainingController;
class TrainingPanel;
class TrainingStatusBar;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    using Actions = WindowActions;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loading runs in the background; corpusLoaded / loadFailed / loadCancelled report the end.
    // A failed or cancelled load leaves the current corpus and trainer as they were.
    void openCorpus(const QString& path, bool autoStart = false) {
        openActions_->openCorpus(path, autoStart);
    }
    // The embedded default corpus with its preset parameters.
    void openDefaultCorpus(bool autoStart = true) { openActions_->openDefaultCorpus(autoStart); }
    // Opens a file of word vectors made elsewhere (word2vec text or binary, fastText .vec, GloVe,
    // CSV, Projector TSV, NumPy .npy; gzip or xz) in the background, to explore without a corpus or
    // trainer; vectorsLoaded / loadFailed / loadCancelled report the end, and a failed or cancelled
    // open leaves everything as it was. openCorpus() hands a file that looks like vectors to this.
    void openVectors(const QString& path) { openActions_->openVectors(path); }
    // Empty while a corpus is open.
    QString vectorsPath() const { return openActions_->vectorsPath(); }
    // nn.Embedding.from_pretrained: opens the corpus and trains it starting from the vectors that
    // are open now (words the file lacks start as the Initialisation box says; the file's other
    // words are kept, unchanged, at the end of exports). With freeze the file's rows never change
    // and only the output vectors (and the words the file lacked) learn. The dimension becomes
    // the file's.
    void trainFromLoadedVectors(const QString& corpusPath, bool freeze) {
        openActions_->trainFromLoadedVectors(corpusPath, freeze);
    }
    VectorFileLoader* vectorLoader() const { return openActions_->vectorLoader(); }
    // The corpus named on the command line: as openCorpus, but a load that fails (a missing
    // file, a folder) shows its error and then the built-in corpus instead of an empty window.
    void openInitialCorpus(const QString& path, bool autoStart) {
        openActions_->openInitialCorpus(path, autoStart);
    }
    void cancelLoad() { openActions_->cancelLoad(); }
    bool isLoading() const { return openActions_->isLoading(); }

    // Exports; each returns false after reporting the error (or on cancel).
    bool exportVectors(const QString& path, VectorFormat format) {
        return exports_->exportVectors(path, format);
    }
    bool exportProjection(const QString& path) { return exports_->exportProjection(path); }
    bool exportPlot(const QString& path) { return exports_->exportPlot(path); }

    // Plots the words listed in a UTF-8 text file (separated by whitespace); false after reporting
    // an unreadable file.
    bool loadTrackedWordList(const QString& path) {
        return plottedWords_->loadTrackedWordList(path);
    }

    void selectRow(int vocabularyRow);
    int selectedRow() const { return selectedRow_; }
    void setTrackedCount(int count) { plottedWords_->setTrackedCount(count); }

    // The answers to a question about discarding trained vectors.
    using DiscardAnswer = DiscardQuestion::Answer;

    // Help > Lesson: the non-modal LessonDialog (made on first use, raised when open again).
    void showLesson() { help_->showLesson(); }
    LessonDialog* lessonDialog() const { return help_->lessonDialog(); }
    LayoutControls* layoutControls() const { return layoutControls_; }
    // At the first start only (a QSettings flag): a bar above the plot offers the lesson. It asks
    // nothing and blocks nothing; main() calls it, tests and unattended runs need not. Returns
    // whether the offer was shown.
    bool offerLessonOnce() { return help_->offerLessonOnce(); }
    QWidget* lessonOffer() const { return help_->lessonOffer(); }

    // Test seams. The error handler receives a title and a one-line message (default: a
    // non-blocking QMessageBox); the discard question is answered by the asker (default: a
    // QMessageBox with Discard, Export… and Keep). setConfirmer answers it yes (Discard) or no.
    void setErrorHandler(std::function<void(const QString&, const QString&)> handler);
    void setDiscardAsker(std::function<DiscardAnswer(const QString&)> asker) {
        discard_.setAsker(std::move(asker));
    }
    void setConfirmer(std::function<bool(const QString&)> confirmer) {
        discard_.setConfirmer(std::move(confirmer));
    }

    const Actions& actions() const { return actions_; }
    TrainingController* controller() const { return controller_; }
    CorpusLoader* loader() const { return openActions_->loader(); }
    ScatterPlot* plot() const { return plot_; }  // the 2-D plot
    PlotArea* plotArea() const { return plotArea_; }
    ColouringActions* colouring() const { return colouring_; }
    CorpusPanel* corpusPanel() const { return corpusPanel_; }
    TrainingPanel* trainingPanel() const { return trainingPanel_; }
    InspectorPanel* inspectorPanel() const { return inspector_; }
    NeighboursPanel* neighboursPanel() const { return neighbours_; }
    ChartsPanel* chartsPanel() const { return charts_; }
    WindowExports* exports() const { return exports_; }
    // File > Open session…, Save session, Save session as… (.embedscope files).
    SessionActions* sessions() const { return sessions_; }
    TimelineRecorder* timelineRecorder() const { return recorder_; }
    TrainingEvaluator* trainingEvaluator() const { return evaluator_; }
    TimelineBar* timelineBar() const { return timelineBar_; }
    ReplayExport* replayExport() const { return replayExport_; }
    // The Selection menu: the multi-word selection, isolation, neighbours, export and tags.
    SelectionActions* selectionActions() const { return selectionActions_; }
    // Empty for the default corpus.
    QString corpusPath() const { return openActions_->corpusPath(); }

signals:
    void corpusLoaded(const QString& path);
    void vectorsLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& message);
    void loadCancelled(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void createSearchBar();
    void connectController();
    void connectOpenActions();
    void restoreSettings();
    void saveSettings();

    // Shows what OpenActions opened.
    void showCorpus(std::shared_ptr<const TokenizedCorpus> corpus, const QString& path,
                    const TrainerOptions& options, bool autoStart);
    void showVectors(LoadedVectorsPtr vectors, const QString& path);
    void onTrackedWordsChanged();
    void onStateChanged(TrainerState state);
    void onProgress(const TrainingProgress& progress);
    void onFrame(std::shared_ptr<const Frame> frame);
    // The plot's words become these rows' (the selection and the search highlight stay).
    void showPlottedRows(const std::vector<std::int32_t>& rows);
    void onTrainingOptionsEdited();
    void startTraining();
    void showEvaluation();
    // The lesson's last step: the built-in corpus, trained, with the Inspector in view.
    void trainFromLesson();
    void reportError(const QString& title, const QString& message);
    // Training on the user's corpus that no vector export holds yet. Vectors trained on the
    // built-in corpus do not count: they come back in seconds.
    bool hasUnexportedTraining() const;
    // True when nothing unexported would be lost, or the user agrees to lose it, or exports it
    // first (the "Export…" answer).
    bool mayDiscardTraining(const QString& question) { return discard_.mayDiscard(question); }

    TrainingController* controller_;
    PlotArea* plotArea_;
    ColouringActions* colouring_ = nullptr;
    ScatterPlot* plot_;  // plotArea_'s 2-D plot
    CorpusPanel* corpusPanel_;
    TrainingPanel* trainingPanel_;
    InspectorPanel* inspector_;
    NeighboursPanel* neighbours_;
    ChartsPanel* charts_;
    WindowExports* exports_ = nullptr;
    TimelineRecorder* recorder_ = nullptr;
    TrainingEvaluator* evaluator_ = nullptr;
    SessionActions* sessions_ = nullptr;
    TimelineBar* timelineBar_ = nullptr;
    ReplayExport* replayExport_ = nullptr;
    SelectionActions* selectionActions_ = nullptr;
    LayoutControls* layoutControls_ = nullptr;
    QCompleter* completer_;
    SearchBar* searchBar_ = nullptr;
    PlottedWordsChoice* plottedWords_ = nullptr;
    QMenu* docksMenu_ = nullptr;
    TrainingStatusBar* trainingStatus_ = nullptr;
    HelpActions* help_ = nullptr;
    QPointer<EvaluationDialog> evaluation_;
    QDockWidget* inspectorDock_ = nullptr;
    Actions actions_;

    DiscardQuestion discard_;
    OpenActions* openActions_;
    int selectedRow_ = -1;
    std::function<void(const QString&, const QString&)> errorHandler_;
};

}  // namespace embedscope
