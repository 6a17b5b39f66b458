#include "ColouringActions.h"

#include <QAction>
#include <QActionGroup>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QRegularExpression>
#include <QStatusBar>
#include <QWidget>

#include <algorithm>

#include "FileDialogs.h"
#include "KMeans.h"
#include "MetadataTsv.h"
#include "ModalJob.h"
#include "PlotArea.h"
#include "TrainingController.h"
#include "VectorSource.h"

namespace embedscope {

ColouringActions::ColouringActions(TrainingController* controller, PlotArea* plotArea,
                                   QWidget* window, QStatusBar* status, ErrorReporter reportError)
    : QObject(window),
      controller_(controller),
      plotArea_(plotArea),
      window_(window),
      status_(status),
      reportError_(std::move(reportError)),
      openMetadata_(new QAction(tr("Open &metadata…"), this)),
      density_(new QAction(tr("&Density contours"), this)),
      menu_(new QMenu(tr("&Colour by"), window)) {
    density_->setCheckable(true);
    density_->setStatusTip(tr("Draw iso-lines of the points' density over the 2-D plot"));
    connect(density_, &QAction::toggled, plotArea_, &PlotArea::setDensityContours);
    openMetadata_->setStatusTip(
        tr("Colour the points by a column of a tab-separated metadata file (header row; a "
           "\"word\" column, or one line per vector in order)"));
    connect(openMetadata_, &QAction::triggered, this, &ColouringActions::askMetadataFile);
    connect(controller_, &TrainingController::corpusChanged, this,
            &ColouringActions::forgetColumns);
    rebuildMenu();
}

void ColouringActions::forgetColumns() {
    if (columns_.empty() && current_ < 0)
        return;
    columns_.clear();
    current_ = -1;
    plotArea_->setColourColumn(nullptr);
    rebuildMenu();
}

void ColouringActions::addColumn(MetadataColumn column, const QStringList& categoryLabels) {
    // A column of the same name (k-means again with the same k, a file opened again) is replaced.
    auto entry = std::find_if(columns_.begin(), columns_.end(),
                              [&](const Entry& e) { return e.column->name == column.name; });
    Entry added{std::make_shared<const MetadataColumn>(std::move(column)), categoryLabels};
    int index = int(entry - columns_.begin());
    if (entry == columns_.end())
        columns_.push_back(std::move(added));
    else
        *entry = std::move(added);
    colourByColumn(index);
}

void ColouringActions::colourByColumn(int index) {
    if (index < 0 || index >= int(columns_.size())) {
        current_ = -1;
        plotArea_->setColourColumn(nullptr);
    } else {
        current_ = index;
        plotArea_->setColourColumn(columns_[std::size_t(index)].column,
                                   columns_[std::size_t(index)].categoryLabels);
    }
    rebuildMenu();
}

bool ColouringActions::openMetadata(const QString& path) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source) {
        reportError_(tr("Open metadata"), tr("Open or train vectors first: metadata describes "
                                             "their words."));
        return false;
    }
    const JobOutcome<MetadataTable> outcome = runWithProgressDialog<MetadataTable>(
        window_, tr("Reading %1…").arg(QFileInfo(path).fileName()),
        [source, file = path.toStdString()](const JobControl& control) {
            return readMetadataTsv(
                file, source->rows(),
                [&source](const std::string& word) { return source->indexOf(word); }, control);
        });
    if (outcome.cancelled) {
        status_->showMessage(tr("Reading metadata cancelled; the colouring is unchanged"), 5000);
        return false;
    }
    if (!outcome.error.isEmpty()) {
        reportError_(tr("Open metadata"), outcome.error);
        return false;
    }
    MetadataTable table = std::move(*outcome.value);
    if (table.columns.empty()) {
        reportError_(tr("Open metadata"), tr("%1: no columns to colour by").arg(path));
        return false;
    }
    const std::string firstName = table.columns.front().name;
    for (MetadataColumn& column : table.columns) {
        auto same = std::find_if(columns_.begin(), columns_.end(),
                                 [&](const Entry& e) { return e.column->name == column.name; });
        Entry entry{std::make_shared<const MetadataColumn>(std::move(column)), {}};
        if (same == columns_.end())
            columns_.push_back(std::move(entry));
        else
            *same = std::move(entry);
    }
    QString summary = tr("%1: %2 column(s); %3 of %4 lines matched %5")
                          .arg(QFileInfo(path).fileName())
                          .arg(qsizetype(table.columns.size()))
                          .arg(table.matchedLines)
                          .arg(table.dataLines)
                          .arg(table.matchedByWord ? tr("by word") : tr("by row"));
    if (table.unknownWords > 0)
        summary += tr(" (%1 words not in the vectors)").arg(table.unknownWords);
    status_->showMessage(summary, 10000);
    // Colour by the file's first column (a replaced column keeps its place in the menu).
    const auto first = std::find_if(columns_.begin(), columns_.end(),
                                    [&](const Entry& e) { return e.column->name == firstName; });
    colourByColumn(int(first - columns_.begin()));
    return true;
}

bool ColouringActions::colourByKMeans(int k) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source || source->rows() == 0) {
        reportError_(tr("K-means clusters"), tr("Open or train vectors first."));
        return false;
    }
    const JobOutcome<KMeansResult> outcome = runWithProgressDialog<KMeansResult>(
        window_, tr("Clustering into %1 groups…").arg(k), [source, k](const JobControl& control) {
            const SharedTable table = source->table();  // a copy of a live run's table
            KMeansOptions options;
            options.k = k;
            options.sampleRows = kKMeansSample;
            return kMeans(*table, options, control);
        });
    if (outcome.cancelled) {
        status_->showMessage(tr("Clustering cancelled; the colouring is unchanged"), 5000);
        return false;
    }
    if (!outcome.error.isEmpty()) {
        reportError_(tr("K-means clusters"), outcome.error);
        return false;
    }
    const KMeansResult& result = *outcome.value;
    // Each cluster is labelled by its most central words (largest cosine to its centre).
    QStringList labels;
    for (const std::vector<std::int32_t>& rows : result.centralRows) {
        QStringList words;
        for (std::int32_t row : rows)
            words << controller_->wordAt(row);
        labels << words.join(QStringLiteral(" · "));
    }
    addColumn(kMeansColumn(result), labels);
    status_->showMessage(
        tr("%1 clusters in %2 iterations").arg(result.centres.rows()).arg(result.iterations), 8000);
    return true;
}

void ColouringActions::colourByWords(const QStringList& words, const QString& name) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source)
        return;
    MetadataColumn column;
    column.name = tr("word list: %1").arg(name).toStdString();
    column.categories = {tr("in the list").toStdString()};
    column.categoryOfRow.assign(std::size_t(source->rows()), MetadataColumn::kNoCategory);
    int found = 0, unknown = 0;
    for (const QString& word : words) {
        const std::int32_t row = source->indexOf(word.toStdString());
        if (row < 0 || row >= source->rows()) {
            ++unknown;
            continue;
        }
        found += column.categoryOfRow[std::size_t(row)] != 0;
        column.categoryOfRow[std::size_t(row)] = 0;
    }
    addColumn(std::move(column), {});
    status_->showMessage(tr("Word list: %1 word(s) in the vectors, %2 not").arg(found).arg(unknown),
                         8000);
}

bool ColouringActions::colourByWordListFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        reportError_(tr("Colour by word list"),
                     tr("%1: cannot open for reading (%2)").arg(path, file.errorString()));
        return false;
    }
    // One word per line, or several separated by spaces, tabs or commas.
    const QStringList words =
        QString::fromUtf8(file.readAll())
            .split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    colourByWords(words, QFileInfo(path).fileName());
    return true;
}

void ColouringActions::askMetadataFile() {
    const QString path = getOpenFileName(window_, tr("Open metadata"), QString(),
                                         tr("Metadata (*.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openMetadata(path);
}

void ColouringActions::askKMeans() {
    bool ok = false;
    const int k = QInputDialog::getInt(
        window_, tr("K-means clusters"),
        tr("Number of clusters (by cosine similarity; over %1 vectors or more, a sample of that "
           "many is clustered and the rest assigned):")
            .arg(kKMeansSample),
        10, 2, 500, 1, &ok);
    if (ok)
        colourByKMeans(k);
}

void ColouringActions::askWordListFile() {
    const QString path = getOpenFileName(window_, tr("Colour by word list"), QString(),
                                         tr("Word lists (*.txt *.tsv *.csv);;All files (*)"));
    if (!path.isEmpty())
        colourByWordListFile(path);
}

void ColouringActions::askTypedWords() {
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(
        window_, tr("Colour by typed words"), tr("Words (separated by spaces, commas or lines):"),
        QString(), &ok);
    if (!ok)
        return;
    const QStringList words =
        text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    colourByWords(words, tr("%1 typed").arg(words.size()));
}

void ColouringActions::rebuildMenu() {
    menu_->clear();
    auto* group = new QActionGroup(menu_);
    auto addChoice = [&](const QString& text, int index) {
        QAction* action = menu_->addAction(text, this, [this, index] { colourByColumn(index); });
        action->setCheckable(true);
        action->setChecked(current_ == index);
        group->addAction(action);
    };
    addChoice(tr("&Frequency rank"), -1);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const MetadataColumn& c = *columns_[i].column;
        const QString kind = c.kind == MetadataColumn::Kind::Numeric
                                 ? tr("numeric")
                                 : tr("%n categories", nullptr, int(c.categories.size()));
        addChoice(QStringLiteral("%1 (%2)").arg(QString::fromStdString(c.name), kind), int(i));
    }
    menu_->addSeparator();
    menu_->addAction(openMetadata_);
    menu_->addAction(tr("&K-means clusters…"), this, &ColouringActions::askKMeans);
    menu_->addAction(tr("&Word list from file…"), this, &ColouringActions::askWordListFile);
    menu_->addAction(tr("&Typed words…"), this, &ColouringActions::askTypedWords);
    menu_->addSeparator();
    menu_->addAction(tr("&Show all categories"), plotArea_, &PlotArea::showAllEntries);
}

}  // namespace embedscope
