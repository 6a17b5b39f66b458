#include "WindowMenus.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <utility>

#include "ColouringActions.h"
#include "HelpActions.h"
#include "LayoutControls.h"
#include "OpenActions.h"
#include "PlotArea.h"
#include "SessionActions.h"
#include "WindowActions.h"

namespace embedscope {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("MainWindow", text);
}

}  // namespace

QMenu* buildWindowMenus(QMainWindow* window, const WindowMenuParts& parts) {
    const WindowActions& actions = *parts.actions;
    QMenuBar* bar = window->menuBar();
    QMenu* file = bar->addMenu(tr("&File"));
    file->addAction(actions.open);
    // A folder of shards (its files in name order, one stream: CorpusReader.h).
    file->addAction(tr("Open corpus &folder…"), parts.opening,
                    [opening = parts.opening] { opening->chooseCorpusFolder(); });
    file->addAction(actions.openVectors);
    file->addAction(parts.sessions->openAction());
    if (parts.colouring)
        file->addAction(parts.colouring->openMetadataAction());
    QMenu* recent = file->addMenu(tr("Open &recent"));
    OpenActions* opening = parts.opening;
    QObject::connect(recent, &QMenu::aboutToShow, recent,
                     [opening, recent] { opening->fillRecentMenu(recent); });
    file->addAction(tr("Open the &default corpus"), opening,
                    [opening] { opening->openDefaultCorpus(true); });
    file->addSeparator();
    file->addAction(parts.sessions->saveAction());
    file->addAction(parts.sessions->saveAsAction());
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(actions.exportCsv);
    exportMenu->addAction(actions.exportWord2Vec);
    exportMenu->addAction(actions.exportWord2VecBinary);
    exportMenu->addAction(actions.exportGlove);
    exportMenu->addAction(actions.exportProjector);
    exportMenu->addSeparator();
    exportMenu->addAction(actions.exportProjection);
    exportMenu->addAction(actions.exportPng);
    exportMenu->addAction(actions.exportSvg);
    if (parts.exportReplay) {
        exportMenu->addSeparator();
        exportMenu->addAction(parts.exportReplay);
    }
    file->addSeparator();
    file->addAction(actions.quit);

    QMenu* training = bar->addMenu(tr("&Training"));
    for (QAction* action : {actions.start, actions.pauseResume, actions.step, actions.stop})
        training->addAction(action);
    training->addSeparator();
    training->addAction(actions.reset);
    training->addSeparator();
    training->addAction(actions.trainFromVectors);
    training->addAction(actions.freezeVectors);
    training->addAction(parts.sessions->timelineBudgetAction());
    training->addSeparator();
    training->addAction(actions.evaluate);

    QMenu* view = bar->addMenu(tr("&View"));
    view->addAction(actions.fit);
    view->addAction(actions.labels);
    if (parts.colouring) {
        view->addMenu(parts.colouring->colourByMenu());
        view->addAction(parts.colouring->densityAction());
    }
    QMenu* pointSize = view->addMenu(tr("Point &size"));
    auto* sizes = new QActionGroup(window);
    for (const auto& [name, pixels] :
         {std::pair{tr("Small"), 3.0}, std::pair{tr("Medium"), 5.0}, std::pair{tr("Large"), 8.0}}) {
        QAction* action = pointSize->addAction(
            name, parts.plotArea,
            [plotArea = parts.plotArea, pixels = pixels] { plotArea->setPointSize(pixels); });
        action->setCheckable(true);
        action->setChecked(pixels == 5.0);
        sizes->addAction(action);
    }
    view->addMenu(parts.layouts->menu());
    view->addAction(actions.trackedCount);
    view->addAction(actions.freeze);
    view->addAction(actions.search);
    view->addSeparator();
    QMenu* panels = view->addMenu(tr("&Panels"));
    if (parts.selection)
        bar->addMenu(parts.selection);
    if (parts.bookmarks)
        bar->addMenu(parts.bookmarks);

    QMenu* help = bar->addMenu(tr("&Help"));
    help->addAction(tr("&Guide"), QKeySequence::HelpContents, parts.help, &HelpActions::showGuide);
    help->addAction(actions.lesson);
    help->addAction(tr("&About Embedscope"), parts.help, &HelpActions::showAbout);
    return panels;
}

}  // namespace embedscope
