#include "WindowActions.h"

#include <QAction>
#include <QStyle>
#include <QWidget>

#include "StableButtonWidth.h"

namespace embedscope {

WindowActions WindowActions::create(QWidget* window) {
    auto make = [window](const QString& text, const QKeySequence& shortcut) {
        auto* action = new QAction(text, window);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        return action;
    };
    WindowActions a;
    a.open = make(tr("&Open corpus…"), QKeySequence::Open);
    a.trainFromVectors = make(tr("Train a corpus from the loaded &vectors…"), {});
    a.trainFromVectors->setEnabled(false);
    a.freezeVectors = make(tr("&Freeze the loaded vectors"), {});
    a.freezeVectors->setCheckable(true);
    a.freezeVectors->setToolTip(
        tr("nn.Embedding.from_pretrained(freeze=True): the file's vectors never change; only the "
           "output vectors and the words the file lacks learn"));
    a.openVectors = make(tr("Open &vectors…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    a.exportCsv = make(tr("Vectors as &CSV…"), QKeySequence(Qt::CTRL | Qt::Key_E));
    a.exportWord2Vec = make(tr("Vectors as word2vec &text…"), {});
    a.exportWord2VecBinary = make(tr("Vectors as word2vec &binary…"), {});
    a.exportGlove = make(tr("Vectors as &GloVe text…"), {});
    a.exportProjector = make(tr("Vectors for the Embedding &Projector (TSV)…"), {});
    a.exportProjection = make(tr("P&rojection as CSV (word,x,y)…"), {});
    a.exportPng = make(tr("Plot as P&NG…"), {});
    a.exportSvg = make(tr("Plot as &SVG…"), {});
    a.quit = make(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q));

    a.start = make(tr("&Start"), QKeySequence(Qt::Key_F5));
    a.start->setToolTip(tr("Start training (F5)"));
    a.pauseResume = make(tr("&Pause"), QKeySequence(Qt::Key_Space));
    a.step = make(tr("St&ep"), QKeySequence(Qt::Key_F6));
    a.step->setToolTip(tr("Train a little (2% of an epoch), then pause (F6)"));
    a.stop = make(tr("S&top"), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    a.evaluate = make(tr("E&valuate…"), QKeySequence(Qt::Key_F7));
    a.lesson = make(tr("&Lesson: one-hot vectors and nn.Embedding"), {});
    a.evaluate->setToolTip(
        tr("Score the vectors on analogy questions and word-pair similarities (F7)"));
    a.reset = make(tr("&Reset"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));

    setTextVariants(a.start, {tr("&Start"), tr("&Start (resume)")});
    setTextVariants(a.pauseResume, {tr("&Pause"), tr("&Resume")});
    QStyle* style = window->style();
    a.start->setIcon(style->standardIcon(QStyle::SP_MediaPlay));
    a.pauseResume->setIcon(style->standardIcon(QStyle::SP_MediaPause));
    a.step->setIcon(style->standardIcon(QStyle::SP_MediaSkipForward));
    a.stop->setIcon(style->standardIcon(QStyle::SP_MediaStop));
    a.reset->setIcon(style->standardIcon(QStyle::SP_BrowserReload));
    a.open->setIcon(style->standardIcon(QStyle::SP_DialogOpenButton));

    a.fit = make(tr("&Fit to data"), QKeySequence(Qt::Key_F));
    a.labels = make(tr("Show &labels"), QKeySequence(Qt::Key_L));
    a.labels->setCheckable(true);
    a.labels->setChecked(true);
    a.freeze = make(tr("F&reeze axes"), QKeySequence(Qt::Key_X));
    a.freeze->setCheckable(true);
    a.freeze->setToolTip(tr("Keep the current PCA axes and watch words move against them"));
    a.trackedCount = make(tr("&Plotted words…"), {});
    a.search = make(tr("&Search words"), QKeySequence::Find);
    return a;
}

void WindowActions::enableFor(const Situation& situation) {
    const bool running = situation.state == TrainerState::Running;
    const bool paused = situation.state == TrainerState::Paused;
    start->setEnabled(situation.haveCorpus && !running);
    start->setText(paused ? tr("&Start (resume)") : tr("&Start"));
    pauseResume->setEnabled(running || paused);
    pauseResume->setText(paused ? tr("&Resume") : tr("&Pause"));
    step->setEnabled(situation.haveCorpus && !running);
    stop->setEnabled(running || paused);
    reset->setEnabled(situation.haveCorpus);
    trainFromVectors->setEnabled(situation.haveLoadedVectors);
    for (QAction* action : {exportCsv, exportWord2Vec, exportWord2VecBinary, exportGlove,
                            exportProjector, exportProjection, exportPng, exportSvg})
        action->setEnabled(situation.haveTable);
}

}  // namespace embedscope
