// The window's commands as QActions: their names, shortcuts, icons, tooltips and check states,
// and which of them are enabled in each state (enableFor). The window connects what they do and
// places them in its menus and tool bar.
#pragma once

#include <QCoreApplication>

#include "Trainer.h"

class QAction;
class QWidget;

namespace embedscope {

struct WindowActions {
    Q_DECLARE_TR_FUNCTIONS(WindowActions)

public:
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

    // Every action, owned by window (so that its shortcuts work in the whole window).
    static WindowActions create(QWidget* window);

    // What is open: a corpus (its trainer in state), loaded vectors, or nothing; a table is the
    // run's or the file's vectors.
    struct Situation {
        TrainerState state = TrainerState::Idle;
        bool haveCorpus = false;
        bool haveTable = false;
        bool haveLoadedVectors = false;
    };
    void enableFor(const Situation& situation);
};

}  // namespace embedscope
