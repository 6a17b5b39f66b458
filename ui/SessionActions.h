// File > Open session…, Save session (Ctrl+S) and Save session as… (issue 18): a .embedscope file
// (core/SessionFile.h) holds the vectors shown, their words, the options they were trained with,
// the plotted words, the training timeline when one was recorded (TimelineRecorder), and the view
// (SessionView: the layout and its parameters, the camera, the colouring, the selection, the
// isolation and the tags) with the named bookmarks (Bookmarks).
//
// Opening reads the whole file and checks it in the background (SessionLoader, with progress and
// Cancel) before anything changes: a damaged file or one of a newer format is reported (the file,
// the byte offset, the problem), and it or a cancel leaves what was open. The
// saved table is shown as a loaded vector source named after the session file, with the saved
// plotted words and layout; the status bar says when the corpus the session was made from has
// moved or changed. Saving is atomic (AtomicOutput) and runs as a job behind a progress dialog
// (runWithProgressDialog: the window paints, Cancel stops describing the corpus); saving a
// session that was opened keeps its record of the corpus, its options and its timeline.
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "SessionFile.h"
#include "SessionLoader.h"
#include "VectorFileLoader.h"

class QAction;
class QStatusBar;
class QWidget;

namespace embedscope {

class Bookmarks;
class ColouringActions;
class CorpusPanel;
class DiscardQuestion;
class OpenActions;
class PlotArea;
class PlottedWordsChoice;
class SelectionActions;
class SessionView;
class TimelineRecorder;
class TrainingController;
class TrainingPanel;
class WindowExports;

// "1 frame", "189 frames".
QString frameCount(std::size_t frames);

class SessionActions : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    struct Parts {
        TrainingController* controller;
        OpenActions* openActions;
        CorpusPanel* corpusPanel;
        TrainingPanel* trainingPanel;
        PlottedWordsChoice* plottedWords;
        TimelineRecorder* recorder;
        WindowExports* exports;
        DiscardQuestion* discard;
        QStatusBar* statusBar;
    };
    // window: the parent of the dialogs (and of this object).
    SessionActions(QWidget* window, Parts parts, ErrorReporter reportError);

    QAction* openAction() const { return open_; }
    QAction* saveAction() const { return save_; }
    QAction* saveAsAction() const { return saveAs_; }
    QAction* timelineBudgetAction() const { return timelineBudget_; }

    // Makes the SessionView and the Bookmarks that sessions save and restore (the window makes
    // these parts after this object).
    void attachView(PlotArea* plotArea, ColouringActions* colouring, SelectionActions* selection);
    SessionView* view() const { return view_; }
    Bookmarks* bookmarks() const { return bookmarks_; }

    // Starts opening path in the background (sessionOpened() when it is shown); returns false
    // when the user kept the trained vectors.
    bool openSession(const QString& path);
    // Returns false after reporting the problem (nothing shown, or the file cannot be written).
    bool saveSession(const QString& path);
    // The file opened or last saved; Save writes there.
    QString sessionPath() const { return sessionPath_; }
    // The session shown (without its table, which the loaded source holds), or null.
    std::shared_ptr<const Session> openedSession() const { return opened_; }

    // The dialogs of the menu actions; Save asks for a name only when there is no session file.
    void chooseSession();
    bool saveSessionWithDialog();
    bool saveSessionAsWithDialog();
    void chooseTimelineBudget();

    // Test seam: replaces the save dialog; receives the proposed path, returns the chosen one
    // ("" cancels).
    void setSavePathChooser(std::function<QString(const QString& start)> chooser) {
        choosePath_ = std::move(chooser);
    }
    // Test seam: replaces describeSource (called on the save's worker thread).
    using SourceDescriber = std::function<SessionSource(
        const std::string& path, const std::string& kind, const JobControl& control)>;
    void setSourceDescriber(SourceDescriber describer) { describe_ = std::move(describer); }

signals:
    void sessionOpened(const QString& path);
    void sessionSaved(const QString& path);

private:
    // The session the window would save now (its vectors, words, options, plotted words, layout
    // and timeline).
    Session currentSession();
    void showSession(OpenedSessionPtr opened, const QString& path);
    void applyView(const Session& session, const QStringList& trackedWords,
                   const std::string& sourceStatus);
    // Shows the corpus and training options the session's tables were made with in the panels;
    // returns a note for the status bar when they cannot be read (the view still opens).
    QString applyOptions(const Session& session);
    // What identifies a description of the file: its path, size, modification time and kind.
    static QString describedKey(const QString& path, const std::string& kind);
    // The file's last description when it is still valid, else its kind and absolute path only
    // (saveSession's job describes it: a corpus's CRC-32 reads it whole).
    SessionSource sourceToDescribe(const QString& path, const std::string& kind);
    QString sourceNote(const SessionSource& source, const std::string& status) const;
    void forgetSessionUnlessShown();

    QWidget* window_;
    Parts parts_;
    ErrorReporter reportError_;
    QAction* open_;
    QAction* save_;
    QAction* saveAs_;
    QAction* timelineBudget_;
    std::function<QString(const QString&)> choosePath_;
    SourceDescriber describe_;
    SessionView* view_ = nullptr;
    Bookmarks* bookmarks_ = nullptr;

    QString sessionPath_;
    // The session shown (without its table, which the loaded source holds) and that source.
    std::shared_ptr<const Session> opened_;
    std::shared_ptr<const LoadedVectorSource> openedSource_;
    // The panel's word list before a session's plotted words replaced it: it comes back when
    // the window leaves the session.
    std::optional<QString> listBeforeSession_;
    QString describedKey_;
    SessionSource described_;
};

}  // namespace embedscope
