#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QCompleter>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

#include "ChartsPanel.h"
#include "CorpusLoader.h"
#include "CorpusPanel.h"
#include "DefaultCorpusPreset.h"
#include "Error.h"
#include "EvaluationDialog.h"
#include "FileDialogs.h"
#include "InspectorPanel.h"
#include "LayoutControls.h"
#include "LessonDialog.h"
#include "NeighboursPanel.h"
#include "PlotArea.h"
#include "ScatterPlot.h"
#include "SearchFeedback.h"
#include "Settings.h"
#include "StableButtonWidth.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "VocabularyModel.h"
#include "WindowExports.h"

namespace embedscope {

namespace {

QString stateName(TrainerState state) {
    switch (state) {
        case TrainerState::Idle:
            return MainWindow::tr("ready");
        case TrainerState::Running:
            return MainWindow::tr("training");
        case TrainerState::Paused:
            return MainWindow::tr("paused");
        case TrainerState::Finished:
            return MainWindow::tr("finished");
        case TrainerState::Stopped:
            return MainWindow::tr("stopped");
        case TrainerState::Failed:
            return MainWindow::tr("failed");
    }
    return {};
}

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
      loader_(new CorpusLoader(this)),
      vectorLoader_(new VectorFileLoader(this)),
      plotArea_(new PlotArea(this)),
      plot_(plotArea_->plot2d()),
      corpusPanel_(new CorpusPanel(this)),
      trainingPanel_(new TrainingPanel(this)),
      inspector_(new InspectorPanel(controller_, this)),
      neighbours_(new NeighboursPanel(controller_, this)),
      charts_(new ChartsPanel(this)),
      completer_(new QCompleter(this)) {
    setWindowTitle(tr("Embedscope"));
    setWindowIcon(QIcon(QStringLiteral(":/embedscope.svg")));
    setAcceptDrops(true);
    setCentralWidget(plotArea_);
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

    exports_ = new WindowExports(
        controller_, plot_, this, statusBar(),
        [this](const QString& title, const QString& message) { reportError(title, message); });
    connect(exports_, &WindowExports::vectorsExported, this,
            [this] { setWindowModified(hasUnexportedTraining()); });
    layoutControls_ = new LayoutControls(controller_, this);
    connect(layoutControls_, &LayoutControls::errorOccurred, this, &MainWindow::reportError);
    createActions();
    createMenus();
    createSearchBar();
    createDocks();
    createStatusBar();
    connectController();
    connectVectorLoader();
    restoreSettings();
    qApp->installEventFilter(this);
    onStateChanged(TrainerState::Idle);
}

MainWindow::~MainWindow() {
    loader_->cancel();
    controller_->shutdown();
    loader_->waitForIdle();
    // QWidget's destructor hides the window, and the focused field reports a finished edit as it
    // loses the focus: no panel may reach this half-destroyed window by then.
    for (QObject* child : findChildren<QObject*>())
        disconnect(child, nullptr, this, nullptr);
}

void MainWindow::createActions() {
    auto make = [this](const QString& text, const QKeySequence& shortcut, auto slot) {
        auto* action = new QAction(text, this);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    actions_.open = make(tr("&Open corpus…"), QKeySequence::Open, [this] { chooseCorpus(); });
    actions_.trainFromVectors = make(tr("Train a corpus from the loaded &vectors…"), {},
                                     [this] { chooseCorpusForLoadedVectors(); });
    actions_.trainFromVectors->setEnabled(false);
    actions_.freezeVectors = new QAction(tr("&Freeze the loaded vectors"), this);
    actions_.freezeVectors->setCheckable(true);
    actions_.freezeVectors->setToolTip(
        tr("nn.Embedding.from_pretrained(freeze=True): the file's vectors never change; only the "
           "output vectors and the words the file lacks learn"));
    actions_.openVectors =
        make(tr("Open &vectors…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
             [this] { chooseVectors(); });
    actions_.exportCsv = make(tr("Vectors as &CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                              [this] { exports_->exportVectorsWithDialog(VectorFormat::Csv); });
    actions_.exportWord2Vec = make(tr("Vectors as word2vec &text…"), {}, [this] {
        exports_->exportVectorsWithDialog(VectorFormat::Word2VecText);
    });
    actions_.exportWord2VecBinary = make(tr("Vectors as word2vec &binary…"), {}, [this] {
        exports_->exportVectorsWithDialog(VectorFormat::Word2VecBinary);
    });
    actions_.exportGlove = make(tr("Vectors as &GloVe text…"), {},
                                [this] { exports_->exportVectorsWithDialog(VectorFormat::Glove); });
    actions_.exportProjector = make(tr("Vectors for the Embedding &Projector (TSV)…"), {}, [this] {
        exports_->exportVectorsWithDialog(VectorFormat::Projector);
    });
    actions_.exportProjection = make(tr("P&rojection as CSV (word,x,y)…"), {},
                                     [this] { exports_->exportProjectionWithDialog(); });
    actions_.exportPng = make(tr("Plot as P&NG…"), {},
                              [this] { exports_->exportPlotWithDialog(QStringLiteral("png")); });
    actions_.exportSvg = make(tr("Plot as &SVG…"), {},
                              [this] { exports_->exportPlotWithDialog(QStringLiteral("svg")); });
    actions_.quit = make(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), [this] { close(); });

    actions_.start = make(tr("&Start"), QKeySequence(Qt::Key_F5), [this] { startTraining(); });
    actions_.start->setToolTip(tr("Start training (F5)"));
    actions_.pauseResume = make(tr("&Pause"), QKeySequence(Qt::Key_Space), [this] {
        if (controller_->state() == TrainerState::Running)
            controller_->pause();
        else if (controller_->state() == TrainerState::Paused)
            controller_->resume();
    });
    actions_.step = make(tr("St&ep"), QKeySequence(Qt::Key_F6), [this] {
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
    actions_.step->setToolTip(tr("Train a little (2% of an epoch), then pause (F6)"));
    actions_.stop =
        make(tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5), [this] { controller_->stop(); });
    actions_.evaluate =
        make(tr("E&valuate…"), QKeySequence(Qt::Key_F7), [this] { showEvaluation(); });
    actions_.lesson =
        make(tr("&Lesson: one-hot vectors and nn.Embedding"), {}, [this] { showLesson(); });
    actions_.evaluate->setToolTip(
        tr("Score the vectors on analogy questions and word-pair similarities (F7)"));
    actions_.reset = make(tr("&Reset"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), [this] {
        if (!mayDiscardTraining(
                tr("Reset to a new random table? This discards the trained vectors.")))
            return;
        controller_->reset();
    });

    setTextVariants(actions_.start, {tr("&Start"), tr("&Start (resume)")});
    setTextVariants(actions_.pauseResume, {tr("&Pause"), tr("&Resume")});
    actions_.start->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    actions_.pauseResume->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    actions_.step->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
    actions_.stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    actions_.reset->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    actions_.open->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));

    actions_.fit =
        make(tr("&Fit to data"), QKeySequence(Qt::Key_F), [this] { plotArea_->fitToData(); });
    actions_.labels = make(tr("Show &labels"), QKeySequence(Qt::Key_L),
                           [this](bool on) { plotArea_->setLabelsVisible(on); });
    actions_.labels->setCheckable(true);
    actions_.labels->setChecked(true);
    actions_.freeze = make(tr("F&reeze axes"), QKeySequence(Qt::Key_X),
                           [this](bool on) { controller_->setFrozen(on); });
    actions_.freeze->setCheckable(true);
    actions_.freeze->setToolTip(tr("Keep the current PCA axes and watch words move against them"));
    actions_.trackedCount = make(tr("&Plotted words…"), {}, [this] { chooseTrackedCount(); });
    actions_.search = make(tr("&Search words"), QKeySequence::Find, [this] {
        searchEdit_->setFocus();
        searchEdit_->selectAll();
    });
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(actions_.open);
    file->addAction(actions_.openVectors);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addAction(tr("Open the &default corpus"), this, [this] { openDefaultCorpus(true); });
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(actions_.exportCsv);
    exportMenu->addAction(actions_.exportWord2Vec);
    exportMenu->addAction(actions_.exportWord2VecBinary);
    exportMenu->addAction(actions_.exportGlove);
    exportMenu->addAction(actions_.exportProjector);
    exportMenu->addSeparator();
    exportMenu->addAction(actions_.exportProjection);
    exportMenu->addAction(actions_.exportPng);
    exportMenu->addAction(actions_.exportSvg);
    file->addSeparator();
    file->addAction(actions_.quit);

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    for (QAction* action : {actions_.start, actions_.pauseResume, actions_.step, actions_.stop})
        training->addAction(action);
    training->addSeparator();
    training->addAction(actions_.reset);
    training->addSeparator();
    training->addAction(actions_.trainFromVectors);
    training->addAction(actions_.freezeVectors);
    training->addSeparator();
    training->addAction(actions_.evaluate);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(actions_.fit);
    view->addAction(actions_.labels);
    QMenu* pointSize = view->addMenu(tr("Point &size"));
    auto* sizes = new QActionGroup(this);
    for (const auto& [name, pixels] :
         {std::pair{tr("Small"), 3.0}, std::pair{tr("Medium"), 5.0}, std::pair{tr("Large"), 8.0}}) {
        QAction* action = pointSize->addAction(
            name, this, [this, pixels = pixels] { plotArea_->setPointSize(pixels); });
        action->setCheckable(true);
        action->setChecked(pixels == 5.0);
        sizes->addAction(action);
    }
    view->addMenu(layoutControls_->menu());
    view->addAction(actions_.trackedCount);
    view->addAction(actions_.freeze);
    view->addAction(actions_.search);
    view->addSeparator();
    docksMenu_ = view->addMenu(tr("&Panels"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Guide"), QKeySequence::HelpContents, this, &MainWindow::showGuide);
    help->addAction(actions_.lesson);
    help->addAction(tr("&About Embedscope"), this, &MainWindow::showAbout);
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
    searchEdit_ = new QLineEdit(bar);
    searchEdit_->setPlaceholderText(tr("Search words (Ctrl+F): highlight, Enter selects"));
    searchEdit_->setClearButtonEnabled(true);
    searchEdit_->setMaximumWidth(320);
    searchEdit_->setMinimumWidth(160);
    searchEdit_->setCompleter(completer_);
    searchRegex_ = new QCheckBox(tr("regex"), bar);
    searchCount_ = new QLabel(bar);
    searchCount_->setMinimumWidth(90);
    searchCount_->setIndent(8);
    bar->addWidget(searchEdit_);
    bar->addWidget(searchRegex_);
    bar->addWidget(searchCount_);
    const auto applySearch = [this] {
        plotArea_->setHighlight(searchEdit_->text(), searchRegex_->isChecked());
    };
    // The count (or why the pattern is invalid) follows the plot, also when its words change.
    connect(plot_, &ScatterPlot::highlightChanged, searchCount_,
            [this] { showSearchFeedback(*plot_, *searchEdit_, *searchCount_); });
    connect(searchEdit_, &QLineEdit::textChanged, this, applySearch);
    connect(searchRegex_, &QCheckBox::toggled, this, applySearch);
    connect(searchEdit_, &QLineEdit::returnPressed, this, [this] {
        const std::int32_t row = controller_->indexOf(searchEdit_->text().trimmed());
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
    stateLabel_ = new QLabel(this);
    stateLabel_->setObjectName(QStringLiteral("trainingState"));
    epochLabel_ = new QLabel(this);
    speedLabel_ = new QLabel(this);
    lrLabel_ = new QLabel(this);
    lossLabel_ = new QLabel(this);
    progressBar_ = new QProgressBar(this);
    progressBar_->setRange(0, 1000);
    progressBar_->setMaximumWidth(220);
    progressBar_->setFormat(QStringLiteral("%p%"));
    for (QLabel* label : {stateLabel_, epochLabel_, speedLabel_, lrLabel_, lossLabel_}) {
        label->setMinimumWidth(90);
        statusBar()->addPermanentWidget(label);
    }
    statusBar()->addPermanentWidget(progressBar_);
    statusBar()->addWidget(layoutControls_->statusLabel());
}

void MainWindow::connectController() {
    connect(loader_, &CorpusLoader::busyChanged, this, [this](bool busy) {
        corpusPanel_->setLoading(busy, loader_->loadingPath());
        if (busy)
            statusBar()->showMessage(tr("Loading %1…")
                                         .arg(loader_->loadingPath().isEmpty()
                                                  ? defaultCorpusName()
                                                  : loader_->loadingPath()));
    });
    connect(loader_, &CorpusLoader::progress, corpusPanel_, &CorpusPanel::setLoadProgress);
    connect(loader_, &CorpusLoader::loaded, this, &MainWindow::onCorpusLoaded);
    connect(loader_, &CorpusLoader::failed, this,
            [this](const QString& path, const QString& message) {
                onLoadFailed(path, message, tr("Cannot open corpus"));
            });
    connect(loader_, &CorpusLoader::loaded, this, [this] { defaultCorpusIfLoadFails_ = false; });
    connect(loader_, &CorpusLoader::cancelled, this, [this](const QString& path) {
        defaultCorpusIfLoadFails_ = false;
        pretrainedForNextCorpus_ = {};
        statusBar()->showMessage(tr("Loading cancelled; the previous corpus is still open"), 5000);
        emit loadCancelled(path);
    });
    connect(corpusPanel_, &CorpusPanel::openRequested, this, &MainWindow::chooseCorpus);
    connect(corpusPanel_, &CorpusPanel::reloadRequested, this, &MainWindow::reloadCorpus);
    connect(corpusPanel_, &CorpusPanel::cancelRequested, this, &MainWindow::cancelLoad);
    connect(corpusPanel_, &CorpusPanel::wordActivated, this, &MainWindow::selectRow);

    connect(trainingPanel_, &TrainingPanel::optionsEdited, this,
            &MainWindow::onTrainingOptionsEdited);
    connect(trainingPanel_, &TrainingPanel::learningRateEdited, controller_,
            &TrainingController::setLearningRate);
    connect(trainingPanel_, &TrainingPanel::trackedCountEdited, this, &MainWindow::setTrackedCount);
    connect(trainingPanel_, &TrainingPanel::loadWordListRequested, this, [this] {
        const QString path = getOpenFileName(this, tr("Words to plot"), QString(),
                                             tr("Text files (*.txt);;All files (*)"));
        if (!path.isEmpty())
            loadTrackedWordList(path);
    });
    connect(trainingPanel_, &TrainingPanel::trackedWordListEdited, this,
            &MainWindow::onTrackedListEdited);

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

void MainWindow::onLoadFailed(const QString& path, const QString& message, const QString& title) {
    statusBar()->showMessage(tr("Loading failed"), 5000);
    if (!path.isEmpty() && !QFileInfo::exists(path)) {
        // A vanished file leaves the recent list instead of failing again.
        QSettings settings;
        settings::removeRecentFile(settings, QFileInfo(path).absoluteFilePath());
    }
    pretrainedForNextCorpus_ = {};
    emit loadFailed(path, message);
    if (!closing_)
        reportError(title, message);
    if (std::exchange(defaultCorpusIfLoadFails_, false) && !closing_ && !controller_->source() &&
        !controller_->corpus())
        openDefaultCorpus(true);
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
    rememberOwnCorpusOptions();
}

void MainWindow::rememberOwnCorpusOptions() {
    // The default corpus runs with its own preset; only parameters chosen for the user's own
    // corpora are remembered for the next one, whenever the window leaves such a corpus.
    if (corpusPath_.isEmpty() || !controller_->corpus())
        return;
    QSettings settings;
    settings::saveCorpusOptions(settings, corpusPanel_->corpusOptions());
    settings::saveTrainerOptions(settings, controller_->options());
}

void MainWindow::setErrorHandler(std::function<void(const QString&, const QString&)> handler) {
    errorHandler_ = std::move(handler);
}

void MainWindow::setDiscardAsker(std::function<DiscardAnswer(const QString&)> asker) {
    discardAsker_ = std::move(asker);
}

void MainWindow::setConfirmer(std::function<bool(const QString&)> confirmer) {
    discardAsker_ = [confirmer = std::move(confirmer)](const QString& question) {
        return confirmer(question) ? DiscardAnswer::Discard : DiscardAnswer::Keep;
    };
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

MainWindow::DiscardAnswer MainWindow::askDiscard(const QString& question) {
    if (discardAsker_)
        return discardAsker_(question);
    QMessageBox box(QMessageBox::Question, tr("Embedscope"), question, QMessageBox::NoButton, this);
    QPushButton* discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
    QPushButton* exportFirst = box.addButton(tr("&Export…"), QMessageBox::AcceptRole);
    QPushButton* keep = box.addButton(tr("&Keep"), QMessageBox::RejectRole);
    // Enter (the default button) and Escape keep the vectors.
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() == discard)
        return DiscardAnswer::Discard;
    if (box.clickedButton() == exportFirst)
        return DiscardAnswer::ExportFirst;
    return DiscardAnswer::Keep;
}

bool MainWindow::hasUnexportedTraining() const {
    const TrainingController::TableVersion version = controller_->tableVersion();
    const bool trained = version.second > 0;  // words trained on this table
    return !corpusPath_.isEmpty() && trained && version != exports_->exportedVersion();
}

bool MainWindow::mayDiscardTraining(const QString& question) {
    if (!hasUnexportedTraining())
        return true;
    // One question at a time: a second request while one is open (a spin box reporting again as
    // the question takes its focus) is refused rather than stacked.
    if (askingToDiscard_)
        return false;
    askingToDiscard_ = true;
    const DiscardAnswer answer = askDiscard(question);
    askingToDiscard_ = false;
    switch (answer) {
        case DiscardAnswer::Discard:
            return true;
        case DiscardAnswer::ExportFirst:
            return exports_->exportVectorsInAnyFormatWithDialog();
        case DiscardAnswer::Keep:
            break;
    }
    return false;
}

// ---- corpus ----------------------------------------------------------------------------------

void MainWindow::openCorpus(const QString& path, bool autoStart) {
    if (looksLikeVectorFile(path)) {
        openVectors(path);
        return;
    }
    if (!mayDiscardTraining(tr("Open %1? This discards the trained vectors (export them first to "
                               "keep them).")
                                .arg(QFileInfo(path).fileName())))
        return;
    rememberOwnCorpusOptions();
    autoStartAfterLoad_ = autoStart;
    loadingPath_ = path;
    if (controller_->corpus() && corpusPath_.isEmpty()) {
        // Leaving the default corpus: its preset (many epochs of a tiny text) would be absurd for
        // a real corpus, so the parameters remembered for the user's own corpora come back.
        QSettings settings;
        corpusPanel_->setCorpusOptions(settings::loadCorpusOptions(settings, CorpusOptions{}));
        trainingPanel_->setOptions(settings::loadTrainerOptions(settings, TrainerOptions{}));
    }
    pendingTrainerOptions_ = trainingPanel_->options();
    vectorLoader_->cancel();  // the newest request wins, whichever kind it is
    loader_->load(path, corpusPanel_->corpusOptions());
}

void MainWindow::openDefaultCorpus(bool autoStart) {
    if (!mayDiscardTraining(tr("Open the built-in corpus? This discards the trained vectors "
                               "(export them first to keep them).")))
        return;
    rememberOwnCorpusOptions();
    autoStartAfterLoad_ = autoStart;
    loadingPath_.clear();
    pendingTrainerOptions_ = defaultCorpusTrainerOptions();
    corpusPanel_->setCorpusOptions(defaultCorpusOptions());
    vectorLoader_->cancel();
    loader_->load(QString(), defaultCorpusOptions());
}

void MainWindow::openInitialCorpus(const QString& path, bool autoStart) {
    defaultCorpusIfLoadFails_ = true;  // a failure may be reported before openCorpus returns
    openCorpus(path, autoStart);
    if (!isLoading())
        defaultCorpusIfLoadFails_ = false;
}

void MainWindow::reloadCorpus() {
    if (!vectorsPath_.isEmpty()) {
        openVectors(vectorsPath_);
        return;
    }
    if (!mayDiscardTraining(
            tr("Reload the corpus with these options? This discards the trained vectors.")))
        return;
    autoStartAfterLoad_ = false;
    loadingPath_ = corpusPath_;
    pendingTrainerOptions_ = trainingPanel_->options();
    loader_->load(corpusPath_, corpusPanel_->corpusOptions());
}

void MainWindow::cancelLoad() {
    loader_->cancel();
    vectorLoader_->cancel();
}

bool MainWindow::isLoading() const {
    return loader_->isLoading() || vectorLoader_->isLoading();
}

void MainWindow::chooseCorpus() {
    const QString path =
        getOpenFileName(this, tr("Open corpus"),
                        corpusPath_.isEmpty() ? QDir::homePath() : QFileInfo(corpusPath_).path(),
                        tr("Text files (*.txt *.text *.md *.csv *.tsv);;All files (*)"));
    if (!path.isEmpty())
        openCorpus(path);
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    QSettings settings;
    const QStringList files = settings::recentFiles(settings);
    for (const QString& file : files)
        recentMenu_->addAction(QFileInfo(file).fileName() + QStringLiteral("  —  ") + file, this,
                               [this, file] { openCorpus(file); });
    if (files.isEmpty())
        recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::onCorpusLoaded(std::shared_ptr<const TokenizedCorpus> corpus,
                                const QString& path) {
    corpusPath_ = path;
    vectorsPath_.clear();
    const QString name = path.isEmpty() ? defaultCorpusName() : QFileInfo(path).fileName();
    // A corpus opened to train from loaded vectors starts from them; any other starts afresh.
    pendingTrainerOptions_.pretrained = std::exchange(pretrainedForNextCorpus_, {});
    if (pendingTrainerOptions_.pretrained.vectors)
        pendingTrainerOptions_.dim = pendingTrainerOptions_.pretrained.vectors->dim();
    trainingPanel_->setOptions(pendingTrainerOptions_);
    selectedRow_ = -1;
    controller_->setCorpus(corpus, pendingTrainerOptions_);
    corpusPanel_->setCorpus(corpus, path.isEmpty() ? tr("Default corpus (built in)") : path);
    if (!path.isEmpty()) {
        QSettings settings;
        settings::addRecentFile(settings, QFileInfo(path).absoluteFilePath());
    }
    setWindowTitle(tr("%1[*] — Embedscope").arg(name));
    const PretrainedVectors& pretrained = pendingTrainerOptions_.pretrained;
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
    reportTrackedList();  // a list carried over may miss words of this corpus
    emit corpusLoaded(path);
    if (autoStartAfterLoad_)
        controller_->start();
    autoStartAfterLoad_ = false;
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

void MainWindow::setTrackedCount(int count) {
    controller_->setTrackedCount(count);
    trainingPanel_->setTrackedCount(controller_->trackedCount());
}

void MainWindow::onTrackedListEdited(const QString& words) {
    if (words.isEmpty()) {
        controller_->setTrackedCount(trainingPanel_->trackedCount());
        return;
    }
    controller_->setTrackedWords(words.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    reportTrackedList();
}

void MainWindow::reportTrackedList() {
    if (!controller_->usesTrackedWordList() || !controller_->source())
        return;
    QStringList missing = controller_->missingTrackedWords();
    const int missingCount = int(missing.size());
    constexpr int kNamedAtMost = 12;
    if (missing.size() > kNamedAtMost) {
        missing = missing.mid(0, kNamedAtMost);
        missing << tr("and %n more", nullptr, missingCount - kNamedAtMost);
    }
    const QString named = missing.join(QStringLiteral(", "));
    QString message;
    if (controller_->trackedListFellBack()) {
        message = tr("Too few of the listed words are in this vocabulary (missing: %1): plotting "
                     "the %2 most frequent words instead")
                      .arg(named.isEmpty() ? tr("none") : named)
                      .arg(controller_->trackedRows().size());
    } else if (missingCount > 0) {
        message = tr("Plotting %1 listed words; not in the vocabulary: %2")
                      .arg(controller_->trackedRows().size() -
                           (controller_->extraTrackedRow() >= 0 ? 1 : 0))
                      .arg(named);
    } else {
        message = tr("Plotting the %1 listed words").arg(controller_->trackedRows().size());
    }
    statusBar()->showMessage(message, 10000);
}

bool MainWindow::loadTrackedWordList(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        reportError(tr("Cannot read word list"),
                    QString::fromStdString(
                        fileError(path.toStdString(), file.errorString().toStdString())));
        return false;
    }
    const QString text = QString::fromUtf8(file.readAll());
    const QString words = text.simplified();
    trainingPanel_->setTrackedWordList(words);
    onTrackedListEdited(words);
    return true;
}

void MainWindow::chooseTrackedCount() {
    bool ok = false;
    const int count = QInputDialog::getInt(
        this, tr("Plotted words"), tr("Plot the most frequent N words:"),
        controller_->trackedCount(), 2, TrainingController::kMaxTrackedCount, 100, &ok);
    if (ok)
        setTrackedCount(count);
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
    if (searchEdit_ && !searchEdit_->text().isEmpty())
        plotArea_->setHighlight(searchEdit_->text(), searchRegex_->isChecked());
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
    const bool haveCorpus = controller_->corpus() != nullptr;
    const bool running = state == TrainerState::Running;
    const bool paused = state == TrainerState::Paused;
    actions_.start->setEnabled(haveCorpus && !running);
    actions_.start->setText(paused ? tr("&Start (resume)") : tr("&Start"));
    actions_.pauseResume->setEnabled(running || paused);
    actions_.pauseResume->setText(paused ? tr("&Resume") : tr("&Pause"));
    actions_.step->setEnabled(haveCorpus && !running);
    actions_.stop->setEnabled(running || paused);
    actions_.reset->setEnabled(haveCorpus);
    const bool haveTable = controller_->source() != nullptr;
    actions_.trainFromVectors->setEnabled(controller_->loadedVectors() != nullptr);
    for (QAction* action :
         {actions_.exportCsv, actions_.exportWord2Vec, actions_.exportWord2VecBinary,
          actions_.exportGlove, actions_.exportProjector, actions_.exportProjection,
          actions_.exportPng, actions_.exportSvg})
        action->setEnabled(haveTable);
    stateLabel_->setText(haveCorpus                     ? stateName(state)
                         : controller_->loadedVectors() ? tr("vectors from a file")
                                                        : tr("no corpus"));
    stateLabel_->setToolTip({});
    if (controller_->progress().learntNothing()) {
        QString why = QString::fromUtf8(kNothingLearnt);
        why[0] = why[0].toUpper();
        stateLabel_->setText(tr("finished: nothing learnt"));
        stateLabel_->setToolTip(why + tr(". Setting Subsampling to 0 keeps every word."));
        // The whole explanation does not fit beside the permanent labels: it is the tooltip.
        statusBar()->showMessage(
            tr("Nothing was learnt: no word had a neighbour in its line (try Subsampling 0)"),
            15000);
    }
}

void MainWindow::onProgress(const TrainingProgress& progress) {
    epochLabel_->setText(tr("epoch %1/%2").arg(progress.epoch).arg(controller_->options().epochs));
    speedLabel_->setText(
        tr("%1 words/s").arg(QLocale().toString(qlonglong(progress.wordsPerSecond))));
    lrLabel_->setText(tr("lr %1").arg(progress.learningRate, 0, 'g', 3));
    lossLabel_->setText(progress.loss > 0 ? tr("loss %1").arg(progress.loss, 0, 'f', 3)
                                          : tr("loss –"));
    progressBar_->setValue(static_cast<int>(progress.fraction * 1000));
    setWindowModified(hasUnexportedTraining());  // the title's "*", as editors mark unsaved work
}

void MainWindow::selectRow(int row) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source || row >= source->rows())
        row = -1;
    selectedRow_ = row;
    // A word outside the plotted ones is added to the plot, so that the selection can be seen.
    if (controller_->setExtraTrackedRow(row))
        statusBar()->showMessage(tr("“%1” (rank %2) is not among the plotted words: added to the "
                                    "plot while it is selected")
                                     .arg(controller_->wordAt(row))
                                     .arg(row + 1),
                                 6000);
    const auto& rows = controller_->trackedRows();
    const auto it = std::lower_bound(rows.begin(), rows.end(), row);
    plotArea_->setSelectedIndex(row >= 0 && it != rows.end() && *it == row ? int(it - rows.begin())
                                                                           : -1);
    inspector_->setSelectedRow(row);
    neighbours_->setSelectedRow(row);
    if (row >= 0)
        corpusPanel_->showRow(row);
}

// ---- export ----------------------------------------------------------------------------------

bool MainWindow::exportVectors(const QString& path, VectorFormat format) {
    return exports_->exportVectors(path, format);
}

bool MainWindow::exportProjection(const QString& path) {
    return exports_->exportProjection(path);
}

bool MainWindow::exportPlot(const QString& path) {
    return exports_->exportPlot(path);
}

// ---- help, window events -----------------------------------------------------------------------

void MainWindow::showGuide() {
    if (guide_) {
        guide_->raise();
        guide_->activateWindow();
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Embedscope guide"));
    auto* text = new QTextBrowser(dialog);
    text->setOpenExternalLinks(true);
    text->setHtml(tr(
        "<h3>What you are looking at</h3>"
        "<p>Every word of the vocabulary is a row of the embedding table <i>W</i> (V words × D "
        "numbers). Word <i>i</i> as a one-hot vector e<sub>i</sub> has a single 1; e<sub>i</sub>·W "
        "just picks row <i>i</i>. An embedding layer is that lookup table.</p>"
        "<p>Training (word2vec: skip-gram or CBOW with negative sampling) moves the rows so that "
        "words used in similar contexts get similar rows. The plot shows the most frequent words "
        "projected on the two main directions of their rows (PCA), live.</p>"
        "<h3>Try this</h3><ul>"
        "<li><b>Help ▸ Lesson</b>: one-hot vectors and nn.Embedding in five steps, on the "
        "three words of “I like dogs” and a sentence of your own, printed as PyTorch prints "
        "them.</li>"
        "<li>Watch the cloud: groups of related words separate as the loss falls.</li>"
        "<li>Click a point: the <b>Inspector</b> shows its one-hot vector, its row, and how "
        "similar "
        "it is to its neighbours — compared with one-hot vectors, where every word is equally "
        "unlike every other.</li>"
        "<li><b>Neighbours &amp; Analogies</b>: nearest words by cosine, and a : b :: c : ?.</li>"
        "<li><b>Training ▸ Evaluate</b> (F7) scores the vectors on analogy questions "
        "(questions-words.txt) and on word pairs rated by people (WordSim-353, SimLex-999).</li>"
        "<li>Space pauses and resumes, F6 steps, F fits the view, Ctrl+F searches, X freezes the "
        "axes so you can watch words move against fixed directions.</li>"
        "<li>Open your own text (Ctrl+O or drop a file on the window) and export the vectors "
        "(File ▸ Export).</li></ul>"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog->resize(560, 480);
    guide_ = dialog;
    dialog->show();
}

void MainWindow::showEvaluation() {
    if (!evaluation_)  // kept when closed, so that its results are there when it comes back
        evaluation_ = new EvaluationDialog(controller_, this);
    evaluation_->show();
    evaluation_->raise();
    evaluation_->activateWindow();
}

void MainWindow::showLesson() {
    if (lessonOffer_)  // found: the offer has done its work
        lessonOffer_->deleteLater();
    if (!lesson_) {
        lesson_ = new LessonDialog(this);
        lesson_->setAttribute(Qt::WA_DeleteOnClose);  // the next time starts at step 1
        connect(lesson_, &LessonDialog::trainRequested, this, &MainWindow::trainFromLesson);
    }
    lesson_->show();
    lesson_->raise();
    lesson_->activateWindow();
}

LessonDialog* MainWindow::lessonDialog() const {
    return lesson_;
}

void MainWindow::trainFromLesson() {
    inspectorDock_->show();
    inspectorDock_->raise();
    openDefaultCorpus(true);
}

bool MainWindow::offerLessonOnce() {
    const QString key = QStringLiteral("lesson/offered");
    QSettings settings;
    if (settings.value(key, false).toBool())
        return false;
    settings.setValue(key, true);
    // A tool bar of its own line under the main one: seen at once, and it leaves with a click.
    auto* bar = new QToolBar(tr("Lesson"), this);
    bar->setObjectName(QStringLiteral("lessonOfferBar"));
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->addWidget(new QLabel(tr("  New to embeddings? A five-step lesson shows one-hot vectors "
                                 "and nn.Embedding on “I like dogs”.  "),
                              bar));
    auto* show = new QPushButton(tr("Show the lesson"), bar);
    auto* dismiss = new QPushButton(tr("No, thanks"), bar);
    show->setObjectName(QStringLiteral("showLesson"));
    dismiss->setObjectName(QStringLiteral("dismissLesson"));
    bar->addWidget(show);
    bar->addWidget(dismiss);
    connect(show, &QPushButton::clicked, this, &MainWindow::showLesson);
    connect(dismiss, &QPushButton::clicked, bar, &QObject::deleteLater);
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, bar);
    bar->show();  // added after the window was shown, it would stay hidden
    lessonOffer_ = bar;
    return true;
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Embedscope"),
                       tr("<b>Embedscope %1</b><p>Watch word embeddings learn: one-hot vectors, "
                          "embedding rows, word2vec training and a live PCA view.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!mayDiscardTraining(tr("Quit and discard the trained vectors? They have not been exported "
                               "(File > Export)."))) {
        event->ignore();
        return;
    }
    // Stop everything that runs on other threads: the load checks its cancel flag every few KB
    // and the trainer's workers within ~50 ms, so this returns well within a second.
    closing_ = true;
    loader_->cancel();
    vectorLoader_->cancel();
    controller_->shutdown();
    loader_->waitForIdle();
    vectorLoader_->waitForIdle();
    saveSettings();
    event->accept();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // A text field or spin box claims some keys with modifiers for itself (QLineEdit takes Ctrl+E
    // as "end of line"), so the window's commands went dead while one had the focus. The
    // window's own shortcuts with Ctrl or Alt, and its function keys, win over the field;
    // plain keys (Space, F, L, X) stay the field's, for typing.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* widget = qobject_cast<QWidget*>(watched);
        if (widget && (widget == this || isAncestorOf(widget)) &&
            isWindowCommand(*static_cast<QKeyEvent*>(event))) {
            event->ignore();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

bool MainWindow::isWindowCommand(const QKeyEvent& key) const {
    const Qt::KeyboardModifiers modifiers = key.modifiers() & ~Qt::KeypadModifier;
    const bool functionKey = key.key() >= Qt::Key_F1 && key.key() <= Qt::Key_F35;
    if (!functionKey && !(modifiers & (Qt::ControlModifier | Qt::AltModifier)))
        return false;
    const QKeySequence pressed(key.keyCombination());
    // Editing keys keep their meaning in a field (copy, paste, undo, select all ...).
    for (const auto standard : {QKeySequence::Copy, QKeySequence::Cut, QKeySequence::Paste,
                                QKeySequence::Undo, QKeySequence::Redo, QKeySequence::SelectAll})
        if (QKeySequence::keyBindings(standard).contains(pressed))
            return false;
    const QList<QAction*> windowActions = findChildren<QAction*>();
    return std::any_of(windowActions.begin(), windowActions.end(), [&](const QAction* action) {
        return action->isEnabled() && action->shortcuts().contains(pressed);
    });
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
