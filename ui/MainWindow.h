// The Embedscope main window: the live scatter plot in the centre, docks around it (Corpus &
// Vocabulary, Training, Inspector, Neighbours & Analogies, Charts), a search toolbar, a status
// bar with the training figures, and the File / Training / View / Help menus.
//
// MainWindow wires; the work lives elsewhere: CorpusLoader (background loading), TrainingController
// (trainer, snapshots, projection, neighbour index), the panels, and Exports. Modal dialogs are
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

#include "Layout.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"
#include "VectorFileLoader.h"
#include "VectorFormats.h"

class QAction;
class QCheckBox;
class QCompleter;
class QDockWidget;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;

namespace embedscope {

class ChartsPanel;
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
class TrainingController;
class TrainingPanel;
class WindowExports;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Actions {
        QAction* open = nullptr;
        QAction* openVectors = nullptr;
        QAction* exportCsv = nullptr;
        QAction* exportWord2Vec = nullptr;
        QAction* exportWord2VecBinary = nullptr;
        QAction* exportGlove = nullptr;
        QAction* exportProjector = nullptr;
        QAction* exportProjection = nullptr;
        QAction* exportPng = nullptr;
        QAction* exportSvg = nullptr;
        QAction* quit = nullptr;
        QAction* start = nullptr;
        QAction* pauseResume = nullptr;
        QAction* step = nullptr;
        QAction* stop = nullptr;
        QAction* reset = nullptr;
        QAction* fit = nullptr;
        QAction* labels = nullptr;
        QAction* freeze = nullptr;
        QAction* trackedCount = nullptr;
        QAction* search = nullptr;
        QAction* evaluate = nullptr;
        QAction* lesson = nullptr;
        QAction* trainFromVectors = nullptr;  // Training > Train a corpus from these vectors…
        QAction* freezeVectors = nullptr;     // checkable: from_pretrained(freeze=True)
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loading runs in the background; corpusLoaded / loadFailed / loadCancelled report the end.
    // A failed or cancelled load leaves the current corpus and trainer as they were.
    void openCorpus(const QString& path, bool autoStart = false);
    // The embedded default corpus with its preset parameters.
    void openDefaultCorpus(bool autoStart = true);
    // Opens a file of word vectors made elsewhere (word2vec text or binary, fastText .vec, GloVe,
    // CSV, Projector TSV, NumPy .npy; gzip or xz) in the background, to explore without a corpus or
    // trainer; vectorsLoaded / loadFailed / loadCancelled report the end, and a failed or cancelled
    // open leaves everything as it was. openCorpus() hands a file that looks like vectors to this.
    void openVectors(const QString& path);
    QString vectorsPath() const { return vectorsPath_; }  // empty while a corpus is open
    // nn.Embedding.from_pretrained: opens the corpus and trains it starting from the vectors that
    // are open now (words the file lacks start as the Initialisation box says; the file's other
    // words are kept, unchanged, at the end of exports). With freeze the file's rows never change
    // and only the output vectors (and the words the file lacked) learn. The dimension becomes
    // the file's.
    void trainFromLoadedVectors(const QString& corpusPath, bool freeze);
    VectorFileLoader* vectorLoader() const { return vectorLoader_; }
    // The corpus named on the command line: as openCorpus, but a load that fails (a missing
    // file, a folder) shows its error and then the built-in corpus instead of an empty window.
    void openInitialCorpus(const QString& path, bool autoStart);
    void cancelLoad();
    bool isLoading() const;

    // Exports; each returns false after reporting the error (or on cancel).
    bool exportVectors(const QString& path, VectorFormat format);
    bool exportProjection(const QString& path);
    bool exportPlot(const QString& path);

    // Plots the words listed in a UTF-8 text file (separated by whitespace); false after reporting
    // an unreadable file.
    bool loadTrackedWordList(const QString& path);

    void selectRow(int vocabularyRow);
    int selectedRow() const { return selectedRow_; }
    void setTrackedCount(int count);

    // The answers to a question about discarding trained vectors.
    enum class DiscardAnswer { Keep, Discard, ExportFirst };

    // Help > Lesson: the non-modal LessonDialog (made on first use, raised when open again).
    void showLesson();
    LessonDialog* lessonDialog() const;
    LayoutControls* layoutControls() const { return layoutControls_; }
    // At the first start only (a QSettings flag): a bar above the plot offers the lesson. It asks
    // nothing and blocks nothing; main() calls it, tests and unattended runs need not. Returns
    // whether the offer was shown.
    bool offerLessonOnce();
    QWidget* lessonOffer() const { return lessonOffer_; }

    // Test seams. The error handler receives a title and a one-line message (default: a
    // non-blocking QMessageBox); the discard question is answered by the asker (default: a
    // QMessageBox with Discard, Export… and Keep). setConfirmer answers it yes (Discard) or no.
    void setErrorHandler(std::function<void(const QString&, const QString&)> handler);
    void setDiscardAsker(std::function<DiscardAnswer(const QString&)> asker);
    void setConfirmer(std::function<bool(const QString&)> confirmer);

    const Actions& actions() const { return actions_; }
    TrainingController* controller() const { return controller_; }
    CorpusLoader* loader() const { return loader_; }
    ScatterPlot* plot() const { return plot_; }  // the 2-D plot
    PlotArea* plotArea() const { return plotArea_; }
    CorpusPanel* corpusPanel() const { return corpusPanel_; }
    TrainingPanel* trainingPanel() const { return trainingPanel_; }
    InspectorPanel* inspectorPanel() const { return inspector_; }
    NeighboursPanel* neighboursPanel() const { return neighbours_; }
    ChartsPanel* chartsPanel() const { return charts_; }
    WindowExports* exports() const { return exports_; }
    QString corpusPath() const { return corpusPath_; }  // empty for the default corpus

signals:
    void corpusLoaded(const QString& path);
    void vectorsLoaded(const QString& path);
    void loadFailed(const QString& path, const QString& message);
    void loadCancelled(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // A key press that one of the window's enabled actions takes as its shortcut, with Ctrl or Alt
    // or on a function key (never an editing key such as Ctrl+C).
    bool isWindowCommand(const QKeyEvent& key) const;
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void createSearchBar();
    void connectController();
    void restoreSettings();
    void saveSettings();
    // Saves the parameters of the user's own corpus (not the built-in one's preset) as the ones
    // the next corpus of theirs opens with.
    void rememberOwnCorpusOptions();

    void onCorpusLoaded(std::shared_ptr<const TokenizedCorpus> corpus, const QString& path);
    // MainWindowVectors.cpp: opening vector files.
    void connectVectorLoader();
    void chooseVectors();
    void chooseCorpusForLoadedVectors();
    // A regular file whose first bytes (decompressed for gzip and xz) look like word vectors
    // (VectorFileSniffer): opening it as a corpus would tokenize numbers.
    static bool looksLikeVectorFile(const QString& path);
    void onVectorsLoaded(LoadedVectorsPtr vectors, const QString& path);
    void onLoadFailed(const QString& path, const QString& message, const QString& title);
    void onTrackedWordsChanged();
    void onStateChanged(TrainerState state);
    void onProgress(const TrainingProgress& progress);
    void onFrame(std::shared_ptr<const Frame> frame);
    // The plot's words become these rows' (the selection and the search highlight stay).
    void showPlottedRows(const std::vector<std::int32_t>& rows);
    void onTrainingOptionsEdited();
    void onTrackedListEdited(const QString& words);
    // Says in the status bar which listed words are plotted and which the vocabulary lacks.
    void reportTrackedList();
    void startTraining();
    void reloadCorpus();
    void chooseCorpus();
    void chooseTrackedCount();
    void rebuildRecentMenu();
    void showGuide();
    void showEvaluation();
    void showAbout();
    // The lesson's last step: the built-in corpus, trained, with the Inspector in view.
    void trainFromLesson();
    void reportError(const QString& title, const QString& message);
    DiscardAnswer askDiscard(const QString& question);
    // Training on the user's corpus that no vector export holds yet. Vectors trained on the
    // built-in corpus do not count: they come back in seconds.
    bool hasUnexportedTraining() const;
    // True when nothing unexported would be lost, or the user agrees to lose it, or exports it
    // first (the "Export…" answer).
    bool mayDiscardTraining(const QString& question);

    TrainingController* controller_;
    CorpusLoader* loader_;
    VectorFileLoader* vectorLoader_;
    PlotArea* plotArea_;
    ScatterPlot* plot_;  // plotArea_'s 2-D plot
    CorpusPanel* corpusPanel_;
    TrainingPanel* trainingPanel_;
    InspectorPanel* inspector_;
    NeighboursPanel* neighbours_;
    ChartsPanel* charts_;
    WindowExports* exports_ = nullptr;
    LayoutControls* layoutControls_ = nullptr;
    QCompleter* completer_;
    QLineEdit* searchEdit_ = nullptr;
    QCheckBox* searchRegex_ = nullptr;
    QLabel* searchCount_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* docksMenu_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    QLabel* epochLabel_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QLabel* lrLabel_ = nullptr;
    QLabel* lossLabel_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    QPointer<QWidget> guide_;
    QPointer<EvaluationDialog> evaluation_;
    QPointer<LessonDialog> lesson_;
    QPointer<QWidget> lessonOffer_;
    QDockWidget* inspectorDock_ = nullptr;
    Actions actions_;

    QString corpusPath_;
    QString vectorsPath_;
    QString loadingPath_;
    TrainerOptions pendingTrainerOptions_;       // applied when the requested load arrives
    PretrainedVectors pretrainedForNextCorpus_;  // set by trainFromLoadedVectors
    bool autoStartAfterLoad_ = false;
    bool closing_ = false;
    bool defaultCorpusIfLoadFails_ = false;  // the command line's corpus is loading
    int selectedRow_ = -1;
    std::function<void(const QString&, const QString&)> errorHandler_;
    std::function<DiscardAnswer(const QString&)> discardAsker_;
    bool askingToDiscard_ = false;
};

}  // namespace embedscope
