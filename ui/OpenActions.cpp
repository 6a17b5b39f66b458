#include "OpenActions.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

#include <utility>

#include "ByteStream.h"
#include "CorpusLoader.h"
#include "CorpusPanel.h"
#include "DefaultCorpusPreset.h"
#include "DiscardQuestion.h"
#include "FileDialogs.h"
#include "SessionFile.h"
#include "Settings.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "VectorFileSniffer.h"

namespace embedscope {

namespace {

// Enough for the sniffer's kSniffedLines lines of 300 values.
constexpr qint64 kSniffBytes = 256 * 1024;

}  // namespace

OpenActions::OpenActions(QWidget* window, TrainingController* controller, CorpusPanel* corpusPanel,
                         TrainingPanel* trainingPanel, DiscardQuestion* discard,
                         QStatusBar* statusBar, ErrorReporter reportError)
    : QObject(window),
      window_(window),
      controller_(controller),
      corpusPanel_(corpusPanel),
      trainingPanel_(trainingPanel),
      discard_(discard),
      statusBar_(statusBar),
      reportError_(std::move(reportError)),
      loader_(new CorpusLoader(this)),
      vectorLoader_(new VectorFileLoader(this)),
      sessionLoader_(new SessionLoader(this)) {
    connectLoaders();
}

bool OpenActions::mayDiscardTraining(const QString& question) {
    return discard_->mayDiscard(question);
}

void OpenActions::connectLoaders() {
    connect(loader_, &CorpusLoader::busyChanged, this, [this](bool busy) {
        corpusPanel_->setLoading(busy, loader_->loadingPath());
        if (busy)
            statusBar_->showMessage(tr("Loading %1…")
                                        .arg(loader_->loadingPath().isEmpty()
                                                 ? defaultCorpusName()
                                                 : loader_->loadingPath()));
    });
    connect(loader_, &CorpusLoader::progress, corpusPanel_, &CorpusPanel::setLoadProgress);
    connect(loader_, &CorpusLoader::loaded, this, &OpenActions::onCorpusLoaded);
    connect(loader_, &CorpusLoader::failed, this,
            [this](const QString& path, const QString& message) {
                onLoadFailed(path, message, tr("Cannot open corpus"));
            });
    connect(loader_, &CorpusLoader::loaded, this, [this] { defaultCorpusIfLoadFails_ = false; });
    connect(loader_, &CorpusLoader::cancelled, this, [this](const QString& path) {
        defaultCorpusIfLoadFails_ = false;
        pretrainedForNextCorpus_ = {};
        statusBar_->showMessage(tr("Loading cancelled; the previous corpus is still open"), 5000);
        emit loadCancelled(path);
    });

    connect(vectorLoader_, &VectorFileLoader::loaded, this, &OpenActions::onVectorsLoaded);
    connectFileLoader(vectorLoader_, tr("Opening %1…"), tr("Cannot open vectors"));
    // A session shows in the same panel and status bar; SessionActions applies what arrives.
    connectFileLoader(sessionLoader_, tr("Opening session %1…"), tr("Cannot open session"));
}

void OpenActions::connectFileLoader(FileLoader* loader, const QString& openingMessage,
                                    const QString& failureTitle) {
    connect(loader, &FileLoader::busyChanged, this, [this, loader, openingMessage](bool busy) {
        corpusPanel_->setLoading(busy, loader->loadingPath());
        if (busy)
            statusBar_->showMessage(openingMessage.arg(loader->loadingPath()));
    });
    connect(loader, &FileLoader::progress, corpusPanel_, &CorpusPanel::setLoadProgress);
    connect(loader, &FileLoader::failed, this,
            [this, failureTitle](const QString& path, const QString& message) {
                onLoadFailed(path, message, failureTitle);
            });
    connect(loader, &FileLoader::cancelled, this, [this](const QString& path) {
        defaultCorpusIfLoadFails_ = false;
        statusBar_->showMessage(tr("Opening cancelled; what was open stays open"), 5000);
        emit loadCancelled(path);
    });
}

// ---- corpora ---------------------------------------------------------------------------------

bool OpenActions::openedAsSession(const QString& path) {
    if (!openSession_ || path.isEmpty() || !isSessionPath(path.toStdString()))
        return false;
    const bool started = openSession_(path);
    // The command line's session that cannot be shown leaves the built-in corpus, not nothing
    // (onLoadFailed does it when the started load fails).
    if (!started && std::exchange(defaultCorpusIfLoadFails_, false) && !closing_ &&
        !controller_->source() && !controller_->corpus())
        openDefaultCorpus(true);
    return true;
}

void OpenActions::loadSession(const QString& path) {
    loader_->cancel();  // the newest request wins, whichever kind it is
    vectorLoader_->cancel();
    sessionLoader_->load(path);
}

void OpenActions::adoptSession(LoadedVectorsPtr vectors, const QString& path) {
    cancelLoad();  // the newest request wins
    rememberOwnCorpusOptions();
    onVectorsLoaded(std::move(vectors), path);
}

void OpenActions::openCorpus(const QString& path, bool autoStart) {
    if (openedAsSession(path))
        return;
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
    if (controller_->corpus() && corpusPath_.isEmpty()) {
        // Leaving the default corpus: its preset (many epochs of a tiny text) would be absurd for
        // a real corpus, so the parameters remembered for the user's own corpora come back.
        QSettings settings;
        corpusPanel_->setCorpusOptions(settings::loadCorpusOptions(settings, CorpusOptions{}));
        trainingPanel_->setOptions(settings::loadTrainerOptions(settings, TrainerOptions{}));
    }
    pendingTrainerOptions_ = trainingPanel_->options();
    vectorLoader_->cancel();  // the newest request wins, whichever kind it is
    sessionLoader_->cancel();
    loader_->load(path, corpusPanel_->corpusOptions());
}

void OpenActions::openDefaultCorpus(bool autoStart) {
    if (!mayDiscardTraining(tr("Open the built-in corpus? This discards the trained vectors "
                               "(export them first to keep them).")))
        return;
    rememberOwnCorpusOptions();
    autoStartAfterLoad_ = autoStart;
    pendingTrainerOptions_ = defaultCorpusTrainerOptions();
    corpusPanel_->setCorpusOptions(defaultCorpusOptions());
    vectorLoader_->cancel();
    sessionLoader_->cancel();
    loader_->load(QString(), defaultCorpusOptions());
}

void OpenActions::openInitialCorpus(const QString& path, bool autoStart) {
    defaultCorpusIfLoadFails_ = true;  // a failure may be reported before openCorpus returns
    openCorpus(path, autoStart);
    if (!isLoading())
        defaultCorpusIfLoadFails_ = false;
}

void OpenActions::reloadCorpus() {
    if (!vectorsPath_.isEmpty()) {
        openVectors(vectorsPath_);
        return;
    }
    if (!mayDiscardTraining(
            tr("Reload the corpus with these options? This discards the trained vectors.")))
        return;
    autoStartAfterLoad_ = false;
    pendingTrainerOptions_ = trainingPanel_->options();
    loader_->load(corpusPath_, corpusPanel_->corpusOptions());
}

void OpenActions::cancelLoad() {
    loader_->cancel();
    vectorLoader_->cancel();
    sessionLoader_->cancel();
}

bool OpenActions::isLoading() const {
    return loader_->isLoading() || vectorLoader_->isLoading() || sessionLoader_->isLoading();
}

void OpenActions::cancelForClosing() {
    closing_ = true;
    cancelLoad();
}

void OpenActions::waitForIdle() {
    loader_->waitForIdle();
    vectorLoader_->waitForIdle();
    sessionLoader_->waitForIdle();
}

QString OpenActions::corpusFileFilter() {
    // The compressed forms corpora ship in are read as they are (ByteStream.h).
    return tr(
        "Text files (*.txt *.text *.md *.csv *.tsv *.gz *.xz *.bz2 *.zst *.zip);;All files "
        "(*)");
}

void OpenActions::chooseCorpus() {
    const QString path =
        getOpenFileName(window_, tr("Open corpus"),
                        corpusPath_.isEmpty() ? QDir::homePath() : QFileInfo(corpusPath_).path(),
                        corpusFileFilter());
    if (!path.isEmpty())
        openCorpus(path);
}

void OpenActions::chooseCorpusFolder() {
    const QString folder = getExistingFolder(
        window_, tr("Open corpus folder (its files in name order, compressed or not)"),
        corpusPath_.isEmpty() ? QDir::homePath() : QFileInfo(corpusPath_).path());
    if (!folder.isEmpty())
        openCorpus(folder);
}

void OpenActions::fillRecentMenu(QMenu* menu) {
    menu->clear();
    QSettings settings;
    const QStringList files = settings::recentFiles(settings);
    for (const QString& file : files)
        menu->addAction(QFileInfo(file).fileName() + QStringLiteral("  —  ") + file, this,
                        [this, file] { openCorpus(file); });
    if (files.isEmpty())
        menu->addAction(tr("(none yet)"))->setEnabled(false);
}

void OpenActions::rememberOwnCorpusOptions() {
    // The default corpus runs with its own preset; only parameters chosen for the user's own
    // corpora are remembered for the next one, whenever the window leaves such a corpus.
    if (corpusPath_.isEmpty() || !controller_->corpus())
        return;
    QSettings settings;
    settings::saveCorpusOptions(settings, corpusPanel_->corpusOptions());
    settings::saveTrainerOptions(settings, controller_->options());
}

void OpenActions::onCorpusLoaded(std::shared_ptr<const TokenizedCorpus> corpus,
                                 const QString& path) {
    corpusPath_ = path;
    vectorsPath_.clear();
    // A corpus opened to train from loaded vectors starts from them; any other starts afresh.
    pendingTrainerOptions_.pretrained = std::exchange(pretrainedForNextCorpus_, {});
    if (pendingTrainerOptions_.pretrained.vectors)
        pendingTrainerOptions_.dim = pendingTrainerOptions_.pretrained.vectors->dim();
    if (!path.isEmpty()) {
        QSettings settings;
        settings::addRecentFile(settings, QFileInfo(path).absoluteFilePath());
    }
    emit corpusArrived(std::move(corpus), path, pendingTrainerOptions_,
                       std::exchange(autoStartAfterLoad_, false));
}

void OpenActions::onLoadFailed(const QString& path, const QString& message, const QString& title) {
    statusBar_->showMessage(tr("Loading failed"), 5000);
    if (!path.isEmpty() && !QFileInfo::exists(path)) {
        // A vanished file leaves the recent list instead of failing again.
        QSettings settings;
        settings::removeRecentFile(settings, QFileInfo(path).absoluteFilePath());
    }
    pretrainedForNextCorpus_ = {};
    emit loadFailed(path, message);
    if (!closing_)
        reportError_(title, message);
    if (std::exchange(defaultCorpusIfLoadFails_, false) && !closing_ && !controller_->source() &&
        !controller_->corpus())
        openDefaultCorpus(true);
}

// ---- vector files ----------------------------------------------------------------------------

bool OpenActions::looksLikeVectorFile(const QString& path) {
    const QFileInfo info(path);
    if (path.isEmpty() || !info.isFile())
        return false;  // a FIFO or device is never sniffed: reading it would consume it
    // The first bytes, decompressed when the file is gzip or xz (told by its signature).
    std::string head(kSniffBytes, '\0');
    std::size_t got = 0;
    bool whole = false;
    try {
        const std::unique_ptr<ByteStream> stream = openByteStream(path.toStdString());
        while (got < head.size()) {
            const std::size_t n = stream->read(head.data() + got, head.size() - got);
            if (n == 0) {
                whole = true;
                break;
            }
            got += n;
        }
    } catch (const std::exception&) {
        return false;  // unreadable or damaged: the corpus loader reports why
    }
    head.resize(got);
    return sniffVectorFile(head, whole).has_value();
}

void OpenActions::chooseVectors() {
    const QString start =
        vectorsPath_.isEmpty() ? safeStartFolder(QDir::homePath()) : QFileInfo(vectorsPath_).path();
    const QString path = getOpenFileName(
        window_, tr("Open vectors"), start,
        tr("Word vectors (*.vec *.txt *.bin *.csv *.tsv *.npy *.gz *.xz);;All files (*)"));
    if (!path.isEmpty())
        openVectors(path);
}

void OpenActions::chooseCorpusForLoadedVectors(bool freeze) {
    const QString path = getOpenFileName(window_, tr("Corpus to train from the loaded vectors"),
                                         safeStartFolder(QDir::homePath()), corpusFileFilter());
    if (!path.isEmpty())
        trainFromLoadedVectors(path, freeze);
}

void OpenActions::trainFromLoadedVectors(const QString& corpusPath, bool freeze) {
    const LoadedVectorSource* loaded = controller_->loadedVectors();
    if (!loaded) {
        reportError_(tr("Cannot train from vectors"),
                     tr("Open a vector file first (File > Open vectors…)."));
        return;
    }
    pretrainedForNextCorpus_.vectors =
        std::make_shared<const WordVectors>(controller_->source()->wordVectors());
    pretrainedForNextCorpus_.source = loaded->path();
    pretrainedForNextCorpus_.freeze = freeze;
    openCorpus(corpusPath);
    if (!isLoading())
        pretrainedForNextCorpus_ = {};  // not opened (the question was answered Keep)
}

void OpenActions::openVectors(const QString& path) {
    if (openedAsSession(path))
        return;
    if (!mayDiscardTraining(tr("Open %1? This discards the trained vectors (export them first to "
                               "keep them).")
                                .arg(QFileInfo(path).fileName())))
        return;
    rememberOwnCorpusOptions();
    autoStartAfterLoad_ = false;
    loader_->cancel();  // the newest request wins, whichever kind it is
    sessionLoader_->cancel();
    vectorLoader_->load(path);
}

void OpenActions::onVectorsLoaded(LoadedVectorsPtr vectors, const QString& path) {
    defaultCorpusIfLoadFails_ = false;
    vectorsPath_ = path;
    corpusPath_.clear();
    QSettings settings;
    settings::addRecentFile(settings, QFileInfo(path).absoluteFilePath());
    emit vectorsArrived(std::move(vectors), path);
}

}  // namespace embedscope
