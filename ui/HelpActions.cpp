#include "HelpActions.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTextBrowser>
#include <QToolBar>
#include <QVBoxLayout>

#include "LessonDialog.h"

namespace embedscope {

HelpActions::HelpActions(QMainWindow* window) : QObject(window), window_(window) {}

void HelpActions::showGuide() {
    if (guide_) {
        guide_->raise();
        guide_->activateWindow();
        return;
    }
    auto* dialog = new QDialog(window_);
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
        "<li>Shift+drag on the plot selects the words inside a rectangle or a lasso "
        "(<b>Selection ▸ Selection tool</b>; Shift+Ctrl+drag adds): I isolates them, N adds "
        "their neighbours, T tags them, Esc clears.</li>"
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

void HelpActions::showLesson() {
    if (lessonOffer_)  // found: the offer has done its work
        lessonOffer_->deleteLater();
    if (!lesson_) {
        lesson_ = new LessonDialog(window_);
        lesson_->setAttribute(Qt::WA_DeleteOnClose);  // the next time starts at step 1
        connect(lesson_, &LessonDialog::trainRequested, this,
                &HelpActions::lessonTrainingRequested);
    }
    lesson_->show();
    lesson_->raise();
    lesson_->activateWindow();
}

LessonDialog* HelpActions::lessonDialog() const {
    return lesson_;
}

bool HelpActions::offerLessonOnce() {
    const QString key = QStringLiteral("lesson/offered");
    QSettings settings;
    if (settings.value(key, false).toBool())
        return false;
    settings.setValue(key, true);
    // A tool bar of its own line under the main one: seen at once, and it leaves with a click.
    auto* bar = new QToolBar(tr("Lesson"), window_);
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
    connect(show, &QPushButton::clicked, this, &HelpActions::showLesson);
    connect(dismiss, &QPushButton::clicked, bar, &QObject::deleteLater);
    window_->addToolBarBreak(Qt::TopToolBarArea);
    window_->addToolBar(Qt::TopToolBarArea, bar);
    bar->show();  // added after the window was shown, it would stay hidden
    lessonOffer_ = bar;
    return true;
}

void HelpActions::showAbout() {
    QMessageBox::about(window_, tr("About Embedscope"),
                       tr("<b>Embedscope %1</b><p>Watch word embeddings learn: one-hot vectors, "
                          "embedding rows, word2vec training and a live PCA view.</p>")
                           .arg(QApplication::applicationVersion()));
}

}  // namespace embedscope
