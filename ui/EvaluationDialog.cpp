#include "EvaluationDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

#include "FileDialogs.h"
#include "Settings.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

const QString& kAnalogiesKey = settings::kEvaluationAnalogiesKey;
const QString& kSimilarityKey = settings::kEvaluationSimilarityKey;
const QString& kRestrictKey = settings::kEvaluationRestrictKey;
const QString kMethodKey = QStringLiteral("evaluation/cosMul");

enum Column { TestColumn, ScoreColumn, DetailsColumn, SkippedColumn, ColumnCount };

QString percent(double fraction) {
    return QStringLiteral("%1%").arg(100.0 * fraction, 0, 'f', 1);
}

QString correlation(double value) {
    return std::isfinite(value) ? QString::number(value, 'f', 4) : QStringLiteral("–");
}

}  // namespace

EvaluationDialog::EvaluationDialog(TrainingController* controller, QWidget* parent)
    : QDialog(parent), controller_(controller) {
    setWindowTitle(tr("Evaluate the vectors"));

    analogyFile_ = new QLineEdit;
    analogyFile_->setPlaceholderText(tr("questions-words.txt layout; empty: none"));
    auto* browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, &EvaluationDialog::chooseAnalogyFile);
    auto* analogyRow = new QHBoxLayout;
    analogyRow->addWidget(analogyFile_, 1);
    analogyRow->addWidget(browse);

    restrict_ = new QSpinBox;
    restrict_->setRange(0, 10'000'000);
    restrict_->setSingleStep(10000);
    restrict_->setGroupSeparatorShown(true);
    restrict_->setSpecialValueText(tr("all words"));
    restrict_->setSuffix(tr(" most frequent words"));
    restrict_->setToolTip(
        tr("Analogy questions count only when all four words are among these "
           "(gensim's restrict_vocab)"));

    method_ = new QComboBox;
    method_->addItem(tr("3CosAdd: nearest to b − a + c"), int(AnalogyMethod::CosAdd));
    method_->addItem(tr("3CosMul: cos(d, b) cos(d, c) / cos(d, a)"), int(AnalogyMethod::CosMul));

    similarityFiles_ = new QListWidget;
    similarityFiles_->setMaximumHeight(90);
    similarityFiles_->setToolTip(
        tr("Tab-separated word pairs with a human score per line "
           "(wordsim353.tsv, simlex999.txt)"));
    auto* add = new QPushButton(tr("Add…"));
    removeButton_ = new QPushButton(tr("Remove"));
    connect(add, &QPushButton::clicked, this, &EvaluationDialog::addSimilarityFiles);
    connect(removeButton_, &QPushButton::clicked, this, &EvaluationDialog::removeSimilarityFile);
    connect(similarityFiles_, &QListWidget::currentRowChanged, this,
            &EvaluationDialog::updateButtons);
    auto* listButtons = new QVBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(removeButton_);
    listButtons->addStretch();
    auto* similarityRow = new QHBoxLayout;
    similarityRow->addWidget(similarityFiles_, 1);
    similarityRow->addLayout(listButtons);

    auto* form = new QFormLayout;
    form->addRow(tr("Analogies:"), analogyRow);
    form->addRow(tr("Restrict to:"), restrict_);
    form->addRow(tr("Method:"), method_);
    form->addRow(tr("Word pairs:"), similarityRow);

    results_ = new QTableWidget(0, ColumnCount);
    results_->setHorizontalHeaderLabels({tr("Test"), tr("Score"), tr("Details"), tr("Skipped")});
    results_->horizontalHeaderItem(SkippedColumn)
        ->setToolTip(tr("Questions or pairs left out; hover over a count for the reasons"));
    results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    results_->setSelectionBehavior(QAbstractItemView::SelectRows);
    results_->verticalHeader()->hide();
    results_->horizontalHeader()->setSectionResizeMode(TestColumn, QHeaderView::Stretch);
    for (int column : {ScoreColumn, DetailsColumn, SkippedColumn})
        results_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->hide();
    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox;
    // Evaluate and Cancel act without closing; Close (and Escape) only hides the dialog, and a
    // running evaluation finishes meanwhile.
    evaluateButton_ = buttons->addButton(tr("&Evaluate"), QDialogButtonBox::ActionRole);
    cancelButton_ = buttons->addButton(tr("&Cancel"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(evaluateButton_, &QPushButton::clicked, this, &EvaluationDialog::evaluate);
    connect(cancelButton_, &QPushButton::clicked, this, &EvaluationDialog::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(results_, 1);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(buttons);
    resize(640, 520);
    evaluateButton_->setDefault(true);  // Enter evaluates (set once the button is in the dialog)

    const QSettings settings;
    analogyFile_->setText(settings.value(kAnalogiesKey).toString());
    similarityFiles_->addItems(settings.value(kSimilarityKey).toStringList());
    restrict_->setValue(settings.value(kRestrictKey, 30000).toInt());
    method_->setCurrentIndex(settings.value(kMethodKey, false).toBool() ? 1 : 0);

    connect(&jobs_, &JobRunner::progress, progress_,
            [this](double fraction) { progress_->setValue(static_cast<int>(1000.0 * fraction)); });
    updateButtons();
}

void EvaluationDialog::setAnalogyFile(const QString& path) {
    analogyFile_->setText(path);
    updateButtons();
}

QString EvaluationDialog::analogyFile() const {
    return analogyFile_->text().trimmed();
}

void EvaluationDialog::setSimilarityFiles(const QStringList& paths) {
    similarityFiles_->clear();
    similarityFiles_->addItems(paths);
    updateButtons();
}

QStringList EvaluationDialog::similarityFiles() const {
    QStringList paths;
    for (int row = 0; row < similarityFiles_->count(); ++row)
        paths << similarityFiles_->item(row)->text();
    return paths;
}

void EvaluationDialog::setRestrict(int words) {
    restrict_->setValue(words);
}

void EvaluationDialog::setMethod(AnalogyMethod method) {
    method_->setCurrentIndex(method_->findData(int(method)));
}

AnalogyMethod EvaluationDialog::method() const {
    return static_cast<AnalogyMethod>(method_->currentData().toInt());
}

QString EvaluationDialog::statusText() const {
    return status_->text();
}

void EvaluationDialog::chooseAnalogyFile() {
    const QString path =
        getOpenFileName(this, tr("Analogy questions"), QFileInfo(analogyFile()).path(),
                        tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty())
        setAnalogyFile(path);
}

void EvaluationDialog::addSimilarityFiles() {
    const QStringList current = similarityFiles();
    const QStringList paths = getOpenFileNames(
        this, tr("Word-pair similarity files"),
        current.isEmpty() ? QFileInfo(analogyFile()).path() : QFileInfo(current.last()).path(),
        tr("Word pairs (*.tsv *.txt *.csv);;All files (*)"));
    for (const QString& path : paths)
        if (!current.contains(path))
            similarityFiles_->addItem(path);
    updateButtons();
}

void EvaluationDialog::removeSimilarityFile() {
    delete similarityFiles_->takeItem(similarityFiles_->currentRow());
    updateButtons();
}

void EvaluationDialog::evaluate() {
    if (isRunning())
        return;
    const QString analogies = analogyFile();
    const QStringList similarities = similarityFiles();
    if (!controller_->source()) {
        setStatus(tr("Nothing to evaluate: open a corpus first."), true);
        return;
    }
    if (analogies.isEmpty() && similarities.isEmpty()) {
        setStatus(tr("Choose an analogy file or a word-pair file first."), true);
        return;
    }
    saveChoices();

    // A copy of the table as it is now: training goes on while the copy is scored.
    const TrainingProgress now = controller_->progress();
    trainingState_ = controller_->loadedVectors()
                         ? tr("the vectors of %1").arg(controller_->corpusName())
                         : tr("epoch %1/%2, %3 words trained")
                               .arg(now.epoch)
                               .arg(controller_->options().epochs)
                               .arg(QLocale().toString(qulonglong(now.wordsProcessed)));
    auto vectors = std::make_shared<const WordVectors>(controller_->currentVectors());
    const std::int32_t restrict = restrict_->value();
    const AnalogyMethod method = this->method();
    jobs_.run<Scores>(
        [vectors, analogies, similarities, restrict, method](const JobControl& control) {
            Scores scores;
            scores.words = vectors->rows();
            scores.dim = vectors->dim();
            scores.restrict = restrict;
            scores.method = method;
            const NeighbourIndex index(vectors->vectors);
            if (!analogies.isEmpty()) {
                scores.analogies = evaluateAnalogies(analogies.toStdString(), vectors->words, index,
                                                     restrict, method, control);
                scores.hasAnalogies = true;
            }
            for (const QString& file : similarities) {
                control.throwIfCancelled();
                // Every pair of known words counts, as in the CLI (see --similarity-restrict).
                scores.similarities.emplace_back(
                    file, evaluateSimilarity(file.toStdString(), vectors->words, index));
            }
            return scores;
        },
        [this](JobOutcome<Scores> outcome) { onEnded(std::move(outcome)); });
    progress_->setValue(0);
    progress_->show();
    setStatus(tr("Evaluating %1…").arg(trainingState_), false);
    updateButtons();
}

void EvaluationDialog::cancel() {
    jobs_.cancel();
}

void EvaluationDialog::onEnded(JobOutcome<Scores> outcome) {
    progress_->hide();
    if (outcome.cancelled)
        setStatus(tr("Cancelled; the table shows the previous results."), false);
    else if (!outcome.error.isEmpty())
        setStatus(outcome.error, true);
    else
        showResults(*outcome.value);
    updateButtons();
    emit evaluationEnded();
}

void EvaluationDialog::showResults(const Scores& scores) {
    const QLocale locale;
    results_->setRowCount(0);
    auto addRow = [&](const QString& test, const QString& score, const QString& details,
                      const QString& skipped, const QString& skipReasons, bool headline) {
        const int row = results_->rowCount();
        results_->insertRow(row);
        const QStringList cells{test, score, details, skipped};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column != TestColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == SkippedColumn)
                item->setToolTip(skipReasons);
            if (headline) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            results_->setItem(row, column, item);
        }
    };
    // "12 for a word not in the vocabulary, 3 for a word outside the 30,000 most frequent"; the
    // second part only when the evaluation was restricted.
    auto skipReasons = [&](int notInVocabulary, int outsideRestriction, std::int32_t restrict) {
        QString text =
            tr("%1 for a word not in the vocabulary").arg(locale.toString(notInVocabulary));
        if (restrict > 0)
            text += tr(", %1 for a word outside the %2 most frequent")
                        .arg(locale.toString(outsideRestriction), locale.toString(restrict));
        return text;
    };
    auto addSection = [&](const AnalogySection& section, const QString& name, bool headline) {
        addRow(name, section.total ? percent(section.accuracy()) : QStringLiteral("–"),
               tr("%1 of %2 correct")
                   .arg(locale.toString(section.correct), locale.toString(section.total)),
               locale.toString(section.skipped),
               skipReasons(section.skippedNotInVocabulary, section.skippedOutsideRestriction,
                           scores.restrict),
               headline);
    };
    if (scores.hasAnalogies) {
        const AnalogyResult& result = scores.analogies;
        addSection(result.overall(), tr("Analogies, all"), true);
        addSection(result.semantic, tr("  semantic"), false);
        addSection(result.syntactic, tr("  syntactic"), false);
    }
    for (const auto& [file, result] : scores.similarities)
        addRow(QFileInfo(file).fileName(), tr("ρ %1").arg(correlation(result.spearman)),
               tr("Pearson %1, %2 pairs")
                   .arg(correlation(result.pearson), locale.toString(result.used)),
               locale.toString(result.skipped),
               skipReasons(result.skippedNotInVocabulary, result.skippedOutsideRestriction, 0),
               true);
    if (scores.hasAnalogies)
        for (const AnalogySection& section : scores.analogies.sections)
            addSection(section, QString::fromStdString(section.name), false);

    QString summary = tr("%1 words × %2 dimensions, %3.")
                          .arg(locale.toString(scores.words))
                          .arg(scores.dim)
                          .arg(trainingState_);
    if (scores.hasAnalogies)
        summary += scores.method == AnalogyMethod::CosMul ? tr(" Analogies by 3CosMul.")
                                                          : tr(" Analogies by 3CosAdd.");
    if (scores.hasAnalogies && scores.analogies.skipped > 0) {
        const AnalogyResult& result = scores.analogies;
        summary += tr(" %1 of %2 questions skipped: %3")
                       .arg(locale.toString(result.skipped), locale.toString(result.all),
                            skipReasons(result.skippedNotInVocabulary,
                                        result.skippedOutsideRestriction, scores.restrict));
        // A restriction past the end of the vocabulary cut nothing: say so rather than let
        // "the 30,000 most frequent" suggest a vocabulary that large.
        if (scores.restrict > result.vocabularySize)
            summary += tr(" (the vocabulary has only %1 words)")
                           .arg(locale.toString(result.vocabularySize));
        summary += QLatin1Char('.');
    }
    setStatus(summary, false);
}

void EvaluationDialog::setStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void EvaluationDialog::updateButtons() {
    const bool running = isRunning();
    evaluateButton_->setEnabled(!running);
    cancelButton_->setEnabled(running);
    removeButton_->setEnabled(!running && similarityFiles_->currentRow() >= 0);
}

void EvaluationDialog::saveChoices() const {
    QSettings settings;
    settings.setValue(kAnalogiesKey, analogyFile());
    settings.setValue(kSimilarityKey, similarityFiles());
    settings.setValue(kRestrictKey, restrict_->value());
    settings.setValue(kMethodKey, method() == AnalogyMethod::CosMul);
}

}  // namespace embedscope
