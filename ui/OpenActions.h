// What the window opens: corpora (File > Open corpus…, Open recent, the built-in corpus, a file
// dropped on the window, the command line's), vector files made elsewhere (File > Open vectors…),
// a corpus trained from the loaded vectors, and reloading with new options.
//
// Loading runs in the background (CorpusLoader, VectorFileLoader, SessionLoader) and the newest
// request wins,
// whichever kind it is. Every request that would replace trained vectors asks the
// DiscardQuestion first. What arrives is handed to the window (corpusArrived, vectorsArrived),
// which shows it; a failed or cancelled load leaves everything as it was (a failure is reported,
// and a vanished file leaves the recent list).
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <utility>

#include "SessionLoader.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"
#include "VectorFileLoader.h"

class QMenu;
class QStatusBar;
class QWidget;

namespace embedscope {

class CorpusLoader;
class CorpusPanel;
class DiscardQuestion;
class TrainingController;
class TrainingPanel;

class OpenActions : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    // window: the parent of the file dialogs (and of this object).
    OpenActions(QWidget* window, TrainingController* controller, CorpusPanel* corpusPanel,
                TrainingPanel* trainingPanel, DiscardQuestion* discard, QStatusBar* statusBar,
                ErrorReporter reportError);

    // A file that looks like word vectors is opened as vectors (opening it as a corpus would
    // tokenize numbers), a session file (.embedscope, or the session magic) by the session
    // opener. autoStart: training starts once the corpus is shown.
    void openCorpus(const QString& path, bool autoStart = false);
    // The embedded default corpus with its preset parameters.
    void openDefaultCorpus(bool autoStart = true);
    // A session file given here goes to the session opener too.
    void openVectors(const QString& path);
    // Opens a session file (SessionActions::openSession); returns whether its loading started.
    void setSessionOpener(std::function<bool(const QString&)> opener) {
        openSession_ = std::move(opener);
    }
    // Starts reading a session file in the background (the question about trained vectors was
    // asked); sessionLoader()->loaded() brings it, a failure is reported as any load's is.
    void loadSession(const QString& path);
    // A session file was read: its vectors arrive as a vector file's do (vectorsArrived), it is
    // the open vector file (Reload opens it again) and it joins the recent files.
    void adoptSession(LoadedVectorsPtr vectors, const QString& path);
    // nn.Embedding.from_pretrained: opens the corpus to train from the vectors open now.
    void trainFromLoadedVectors(const QString& corpusPath, bool freeze);
    // As openCorpus, but a load that fails shows its error and then the built-in corpus.
    void openInitialCorpus(const QString& path, bool autoStart);
    // The open corpus again with the panel's options (or the open vector file again).
    void reloadCorpus();
    void cancelLoad();
    bool isLoading() const;

    // The file dialogs of the menu actions.
    void chooseCorpus();
    void chooseCorpusFolder();
    void chooseVectors();
    void chooseCorpusForLoadedVectors(bool freeze);
    // File > Open recent, filled as it is about to show.
    void fillRecentMenu(QMenu* menu);

    // Saves the parameters of the user's own corpus (not the built-in one's preset) as the ones
    // the next corpus of theirs opens with.
    void rememberOwnCorpusOptions();
    // The window is closing: loads are cancelled and their failures no longer reported.
    void cancelForClosing();
    void waitForIdle();

    QString corpusPath() const { return corpusPath_; }    // empty for the default corpus
    QString vectorsPath() const { return vectorsPath_; }  // empty while a corpus is open
    CorpusLoader* loader() const { return loader_; }
    VectorFileLoader* vectorLoader() const { return vectorLoader_; }
    SessionLoader* sessionLoader() const { return sessionLoader_; }

    // A regular file whose first bytes (decompressed for gzip and xz) look like word vectors
    // (VectorFileSniffer).
    static bool looksLikeVectorFile(const QString& path);

signals:
    // options: the trainer's for this corpus (with the pretrained vectors it starts from).
    void corpusArrived(std::shared_ptr<const embedscope::TokenizedCorpus> corpus,
                       const QString& path, const embedscope::TrainerOptions& options,
                       bool autoStart);
    void vectorsArrived(embedscope::LoadedVectorsPtr vectors, const QString& path);
    void loadFailed(const QString& path, const QString& message);
    void loadCancelled(const QString& path);

private:
    static QString corpusFileFilter();
    void connectLoaders();
    void onCorpusLoaded(std::shared_ptr<const TokenizedCorpus> corpus, const QString& path);
    void onVectorsLoaded(LoadedVectorsPtr vectors, const QString& path);
    void onLoadFailed(const QString& path, const QString& message, const QString& title);
    // The panel's progress and Cancel, the status bar's "opening" (openingMessage, %1 the path),
    // failure (an error titled failureTitle) and cancel of a vector or session loader.
    void connectFileLoader(FileLoader* loader, const QString& openingMessage,
                           const QString& failureTitle);
    bool mayDiscardTraining(const QString& question);
    // Hands a session file to the session opener; true when path is one (whatever the outcome).
    bool openedAsSession(const QString& path);

    QWidget* window_;
    TrainingController* controller_;
    CorpusPanel* corpusPanel_;
    TrainingPanel* trainingPanel_;
    DiscardQuestion* discard_;
    QStatusBar* statusBar_;
    ErrorReporter reportError_;
    std::function<bool(const QString&)> openSession_;
    CorpusLoader* loader_;
    VectorFileLoader* vectorLoader_;
    SessionLoader* sessionLoader_;

    QString corpusPath_;
    QString vectorsPath_;
    TrainerOptions pendingTrainerOptions_;       // applied when the requested load arrives
    PretrainedVectors pretrainedForNextCorpus_;  // set by trainFromLoadedVectors
    bool autoStartAfterLoad_ = false;
    bool closing_ = false;
    bool defaultCorpusIfLoadFails_ = false;  // the command line's corpus is loading
};

}  // namespace embedscope
