#include "SessionFile.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

#include "AtomicOutput.h"
#include "Error.h"
#include "WordBlock.h"

namespace embedscope {

// The float blocks are written and read as the host's bytes.
static_assert(Q_BYTE_ORDER == Q_LITTLE_ENDIAN, "session files hold little-endian float32");

namespace {

constexpr std::size_t kMagicBytes = sizeof(kSessionMagic) - 1;  // 19
constexpr std::size_t kVersionOffset = kMagicBytes;             // 19
constexpr std::size_t kJsonLengthOffset = kVersionOffset + 4;   // 23
constexpr std::size_t kJsonOffset = kJsonLengthOffset + 8;      // 31
constexpr std::uint64_t kBlockAlignment = 64;
const char* const kBlockNames[] = {"words", "vectors", "frames"};

std::uint64_t aligned(std::uint64_t offset) {
    return (offset + kBlockAlignment - 1) / kBlockAlignment * kBlockAlignment;
}

// zlib's CRC-32, continued over data of any size (zlib takes at most 4 GB a call).
std::uint32_t crc32Of(std::uint32_t crc, const void* data, std::size_t size) {
    auto bytes = static_cast<const Bytef*>(data);
    while (size > 0) {
        const auto chunk = static_cast<uInt>(std::min<std::size_t>(size, std::size_t(1) << 30));
        crc = static_cast<std::uint32_t>(::crc32(crc, bytes, chunk));
        bytes += chunk;
        size -= chunk;
    }
    return crc;
}

template <typename T>
void appendLittleEndian(std::string& out, T value) {
    const T bits = qToLittleEndian(value);
    out.append(reinterpret_cast<const char*>(&bits), sizeof bits);
}

template <typename T>
T readLittleEndian(const uchar* at) {
    T bits;
    std::memcpy(&bits, at, sizeof bits);
    return qFromLittleEndian(bits);
}

QJsonObject metricsToJson(const FrameMetrics& m) {
    QJsonObject json;
    json[QStringLiteral("seconds")] = m.seconds;
    json[QStringLiteral("loss")] = m.loss;
    json[QStringLiteral("learningRate")] = m.learningRate;
    json[QStringLiteral("wordsPerSecond")] = m.wordsPerSecond;
    json[QStringLiteral("fraction")] = m.fraction;
    json[QStringLiteral("epoch")] = m.epoch;
    json[QStringLiteral("wordsProcessed")] = static_cast<double>(m.wordsProcessed);
    // Only when measured: JSON has no NaN, and older files have no such keys.
    if (std::isfinite(m.analogyAccuracy))
        json[QStringLiteral("analogyAccuracy")] = m.analogyAccuracy;
    if (std::isfinite(m.spearman))
        json[QStringLiteral("spearman")] = m.spearman;
    return json;
}

// A binary block as the table of contents describes it.
struct BlockOut {
    const char* name;
    std::uint64_t bytes;
    std::uint32_t crc;
};

void checkConsistent(const std::string& path, const Session& session) {
    const WordVectors& v = session.vectors;
    auto fail = [&](const std::string& problem) {
        throw Error(fileError(path, "cannot save the session: " + problem));
    };
    if (static_cast<std::size_t>(v.rows()) != v.words.size())
        fail(std::to_string(v.words.size()) + " words for " + std::to_string(v.rows()) + " rows");
    for (const std::int32_t row : session.trackedRows)
        if (row < 0 || row >= v.rows())
            fail("tracked row " + std::to_string(row) + " is outside the table of " +
                 std::to_string(v.rows()) + " rows");
    for (const TimelineFrame& frame : session.frames)
        if (!frame.vectors ||
            frame.vectors->rows() != static_cast<Eigen::Index>(session.trackedRows.size()) ||
            frame.vectors->cols() != v.vectors.cols())
            fail("a timeline frame is " +
                 (frame.vectors ? std::to_string(frame.vectors->rows()) + " x " +
                                      std::to_string(frame.vectors->cols())
                                : std::string("empty")) +
                 ", not tracked rows x dim");
}

bool isRegularFile(const std::string& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

}  // namespace

SessionSource describeSource(const std::string& path, const std::string& kind) {
    return describeSource(path, kind, JobControl{});
}

SessionSource describeSource(const std::string& path, const std::string& kind,
                             const JobControl& control) {
    SessionSource source;
    source.kind = kind;
    // Absolute, so that a session replayed from another folder still finds (or misses) it.
    source.path = QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
    if (QFileInfo::exists(QString::fromStdString(path)) && !isRegularFile(path))
        return source;
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(fileError(path, file.errorString().toStdString()));
    std::vector<char> block(1 << 20);
    std::uint32_t crc = 0;
    const auto size = static_cast<std::uint64_t>(std::max<qint64>(file.size(), 0));
    for (;;) {
        control.throwIfCancelled();
        control.report(source.bytes, size);
        const qint64 got = file.read(block.data(), static_cast<qint64>(block.size()));
        if (got < 0)
            throw Error(fileError(path, file.errorString().toStdString()));
        if (got == 0)
            break;
        crc = crc32Of(crc, block.data(), static_cast<std::size_t>(got));
        source.bytes += static_cast<std::uint64_t>(got);
    }
    source.crc32 = crc;
    return source;
}

void writeSession(const std::string& path, const Session& session) {
    checkConsistent(path, session);
    const WordVectors& table = session.vectors;
    const std::uint64_t dim = static_cast<std::uint64_t>(table.vectors.cols());

    std::string words;
    appendWordBlock(words, table.words);
    const std::uint64_t vectorBytes = static_cast<std::uint64_t>(table.vectors.size()) * 4;
    const std::uint64_t frameBytes = session.trackedRows.size() * dim * 4;
    std::uint32_t framesCrc = 0;
    for (const TimelineFrame& frame : session.frames)
        framesCrc = crc32Of(framesCrc, frame.vectors->data(), frameBytes);
    const BlockOut blocks[] = {
        {kBlockNames[0], words.size(), crc32Of(0, words.data(), words.size())},
        {kBlockNames[1], vectorBytes, crc32Of(0, table.vectors.data(), vectorBytes)},
        {kBlockNames[2], frameBytes * session.frames.size(), framesCrc},
    };

    QJsonObject header;
    header[QStringLiteral("kind")] = QString::fromStdString(session.source.kind);
    QJsonObject source;
    source[QStringLiteral("path")] = QString::fromStdString(session.source.path);
    source[QStringLiteral("bytes")] = static_cast<double>(session.source.bytes);
    source[QStringLiteral("crc32")] = static_cast<double>(session.source.crc32);
    header[QStringLiteral("source")] = source;
    header[QStringLiteral("corpusOptions")] = session.corpusOptions;
    header[QStringLiteral("trainerOptions")] = session.trainerOptions;
    header[QStringLiteral("rows")] = table.rows();
    header[QStringLiteral("dim")] = table.dim();
    QJsonArray tracked;
    for (const std::int32_t row : session.trackedRows)
        tracked.append(row);
    header[QStringLiteral("trackedRows")] = tracked;
    QJsonObject timeline;
    timeline[QStringLiteral("interval")] = session.timelineInterval;
    timeline[QStringLiteral("budgetBytes")] = static_cast<double>(session.timelineBudgetBytes);
    QJsonArray frames;
    for (const TimelineFrame& frame : session.frames)
        frames.append(metricsToJson(frame.metrics));
    timeline[QStringLiteral("frames")] = frames;
    header[QStringLiteral("timeline")] = timeline;
    header[QStringLiteral("view")] = session.view;

    // The table of contents gives each block's offset in the file, which depends on the JSON's
    // length: start from the smallest possible start and move it on until the JSON fits before
    // it (offsets only grow, so the JSON only lengthens and this ends, in practice in a step).
    auto headerBytes = [&](std::uint64_t dataStart) {
        QJsonArray toc;
        std::uint64_t offset = dataStart;
        for (const BlockOut& block : blocks) {
            QJsonObject entry;
            entry[QStringLiteral("name")] = QLatin1String(block.name);
            entry[QStringLiteral("offset")] = static_cast<double>(offset);
            entry[QStringLiteral("bytes")] = static_cast<double>(block.bytes);
            entry[QStringLiteral("crc32")] = static_cast<double>(block.crc);
            toc.append(entry);
            offset = aligned(offset + block.bytes);
        }
        QJsonObject withToc = header;
        withToc[QStringLiteral("blocks")] = toc;
        return QJsonDocument(withToc).toJson(QJsonDocument::Indented);
    };
    std::uint64_t dataStart = aligned(kJsonOffset);
    QByteArray json = headerBytes(dataStart);
    while (aligned(kJsonOffset + static_cast<std::uint64_t>(json.size())) > dataStart) {
        dataStart = aligned(kJsonOffset + static_cast<std::uint64_t>(json.size()));
        json = headerBytes(dataStart);
    }

    AtomicOutput out(path);
    std::string& buffer = out.buffer();
    std::uint64_t written = 0;
    auto append = [&](const void* data, std::size_t size) {
        buffer.append(static_cast<const char*>(data), size);
        written += size;
        out.flushIfFull();
    };
    auto padTo = [&](std::uint64_t offset) {
        buffer.append(static_cast<std::size_t>(offset - written), '\0');
        written = offset;
    };
    append(kSessionMagic, kMagicBytes);
    std::string numbers;
    appendLittleEndian<std::uint32_t>(numbers, kSessionFormatVersion);
    appendLittleEndian<std::uint64_t>(numbers, static_cast<std::uint64_t>(json.size()));
    append(numbers.data(), numbers.size());
    append(json.constData(), static_cast<std::size_t>(json.size()));
    padTo(dataStart);
    append(words.data(), words.size());
    padTo(aligned(written));
    // Row by row, so the buffer stays about a megabyte.
    for (Eigen::Index row = 0; row < table.vectors.rows(); ++row)
        append(table.vectors.row(row).data(), dim * 4);
    padTo(aligned(written));
    for (const TimelineFrame& frame : session.frames)
        append(frame.vectors->data(), frameBytes);
    out.commit();
}

std::string sourceStatus(const SessionSource& source) {
    return sourceStatus(source, JobControl{});
}

std::string sourceStatus(const SessionSource& source, const JobControl& control) {
    if (!QFileInfo::exists(QString::fromStdString(source.path)))
        return "missing";
    if (!isRegularFile(source.path))
        return "not a regular file";
    if (static_cast<std::uint64_t>(QFileInfo(QString::fromStdString(source.path)).size()) !=
        source.bytes)
        return "changed";
    try {
        return describeSource(source.path, source.kind, control).crc32 == source.crc32 ? "unchanged"
                                                                                       : "changed";
    } catch (const Cancelled&) {
        throw;
    } catch (const Error&) {
        return "unreadable";
    }
}

bool isSessionFile(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray start = file.read(kMagicBytes);
    return start == QByteArray(kSessionMagic, kMagicBytes);
}

bool isSessionPath(const std::string& path) {
    const std::size_t extension = sizeof(kSessionExtension) - 1;
    // The name first: it costs nothing, the magic line costs opening the file.
    return (path.size() > extension &&
            path.compare(path.size() - extension, extension, kSessionExtension) == 0) ||
           isSessionFile(path);
}

namespace {

// Reads a mapped (or loaded) session file, checking as it goes; every failure is an Error naming
// the file and a byte offset.
class SessionReader {
public:
    SessionReader(const std::string& path, const uchar* data, std::uint64_t size,
                  const JobControl& control)
        : path_(path), data_(data), size_(size), control_(control) {}

    Session read() {
        readPreamble();
        Session session;
        session.formatVersion = version_;
        const QJsonObject header = parseJson();
        session.source.kind = string(header, "kind");
        const QJsonObject source = object(header, "source");
        session.source.path = string(source, "path");
        session.source.bytes = integer(source, "bytes", std::numeric_limits<std::uint64_t>::max());
        session.source.crc32 = static_cast<std::uint32_t>(integer(source, "crc32", 0xFFFFFFFFull));
        session.corpusOptions = object(header, "corpusOptions");
        session.trainerOptions = object(header, "trainerOptions");
        session.view = object(header, "view");
        const std::uint64_t rows =
            integer(header, "rows", std::numeric_limits<std::int32_t>::max());
        const std::uint64_t dim = integer(header, "dim", 1 << 20);
        if (dim == 0)
            fail(kJsonOffset, "JSON header: 'dim' is 0");
        for (const QJsonValue row : array(header, "trackedRows")) {
            const double value = row.toDouble(-1);
            if (!row.isDouble() || value < 0 || value >= static_cast<double>(rows) ||
                value != std::floor(value))
                fail(kJsonOffset, "JSON header: a tracked row is not a row of the table of " +
                                      std::to_string(rows));
            session.trackedRows.push_back(static_cast<std::int32_t>(value));
        }
        const QJsonObject timeline = object(header, "timeline");
        session.timelineInterval = number(timeline, "interval");
        session.timelineBudgetBytes =
            integer(timeline, "budgetBytes", std::numeric_limits<std::uint64_t>::max());
        const QJsonArray frameMetrics = array(timeline, "frames");

        const QJsonArray toc = array(header, "blocks");
        const Block words = block(toc, "words");
        const Block vectors = block(toc, "vectors");
        const Block frames = block(toc, "frames");
        expectBytes(vectors, rows * dim * 4,
                    std::to_string(rows) + " x " + std::to_string(dim) + " float32");
        const std::uint64_t frameBytes = session.trackedRows.size() * dim * 4;
        const auto frameCount = static_cast<std::uint64_t>(frameMetrics.size());
        if (frameBytes > 0 && frameCount > size_ / frameBytes)
            fail(frames.offset, "block 'frames': " + std::to_string(frameCount) +
                                    " frames cannot fit in the file");
        expectBytes(frames, frameCount * frameBytes,
                    std::to_string(frameCount) + " frames of " +
                        std::to_string(session.trackedRows.size()) + " x " + std::to_string(dim) +
                        " float32");

        session.vectors.words = readWords(words, rows);
        session.vectors.vectors.resize(static_cast<Eigen::Index>(rows),
                                       static_cast<Eigen::Index>(dim));
        std::memcpy(session.vectors.vectors.data(), data_ + vectors.offset, vectors.bytes);
        session.frames.reserve(frameCount);
        for (std::uint64_t f = 0; f < frameCount; ++f) {
            TimelineFrame frame;
            frame.metrics = metrics(frameMetrics[static_cast<int>(f)]);
            auto vectors =
                std::make_shared<RowMatrixXf>(static_cast<Eigen::Index>(session.trackedRows.size()),
                                              static_cast<Eigen::Index>(dim));
            std::memcpy(vectors->data(), data_ + frames.offset + f * frameBytes, frameBytes);
            frame.vectors = std::move(vectors);
            session.frames.push_back(std::move(frame));
        }
        return session;
    }

private:
    struct Block {
        std::string name;
        std::uint64_t offset = 0;
        std::uint64_t bytes = 0;
    };

    [[noreturn]] void fail(std::uint64_t offset, const std::string& problem) const {
        throw Error(offsetError(path_, static_cast<long long>(offset), problem));
    }

    void readPreamble() {
        const std::uint64_t magicSeen = std::min<std::uint64_t>(size_, kMagicBytes);
        if (std::memcmp(data_, kSessionMagic, magicSeen) != 0)
            fail(0,
                 "not an Embedscope session file (it does not start with the line "
                 "EMBEDSCOPE-SESSION)");
        if (size_ < kJsonOffset)
            fail(size_, "truncated: the file ends inside its " + std::to_string(kJsonOffset) +
                            "-byte preamble");
        const auto version = readLittleEndian<std::uint32_t>(data_ + kVersionOffset);
        if (version == 0)
            fail(kVersionOffset, "format version 0 is not a valid session format");
        if (version > kSessionFormatVersion)
            fail(kVersionOffset, "made by a newer Embedscope: session format version " +
                                     std::to_string(version) + ", this one reads up to " +
                                     std::to_string(kSessionFormatVersion));
        version_ = version;
        jsonBytes_ = readLittleEndian<std::uint64_t>(data_ + kJsonLengthOffset);
        if (jsonBytes_ > size_ - kJsonOffset)
            fail(size_, "truncated: the file ends inside the JSON header, which runs to byte " +
                            std::to_string(kJsonOffset + jsonBytes_));
    }

    QJsonObject parseJson() {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(reinterpret_cast<const char*>(data_ + kJsonOffset),
                                    static_cast<qsizetype>(jsonBytes_)),
            &error);
        if (error.error != QJsonParseError::NoError)
            fail(kJsonOffset + static_cast<std::uint64_t>(error.offset),
                 "damaged JSON header: " + error.errorString().toStdString());
        if (!document.isObject())
            fail(kJsonOffset, "damaged JSON header: not a JSON object");
        return document.object();
    }

    [[noreturn]] void badField(const char* key, const char* what) const {
        fail(kJsonOffset, std::string("JSON header: '") + key + "' is missing or not " + what);
    }
    QJsonObject object(const QJsonObject& in, const char* key) const {
        const QJsonValue value = in.value(QLatin1String(key));
        if (!value.isObject())
            badField(key, "an object");
        return value.toObject();
    }
    QJsonArray array(const QJsonObject& in, const char* key) const {
        const QJsonValue value = in.value(QLatin1String(key));
        if (!value.isArray())
            badField(key, "an array");
        return value.toArray();
    }
    std::string string(const QJsonObject& in, const char* key) const {
        const QJsonValue value = in.value(QLatin1String(key));
        if (!value.isString())
            badField(key, "a string");
        return value.toString().toStdString();
    }
    double number(const QJsonObject& in, const char* key) const {
        const QJsonValue value = in.value(QLatin1String(key));
        if (!value.isDouble())
            badField(key, "a number");
        return value.toDouble();
    }
    std::uint64_t integer(const QJsonObject& in, const char* key, std::uint64_t max) const {
        const double value = number(in, key);
        if (value < 0 || value != std::floor(value) || value > 9007199254740992.0 ||
            static_cast<std::uint64_t>(value) > max)
            badField(key, ("a whole number up to " + std::to_string(max)).c_str());
        return static_cast<std::uint64_t>(value);
    }

    FrameMetrics metrics(const QJsonValue& value) const {
        if (!value.isObject())
            badField("timeline.frames", "an array of objects");
        const QJsonObject json = value.toObject();
        FrameMetrics m;
        m.seconds = number(json, "seconds");
        m.loss = number(json, "loss");
        m.learningRate = number(json, "learningRate");
        m.wordsPerSecond = number(json, "wordsPerSecond");
        m.fraction = number(json, "fraction");
        m.epoch = static_cast<int>(integer(json, "epoch", std::numeric_limits<int>::max()));
        m.wordsProcessed =
            integer(json, "wordsProcessed", std::numeric_limits<std::uint64_t>::max());
        if (json.contains(QLatin1String("analogyAccuracy")))
            m.analogyAccuracy = number(json, "analogyAccuracy");
        if (json.contains(QLatin1String("spearman")))
            m.spearman = number(json, "spearman");
        return m;
    }

    // Finds a block in the table of contents, checks that it lies in the file after the JSON
    // and that its bytes have the CRC-32 written for them.
    Block block(const QJsonArray& toc, const char* name) const {
        for (const QJsonValue entry : toc) {
            const QJsonObject json = entry.toObject();
            if (json.value(QStringLiteral("name")).toString() != QLatin1String(name))
                continue;
            Block b;
            b.name = name;
            const auto max = std::numeric_limits<std::uint64_t>::max();
            b.offset = integer(json, "offset", max);
            b.bytes = integer(json, "bytes", max);
            const auto crc = static_cast<std::uint32_t>(integer(json, "crc32", 0xFFFFFFFFull));
            if (b.offset < kJsonOffset + jsonBytes_)
                fail(kJsonOffset, "JSON header: block '" + b.name + "' starts at byte " +
                                      std::to_string(b.offset) + ", inside the header");
            if (b.offset > size_ || b.bytes > size_ - b.offset)
                fail(size_, "truncated: the file ends at byte " + std::to_string(size_) +
                                " but block '" + b.name + "' runs from byte " +
                                std::to_string(b.offset) + " to byte " +
                                std::to_string(b.offset + b.bytes));
            const std::uint32_t actual = checkedCrc(b);
            if (actual != crc)
                fail(b.offset, "block '" + b.name + "' (" + std::to_string(b.bytes) +
                                   " bytes) is damaged: its CRC-32 is " + hex(actual) +
                                   ", the table of contents says " + hex(crc));
            return b;
        }
        fail(kJsonOffset, std::string("JSON header: no block '") + name + "' in 'blocks'");
    }

    // The block's CRC-32 in slices, so that progress moves and a cancel is seen within one
    // slice; progress counts the bytes checked so far of the whole file.
    std::uint32_t checkedCrc(const Block& b) const {
        constexpr std::uint64_t kSlice = 32 << 20;
        std::uint32_t crc = 0;
        for (std::uint64_t at = 0; at < b.bytes; at += kSlice) {
            control_.throwIfCancelled();
            const std::uint64_t n = std::min(kSlice, b.bytes - at);
            crc = crc32Of(crc, data_ + b.offset + at, n);
            checked_ += n;
            control_.report(checked_, size_);
        }
        return crc;
    }

    void expectBytes(const Block& b, std::uint64_t expected, const std::string& what) const {
        if (b.bytes != expected)
            fail(b.offset, "block '" + b.name + "' has " + std::to_string(b.bytes) +
                               " bytes, but " + what + " take " + std::to_string(expected));
    }

    std::vector<std::string> readWords(const Block& b, std::uint64_t rows) const {
        std::vector<std::string> words;
        WordBlockProblem problem;
        if (!parseWordBlock(reinterpret_cast<const char*>(data_ + b.offset), b.bytes, rows, words,
                            problem))
            fail(b.offset + problem.offset, "block 'words' " + problem.what);
        return words;
    }

    static std::string hex(std::uint32_t value) {
        char text[16];
        std::snprintf(text, sizeof text, "%08x", value);
        return text;
    }

    const std::string& path_;
    const uchar* data_;
    std::uint64_t size_;
    std::uint32_t version_ = 0;
    std::uint64_t jsonBytes_ = 0;
    const JobControl& control_;
    mutable std::uint64_t checked_ = 0;  // bytes of blocks CRC-checked so far (for progress)
};

}  // namespace

Session readSession(const std::string& path) {
    return readSession(path, JobControl{});
}

Session readSession(const std::string& path, const JobControl& control) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw Error(fileError(path, file.errorString().toStdString()));
    const auto size = static_cast<std::uint64_t>(file.size());
    // Mapped when the system allows (no copy of a 200 MB timeline before checking it); read
    // otherwise (a pipe, a file system without mmap).
    QByteArray loaded;
    const uchar* data = size > 0 ? file.map(0, static_cast<qint64>(size)) : nullptr;
    if (!data) {
        loaded = file.readAll();
        data = reinterpret_cast<const uchar*>(loaded.constData());
    }
    return SessionReader(path, data,
                         static_cast<std::uint64_t>(loaded.isNull() ? size : loaded.size()),
                         control)
        .read();
}

}  // namespace embedscope
