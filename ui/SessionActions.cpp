#include "SessionActions.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeySequence>
#include <QLocale>
#include <QSettings>
#include <QStatusBar>

#include <algorithm>
#include <vector>

#include "Bookmarks.h"
#include "CorpusPanel.h"
#include "DiscardQuestion.h"
#include "Error.h"
#include "FileDialogs.h"
#include "ModalJob.h"
#include "OpenActions.h"
#include "PlottedWordsChoice.h"
#include "SessionJson.h"
#include "SessionView.h"
#include "Settings.h"
#include "TimelineRecorder.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "WindowExports.h"
#include "WordListText.h"

namespace embedscope {

namespace {

const QString kViewLayoutKey = QStringLiteral("layout");

QString withSessionExtension(QString path) {
    if (!path.isEmpty() && !path.endsWith(QLatin1String(kSessionExtension)))
        path += QLatin1String(kSessionExtension);
    return path;
}

}  // namespace

QString frameCount(std::size_t frames) {
    return frames == 1
               ? SessionActions::tr("1 frame")
               : SessionActions::tr("%1 frames").arg(QLocale().toString(qulonglong(frames)));
}

SessionActions::SessionActions(QWidget* window, Parts parts, ErrorReporter reportError)
    : QObject(window),
      window_(window),
      parts_(parts),
      reportError_(std::move(reportError)),
      open_(new QAction(tr("Open &session…"), this)),
      save_(new QAction(tr("&Save session"), this)),
      saveAs_(new QAction(tr("Save session &as…"), this)),
      timelineBudget_(new QAction(tr("Timeline &memory…"), this)),
      describe_([](const std::string& path, const std::string& kind, const JobControl& control) {
          return describeSource(path, kind, control);
      }) {
    save_->setShortcut(QKeySequence::Save);
    saveAs_->setShortcut(QKeySequence::SaveAs);
    save_->setStatusTip(
        tr("Save the vectors, the plotted words, the view (layout, camera, colouring, selection, "
           "tags, bookmarks) and the training timeline in a session file (.embedscope)"));
    timelineBudget_->setStatusTip(
        tr("The memory the training timeline may use; frames thin out to stay within it"));
    connect(open_, &QAction::triggered, this, &SessionActions::chooseSession);
    connect(save_, &QAction::triggered, this, &SessionActions::saveSessionWithDialog);
    connect(saveAs_, &QAction::triggered, this, &SessionActions::saveSessionAsWithDialog);
    connect(timelineBudget_, &QAction::triggered, this, &SessionActions::chooseTimelineBudget);
    // Another corpus or file replaces the session shown: Save asks for a new name.
    connect(parts_.controller, &TrainingController::corpusChanged, this,
            &SessionActions::forgetSessionUnlessShown);
    connect(parts_.openActions->sessionLoader(), &SessionLoader::loaded, this,
            &SessionActions::showSession);
}

void SessionActions::attachView(PlotArea* plotArea, ColouringActions* colouring,
                                SelectionActions* selection) {
    view_ = new SessionView({parts_.controller, plotArea, colouring, selection}, this);
    bookmarks_ = new Bookmarks(window_, parts_.controller, view_, parts_.statusBar);
}

void SessionActions::forgetSessionUnlessShown() {
    if (openedSource_ && parts_.controller->loadedVectors() == openedSource_.get())
        return;
    opened_.reset();
    openedSource_.reset();
    sessionPath_.clear();
    if (listBeforeSession_) {
        const QString list = *std::exchange(listBeforeSession_, std::nullopt);
        parts_.trainingPanel->setTrackedWordList(list);
        parts_.plottedWords->setTrackedList(list);
    }
}

// ---- opening ---------------------------------------------------------------------------------

bool SessionActions::openSession(const QString& path) {
    if (!parts_.discard->mayDiscard(tr("Open %1? This discards the trained vectors (export them "
                                       "first to keep them).")
                                        .arg(QFileInfo(path).fileName())))
        return false;
    // Read and checked in the background before anything changes (SessionLoader); a failure or a
    // cancel is reported by OpenActions and leaves what was open.
    parts_.openActions->loadSession(path);
    return true;
}

void SessionActions::showSession(OpenedSessionPtr opened, const QString& path) {
    opened_ = opened->session;
    openedSource_ = opened->vectors;
    sessionPath_ = QFileInfo(path).absoluteFilePath();
    // The window shows the vectors as it shows a vector file's; then the saved view applies.
    parts_.openActions->adoptSession(opened->vectors, path);
    applyView(*opened_, opened->trackedWords, opened->sourceStatus);
    emit sessionOpened(path);
}

void SessionActions::applyView(const Session& session, const QStringList& trackedWords,
                               const std::string& sourceStatus) {
    TrainingController* controller = parts_.controller;
    // Plotted words: the saved ones when they are a choice; none saved (or every row) shows the
    // whole table, as for any vector file.
    const bool chosen = !trackedWords.isEmpty() && trackedWords.size() < openedSource_->rows();
    if (chosen || controller->usesTrackedWordList()) {
        // Quoted where a word holds a space, so that every saved word comes back.
        const QString list = chosen ? joinWordList(trackedWords) : QString();
        if (!listBeforeSession_)
            listBeforeSession_ = parts_.trainingPanel->trackedWordList();
        parts_.trainingPanel->setTrackedWordList(list);
        parts_.plottedWords->setTrackedList(list);
    }
    QStringList notes;
    if (view_) {
        // The tags first: a colouring by a tag column needs its column. Then the layout, the
        // camera, the colouring, the selection and the bookmarks.
        view_->applyTags(session.view.value(QStringLiteral("tags")).toArray());
        notes << view_->applyView(session.view);
        bookmarks_->setFromJson(session.view.value(QLatin1String(Bookmarks::kJsonKey)).toArray());
    }
    if (const QString note = applyOptions(session); !note.isEmpty())
        notes << note;
    notes.prepend(sourceNote(session.source, sourceStatus));
    parts_.statusBar->showMessage(
        tr("Session %1: %2 × %3, %4; %5")
            .arg(QFileInfo(sessionPath_).fileName())
            .arg(QLocale().toString(openedSource_->rows()))
            .arg(openedSource_->dim())
            .arg(frameCount(session.frames.size()), notes.join(QStringLiteral("; "))),
        0);
}

QString SessionActions::applyOptions(const Session& session) {
    // So that opening the session's corpus and pressing Start trains the same way again (with one
    // thread, the same seed gives the same vectors). The pretrained vectors are not reloaded.
    // Both are read before either panel changes: a file with one bad value changes neither.
    CorpusOptions corpus = parts_.corpusPanel->corpusOptions();
    TrainerOptions training = parts_.trainingPanel->options();
    try {
        if (!session.corpusOptions.isEmpty())
            corpus = parseCorpusOptionsJson(session.corpusOptions, corpus);
        if (!session.trainerOptions.isEmpty())
            training = parseTrainerOptionsJson(session.trainerOptions, training);
    } catch (const Error& e) {
        return tr("its training options were not read (%1)").arg(QString::fromUtf8(e.what()));
    }
    parts_.corpusPanel->setCorpusOptions(corpus);
    if (!session.trainerOptions.isEmpty()) {
        training.pretrained = PretrainedVectors();
        parts_.trainingPanel->setOptions(training);
        parts_.controller->setOptions(parts_.trainingPanel->options());
    }
    return {};
}

QString SessionActions::sourceNote(const SessionSource& source, const std::string& status) const {
    const QString kind = source.kind == "vectors" ? tr("vector file") : tr("corpus");
    const QString path = QString::fromStdString(source.path);
    // The name only: the status bar is narrow; `embedscope-cli info` gives the whole path.
    const QString name = QFileInfo(path).fileName();
    if (path.isEmpty())
        return tr("made from the built-in corpus");
    if (status == "unchanged")
        return tr("its %1 %2 is unchanged").arg(kind, name);
    if (status == "missing")
        return tr("its %1 %2 has moved or is gone: the saved vectors are shown").arg(kind, name);
    if (status == "changed")
        return tr("its %1 %2 has changed since: the saved vectors are shown").arg(kind, name);
    return tr("its %1 %2 cannot be compared (%3)").arg(kind, name, QString::fromStdString(status));
}

void SessionActions::chooseSession() {
    const QString start =
        sessionPath_.isEmpty() ? safeStartFolder(QDir::homePath()) : QFileInfo(sessionPath_).path();
    const QString path = getOpenFileName(window_, tr("Open session"), start,
                                         tr("Embedscope sessions (*.embedscope);;All files (*)"));
    if (!path.isEmpty())
        openSession(path);
}

// ---- saving ----------------------------------------------------------------------------------

QString SessionActions::describedKey(const QString& path, const std::string& kind) {
    const QFileInfo info(path);
    return info.absoluteFilePath() + QLatin1Char('\n') + QString::number(info.size()) +
           QLatin1Char('\n') + info.lastModified().toString(Qt::ISODateWithMs) + QLatin1Char('\n') +
           QString::fromStdString(kind);
}

SessionSource SessionActions::sourceToDescribe(const QString& path, const std::string& kind) {
    if (describedKey(path, kind) == describedKey_)
        return described_;
    // Described by saveSession's job: size and CRC-32 0 until then.
    return {kind, QFileInfo(path).absoluteFilePath().toStdString(), 0, 0};
}

Session SessionActions::currentSession() {
    TrainingController* controller = parts_.controller;
    const bool showsOpened = opened_ && controller->loadedVectors() == openedSource_.get();
    Session session;
    if (showsOpened) {
        session = *opened_;  // its corpus, options, timeline and view keys kept
    } else if (controller->loadedVectors()) {
        session.source = sourceToDescribe(parts_.openActions->vectorsPath(), "vectors");
    } else {
        const QString corpus = parts_.openActions->corpusPath();
        session.source = corpus.isEmpty() ? SessionSource{"corpus", "", 0, 0}
                                          : sourceToDescribe(corpus, "corpus");
        session.corpusOptions = corpusOptionsJson(parts_.corpusPanel->corpusOptions());
        session.trainerOptions = trainerOptionsJson(controller->options());
    }
    session.vectors = controller->currentVectors();

    const TrainingTimeline* timeline = parts_.recorder->timeline();
    if (timeline && !controller->loadedVectors()) {
        session.trackedRows = timeline->rows();
        session.timelineInterval = timeline->interval();
        session.timelineBudgetBytes = timeline->budgetBytes();
        session.frames = timeline->frames();
    } else if (!showsOpened || session.frames.empty()) {
        // The plotted words, without the selected word that only joined them to be seen; a whole
        // file plotted is saved as no choice.
        const bool whole = controller->loadedVectors() && !controller->usesTrackedWordList();
        session.trackedRows = whole ? std::vector<std::int32_t>{} : controller->chosenRows();
        session.frames.clear();
    }
    const LayoutScheduler& layouts = controller->layouts();
    session.view[kViewLayoutKey] = layoutJson(layouts.layout(), layouts.axes());
    if (view_) {
        // An opened session's other keys (a newer Embedscope's) are kept; these are the window's.
        for (const QString& key : SessionView::ownedKeys())
            session.view.remove(key);
        session.view.remove(QLatin1String(Bookmarks::kJsonKey));
        const QJsonObject shown = view_->captureView();
        for (auto it = shown.begin(); it != shown.end(); ++it)
            session.view.insert(it.key(), it.value());
        const QJsonArray tags = view_->captureTags();
        if (!tags.isEmpty())
            session.view[QStringLiteral("tags")] = tags;
        if (!bookmarks_->list().empty())
            session.view[QLatin1String(Bookmarks::kJsonKey)] = bookmarks_->toJson();
    }
    return session;
}

bool SessionActions::saveSession(const QString& path) {
    TrainingController* controller = parts_.controller;
    if (!controller->source()) {
        reportError_(tr("Cannot save session"),
                     tr("%1: nothing to save: open a corpus or vectors first").arg(path));
        return false;
    }
    // A load finishing inside the save's progress loop would swap the table under the saved
    // path: a save waits for the file being opened.
    if (parts_.openActions->isLoading()) {
        reportError_(tr("Cannot save session"),
                     tr("%1: a file is still being opened; save when it is shown").arg(path));
        return false;
    }
    const TrainingController::TableVersion version = controller->tableVersion();
    std::shared_ptr<Session> session;
    try {
        session = std::make_shared<Session>(currentSession());
    } catch (const Error& e) {
        reportError_(tr("Cannot save session"), QString::fromUtf8(e.what()));
        return false;
    }
    // The file the session was made from is described (its CRC-32 read whole) once for each
    // path, size, date and kind, in the job that writes the session: the window keeps painting,
    // and Cancel stops the description (the write itself is not cancellable).
    const bool showsOpened = opened_ && controller->loadedVectors() == openedSource_.get();
    const QString key =
        showsOpened || session->source.path.empty()
            ? QString()
            : describedKey(QString::fromStdString(session->source.path), session->source.kind);
    const bool toDescribe = !key.isEmpty() && key != describedKey_;
    // The job returns the description it made, or nothing (none to make, or it failed: a failure
    // is not remembered, so that the next save tries again instead of keeping 0 bytes, CRC 0).
    const JobOutcome<std::optional<SessionSource>> outcome =
        runWithProgressDialog<std::optional<SessionSource>>(
            window_, tr("Saving %1…").arg(QFileInfo(path).fileName()),
            [session, toDescribe, describe = describe_,
             file = path.toStdString()](const JobControl& control) {
                std::optional<SessionSource> described;
                if (toDescribe) {
                    try {
                        described = describe(session->source.path, session->source.kind, control);
                        session->source = *described;
                    } catch (const Cancelled&) {
                        throw;
                    } catch (const Error&) {
                        // Gone or unreadable now: the session still names it, without size and
                        // CRC.
                    }
                }
                control.throwIfCancelled();
                writeSession(file, *session);
                return described;
            });
    if (outcome.cancelled) {
        parts_.statusBar->showMessage(tr("Saving cancelled; no file was changed"), 5000);
        return false;
    }
    if (!outcome.error.isEmpty()) {
        reportError_(tr("Cannot save session"), outcome.error);
        return false;
    }
    if (*outcome.value) {
        describedKey_ = key;
        described_ = **outcome.value;
    }
    sessionPath_ = QFileInfo(path).absoluteFilePath();
    parts_.exports->noteVectorsSaved(version);
    QSettings settings;
    settings::addRecentFile(settings, sessionPath_);
    parts_.statusBar->showMessage(
        tr("Saved session %1: %2 words × %3 dimensions, %4 of the timeline")
            .arg(path)
            .arg(QLocale().toString(qlonglong(session->vectors.words.size())))
            .arg(session->vectors.dim())
            .arg(frameCount(session->frames.size())),
        8000);
    emit sessionSaved(path);
    return true;
}

bool SessionActions::saveSessionWithDialog() {
    if (!sessionPath_.isEmpty())
        return saveSession(sessionPath_);
    return saveSessionAsWithDialog();
}

bool SessionActions::saveSessionAsWithDialog() {
    const std::shared_ptr<const VectorSource> source = parts_.controller->source();
    const QString stem =
        source ? QFileInfo(QString::fromStdString(source->name())).completeBaseName() : QString();
    const QString start = sessionPath_.isEmpty()
                              ? WindowExports::exportFolder() + QLatin1Char('/') +
                                    (stem.isEmpty() ? QStringLiteral("session") : stem) +
                                    QLatin1String(kSessionExtension)
                              : sessionPath_;
    const QString path = withSessionExtension(
        choosePath_ ? choosePath_(start)
                    : getSaveFileName(window_, tr("Save session"), start,
                                      tr("Embedscope sessions (*.embedscope)")));
    return !path.isEmpty() && saveSession(path);
}

void SessionActions::chooseTimelineBudget() {
    bool ok = false;
    const int megabytes = QInputDialog::getInt(
        window_, tr("Timeline memory"),
        tr("Memory for the training timeline of the next run, in MB.\nFrames thin out evenly over "
           "the run to stay within it."),
        parts_.recorder->budgetMb(), 1, 65536, 50, &ok);
    if (ok)
        parts_.recorder->setBudgetMb(megabytes);
}

}  // namespace embedscope
