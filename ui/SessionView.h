// What the window shows besides its tables, as the JSON a session file's "view" keeps (issue 18)
// and a bookmark holds: the layout, the camera, the colouring, the selection and the isolation;
// and the tag columns, which belong to the session, not to one view of it. captureView() reads
// them from the window, applyView() shows them again. The keys (core/SessionFile.h, README
// "Session files"):
//
//   "layout"     layoutJson (core/SessionJson.h)
//   "camera"     the plot shown: {"dims": 2, "followsData", and when it does not follow the
//                data "centre": [x, y], "pixelsPerUnit"}, or {"dims": 3, "followsData", "yaw",
//                "pitch" (radians), "fieldOfView" (degrees), and when it does not follow the data
//                "target": [x, y, z], "distance"}
//   "colouring"  {"kind": "frequency" | "metadata" | "kmeans" | "words" | "tags", "path" and
//                "column" (a metadata TSV's, the path absolute), "k" (k-means), "name" and
//                "words" (a word list), "column" (a tag column), "hidden": [legend entries]}
//   "selection"  [words]
//   "isolated"   [words], only while the plot shows only these
//   "tags"       [{"column", "categories": [{"tag", "words": [words]}...]}...]
//
// A key that is missing (a file of an older Embedscope) leaves that part as a fresh window has
// it: the layout as it is, the camera fitted to the data, frequency colouring, nothing selected,
// isolated or tagged.
//
// The camera belongs to the frames of its layout, which arrive later (a t-SNE is laid out again
// from its seed): it waits until the plot shows a frame of that layout (method and 2-D/3-D) and,
// for t-SNE and UMAP, until the layout has finished (while it converges the view follows the
// cloud as it grows), and is then put exactly where it was. A zoom level is kept as pixels per
// data unit: in a window of another size the same centre shows at the same scale.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace embedscope {

class ColouringActions;
class PlotArea;
class SelectionActions;
class TrainingController;

class SessionView : public QObject {
    Q_OBJECT
public:
    struct Parts {
        TrainingController* controller = nullptr;
        PlotArea* plotArea = nullptr;
        ColouringActions* colouring = nullptr;
        SelectionActions* selection = nullptr;
    };
    SessionView(const Parts& parts, QObject* parent);

    // {"layout", "camera", "colouring", "selection", "isolated"}: the view now (a bookmark's).
    QJsonObject captureView() const;
    // Shows view (the tags must be there already: a colouring by a tag column needs its column).
    // Returns notes for the status bar ("the metadata file meta.tsv has moved or is gone:
    // coloured by frequency"); nothing asks or reports a dialog. A k-means colouring is computed
    // again, behind a progress dialog.
    QStringList applyView(const QJsonObject& view);
    QJsonArray captureTags() const;
    // Replaces the tag columns by json's (words not in the vectors are skipped).
    void applyTags(const QJsonArray& json);

    // The keys of a session's "view" that captureView and captureTags fill.
    static QStringList ownedKeys();
    // A camera waits for the frames of its layout.
    bool cameraPending() const { return !pendingCamera_.isEmpty(); }

private:
    QJsonObject captureCamera() const;
    void applyCamera(const QJsonObject& camera);
    QJsonObject captureColouring() const;
    QString applyColouring(const QJsonObject& json);
    std::vector<std::int32_t> rowsOf(const QJsonArray& words) const;
    QJsonArray wordsOf(const std::vector<std::int32_t>& rows) const;
    // The pending camera, when the plot shows a frame of its layout and the layout is done.
    void onFrameShown();
    void onLayoutFinished(bool cancelled, const QString& error);

    Parts parts_;
    QJsonObject pendingCamera_;
};

}  // namespace embedscope
