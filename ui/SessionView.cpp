#include "SessionView.h"

#include <Eigen/Core>

#include <algorithm>
#include <initializer_list>
#include <utility>

#include "ColouringActions.h"
#include "Error.h"
#include "LayoutScheduler.h"
#include "PlotArea.h"
#include "PlotView3D.h"
#include "ScatterPlot.h"
#include "SelectionActions.h"
#include "SessionJson.h"
#include "TrainingController.h"
#include "VectorSource.h"
#include "WordSelection.h"
#include "WordTags.h"

namespace embedscope {

namespace {

const QString kLayoutKey = QStringLiteral("layout");
const QString kCameraKey = QStringLiteral("camera");
const QString kColouringKey = QStringLiteral("colouring");
const QString kSelectionKey = QStringLiteral("selection");
const QString kIsolatedKey = QStringLiteral("isolated");
const QString kTagsKey = QStringLiteral("tags");

using Origin = ColouringActions::Origin;

const std::pair<Origin::Kind, const char*> kKindNames[] = {{Origin::Kind::Frequency, "frequency"},
                                                           {Origin::Kind::Metadata, "metadata"},
                                                           {Origin::Kind::KMeans, "kmeans"},
                                                           {Origin::Kind::WordList, "words"},
                                                           {Origin::Kind::Tags, "tags"}};

QString kindName(Origin::Kind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind)
            return QLatin1String(name);
    return QStringLiteral("frequency");
}

// false for a name this Embedscope does not know (a newer file's colouring).
bool kindOf(const QString& name, Origin::Kind* kind) {
    for (const auto& [k, known] : kKindNames)
        if (name == QLatin1String(known)) {
            *kind = k;
            return true;
        }
    return false;
}

QJsonArray numbers(std::initializer_list<double> values) {
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

}  // namespace

SessionView::SessionView(const Parts& parts, QObject* parent) : QObject(parent), parts_(parts) {
    LayoutScheduler& layouts = parts_.controller->layouts();
    connect(parts_.plotArea, &PlotArea::frameShown, this, &SessionView::onFrameShown);
    connect(&layouts, &LayoutScheduler::finished, this, &SessionView::onLayoutFinished);
    // Another layout or other vectors: a camera still waiting belongs to none of their frames.
    connect(&layouts, &LayoutScheduler::layoutChanged, this, [this] { pendingCamera_ = {}; });
    connect(parts_.controller, &TrainingController::corpusChanged, this,
            [this] { pendingCamera_ = {}; });
}

QStringList SessionView::ownedKeys() {
    return {kLayoutKey, kCameraKey, kColouringKey, kSelectionKey, kIsolatedKey, kTagsKey};
}

// ---- capture ---------------------------------------------------------------------------------

QJsonObject SessionView::captureView() const {
    const LayoutScheduler& layouts = parts_.controller->layouts();
    QJsonObject view;
    view[kLayoutKey] = layoutJson(layouts.layout(), layouts.axes());
    view[kCameraKey] = captureCamera();
    view[kColouringKey] = captureColouring();
    const std::vector<std::int32_t>& selected = parts_.selection->selection()->rows();
    if (!selected.empty())
        view[kSelectionKey] = wordsOf(selected);
    if (parts_.plotArea->isolating())
        view[kIsolatedKey] = wordsOf(parts_.plotArea->isolatedRows());
    return view;
}

QJsonObject SessionView::captureCamera() const {
    QJsonObject camera;
    const PlotArea& area = *parts_.plotArea;
    if (area.showing3d()) {
        const PlotView3D& plot = *area.plot3d();
        const OrbitCamera& c = plot.camera();
        camera[QStringLiteral("dims")] = 3;
        camera[QStringLiteral("followsData")] = plot.followsData();
        camera[QStringLiteral("yaw")] = c.yaw();
        camera[QStringLiteral("pitch")] = c.pitch();
        camera[QStringLiteral("fieldOfView")] = c.fieldOfView();
        if (!plot.followsData()) {
            camera[QStringLiteral("target")] =
                numbers({c.target().x(), c.target().y(), c.target().z()});
            camera[QStringLiteral("distance")] = c.distance();
        }
    } else {
        const ScatterPlot& plot = *area.plot2d();
        camera[QStringLiteral("dims")] = 2;
        camera[QStringLiteral("followsData")] = plot.followsData();
        if (!plot.followsData()) {
            const QPointF centre = plot.transform().dataCentre();
            camera[QStringLiteral("centre")] = numbers({centre.x(), centre.y()});
            camera[QStringLiteral("pixelsPerUnit")] = plot.transform().scale();
        }
    }
    return camera;
}

QJsonObject SessionView::captureColouring() const {
    const Origin origin = parts_.colouring->currentOrigin();
    QJsonObject json;
    json[QStringLiteral("kind")] = kindName(origin.kind);
    switch (origin.kind) {
        case Origin::Kind::Metadata:
            json[QStringLiteral("path")] = origin.path;
            json[QStringLiteral("column")] = origin.column;
            break;
        case Origin::Kind::KMeans:
            json[QStringLiteral("k")] = origin.k;
            break;
        case Origin::Kind::WordList:
            json[QStringLiteral("name")] = origin.name;
            json[QStringLiteral("words")] = QJsonArray::fromStringList(origin.words);
            break;
        case Origin::Kind::Tags:
            json[QStringLiteral("column")] = origin.column;
            break;
        case Origin::Kind::Frequency:
            break;
    }
    // The legend's entries by number (categorical: the column's category, 20 "other", 21 "no
    // value"; numeric: 32 "no value"): the same column gives the same numbers.
    QJsonArray hidden;
    const QVector<bool>& entries = parts_.plotArea->hiddenEntries();
    for (qsizetype e = 0; e < entries.size(); ++e)
        if (entries[e])
            hidden.append(int(e));
    if (!hidden.isEmpty())
        json[QStringLiteral("hidden")] = hidden;
    return json;
}

QJsonArray SessionView::captureTags() const {
    QJsonArray columns;
    for (const MetadataColumn& column : parts_.selection->tags().columns()) {
        std::vector<QJsonArray> words(column.categories.size());
        for (std::size_t row = 0; row < column.categoryOfRow.size(); ++row) {
            const std::int32_t category = column.categoryOfRow[row];
            if (category >= 0 && std::size_t(category) < words.size())
                words[std::size_t(category)].append(parts_.controller->wordAt(std::int32_t(row)));
        }
        QJsonArray categories;
        for (std::size_t c = 0; c < words.size(); ++c)
            categories.append(
                QJsonObject{{QStringLiteral("tag"), QString::fromStdString(column.categories[c])},
                            {QStringLiteral("words"), words[c]}});
        columns.append(QJsonObject{{QStringLiteral("column"), QString::fromStdString(column.name)},
                                   {QStringLiteral("categories"), categories}});
    }
    return columns;
}

QJsonArray SessionView::wordsOf(const std::vector<std::int32_t>& rows) const {
    QJsonArray words;
    for (std::int32_t row : rows)
        words.append(parts_.controller->wordAt(row));
    return words;
}

std::vector<std::int32_t> SessionView::rowsOf(const QJsonArray& words) const {
    std::vector<std::int32_t> rows;
    rows.reserve(std::size_t(words.size()));
    for (const QJsonValue& word : words) {
        const std::int32_t row = parts_.controller->indexOf(word.toString());
        if (row >= 0)
            rows.push_back(row);
    }
    return rows;
}

// ---- apply -----------------------------------------------------------------------------------

void SessionView::applyTags(const QJsonArray& json) {
    const std::shared_ptr<const VectorSource> source = parts_.controller->source();
    WordTags tags;
    for (const QJsonValue& columnValue : json) {
        const QJsonObject column = columnValue.toObject();
        const std::string name = column.value(QStringLiteral("column")).toString().toStdString();
        for (const QJsonValue& categoryValue :
             column.value(QStringLiteral("categories")).toArray()) {
            const QJsonObject category = categoryValue.toObject();
            try {
                tags.tag(name, category.value(QStringLiteral("tag")).toString().toStdString(),
                         rowsOf(category.value(QStringLiteral("words")).toArray()),
                         source ? source->rows() : 0);
            } catch (const Error&) {
                // An empty name: that category is skipped.
            }
        }
    }
    parts_.selection->setTags(tags);
}

QStringList SessionView::applyView(const QJsonObject& view) {
    QStringList notes;
    LayoutScheduler& layouts = parts_.controller->layouts();
    bool newLayout = false;
    const QJsonObject layout = view.value(kLayoutKey).toObject();
    if (!layout.isEmpty()) {
        try {
            const SavedLayout saved = parseLayoutJson(layout, layouts.layout());
            // The same layout is not laid out again (a t-SNE takes a while).
            if (layoutJson(saved.options, saved.axes) !=
                layoutJson(layouts.layout(), layouts.axes())) {
                layouts.setLayout(saved.options, saved.axes);
                newLayout = true;
            }
        } catch (const Error& e) {
            notes << tr("the saved layout was not applied (%1)").arg(QString::fromUtf8(e.what()));
        }
    }

    parts_.selection->selection()->select(rowsOf(view.value(kSelectionKey).toArray()));
    if (view.contains(kIsolatedKey))
        parts_.selection->isolateRows(rowsOf(view.value(kIsolatedKey).toArray()));
    else if (parts_.plotArea->isolating())
        parts_.selection->showAll();

    // After the isolation (which fits the view to what it shows), before the colouring (a
    // k-means run lets frames arrive meanwhile).
    pendingCamera_ = {};
    const QJsonObject camera = view.value(kCameraKey).toObject();
    const LayoutOptions shown = layouts.layout();
    if (!camera.isEmpty() && camera.value(QStringLiteral("dims")).toInt(2) == shown.dims) {
        const bool done = !newLayout && parts_.plotArea->showsLayout(shown.method, shown.dims) &&
                          !(layouts.iterativeLayout() && layouts.running());
        if (done)
            applyCamera(camera);
        else
            pendingCamera_ = camera;
    }

    const QString colouring = applyColouring(view.value(kColouringKey).toObject());
    if (!colouring.isEmpty())
        notes << colouring;
    return notes;
}

QString SessionView::applyColouring(const QJsonObject& json) {
    Origin origin;
    if (!json.isEmpty() && !kindOf(json.value(QStringLiteral("kind")).toString(), &origin.kind)) {
        parts_.colouring->restore(Origin{});
        return tr("the saved colouring is of an unknown kind: coloured by frequency");
    }
    origin.path = json.value(QStringLiteral("path")).toString();
    origin.column = json.value(QStringLiteral("column")).toString();
    origin.k = json.value(QStringLiteral("k")).toInt();
    origin.name = json.value(QStringLiteral("name")).toString();
    for (const QJsonValue& word : json.value(QStringLiteral("words")).toArray())
        origin.words << word.toString();
    const QString problem = parts_.colouring->restore(origin);
    if (!problem.isEmpty())
        return problem;
    QVector<bool> hidden;
    for (const QJsonValue& entry : json.value(QStringLiteral("hidden")).toArray()) {
        const int e = entry.toInt(-1);
        if (e >= 0 && e < 256) {
            if (hidden.size() <= e)
                hidden.resize(e + 1);
            hidden[e] = true;
        }
    }
    parts_.plotArea->setHiddenEntries(hidden);
    return {};
}

void SessionView::applyCamera(const QJsonObject& camera) {
    const bool follow = camera.value(QStringLiteral("followsData")).toBool(true);
    if (camera.value(QStringLiteral("dims")).toInt(2) == 3) {
        PlotView3D* plot = parts_.plotArea->plot3d();
        const OrbitCamera& now = plot->camera();
        const QJsonArray target = camera.value(QStringLiteral("target")).toArray();
        const Eigen::Vector3d at =
            target.size() == 3
                ? Eigen::Vector3d(target[0].toDouble(), target[1].toDouble(), target[2].toDouble())
                : now.target();
        plot->setCameraPose(at, camera.value(QStringLiteral("yaw")).toDouble(now.yaw()),
                            camera.value(QStringLiteral("pitch")).toDouble(now.pitch()),
                            camera.value(QStringLiteral("distance")).toDouble(now.distance()),
                            camera.value(QStringLiteral("fieldOfView")).toDouble(now.fieldOfView()),
                            follow);
        return;
    }
    ScatterPlot* plot = parts_.plotArea->plot2d();
    const QJsonArray centre = camera.value(QStringLiteral("centre")).toArray();
    const double scale = camera.value(QStringLiteral("pixelsPerUnit")).toDouble(0.0);
    if (follow || centre.size() != 2 || !(scale > 0.0))
        plot->fitToData();
    else
        plot->setView(QPointF(centre[0].toDouble(), centre[1].toDouble()), scale);
}

void SessionView::onFrameShown() {
    const LayoutScheduler& layouts = parts_.controller->layouts();
    // t-SNE and UMAP: their last frame, which onLayoutFinished sees.
    if (pendingCamera_.isEmpty() || layouts.iterativeLayout())
        return;
    if (!parts_.plotArea->showsLayout(layouts.layout().method, layouts.layout().dims))
        return;
    const QJsonObject camera = std::exchange(pendingCamera_, {});
    applyCamera(camera);
}

void SessionView::onLayoutFinished(bool cancelled, const QString& error) {
    const LayoutScheduler& layouts = parts_.controller->layouts();
    if (pendingCamera_.isEmpty() || cancelled)
        return;
    if (!error.isEmpty()) {
        pendingCamera_ = {};
        return;
    }
    if (parts_.plotArea->showsLayout(layouts.layout().method, layouts.layout().dims))
        applyCamera(std::exchange(pendingCamera_, {}));
}

}  // namespace embedscope
