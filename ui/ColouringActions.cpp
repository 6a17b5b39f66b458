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
#include "SelectionActions.h"
#include "TrainingController.h"
#include "VectorSource.h"
#include "WordTags.h"

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

namespace {

using Entries = std::vector<ColouringActions::Entry>;

// The entry a new column replaces: one of the same kind and name (k-means again with the same k,
// a file opened again, a tag column tagged again).
Entries::iterator sameNamed(Entries& entries, const std::string& name,
                            ColouringActions::Origin::Kind kind) {
    return std::find_if(entries.begin(), entries.end(), [&](const ColouringActions::Entry& e) {
        return e.origin.kind == kind && e.column->name == name;
    });
}

}  // namespace

bool ColouringActions::Origin::sameColumn(const Origin& other) const {
    if (kind != other.kind)
        return false;
    switch (kind) {
        case Kind::Frequency:
            return true;
        case Kind::Metadata:
            return path == other.path && column == other.column;
        case Kind::KMeans:
            return k == other.k;
        case Kind::WordList:
            return name == other.name && words == other.words;
        case Kind::Tags:
            return column == other.column;
    }
    return false;
}

void ColouringActions::forgetColumns() {
    if (columns_.empty() && current_ < 0)
        return;
    columns_.clear();
    current_ = -1;
    plotArea_->setColourColumn(nullptr);
    rebuildMenu();
}

void ColouringActions::addColumn(MetadataColumn column, const QStringList& categoryLabels,
                                 Origin origin) {
    auto entry = sameNamed(columns_, column.name, origin.kind);
    Entry added{std::make_shared<const MetadataColumn>(std::move(column)), categoryLabels,
                std::move(origin)};
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
    QString error;
    const int first = loadMetadata(path, &error);
    if (first < 0) {
        if (!error.isEmpty())
            reportError_(tr("Open metadata"), error);
        return false;
    }
    // Colour by the file's first column (a replaced column keeps its place in the menu).
    colourByColumn(first);
    return true;
}

int ColouringActions::loadMetadata(const QString& path, QString* error) {
    const std::shared_ptr<const VectorSource> source = controller_->source();
    if (!source) {
        *error = tr("Open or train vectors first: metadata describes their words.");
        return -1;
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
        error->clear();
        return -1;
    }
    if (!outcome.error.isEmpty()) {
        *error = outcome.error;
        return -1;
    }
    MetadataTable table = std::move(*outcome.value);
    if (table.columns.empty()) {
        *error = tr("%1: no columns to colour by").arg(path);
        return -1;
    }
    const std::string firstName = table.columns.front().name;
    const QString absolutePath = QFileInfo(path).absoluteFilePath();
    for (MetadataColumn& column : table.columns) {
        auto same = sameNamed(columns_, column.name, Origin::Kind::Metadata);
        Origin origin;
        origin.kind = Origin::Kind::Metadata;
        origin.path = absolutePath;
        origin.column = QString::fromStdString(column.name);
        Entry entry{
            std::make_shared<const MetadataColumn>(std::move(column)), {}, std::move(origin)};
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
    return int(sameNamed(columns_, firstName, Origin::Kind::Metadata) - columns_.begin());
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
    Origin origin;
    origin.kind = Origin::Kind::KMeans;
    origin.k = k;
    addColumn(kMeansColumn(result), labels, std::move(origin));
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
    Origin origin;
    origin.kind = Origin::Kind::WordList;
    origin.name = name;
    origin.words = words;
    addColumn(std::move(column), {}, std::move(origin));
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

ColouringActions::Origin ColouringActions::currentOrigin() const {
    return current_ >= 0 && current_ < int(columns_.size()) ? columns_[std::size_t(current_)].origin
                                                            : Origin{};
}

int ColouringActions::indexOf(const Origin& origin) const {
    const auto found = std::find_if(columns_.begin(), columns_.end(),
                                    [&](const Entry& e) { return e.origin.sameColumn(origin); });
    return found == columns_.end() ? -1 : int(found - columns_.begin());
}

QString ColouringActions::restore(const Origin& origin) {
    if (origin.kind == Origin::Kind::Frequency) {
        colourByColumn(-1);
        return {};
    }
    int index = indexOf(origin);
    QString problem;
    if (index < 0) {
        switch (origin.kind) {
            case Origin::Kind::Metadata:
                if (!QFileInfo(origin.path).isFile()) {
                    problem = tr("the metadata file %1 has moved or is gone")
                                  .arg(QFileInfo(origin.path).fileName());
                } else if (loadMetadata(origin.path, &problem) >= 0) {
                    index = indexOf(origin);
                    if (index < 0)
                        problem = tr("%1 has no column \"%2\" any more")
                                      .arg(QFileInfo(origin.path).fileName(), origin.column);
                } else if (problem.isEmpty()) {
                    problem = tr("reading %1 was cancelled").arg(origin.path);
                }
                break;
            case Origin::Kind::KMeans:
                // Recomputed (seeded k-means++: the same vectors give the same clusters) rather
                // than stored: the file stays small and its format as it was.
                if (colourByKMeans(origin.k))
                    index = indexOf(origin);
                else
                    problem = tr("the k-means clusters (k=%1) were not computed").arg(origin.k);
                break;
            case Origin::Kind::WordList:
                colourByWords(origin.words, origin.name);
                index = indexOf(origin);
                break;
            case Origin::Kind::Tags:
                problem = tr("there is no tag column \"%1\"").arg(origin.column);
                break;
            case Origin::Kind::Frequency:
                break;
        }
    }
    colourByColumn(index);
    return index < 0 ? tr("%1: coloured by frequency").arg(problem) : QString();
}

void ColouringActions::offerTagColumns(const SelectionActions* selection) {
    tags_ = &selection->tags();
    connect(selection, &SelectionActions::tagsChanged, this, &ColouringActions::onTagsChanged);
}

void ColouringActions::onTagsChanged(const QString& name) {
    const MetadataColumn* column = tags_ ? tags_->column(name.toStdString()) : nullptr;
    Origin origin;
    origin.kind = Origin::Kind::Tags;
    origin.column = name;
    const int index = indexOf(origin);
    if (!column) {  // removed (its first tag undone, or new vectors)
        if (index < 0)
            return;
        columns_.erase(columns_.begin() + index);
        if (current_ == index) {
            current_ = -1;
            plotArea_->setColourColumn(nullptr);
        } else if (current_ > index) {
            --current_;
        }
        rebuildMenu();
        return;
    }
    Entry entry{std::make_shared<const MetadataColumn>(*column), {}, std::move(origin)};
    if (index < 0) {
        columns_.push_back(std::move(entry));
    } else {
        columns_[std::size_t(index)] = std::move(entry);
        // Coloured by it: the new tags show at once, the hidden entries stay hidden.
        if (current_ == index)
            plotArea_->refreshColourColumn(columns_[std::size_t(index)].column);
    }
    rebuildMenu();
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
        const QString name = QString::fromStdString(c.name);
        addChoice(
            QStringLiteral("%1 (%2)").arg(
                columns_[i].origin.kind == Origin::Kind::Tags ? tr("tags: %1").arg(name) : name,
                kind),
            int(i));
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
