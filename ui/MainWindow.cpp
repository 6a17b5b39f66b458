#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCompleter>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

#include "Bookmarks.h"
#include "ChartsPanel.h"
#include "ColouringActions.h"
#include "CorpusLoader.h"
#include "CorpusPanel.h"
#include "DefaultCorpusPreset.h"
#include "EvaluationDialog.h"
#include "HelpActions.h"
#include "InspectorPanel.h"
#include "LayoutControls.h"
#include "NeighboursPanel.h"
#include "PlotArea.h"
#include "PlottedWordsChoice.h"
#include "ReplayExport.h"
#include "ScatterPlot.h"
#include "SearchBar.h"
#include "SelectionActions.h"
#include "SessionActions.h"
#include "Settings.h"
#include "StableButtonWidth.h"
#include "TimelineBar.h"
#include "TimelineRecorder.h"
#include "TrainingController.h"
#include "TrainingEvaluator.h"
#include "TrainingPanel.h"
#include "TrainingStatusBar.h"
#include "VocabularyModel.h"
#include "WindowCommandFilter.h"
#include "WindowExports.h"
#include "WindowMenus.h"

namespace embedscope {

namespace {

QDockWidget* makeDock(const QString& title, const QString& objectName, QWidget* content,
                      QMainWindow* window) {
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    return dock;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      controller_(new TrainingController(this)),
      plotArea_(new PlotArea(this)),
      plot_(plotArea_->plot2d()),
      corpusPanel_(new CorpusPanel(this)),
      trainingPanel_(new TrainingPanel(this)),
      inspector_(new InspectorPanel(controller_, this)),
      neighbours_(new NeighboursPanel(controller_, this)),
      charts_(new ChartsPanel(this)),
      completer_(new QCompleter(this)),
      discard_(
          this, [this] { return hasUnexportedTraining(); },
          [this] { return exports_->exportVectorsInAnyFormatWithDialog(); }) {
    setWindowTitle(tr("Embedscope"));
    setWindowIcon(QIcon(QStringLiteral(":/embedscope.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);

    completer_->setModel(corpusPanel_->model());
    completer_->setCompletionColumn(VocabularyModel::WordColumn);
    completer_->setCaseSensitivity(Qt::CaseInsensitive);
    completer_->setFilterMode(Qt::MatchStartsWith);
    inspector_->setCompleter(completer_);
    neighbours_->setCompleter(completer_);

    plotArea_->setNeighbourProvider([this](int index) {
        QStringList lines;
        const auto& rows = controller_->trackedRows();
        if (index < 0 || index >= int(rows.size()))
            return lines;
        for (const Neighbour& n : controller_->nearest(rows[index], 5))
            lines << QStringLiteral("%1 (%2)")
                         .arg(controller_->wordAt(n.index))
                         .arg(double(n.similarity), 0, 'f', 2);
        return lines;
    });

    openActions_ = new OpenActions(
        this, controller_, corpusPanel_, trainingPanel_, &discard_, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    plottedWords_ = new PlottedWordsChoice(
        this, controller_, trainingPanel_, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    help_ = new HelpActions(this);
    connect(help_, &HelpActions::lessonTrainingRequested, this, &MainWindow::trainFromLesson);
    exports_ = new WindowExports(
        controller_, plot_, this, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    connect(exports_, &WindowExports::vectorsExported, this,
            [this] { setWindowModified(hasUnexportedTraining()); });
    recorder_ = new TimelineRecorder(controller_, this);
    evaluator_ = new TrainingEvaluator(controller_, this);
    connect(evaluator_, &TrainingEvaluator::scored, this, [this](const TrainingScore& score) {
        recorder_->noteScore(score.analogyAccuracy, score.spearman);
        charts_->addScore(score.seconds, score.analogyAccuracy, score.spearman);
    });
    connect(recorder_, &TimelineRecorder::recordingFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    sessions_ = new SessionActions(
        this,
        {controller_, openActions_, corpusPanel_, trainingPanel_, plottedWords_, recorder_,
         exports_, &discard_, statusBar()},
        [this](const QString& title, const QString& message) { reportError(title, message); });
    openActions_->setSessionOpener(
        [this](const QString& path) { return sessions_->openSession(path); });
    // The timeline bar sits under the plot; a frame it replays is shown as a live one is.
    timelineBar_ = new TimelineBar(controller_, recorder_, sessions_, this);
    connect(timelineBar_, &TimelineBar::frameChosen, this, &MainWindow::onFrame);
    connect(timelineBar_, &TimelineBar::trailsChanged, plotArea_, &PlotArea::showReplayTrails);
    connect(plotArea_, &PlotArea::trailRowsChanged, timelineBar_, &TimelineBar::setTrailRows);
    connect(timelineBar_, &TimelineBar::replayMetricsChanged, charts_, &ChartsPanel::showTimeline);
    connect(timelineBar_, &TimelineBar::cursorMoved, charts_, &ChartsPanel::setCursorSeconds);
    connect(timelineBar_, &TimelineBar::cursorChanged, inspector_,
            &InspectorPanel::setReplayCursor);
    connect(timelineBar_, &TimelineBar::cursorChanged, neighbours_,
            &NeighboursPanel::setReplayCursor);
    replayExport_ = new ReplayExport(
        controller_, timelineBar_, plot_, this, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    centreLayout->addWidget(plotArea_, 1);
    centreLayout->addWidget(timelineBar_);
    setCentralWidget(centre);
    layoutControls_ = new LayoutControls(controller_, this);
    connect(layoutControls_, &LayoutControls::errorOccurred, this, &MainWindow::reportError);
    selectionActions_ = new SelectionActions(
        this, {controller_, plotArea_, neighbours_, exports_, statusBar()},
        [this](const QString& title, const QString& message) { reportError(title, message); });
    createActions();
    createMenus();
    createSearchBar();
    createDocks();
    createStatusBar();
    connectController();
    connectOpenActions();
    restoreSettings();
    qApp->installEventFilter(new WindowCommandFilter(this));
    onStateChanged(TrainerState::Idle);
}

MainWindow::~MainWindow() {
    loader()->cancel();
    controller_->shutdown();
    loader()->waitForIdle();
    // QWidget's destructor hides the window, and the focused field reports a finished edit as it
    // loses the focus: no panel may reach this half-destroyed window by then.
    for (QObject* child : findChildren<QObject*>())
        disconnect(child, nullptr, this, nullptr);
}

void MainWindow::createActions() {
    actions_ = WindowActions::create(this);
    const auto on = [this](QAction* action, auto slot) {
        connect(action, &QAction::triggered, this, slot);
    };
    on(actions_.open, [this] { openActions_->chooseCorpus(); });
    on(actions_.trainFromVectors,
       [this] { openActions_->chooseCorpusForLoadedVectors(actions_.freezeVectors->isChecked()); });
    on(actions_.openVectors, [this] { openActions_->chooseVectors(); });
    for (const auto& [action, format] :
         {std::pair{actions_.exportCsv, VectorFormat::Csv},
          std::pair{actions_.exportWord2Vec, VectorFormat::Word2VecText},
          std::pair{actions_.exportWord2VecBinary, VectorFormat::Word2VecBinary},
          std::pair{actions_.exportGlove, VectorFormat::Glove},
          std::pair{actions_.exportProjector, VectorFormat::Projector}})
        on(action, [this, format = format] { exports_->exportVectorsWithDialog(format); });
    on(actions_.exportProjection, [this] { exports_->exportProjectionWithDialog(); });
    on(actions_.exportPng, [this] { exports_->exportPlotWithDialog(QStringLiteral("png")); });
    on(actions_.exportSvg, [this] { exports_->exportPlotWithDialog(QStringLiteral("svg")); });
    on(actions_.quit, [this] { close(); });

    on(actions_.start, [this] { startTraining(); });
    on(actions_.pauseResume, [this] {
        if (controller_->state() == TrainerState::Running)
            controller_->pause();
        else if (controller_->state() == TrainerState::Paused)
            controller_->resume();
    });
    on(actions_.step, [this] {
        const TrainerState state = controller_->state();
        const bool needsFreshTable = state == TrainerState::Finished ||
                                     state == TrainerState::Stopped ||
                                     state == TrainerState::Failed;
        if (needsFreshTable &&
            !mayDiscardTraining(tr("Step on a new table? This discards the trained vectors "
                                   "(export them first to keep them).")))
            return;
        controller_->step();
    });
    on(actions_.stop, [this] { controller_->stop(); });
    on(actions_.evaluate, [this] { showEvaluation(); });
    on(actions_.lesson, [this] { showLesson(); });
    on(actions_.reset, [this] {
        if (!mayDiscardTraining(
                tr("Reset to a new random table? This discards the trained vectors.")))
            return;
        controller_->reset();
    });
    on(actions_.fit, [this] { plotArea_->fitToData(); });
    on(actions_.labels, [this](bool on) { plotArea_->setLabelsVisible(on); });
    on(actions_.freeze, [this](bool on) { controller_->layouts().setFrozen(on); });
    on(actions_.trackedCount, [this] { plottedWords_->chooseTrackedCount(); });
    on(actions_.search, [this] { searchBar_->focus(); });
}

void MainWindow::createMenus() {
    colouring_ = new ColouringActions(
        controller_, plotArea_, this, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    colouring_->offerTagColumns(selectionActions_);  // View > Colour by offers the tag columns
    sessions_->attachView(plotArea_, colouring_, selectionActions_);
    docksMenu_ =
        buildWindowMenus(this, {&actions_, openActions_, sessions_, layoutControls_, help_,
                                plotArea_, replayExport_->action(), colouring_,
                                selectionActions_->menu(), sessions_->bookmarks()->menu()});
}

void MainWindow::createSearchBar() {
    QToolBar* bar = addToolBar(tr("Search"));
    bar->setObjectName(QStringLiteral("searchToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(actions_.open);
    bar->addSeparator();
    for (QAction* action : {actions_.start, actions_.pauseResume, actions_.step, actions_.stop}) {
        bar->addAction(action);
        if (auto* button = qobject_cast<QToolButton*>(bar->widgetForAction(action)))
            keepWidthForEveryText(button);
    }
    bar->addSeparator();
    bar->addAction(actions_.fit);
    bar->addAction(actions_.freeze);
    bar->addSeparator();
    searchBar_ = new SearchBar(bar, plotArea_, plot_, completer_);
    connect(searchBar_, &SearchBar::wordEntered, this, [this](const QString& word) {
        const std::int32_t row = controller_->indexOf(word);
        if (row >= 0)
            selectRow(row);
    });
}

void MainWindow::createDocks() {
    trainingPanel_->setActions(
        {actions_.start, actions_.pauseResume, actions_.step, actions_.stop, actions_.reset});
    QDockWidget* corpus =
        makeDock(tr("Corpus & Vocabulary"), QStringLiteral("corpusDock"), corpusPanel_, this);
    QDockWidget* training =
        makeDock(tr("Training"), QStringLiteral("trainingDock"), trainingPanel_, this);
    QDockWidget* inspector = makeDock(tr("Inspector: one-hot × W = embedding"),
                                      QStringLiteral("inspectorDock"), inspector_, this);
    inspectorDock_ = inspector;
    QDockWidget* neighbours =
        makeDock(tr("Neighbours & Analogies"), QStringLiteral("neighboursDock"), neighbours_, this);
    QDockWidget* charts = makeDock(tr("Charts"), QStringLiteral("chartsDock"), charts_, this);

    // The plot keeps the centre; the charts sit under it only (the side columns own the corners).
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDockWidget(Qt::LeftDockWidgetArea, training);
    addDockWidget(Qt::LeftDockWidgetArea, corpus);
    splitDockWidget(training, corpus, Qt::Vertical);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    addDockWidget(Qt::RightDockWidgetArea, neighbours);
    splitDockWidget(inspector, neighbours, Qt::Vertical);
    addDockWidget(Qt::BottomDockWidgetArea, charts);
    resizeDocks({training, inspector}, {380, 440}, Qt::Horizontal);
    resizeDocks({training, corpus}, {250, 600}, Qt::Vertical);
    resizeDocks({inspector, neighbours}, {480, 370}, Qt::Vertical);
    resizeDocks({charts}, {170}, Qt::Vertical);
    for (QDockWidget* dock : {corpus, training, inspector, neighbours, charts}) {
        // A menu takes "&" for a mnemonic: "Corpus & Vocabulary" must say "&&".
        QAction* toggle = dock->toggleViewAction();
        toggle->setText(
            QString(dock->windowTitle()).replace(QLatin1Char('&'), QStringLiteral("&&")));
        docksMenu_->addAction(toggle);
    }
}

void MainWindow::createStatusBar() {
    trainingStatus_ = new TrainingStatusBar(controller_, statusBar());
    statusBar()->addWidget(layoutControls_->statusLabel());
}

void MainWindow::connectController() {
    connect(corpusPanel_, &CorpusPanel::openRequested, this,
            [this] { openActions_->chooseCorpus(); });
    connect(corpusPanel_, &CorpusPanel::reloadRequested, this,
            [this] { openActions_->reloadCorpus(); });
    connect(corpusPanel_, &CorpusPanel::cancelRequested, this, &MainWindow::cancelLoad);
    connect(corpusPanel_, &CorpusPanel::wordActivated, this, &MainWindow::selectRow);

    connect(trainingPanel_, &TrainingPanel::optionsEdited, this,
            &MainWindow::onTrainingOptionsEdited);
    connect(trainingPanel_, &TrainingPanel::learningRateEdited, controller_,
            &TrainingController::setLearningRate);
    connect(trainingPanel_, &TrainingPanel::trackedCountEdited, this, &MainWindow::setTrackedCount);
    connect(trainingPanel_, &TrainingPanel::loadWordListRequested, this,
            [this] { plottedWords_->chooseTrackedWordList(); });
    connect(trainingPanel_, &TrainingPanel::trackedWordListEdited, this,
            [this](const QString& words) { plottedWords_->setTrackedList(words); });

    connect(controller_, &TrainingController::stateChanged, this, &MainWindow::onStateChanged);
    connect(controller_, &TrainingController::progressChanged, this, &MainWindow::onProgress);
    connect(controller_, &TrainingController::progressChanged, charts_, &ChartsPanel::addProgress);
    connect(controller_, &TrainingController::trainerReset, charts_, &ChartsPanel::clear);
    connect(controller_, &TrainingController::trainerReset, this, [this] {
        // A new table: the selected word's trail starts again, and the first positions of the
        // new table replace the old ones without a glide (which would draw a trail between the
        // two tables).
        plotArea_->startNewTable();
        onProgress(controller_->progress());
        onStateChanged(controller_->state());
    });
    connect(controller_, &TrainingController::trackedWordsChanged, this,
            &MainWindow::onTrackedWordsChanged);
    connect(controller_, &TrainingController::frameReady, this, &MainWindow::onFrame);
    connect(controller_, &TrainingController::inspectedRowsReady, inspector_,
            &InspectorPanel::refresh);
    connect(controller_, &TrainingController::neighbourIndexChanged, inspector_,
            &InspectorPanel::updateComparison);
    connect(controller_, &TrainingController::neighbourIndexChanged, neighbours_,
            &NeighboursPanel::refresh);
    connect(controller_, &TrainingController::errorOccurred, this,
            [this](const QString& message) { reportError(tr("Training"), message); });

    connect(plotArea_, &PlotArea::pointClicked, this, [this](int index) {
        const auto& rows = controller_->trackedRows();
        if (index >= 0 && index < int(rows.size()))
            selectRow(rows[index]);
    });
    connect(inspector_, &InspectorPanel::wordRequested, this, &MainWindow::selectRow);
    connect(neighbours_, &NeighboursPanel::wordActivated, this, &MainWindow::selectRow);
}

void MainWindow::connectOpenActions() {
    connect(openActions_, &OpenActions::corpusArrived, this, &MainWindow::showCorpus);
    connect(openActions_, &OpenActions::vectorsArrived, this, &MainWindow::showVectors);
    connect(openActions_, &OpenActions::loadFailed, this, &MainWindow::loadFailed);
    connect(openActions_, &OpenActions::loadCancelled, this, &MainWindow::loadCancelled);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1560, 940);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    corpusPanel_->setCorpusOptions(settings::loadCorpusOptions(settings, CorpusOptions{}));
    TrainerOptions trainer;
    trainer.threads = 0;
    trainingPanel_->setOptions(settings::loadTrainerOptions(settings, trainer));
    const int tracked =
        settings::loadTrackedCount(settings, TrainingController::kDefaultTrackedCount);
    trainingPanel_->setTrackedCount(tracked);
    controller_->setTrackedCount(tracked);
    controller_->setOptions(trainingPanel_->options());
}

void MainWindow::saveSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings::saveTrackedCount(settings, controller_->trackedCount());
    openActions_->rememberOwnCorpusOptions();
}

void MainWindow::setErrorHandler(std::function<void(const QString&, const QString&)> handler) {
    errorHandler_ = std::move(handler);
}

void MainWindow::reportError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, 8000);
    if (errorHandler_) {
        errorHandler_(title, message);
        return;
    }
    // Non-blocking: training and loading go on while the message is shown.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::hasUnexportedTraining() const {
    const TrainingController::TableVersion version = controller_->tableVersion();
    const bool trained = version.second > 0;  // words trained on this table
    return !corpusPath().isEmpty() && trained && version != exports_->exportedVersion();
}

// ---- what was opened --------------------------------------------------------------------------

void MainWindow::showCorpus(std::shared_ptr<const TokenizedCorpus> corpus, const QString& path,
                            const TrainerOptions& options, bool autoStart) {
    const QString name = path.isEmpty() ? defaultCorpusName() : QFileInfo(path).fileName();
    trainingPanel_->setOptions(options);
    selectedRow_ = -1;
    controller_->setCorpus(corpus, options);
    corpusPanel_->setCorpus(corpus, path.isEmpty() ? tr("Default corpus (built in)") : path);
    setWindowTitle(tr("%1[*] — Embedscope").arg(name));
    const PretrainedVectors& pretrained = options.pretrained;
    statusBar()->showMessage(
        pretrained.vectors
            ? tr("Loaded %1: %2 words in the vocabulary; training starts from the vectors of %3%4")
                  .arg(name)
                  .arg(corpus->vocabulary.size())
                  .arg(QFileInfo(QString::fromStdString(pretrained.source)).fileName(),
                       pretrained.freeze ? tr(" (frozen)") : QString())
            : tr("Loaded %1: %2 words in the vocabulary").arg(name).arg(corpus->vocabulary.size()),
        8000);
    // Something to look at in the inspector from the start: a word the default corpus is built
    // around, else the most frequent word.
    std::int32_t first = controller_->indexOf(QStringLiteral("dog"));
    selectRow(first >= 0 && path.isEmpty() ? first : 0);
    // The default corpus pairs male and female words so that this classic works.
    if (path.isEmpty() && controller_->indexOf(QStringLiteral("queen")) >= 0)
        neighbours_->setAnalogy(QStringLiteral("man"), QStringLiteral("king"),
                                QStringLiteral("woman"));
    plottedWords_->reportTrackedList();  // a list carried over may miss words of this corpus
    emit corpusLoaded(path);
    if (autoStart)
        controller_->start();
}

void MainWindow::showVectors(LoadedVectorsPtr vectors, const QString& path) {
    selectedRow_ = -1;
    const QString name = QFileInfo(path).fileName();
    controller_->setLoadedVectors(vectors);
    corpusPanel_->setVectors(vectors, path);
    setWindowTitle(tr("%1[*] — Embedscope").arg(name));
    setWindowModified(false);
    const QString opened = tr("Opened %1 as word vectors: %2 words × %3 dimensions")
                               .arg(name)
                               .arg(QLocale().toString(vectors->rows()))
                               .arg(vectors->dim());
    statusBar()->showMessage(
        vectorLoader()->lastLoadFromCache() ? tr("%1 (from cache)").arg(opened) : opened, 8000);
    selectRow(0);
    plottedWords_->reportTrackedList();
    emit vectorsLoaded(path);
}

// ---- training --------------------------------------------------------------------------------

void MainWindow::startTraining() {
    const TrainerState state = controller_->state();
    const bool needsFreshTable = state == TrainerState::Finished ||
                                 state == TrainerState::Stopped || state == TrainerState::Failed;
    if (needsFreshTable &&
        !mayDiscardTraining(tr("Start a new run? This discards the trained vectors (export them "
                               "first to keep them).")))
        return;
    controller_->start();
}

void MainWindow::onTrainingOptionsEdited() {
    TrainerOptions options = trainingPanel_->options();
    options.pretrained = controller_->options().pretrained;  // the panel does not show them
    if (controller_->needsNewTable(options) &&
        !mayDiscardTraining(
            tr("This change needs a new embedding table. Discard the trained vectors?"))) {
        trainingPanel_->setOptions(controller_->options());
        return;
    }
    // Also an edit that keeps the table (the model's default kernel or initialisation picked by
    // name) is recorded: it is what the next model switch and the saved settings follow.
    controller_->setOptions(options);
}

void MainWindow::onTrackedWordsChanged() {
    showPlottedRows(controller_->trackedRows());
    plot_->setAxisInfo(QStringLiteral("PC1"), QStringLiteral("PC2"));
}

void MainWindow::showPlottedRows(const std::vector<std::int32_t>& rows) {
    QVector<PlotWord> words;
    words.reserve(static_cast<int>(rows.size()));
    const std::shared_ptr<const VectorSource> source = controller_->source();
    for (std::int32_t row : rows)
        words.push_back({controller_->wordAt(row), source ? source->count(row) : 0, row});
    plotArea_->setWords(words);
    if (searchBar_)
        searchBar_->highlightAgain();
    selectRow(selectedRow_);
}

void MainWindow::onFrame(std::shared_ptr<const Frame> frame) {
    // The frame names its rows: the plot shows exactly those, in that order.
    if (!plotArea_->showsRows(frame->rows))
        showPlottedRows(frame->rows);
    // Glide a little longer than the snapshot interval so motion looks continuous.
    plotArea_->showFrame(*frame, TrainingController::kSnapshotIntervalMs + 20);
}

void MainWindow::onStateChanged(TrainerState state) {
    actions_.enableFor({state, controller_->corpus() != nullptr, controller_->source() != nullptr,
                        controller_->loadedVectors() != nullptr});
    trainingStatus_->showState(state);
}

void MainWindow::onProgress(const TrainingProgress& progress) {
    trainingStatus_->showProgress(progress);
    setWindowModified(hasUnexportedTraining());  // the title's "*", as editors mark unsaved work
}

void MainWindow::selectRow(int row) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source || row >= source->rows())
        row = -1;
    selectedRow_ = row;
    plottedWords_->plotSelectedRow(row);
    const auto& rows = controller_->trackedRows();
    const auto it = std::lower_bound(rows.begin(), rows.end(), row);
    plotArea_->setSelectedIndex(row >= 0 && it != rows.end() && *it == row ? int(it - rows.begin())
                                                                           : -1);
    inspector_->setSelectedRow(row);
    neighbours_->setSelectedRow(row);
    if (row >= 0)
        corpusPanel_->showRow(row);
}

// ---- help, window events -----------------------------------------------------------------------

void MainWindow::showEvaluation() {
    if (!evaluation_)  // kept when closed, so that its results are there when it comes back
        evaluation_ = new EvaluationDialog(controller_, this);
    evaluation_->show();
    evaluation_->raise();
    evaluation_->activateWindow();
}

void MainWindow::trainFromLesson() {
    inspectorDock_->show();
    inspectorDock_->raise();
    openDefaultCorpus(true);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!mayDiscardTraining(tr("Quit and discard the trained vectors? They have not been exported "
                               "(File > Export)."))) {
        event->ignore();
        return;
    }
    // Stop everything that runs on other threads: the load checks its cancel flag every few KB
    // and the trainer's workers within ~50 ms, so this returns well within a second.
    openActions_->cancelForClosing();
    controller_->shutdown();
    openActions_->waitForIdle();
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return;
    event->acceptProposedAction();
    openCorpus(urls.front().toLocalFile());
}

}  // namespace embedscope
