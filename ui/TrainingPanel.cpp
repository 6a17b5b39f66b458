#include "TrainingPanel.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

#include "StableButtonWidth.h"
#include "TrainingController.h"

namespace embedscope {

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent),
      model_(new QComboBox(this)),
      kernel_(new QComboBox(this)),
      init_(new QComboBox(this)),
      lineOrder_(new QComboBox(this)),
      dim_(new QSpinBox(this)),
      window_(new QSpinBox(this)),
      negative_(new QSpinBox(this)),
      epochs_(new QSpinBox(this)),
      lr_(new QDoubleSpinBox(this)),
      sample_(new QDoubleSpinBox(this)),
      threads_(new QSpinBox(this)),
      seed_(new QSpinBox(this)),
      tracked_(new QSpinBox(this)),
      trackedList_(new QLineEdit(this)),
      buttons_(new QWidget(this)) {
    // Names for tests.
    for (auto [widget, name] : {std::pair<QWidget*, const char*>{model_, "model"},
                                {kernel_, "kernel"},
                                {init_, "initialisation"},
                                {lineOrder_, "lineOrder"},
                                {dim_, "dim"},
                                {window_, "window"},
                                {negative_, "negative"},
                                {epochs_, "epochs"},
                                {lr_, "learningRate"},
                                {sample_, "sample"},
                                {threads_, "threads"},
                                {seed_, "seed"},
                                {tracked_, "trackedCount"},
                                {trackedList_, "trackedList"}})
        widget->setObjectName(QString::fromLatin1(name));
    model_->addItem(tr("skip-gram"), int(TrainingModel::SkipGram));
    model_->addItem(tr("CBOW"), int(TrainingModel::Cbow));
    // The first entry of the kernel and initialisation boxes is the model's default, which
    // follows the model (showModelDefaults names it); an entry picked by name stays.
    kernel_->addItem(QString(), kModelDefault);
    kernel_->addItem(tr("batched"), int(TrainingKernelKind::Batched));
    kernel_->addItem(tr("classic (per pair)"), int(TrainingKernelKind::Classic));
    kernel_->setToolTip(
        tr("Default: batched for skip-gram, classic for CBOW (the faster batched CBOW kernel "
           "lets 4 targets share their negatives and scores lower on analogies). A kernel picked "
           "by name stays when the model changes."));
    init_->addItem(QString(), kModelDefault);
    init_->addItem(tr("word2vec U(−0.5/D, 0.5/D)"), int(EmbeddingInit::Word2VecUniform));
    init_->addItem(tr("gensim U(−1/D, 1/D)"), int(EmbeddingInit::GensimUniform));
    init_->addItem(tr("nn.Embedding N(0, 1)"), int(EmbeddingInit::Normal));
    init_->setToolTip(
        tr("The input vectors' starting values. Default: word2vec's range for skip-gram, gensim's "
           "wider range for CBOW (about 0.3 analogy points better). A range picked by name stays "
           "when the model changes."));
    showModelDefaults();
    lineOrder_->addItem(tr("file order (word2vec)"), false);
    lineOrder_->addItem(tr("shuffled every epoch"), true);
    lineOrder_->setToolTip(
        tr("File order: each thread reads its lines as word2vec does. Shuffled: in a new random "
           "order every epoch, so that a file sorted by topic, date or source does not pull the "
           "vectors towards each part in turn."));
    dim_->setRange(2, 1000);
    window_->setRange(1, 50);
    negative_->setRange(1, 50);
    epochs_->setRange(1, 1000);
    lr_->setRange(0.0001, 1.0);
    lr_->setDecimals(4);
    lr_->setSingleStep(0.005);
    lr_->setToolTip(
        tr("Applies immediately while training; the schedule decays from the new value"));
    sample_->setRange(0.0, 0.1);
    sample_->setDecimals(5);
    sample_->setSingleStep(0.0001);
    sample_->setSpecialValueText(tr("off"));
    threads_->setRange(0, QThread::idealThreadCount() * 4);
    threads_->setSpecialValueText(tr("all (%1)").arg(QThread::idealThreadCount()));
    threads_->setToolTip(
        tr("Worker threads. A run in progress keeps its threads; a new count "
           "applies from the next run and never discards trained vectors."));
    seed_->setRange(0, 1 << 30);
    tracked_->setRange(2, TrainingController::kMaxTrackedCount);
    tracked_->setSingleStep(100);
    tracked_->setToolTip(tr("The most frequent N words are projected and plotted"));
    tracked_->setSuffix(tr(" words"));
    trackedList_->setPlaceholderText(tr("or list the words to plot"));
    trackedList_->setToolTip(
        tr("Words separated by spaces; a word that holds spaces goes in double quotes"));
    trackedList_->setClearButtonEnabled(true);

    // Two label/field columns keep the panel short, leaving the side column to the vocabulary.
    auto* form = new QGridLayout;
    form->setHorizontalSpacing(8);
    const auto addPair = [this, form](int row, int column, const QString& label, QWidget* field,
                                      int span = 1) {
        auto* text = new QLabel(label, this);
        text->setBuddy(field);
        form->addWidget(text, row, column * 2, Qt::AlignRight);
        form->addWidget(field, row, column * 2 + 1, 1, span);
    };
    addPair(0, 0, tr("Model"), model_);
    addPair(0, 1, tr("Kernel"), kernel_);
    addPair(1, 0, tr("Dimension"), dim_);
    addPair(1, 1, tr("Window"), window_);
    addPair(2, 0, tr("Negatives"), negative_);
    addPair(2, 1, tr("Epochs"), epochs_);
    addPair(3, 0, tr("Learning rate"), lr_);
    addPair(3, 1, tr("Subsampling"), sample_);
    addPair(4, 0, tr("Threads"), threads_);
    addPair(4, 1, tr("Seed"), seed_);
    addPair(5, 0, tr("Initialisation"), init_, 3);
    addPair(6, 0, tr("Line order"), lineOrder_, 3);
    addPair(7, 0, tr("Plotted"), tracked_);
    auto* listRow = new QHBoxLayout;
    listRow->setSpacing(2);
    listRow->addWidget(trackedList_, 1);
    auto* loadList = new QToolButton(this);
    loadList->setText(tr("…"));
    loadList->setToolTip(tr("Load the words to plot from a text file"));
    listRow->addWidget(loadList);
    form->addLayout(listRow, 7, 2, 1, 2);
    connect(loadList, &QToolButton::clicked, this, &TrainingPanel::loadWordListRequested);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buttons_);
    layout->addLayout(form);
    layout->addStretch(1);
    new QHBoxLayout(buttons_);
    buttons_->layout()->setContentsMargins(0, 0, 0, 0);

    connect(model_, &QComboBox::currentIndexChanged, this, &TrainingPanel::showModelDefaults);
    // A spin box finishes editing on Return and again when it loses focus (to the question that
    // the first report may raise): only a change from the options last shown or reported counts.
    const auto edited = [this] {
        if (updating_)
            return;
        const TrainerOptions now = options();
        if (now == reported_)
            return;
        reported_ = now;
        emit optionsEdited();
    };
    for (QComboBox* box : {model_, kernel_, init_, lineOrder_})
        connect(box, &QComboBox::activated, this, edited);
    for (QSpinBox* spin : {dim_, window_, negative_, epochs_, threads_, seed_})
        connect(spin, &QSpinBox::editingFinished, this, edited);
    connect(sample_, &QDoubleSpinBox::editingFinished, this, edited);
    connect(lr_, &QDoubleSpinBox::valueChanged, this, [this](double lr) {
        if (!updating_)
            emit learningRateEdited(lr);
    });
    connect(tracked_, &QSpinBox::editingFinished, this, [this] {
        if (!updating_)
            emit trackedCountEdited(tracked_->value());
    });
    connect(trackedList_, &QLineEdit::editingFinished, this, [this] {
        if (!updating_)
            emit trackedWordListEdited(trackedList_->text().trimmed());
    });
    // The clear button empties the field without finishing the edit: plot the most frequent
    // words again at once.
    connect(trackedList_, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (!updating_ && text.isEmpty())
            emit trackedWordListEdited(QString());
    });
}

void TrainingPanel::setActions(const QList<QAction*>& actions) {
    for (QAction* action : actions) {
        auto* button = new QToolButton(buttons_);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        // Equal shares of the row, whatever the text: a button that grew with "Start (resume)"
        // moved the others under the pointer.
        button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        button->setMinimumWidth(widestTextWidth(button));
        static_cast<QHBoxLayout*>(buttons_->layout())->addWidget(button, 1);
    }
}

TrainerOptions TrainingPanel::options() const {
    TrainerOptions options;
    options.model = static_cast<TrainingModel>(model_->currentData().toInt());
    if (const int kernel = kernel_->currentData().toInt(); kernel != kModelDefault)
        options.kernel = static_cast<TrainingKernelKind>(kernel);
    if (const int init = init_->currentData().toInt(); init != kModelDefault)
        options.init = static_cast<EmbeddingInit>(init);
    options.shuffleLines = lineOrder_->currentData().toBool();
    options.dim = dim_->value();
    options.window = window_->value();
    options.negative = negative_->value();
    options.epochs = epochs_->value();
    options.learningRate = lr_->value();
    options.sample = sample_->value();
    options.threads = threads_->value();
    options.seed = static_cast<std::uint64_t>(seed_->value());
    return options;
}

void TrainingPanel::setOptions(const TrainerOptions& options) {
    updating_ = true;
    model_->setCurrentIndex(model_->findData(int(options.model)));
    kernel_->setCurrentIndex(
        std::max(0, options.kernel ? kernel_->findData(int(*options.kernel)) : 0));
    init_->setCurrentIndex(std::max(0, options.init ? init_->findData(int(*options.init)) : 0));
    lineOrder_->setCurrentIndex(lineOrder_->findData(options.shuffleLines));
    dim_->setValue(options.dim);
    window_->setValue(options.window);
    negative_->setValue(options.negative);
    epochs_->setValue(options.epochs);
    lr_->setValue(options.effectiveLearningRate());
    sample_->setValue(options.sample);
    threads_->setValue(options.threads);
    seed_->setValue(static_cast<int>(options.seed));
    reported_ = this->options();
    updating_ = false;
}

void TrainingPanel::showModelDefaults() {
    const auto model = static_cast<TrainingModel>(model_->currentData().toInt());
    const auto nameOf = [](const QComboBox* box, int data) {
        return box->itemText(box->findData(data));
    };
    kernel_->setItemText(0, tr("default: %1").arg(nameOf(kernel_, int(defaultKernel(model)))));
    init_->setItemText(0, tr("default for %1: %2")
                              .arg(model_->currentText(), nameOf(init_, int(defaultInit(model)))));
}

int TrainingPanel::trackedCount() const {
    return tracked_->value();
}

void TrainingPanel::setTrackedCount(int count) {
    updating_ = true;
    tracked_->setValue(count);
    updating_ = false;
}

QString TrainingPanel::trackedWordList() const {
    return trackedList_->text().trimmed();
}

void TrainingPanel::setTrackedWordList(const QString& words) {
    updating_ = true;
    trackedList_->setText(words);
    updating_ = false;
}

}  // namespace embedscope
