// The .embedscope session file: everything needed to see a run again (issue 18). Versioned; the
// bulk arrays are binary, the rest is JSON a person can read. README.md, "Session files",
// documents the format for users; this is the reference:
//
//   offset 0   "EMBEDSCOPE-SESSION\n"                   19 bytes, the magic line
//   offset 19  format version, u32 little-endian        kSessionFormatVersion
//   offset 23  JSON length L, u64 little-endian
//   offset 31  the JSON header, L bytes of UTF-8 (indented)
//   then       the binary blocks, each starting at a multiple of 64 bytes (zero padding between)
//
// The JSON header holds: "kind" ("corpus" or "vectors"), "source" {"path", "bytes", "crc32"},
// "corpusOptions" and "trainerOptions" (objects, as the writer fills them), "rows" and "dim" of
// the trained input table, "trackedRows" (rows of that table the timeline follows), "timeline"
// {"interval", "budgetBytes", "frames": [{"seconds", "loss", "learningRate", "wordsPerSecond",
// "epoch", "fraction", "wordsProcessed", and when measured "analogyAccuracy", "spearman"}...]},
// "view" (for the app, ui/SessionView.h; a reader keeps keys it does not know, and a missing key
// leaves that part as a fresh window has it): "layout" (SessionJson.h's layoutJson), "camera"
// ({"dims": 2, "followsData", and when not following "centre": [x, y], "pixelsPerUnit"}, or
// {"dims": 3, "followsData", "yaw", "pitch" in radians, "fieldOfView" in degrees, and when not
// following "target": [x, y, z], "distance"}), "colouring" ({"kind": "frequency" | "metadata" |
// "kmeans" | "words" | "tags", "path" and "column" of a metadata TSV, "k" of k-means (computed
// again on opening: seeded, so the same clusters), "name" and "words" of a word list, "column" of
// a tag column, "hidden": [legend entry numbers]}), "selection" [words], "isolated" [words] (only
// while isolating), "tags" [{"column", "categories": [{"tag", "words": [words]}...]}...] (words,
// not rows: only the tagged words are listed), and "bookmarks" [{"name", "view": {"layout",
// "camera", "colouring", "selection", "isolated"}}...]. These keys came with no change of version:
// a reader of version 1 that does not know them opens the file and ignores them,
// and "blocks", the table of contents: {"name", "offset" (from the start of the file), "bytes",
// "crc32" (zlib's CRC-32 of the block's bytes)} for each block:
//   "words"    each word as a u32 little-endian byte length and its UTF-8 bytes, rows of them
//   "vectors"  the input table, rows x dim float32 little-endian, row-major
//   "frames"   the timeline, frames x trackedRows x dim float32, frame after frame
//
// Reading checks everything before returning anything (the magic, the version, the JSON, each
// block's bounds and CRC, the words): a damaged file or one from a newer Embedscope is an Error
// naming the file, the byte offset and the problem.
#pragma once

#include <QJsonObject>

#include <cstdint>
#include <string>
#include <vector>

#include "JobControl.h"
#include "TrainingTimeline.h"
#include "WordVectors.h"

namespace embedscope {

inline constexpr std::uint32_t kSessionFormatVersion = 1;
inline constexpr char kSessionMagic[] = "EMBEDSCOPE-SESSION\n";
inline constexpr char kSessionExtension[] = ".embedscope";

// The file a session was made from, to tell later whether it moved or changed.
struct SessionSource {
    std::string kind;  // "corpus" or "vectors"
    std::string path;
    std::uint64_t bytes = 0;
    std::uint32_t crc32 = 0;
};

struct Session {
    // The format version the file was read in (writeSession always writes kSessionFormatVersion).
    std::uint32_t formatVersion = kSessionFormatVersion;
    SessionSource source;
    QJsonObject corpusOptions;
    QJsonObject trainerOptions;
    QJsonObject view;
    WordVectors vectors;  // the trained input table with its words
    std::vector<std::int32_t> trackedRows;
    double timelineInterval = 0;  // the recording interval at the end, seconds
    std::uint64_t timelineBudgetBytes = 0;
    std::vector<TimelineFrame> frames;  // each trackedRows.size() x vectors.dim()
};

// The absolute path, size and CRC-32 of a file, read in blocks. Throws Error naming it when it
// cannot be read. Something other than a regular file (a pipe the corpus was read from) cannot be
// read again: it is described with size and CRC-32 0.
SessionSource describeSource(const std::string& path, const std::string& kind);
// As above, reporting the bytes read of the file's size and throwing Cancelled when cancelled.
SessionSource describeSource(const std::string& path, const std::string& kind,
                             const JobControl& control);
// Whether the source is still where the session says, as it was: "unchanged", "changed" (another
// size or CRC-32), "missing", "unreadable", or "not a regular file" (nothing to compare).
std::string sourceStatus(const SessionSource& source);
// As above, the CRC-32 pass reporting progress and throwing Cancelled when cancelled.
std::string sourceStatus(const SessionSource& source, const JobControl& control);

// Writes atomically (AtomicOutput): an earlier file at path stays whole until the new one is
// complete. Throws Error for a session whose parts disagree (a tracked row outside the table, a
// frame of the wrong shape) or when the file cannot be written.
void writeSession(const std::string& path, const Session& session);
// Throws Error naming the file, the byte offset and the problem; returns nothing partial.
Session readSession(const std::string& path);
// As above, the CRC-32 checks reporting the bytes checked of the file's size (the window opens a
// session of a GB off the GUI thread) and throwing Cancelled when control is cancelled.
Session readSession(const std::string& path, const JobControl& control);
// Whether the file starts with the session magic (false when it cannot be read or is shorter).
bool isSessionFile(const std::string& path);
// Whether a command should read path as a session: it starts with the magic line, or its name
// ends in .embedscope (so that a damaged session is reported as a damaged session).
bool isSessionPath(const std::string& path);

}  // namespace embedscope
