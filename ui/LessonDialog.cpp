#include "LessonDialog.h"

#include <QButtonGroup>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

#include "HeatStrip.h"
#include "LookupView.h"
#include "OneHot.h"
#include "OneHotStrip.h"
#include "SimilarityComparison.h"
#include "TorchPrint.h"

namespace embedscope {

namespace {

QString text(const std::string& utf8) {
    return QString::fromStdString(utf8);
}

// A Python str literal of word, as the dictionary shows it: 'dogs'.
QString literal(const std::string& word) {
    return text(pythonStringRepr(word));
}

QVector<float> rowOf(const RowMatrixXf& weights, std::int64_t row) {
    QVector<float> values(static_cast<int>(weights.cols()));
    for (int d = 0; d < values.size(); ++d)
        values[d] = weights(row, d);
    return values;
}

QLabel* paragraph(const QString& html, QWidget* parent) {
    auto* label = new QLabel(html, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

QString stepTitle(int step) {
    switch (step) {
        case LessonDialog::OneHotStep:
            return LessonDialog::tr("one-hot vectors");
        case LessonDialog::EmbeddingStep:
            return LessonDialog::tr("nn.Embedding(3, 5)");
        case LessonDialog::LookupStep:
            return LessonDialog::tr("the lookup one_hot · W = row");
        case LessonDialog::SentenceStep:
            return LessonDialog::tr("a sentence of your own");
        default:
            return LessonDialog::tr("watch similarity emerge");
    }
}

}  // namespace

LessonDialog::LessonDialog(QWidget* parent)
    : QDialog(parent),
      title_(new QLabel(this)),
      pages_(new QStackedWidget(this)),
      transcript_(new QPlainTextEdit(this)),
      back_(new QPushButton(tr("< &Back"), this)),
      next_(new QPushButton(tr("&Next >"), this)) {
    setWindowTitle(tr("Lesson: one-hot vectors and nn.Embedding"));
    setObjectName(QStringLiteral("lessonDialog"));
    title_->setTextFormat(Qt::RichText);
    transcript_->setObjectName(QStringLiteral("lessonTranscript"));
    transcript_->setReadOnly(true);
    transcript_->setLineWrapMode(QPlainTextEdit::NoWrap);
    transcript_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    transcript_->setToolTip(tr("What the same steps print in Python with PyTorch"));

    pages_->addWidget(makeOneHotPage());
    pages_->addWidget(makeEmbeddingPage());
    pages_->addWidget(makeLookupPage());
    pages_->addWidget(makeSentencePage());
    pages_->addWidget(makeTrainPage());

    auto* close = new QPushButton(tr("&Close"), this);
    // Enter belongs to the sentence box: no button is pressed by it.
    for (QPushButton* button : {back_, next_, close, train_})
        button->setAutoDefault(false);
    connect(back_, &QPushButton::clicked, this, &LessonDialog::back);
    connect(next_, &QPushButton::clicked, this, &LessonDialog::next);
    connect(close, &QPushButton::clicked, this, &LessonDialog::reject);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(back_);
    buttons->addWidget(next_);
    buttons->addSpacing(12);
    buttons->addWidget(close);

    layout_ = new QVBoxLayout(this);
    layout_->addWidget(title_);
    layout_->addWidget(pages_);
    layout_->addWidget(transcript_);
    layout_->addStretch(1);
    layout_->addLayout(buttons);
    resize(800, 700);
    showStep();
}

// ---- the pages -------------------------------------------------------------------------------

QWidget* LessonDialog::makeOneHotPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(paragraph(
        tr("<p>A network computes with numbers, not words. The simplest way to turn words into "
           "numbers: give each word of the vocabulary an index (here the three words of "
           "<i>“I like dogs”</i>, so V = 3) and write word <i>i</i> as V zeros with a single 1 at "
           "position <i>i</i>: its <b>one-hot vector</b>.</p>"),
        page));
    auto* grid = new QGridLayout;
    for (int i = 0; i < lesson_.size(); ++i) {
        grid->addWidget(new QLabel(literal(lesson_.words()[i]), page), i, 0);
        auto* strip = new OneHotStrip(page);
        grid->addWidget(strip, i, 1);
        oneHotStrips_ << strip;
    }
    layout->addLayout(grid);
    layout->addStretch(1);
    return page;
}

QWidget* LessonDialog::makeEmbeddingPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(paragraph(
        tr("<p>An embedding layer is a table <b>W</b> with one row of D numbers per word: "
           "<tt>nn.Embedding(3, 5)</tt> holds V = 3 rows of D = 5. PyTorch fills it with random "
           "numbers drawn from N(0, 1), the normal distribution with mean 0 and standard "
           "deviation 1; training will move them. Below, each row as colours (red above zero, "
           "blue below; hover for the values), and the table as PyTorch prints it.</p>"
           "<p><small>These numbers come from Embedscope's own random generator, so they are not "
           "the ones PyTorch would draw.</small></p>"),
        page));
    auto* grid = new QGridLayout;
    for (int i = 0; i < lesson_.size(); ++i) {
        grid->addWidget(new QLabel(tr("W[%1]  %2").arg(i).arg(literal(lesson_.words()[i])), page),
                        i, 0);
        auto* strip = new HeatStrip(page);
        grid->addWidget(strip, i, 1);
        rowStrips_ << strip;
    }
    layout->addLayout(grid);
    layout->addStretch(1);
    return page;
}

QWidget* LessonDialog::makeLookupPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(paragraph(
        tr("<p>Multiplying a one-hot vector by W adds up the rows of W, each weighted by an entry "
           "of the vector: the zeros drop their rows and the single 1 keeps one. So "
           "<tt>one_hot · W</tt> is row <i>i</i> of W, and an embedding layer skips the product: "
           "<tt>embedding(torch.tensor(i))</tt> looks row <i>i</i> up. Click a word.</p>"),
        page));
    auto* row = new QHBoxLayout;
    words_ = new QButtonGroup(page);
    words_->setExclusive(true);
    for (int i = 0; i < lesson_.size(); ++i) {
        auto* button = new QPushButton(text(lesson_.words()[i]), page);
        button->setCheckable(true);
        button->setAutoDefault(false);
        words_->addButton(button, i);
        row->addWidget(button);
    }
    row->addStretch(1);
    layout->addLayout(row);
    lookupHeader_ = new QLabel(page);
    lookupHeader_->setTextFormat(Qt::RichText);
    layout->addWidget(lookupHeader_);
    lookup_ = new LookupView(page);
    layout->addWidget(lookup_);
    layout->addStretch(1);
    connect(words_, &QButtonGroup::idClicked, this, &LessonDialog::chooseWord);
    return page;
}

QWidget* LessonDialog::makeSentencePage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(paragraph(
        tr("<p>Type a sentence: its new words join the vocabulary. <b>First flaw</b> of one-hot "
           "vectors: their length is V, so every new word lengthens all of them (a real "
           "vocabulary has 100,000 words), while an embedding row keeps its D = 5 numbers. "
           "<b>Second flaw</b>: two different one-hot vectors always have dot product 0, so "
           "every word is as unlike every other: the left matrix is flat. The cosines of the "
           "embedding rows differ from pair to pair (right): at random for now.</p>"),
        page));
    sentenceEdit_ = new QLineEdit(page);
    sentenceEdit_->setObjectName(QStringLiteral("lessonSentence"));
    sentenceEdit_->setPlaceholderText(tr("Type a sentence, e.g. my cat likes fish"));
    sentenceEdit_->setClearButtonEnabled(true);
    sentenceEdit_->setMaxLength(400);
    layout->addWidget(sentenceEdit_);
    vocabularySize_ = new QLabel(page);
    vocabularySize_->setTextFormat(Qt::RichText);
    vocabularySize_->setWordWrap(true);
    layout->addWidget(vocabularySize_);
    comparison_ = new SimilarityComparison(page);
    layout->addWidget(comparison_, 1);
    connect(sentenceEdit_, &QLineEdit::textChanged, this, [this] {
        if (step_ == SentenceStep)
            showSentence();
    });
    return page;
}

QWidget* LessonDialog::makeTrainPage() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(paragraph(
        tr("<p>Random rows make random similarities. Training (word2vec) moves the rows of W so "
           "that words used in similar contexts get similar rows. The built-in corpus, eleven "
           "thousand short sentences about animals, food, family, places and time (“I like "
           "dogs.” among them), trains in seconds.</p>"
           "<p>The <b>Inspector</b> panel shows these same views for the word you "
           "click: its one-hot vector, its row, the lookup, and the two similarity matrices. "
           "Watch the right-hand matrix: warm blocks appear as related words get similar rows, "
           "while the one-hot matrix stays flat.</p>"),
        page));
    train_ = new QPushButton(tr("Open the built-in corpus and &train"), page);
    train_->setObjectName(QStringLiteral("lessonTrain"));
    auto* row = new QHBoxLayout;
    row->addWidget(train_);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addWidget(paragraph(
        tr("<p><small>The lesson closes; Help ▸ Lesson brings it back. Your training is not lost "
           "unasked: if vectors trained on your own corpus have not been exported, Embedscope "
           "asks first.</small></p>"),
        page));
    layout->addStretch(1);
    connect(train_, &QPushButton::clicked, this, [this] {
        emit trainRequested();
        accept();
    });
    return page;
}

// ---- moving between the steps ---------------------------------------------------------------

void LessonDialog::setStep(int step) {
    step_ = std::clamp(step, 0, StepCount - 1);
    showStep();
}

void LessonDialog::next() {
    setStep(step_ + 1);
}

void LessonDialog::back() {
    setStep(step_ - 1);
}

void LessonDialog::chooseWord(int index) {
    chosenWord_ = std::clamp(index, 0, static_cast<int>(oneHotStrips_.size()) - 1);
    if (step_ == LookupStep)
        showLookup();
}

void LessonDialog::showStep() {
    // Each step shows the same vocabulary whenever it is shown: the three words before the
    // sentence step (so going back undoes the sentence), and the typed words from it on.
    if (step_ != SentenceStep)
        lesson_.setSentence({});
    pages_->setCurrentIndex(step_);
    // The page as tall as it needs, the session right under it and the space left below; only
    // the heatmaps of the sentence step take the free height.
    for (int i = 0; i < pages_->count(); ++i)
        pages_->widget(i)->setSizePolicy(
            QSizePolicy::Preferred, i == step_ ? QSizePolicy::Preferred : QSizePolicy::Ignored);
    layout_->setStretch(kPagesItem, step_ == SentenceStep ? 1 : 0);
    layout_->setStretch(kSpaceItem, step_ == SentenceStep ? 0 : 1);
    title_->setText(
        tr("<h3>Step %1 of %2: %3</h3>").arg(step_ + 1).arg(StepCount).arg(stepTitle(step_)));
    back_->setEnabled(step_ > 0);
    next_->setEnabled(step_ < StepCount - 1);
    transcript_->setVisible(step_ != TrainStep);
    switch (step_) {
        case OneHotStep:
            showOneHots();
            break;
        case EmbeddingStep:
            showTable();
            break;
        case LookupStep:
            showLookup();
            break;
        case SentenceStep:
            showSentence();
            sentenceEdit_->setFocus();  // the step is about typing
            break;
        default:
            transcript_->clear();
            break;
    }
}

// ---- what each step shows --------------------------------------------------------------------

void LessonDialog::showOneHots() {
    const std::int64_t size = lesson_.size();
    QStringList lines;
    lines << QStringLiteral(">>> word_to_ix = {word: i for i, word in enumerate(%1.split())}")
                 .arg(literal(std::string(EmbeddingLesson::kSeedSentence)))
          << QStringLiteral(">>> word_to_ix") << text(pythonIndexDictRepr(lesson_.words()))
          << QStringLiteral(">>> one_hot = torch.eye(len(word_to_ix))   # row i: word i's one-hot");
    for (int i = 0; i < size; ++i) {
        const OneHot oneHot(i, size);
        oneHotStrips_[i]->setVector(oneHot.index, oneHot.size);
        lines << QStringLiteral(">>> one_hot[word_to_ix[%1]]").arg(literal(lesson_.words()[i]))
              << text(torchVectorRepr(oneHot.dense()));
    }
    setTranscript(lines);
}

void LessonDialog::showTable() {
    const RowMatrixXf& weights = lesson_.table().weight();
    // One colour scale for the three rows, so that their colours compare.
    const double range = weights.size() ? double(weights.cwiseAbs().maxCoeff()) : 1.0;
    for (int i = 0; i < rowStrips_.size(); ++i) {
        rowStrips_[i]->setRange(range);
        rowStrips_[i]->setValues(rowOf(weights, i));
    }
    QStringList lines;
    lines << QStringLiteral(">>> embedding = nn.Embedding(%1, %2)   # %1 words, %2 numbers each")
                 .arg(lesson_.size())
                 .arg(EmbeddingLesson::kDim)
          << QStringLiteral(">>> embedding.weight") << text(torchParameterRepr(weights));
    setTranscript(lines);
}

void LessonDialog::showLookup() {
    const std::int64_t size = lesson_.size();
    const int index = chosenWord_;
    if (QAbstractButton* button = words_->button(index))
        button->setChecked(true);
    const OneHot oneHot(index, size);
    const RowMatrixXf& weights = lesson_.table().weight();
    const Eigen::RowVectorXf row = oneHot.times(weights);
    lookupHeader_->setText(tr("<b>%1</b>: index %2 of V = %3")
                               .arg(literal(lesson_.words()[index]).toHtmlEscaped())
                               .arg(index)
                               .arg(size));
    lookup_->showLookup(index, size, rowOf(weights, index));

    const QString key = QStringLiteral("word_to_ix[%1]").arg(literal(lesson_.words()[index]));
    QStringList sum;
    for (int i = 0; i < size; ++i)
        sum << QStringLiteral("%1 × W[%2]").arg(i == index ? 1 : 0).arg(i);
    QStringList lines;
    lines << QStringLiteral(">>> W = embedding.weight.data")
          << QStringLiteral(">>> one_hot[%1]").arg(key) << text(torchVectorRepr(oneHot.dense()))
          << QStringLiteral(">>> one_hot[%1] @ W   # %2").arg(key, sum.join(QStringLiteral(" + ")))
          << text(torchVectorRepr(row))
          << QStringLiteral(">>> W[%1]   # the same row, looked up by index").arg(key)
          << text(torchVectorRepr(weights.row(index)));
    setTranscript(lines);
}

void LessonDialog::showSentence() {
    const std::string sentence = sentenceEdit_->text().toStdString();
    const int leftOut = lesson_.setSentence(sentence);
    const std::int64_t size = lesson_.size();
    const RowMatrixXf& weights = lesson_.table().weight();

    QString summary =
        size == lesson_.seedSize()
            ? tr("<b>V = %1</b>: a one-hot vector has %1 entries, an embedding row %2 numbers. "
                 "Type to add words.")
                  .arg(size)
                  .arg(EmbeddingLesson::kDim)
            : tr("<b>V = %1</b> (%2 new): a one-hot vector now has %1 entries; an embedding row "
                 "still has %3 numbers.")
                  .arg(size)
                  .arg(size - lesson_.seedSize())
                  .arg(EmbeddingLesson::kDim);
    if (leftOut > 0)
        summary += QStringLiteral(" <small>(%1: the lesson keeps %2 words.)</small>")
                       .arg(leftOut == 1 ? tr("1 more new word left out")
                                         : tr("%1 more new words left out").arg(leftOut))
                       .arg(EmbeddingLesson::kMaxWords);
    vocabularySize_->setText(summary);

    QStringList words;
    for (const std::string& word : lesson_.words())
        words << text(word);
    comparison_->setRows(words, weights);

    QStringList lines;
    const std::vector<std::string> tokens = EmbeddingLesson::tokenize(sentence);
    if (!tokens.empty()) {
        QStringList literals;
        for (const std::string& token : tokens)
            literals << literal(token);
        lines << QStringLiteral(">>> tokens = [%1]").arg(literals.join(QStringLiteral(", ")))
              << QStringLiteral(">>> for word in tokens:")
              << (leftOut > 0
                      ? QStringLiteral(
                            "...     if word not in word_to_ix and len(word_to_ix) < %1:")
                            .arg(EmbeddingLesson::kMaxWords)
                      : QStringLiteral(
                            "...     if word not in word_to_ix:   # a new word: the next index"))
              << QStringLiteral("...         word_to_ix[word] = len(word_to_ix)")
              << QStringLiteral("...");
    }
    lines << QStringLiteral(">>> word_to_ix") << text(pythonIndexDictRepr(lesson_.words()))
          << QStringLiteral(">>> len(word_to_ix)   # V: the length of every one-hot vector")
          << QString::number(size) << QStringLiteral(">>> torch.eye(%1)").arg(size)
          << text(torchMatrixRepr(RowMatrixXf::Identity(size, size)))
          << QStringLiteral(">>> embedding = nn.Embedding(%1, %2)   # still %2 numbers a word")
                 .arg(size)
                 .arg(EmbeddingLesson::kDim)
          << QStringLiteral(">>> embedding.weight") << text(torchParameterRepr(weights));
    setTranscript(lines);
}

void LessonDialog::setTranscript(const QStringList& lines) {
    transcript_->setPlainText(lines.join(QLatin1Char('\n')));
    // As tall as the session, up to kTranscriptLines: the rest of the height goes to the pictures.
    const int shown = std::min(static_cast<int>(lines.size()), kTranscriptLines);
    const int margins = 2 * (transcript_->frameWidth() +
                             static_cast<int>(transcript_->document()->documentMargin()));
    transcript_->setFixedHeight(shown * transcript_->fontMetrics().lineSpacing() + margins +
                                transcript_->horizontalScrollBar()->sizeHint().height());
}

// ---- for tests -------------------------------------------------------------------------------

QString LessonDialog::transcript() const {
    return transcript_->toPlainText();
}

QString LessonDialog::vocabularySizeText() const {
    return vocabularySize_->text();
}

QAbstractButton* LessonDialog::backButton() const {
    return back_;
}

QAbstractButton* LessonDialog::nextButton() const {
    return next_;
}

QAbstractButton* LessonDialog::trainButton() const {
    return train_;
}

QAbstractButton* LessonDialog::wordButton(int index) const {
    return words_->button(index);
}

}  // namespace embedscope
