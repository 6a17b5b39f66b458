#include "CorpusPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "VocabularyModel.h"

namespace embedscope {

CorpusPanel::CorpusPanel(QWidget* parent)
    : QWidget(parent),
      summary_(new QLabel(tr("No corpus loaded."), this)),
      mode_(new QComboBox(this)),
      lowercase_(new QCheckBox(tr("lowercase"), this)),
      apostrophes_(new QCheckBox(tr("keep ' in words"), this)),
      hyphens_(new QCheckBox(tr("keep - in words"), this)),
      digits_(new QCheckBox(tr("numbers → <num>"), this)),
      normalize_(new QCheckBox(tr("Unicode NFC"), this)),
      minCount_(new QSpinBox(this)),
      maxSize_(new QSpinBox(this)),
      reload_(new QPushButton(tr("Reload"), this)),
      progress_(new QProgressBar(this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      filter_(new QLineEdit(this)),
      table_(new QTableView(this)),
      model_(new VocabularyModel(this)),
      proxy_(new QSortFilterProxyModel(this)) {
    summary_->setWordWrap(true);
    summary_->setTextFormat(Qt::RichText);
    mode_->addItem(tr("words"), int(TokenizeMode::Words));
    mode_->addItem(tr("whitespace"), int(TokenizeMode::Whitespace));
    mode_->setToolTip(
        tr("words: split on spaces and punctuation; whitespace: the text is already "
           "tokenized"));
    normalize_->setToolTip(
        tr("Compose every word (Unicode NFC), so that é typed as one character or as e and an "
           "accent is one word; off keeps the bytes of an already normalised corpus"));
    minCount_->setRange(1, 1000000);
    minCount_->setPrefix(tr("min count "));
    maxSize_->setRange(0, 10000000);
    maxSize_->setSingleStep(1000);
    maxSize_->setPrefix(tr("max words "));
    maxSize_->setSpecialValueText(tr("max words: no limit"));
    reload_->setToolTip(
        tr("Read the corpus again with these options (a new vocabulary and table)"));
    auto* open = new QPushButton(tr("Open…"), this);

    auto* options = new QGridLayout;
    options->addWidget(mode_, 0, 0);
    options->addWidget(lowercase_, 0, 1);
    options->addWidget(digits_, 0, 2);
    options->addWidget(apostrophes_, 1, 0);
    options->addWidget(hyphens_, 1, 1);
    options->addWidget(normalize_, 1, 2);
    options->addWidget(minCount_, 2, 0);
    options->addWidget(maxSize_, 2, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(reload_);
    options->addLayout(buttons, 2, 2);

    auto* loadRow = new QHBoxLayout;
    loadRow->addWidget(progress_, 1);
    loadRow->addWidget(cancel_);
    progress_->setRange(0, 1000);
    progress_->setTextVisible(true);
    progress_->setVisible(false);
    cancel_->setVisible(false);

    filter_->setPlaceholderText(tr("filter words"));
    filter_->setClearButtonEnabled(true);
    proxy_->setSourceModel(model_);
    proxy_->setFilterKeyColumn(VocabularyModel::WordColumn);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(VocabularyModel::RankColumn, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->horizontalHeader()->setSectionResizeMode(VocabularyModel::WordColumn,
                                                     QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(summary_);
    layout->addLayout(options);
    layout->addLayout(loadRow);
    layout->addWidget(filter_);
    layout->addWidget(table_, 1);

    connect(open, &QPushButton::clicked, this, &CorpusPanel::openRequested);
    connect(reload_, &QPushButton::clicked, this, &CorpusPanel::reloadRequested);
    connect(cancel_, &QPushButton::clicked, this, &CorpusPanel::cancelRequested);
    connect(filter_, &QLineEdit::textChanged, this, &CorpusPanel::setFilterText);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    emit wordActivated(current.data(VocabularyModel::IndexRole).toInt());
            });
}

void CorpusPanel::setCorpus(std::shared_ptr<const TokenizedCorpus> corpus,
                            const QString& displayName) {
    if (!corpus) {
        summary_->setText(tr("No corpus loaded."));
        model_->setCorpus(nullptr);
        return;
    }
    const Vocabulary& vocabulary = corpus->vocabulary;
    const QLocale locale;
    QString text = tr("<b>%1</b><br>%2 tokens read, %3 distinct words kept (%4 tokens)")
                       .arg(displayName.toHtmlEscaped())
                       .arg(locale.toString(qulonglong(vocabulary.corpusTokens())))
                       .arg(locale.toString(vocabulary.size()))
                       .arg(locale.toString(qulonglong(vocabulary.vocabTokens())));
    // The size of the text, and where training reads the ids from (TokenizedCorpus.h).
    const QString textSize = locale.formattedDataSize(qint64(corpus->report.bytes));
    const QString idSize = locale.formattedDataSize(qint64(corpus->idBytes()));
    // What is on disk: a compressed file's size and kind, or a folder's (or list's) file count.
    const ReadReport& report = corpus->report;
    const QString compression = QString::fromStdString(report.compression);
    const QString diskSize = locale.formattedDataSize(qint64(report.fileBytes));
    QString onDisk;
    if (report.files > 1)
        onDisk = compression.isEmpty()
                     ? tr(" from %1 files").arg(report.files)
                     : tr(" from %1 files (%2 on disk, %3)")
                           .arg(report.files)
                           .arg(diskSize, compression == QLatin1String("mixed")
                                              ? tr("some compressed")
                                              : tr("%1-compressed").arg(compression));
    else if (!compression.isEmpty())
        onDisk = tr(" from a %1 %2 file").arg(diskSize, compression);
    text += QStringLiteral("<br>") +
            (corpus->streamed()
                 ? tr("%1 of text%2; streamed: its ids (%3) are read from disk during training, so "
                      "memory does not grow with the corpus")
                       .arg(textSize, onDisk, idSize)
                 : tr("%1 of text%2; in memory: its ids take %3").arg(textSize, onDisk, idSize));
    if (!corpus->report.warning.empty())
        text += QStringLiteral("<br><font color=\"#a05000\">") +
                QString::fromStdString(corpus->report.warning).toHtmlEscaped() +
                QStringLiteral("</font>");
    summary_->setText(text);
    model_->setCorpus(std::move(corpus));
}

QString CorpusPanel::summaryText() const {
    return summary_->text();
}

void CorpusPanel::setVectors(std::shared_ptr<const VectorSource> vectors,
                             const QString& displayName) {
    summary_->setText(tr("<b>%1</b><br>%2 words × %3 dimensions, opened from a vector file (no "
                         "corpus counts; the file's order is the rank)")
                          .arg(displayName.toHtmlEscaped())
                          .arg(QLocale().toString(vectors->rows()))
                          .arg(vectors->dim()));
    model_->setVectors(std::move(vectors));
}

CorpusOptions CorpusPanel::corpusOptions() const {
    CorpusOptions options;
    options.tokenizer.mode = static_cast<TokenizeMode>(mode_->currentData().toInt());
    options.tokenizer.lowercase = lowercase_->isChecked();
    options.tokenizer.keepApostrophes = apostrophes_->isChecked();
    options.tokenizer.keepHyphens = hyphens_->isChecked();
    options.tokenizer.digitsToToken = digits_->isChecked();
    options.tokenizer.normalize = normalize_->isChecked();
    options.minCount = static_cast<std::uint64_t>(minCount_->value());
    options.maxSize = static_cast<std::size_t>(maxSize_->value());
    return options;
}

void CorpusPanel::setCorpusOptions(const CorpusOptions& options) {
    mode_->setCurrentIndex(mode_->findData(int(options.tokenizer.mode)));
    lowercase_->setChecked(options.tokenizer.lowercase);
    apostrophes_->setChecked(options.tokenizer.keepApostrophes);
    hyphens_->setChecked(options.tokenizer.keepHyphens);
    digits_->setChecked(options.tokenizer.digitsToToken);
    normalize_->setChecked(options.tokenizer.normalize);
    minCount_->setValue(int(std::min<std::uint64_t>(options.minCount, 1000000)));
    maxSize_->setValue(int(std::min<std::size_t>(options.maxSize, 10000000)));
}

void CorpusPanel::setLoading(bool loading, const QString& path) {
    progress_->setVisible(loading);
    cancel_->setVisible(loading);
    reload_->setEnabled(!loading);
    if (loading) {
        progress_->setValue(0);
        progress_->setFormat(
            tr("loading %1: %p%")
                .arg(path.isEmpty() ? tr("default corpus") : path.section(QLatin1Char('/'), -1)));
    }
}

void CorpusPanel::setLoadProgress(double fraction) {
    progress_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
}

bool CorpusPanel::isLoadingShown() const {
    return !progress_->isHidden();
}

void CorpusPanel::setFilterText(const QString& text) {
    if (filter_->text() != text)
        filter_->setText(text);
    proxy_->setFilterFixedString(text);
}

void CorpusPanel::showRow(int vocabularyRow) {
    const QModelIndex source = model_->index(vocabularyRow, VocabularyModel::WordColumn);
    const QModelIndex index = proxy_->mapFromSource(source);
    if (!index.isValid())
        return;
    const QSignalBlocker blocker(table_->selectionModel());
    table_->setCurrentIndex(index);
    table_->scrollTo(index);
}

}  // namespace embedscope
