// MainWindow's part that opens vector files made elsewhere: the action, the background load, and
// showing the vectors once they arrive. The panels then read them through the controller's
// VectorSource, as they read a training run.
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStatusBar>

#include "ByteStream.h"
#include "CorpusLoader.h"
#include "CorpusPanel.h"
#include "FileDialogs.h"
#include "MainWindow.h"
#include "Settings.h"
#include "TrainingController.h"
#include "VectorFileSniffer.h"

namespace embedscope {

namespace {

// Enough for the sniffer's kSniffedLines lines of 300 values.
constexpr qint64 kSniffBytes = 256 * 1024;

}  // namespace

bool MainWindow::looksLikeVectorFile(const QString& path) {
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

void MainWindow::connectVectorLoader() {
    connect(vectorLoader_, &VectorFileLoader::busyChanged, this, [this](bool busy) {
        corpusPanel_->setLoading(busy, vectorLoader_->loadingPath());
        if (busy)
            statusBar()->showMessage(tr("Opening %1…").arg(vectorLoader_->loadingPath()));
    });
    connect(vectorLoader_, &VectorFileLoader::progress, corpusPanel_,
            &CorpusPanel::setLoadProgress);
    connect(vectorLoader_, &VectorFileLoader::loaded, this, &MainWindow::onVectorsLoaded);
    connect(vectorLoader_, &VectorFileLoader::failed, this,
            [this](const QString& path, const QString& message) {
                onLoadFailed(path, message, tr("Cannot open vectors"));
            });
    connect(vectorLoader_, &VectorFileLoader::cancelled, this, [this](const QString& path) {
        defaultCorpusIfLoadFails_ = false;
        statusBar()->showMessage(tr("Opening cancelled; what was open stays open"), 5000);
        emit loadCancelled(path);
    });
}

void MainWindow::chooseVectors() {
    const QString start =
        vectorsPath_.isEmpty() ? safeStartFolder(QDir::homePath()) : QFileInfo(vectorsPath_).path();
    const QString path = getOpenFileName(
        this, tr("Open vectors"), start,
        tr("Word vectors (*.vec *.txt *.bin *.csv *.tsv *.npy *.gz *.xz);;All files (*)"));
    if (!path.isEmpty())
        openVectors(path);
}

void MainWindow::chooseCorpusForLoadedVectors() {
    const QString path = getOpenFileName(this, tr("Corpus to train from the loaded vectors"),
                                         safeStartFolder(QDir::homePath()),
                                         tr("Text files (*.txt *.text *.md);;All files (*)"));
    if (!path.isEmpty())
        trainFromLoadedVectors(path, actions_.freezeVectors->isChecked());
}

void MainWindow::trainFromLoadedVectors(const QString& corpusPath, bool freeze) {
    const LoadedVectorSource* loaded = controller_->loadedVectors();
    if (!loaded) {
        reportError(tr("Cannot train from vectors"),
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

void MainWindow::openVectors(const QString& path) {
    if (!mayDiscardTraining(tr("Open %1? This discards the trained vectors (export them first to "
                               "keep them).")
                                .arg(QFileInfo(path).fileName())))
        return;
    rememberOwnCorpusOptions();
    autoStartAfterLoad_ = false;
    loader_->cancel();  // the newest request wins, whichever kind it is
    vectorLoader_->load(path);
}

void MainWindow::onVectorsLoaded(LoadedVectorsPtr vectors, const QString& path) {
    defaultCorpusIfLoadFails_ = false;
    vectorsPath_ = path;
    corpusPath_.clear();
    selectedRow_ = -1;
    const QString name = QFileInfo(path).fileName();
    controller_->setLoadedVectors(vectors);
    corpusPanel_->setVectors(vectors, path);
    QSettings settings;
    settings::addRecentFile(settings, QFileInfo(path).absoluteFilePath());
    setWindowTitle(tr("%1[*] — Embedscope").arg(name));
    setWindowModified(false);
    const QString opened = tr("Opened %1 as word vectors: %2 words × %3 dimensions")
                               .arg(name)
                               .arg(QLocale().toString(vectors->rows()))
                               .arg(vectors->dim());
    statusBar()->showMessage(
        vectorLoader_->lastLoadFromCache() ? tr("%1 (from cache)").arg(opened) : opened, 8000);
    selectRow(0);
    reportTrackedList();
    emit vectorsLoaded(path);
}

}  // namespace embedscope
