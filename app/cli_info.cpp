// embedscope-cli info FILE [--from F] [--json]: what a vectors file holds: its format, rows,
// dimension and a summary of the rows' norms. For a session file (.embedscope): its version, size,
// source (and whether it is still there unchanged), table, tracked words and timeline.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>

#include "ByteStream.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "NormSummary.h"
#include "SessionFile.h"
#include "VectorFormats.h"

namespace embedscope::cli {

namespace {

const char kInfoUsage[] =
    "usage: embedscope-cli info FILE [--from F] [--json]\n"
    "  Prints the format, the number of rows, the dimension and the rows' norms (min, median,\n"
    "  mean, max; rows that are all zero) of a vectors file in any format.\n"
    "  --from F   the format (default: from the extension; a .txt without a 'ROWS DIM' header is\n"
    "             read as glove)\n"
    "  --json     print one JSON object instead\n"
    "  For a session file (RUN.embedscope): its format version, size, source file (and whether it\n"
    "  is still there unchanged), the table's rows and dimension, the tracked words and the\n"
    "  timeline's frames.\n";

int sessionInfo(const std::string& path, bool asJson) {
    const Session session = readSession(path);
    const auto bytes = static_cast<double>(QFileInfo(QString::fromStdString(path)).size());
    // A session the app saved from its built-in corpus names no file.
    const bool builtIn = session.source.path.empty();
    const std::string status = builtIn ? "built in" : sourceStatus(session.source);
    const double seconds = session.frames.empty() ? 0 : session.frames.back().metrics.seconds;
    const double loss = session.frames.empty() ? 0 : session.frames.back().metrics.loss;
    if (asJson) {
        QJsonObject source;
        source[QStringLiteral("kind")] = QString::fromStdString(session.source.kind);
        source[QStringLiteral("path")] = QString::fromStdString(session.source.path);
        source[QStringLiteral("bytes")] = static_cast<double>(session.source.bytes);
        source[QStringLiteral("crc32")] = static_cast<double>(session.source.crc32);
        source[QStringLiteral("status")] = QString::fromStdString(status);
        QJsonObject json;
        json[QStringLiteral("file")] = QString::fromStdString(path);
        json[QStringLiteral("format")] = QStringLiteral("embedscope-session");
        json[QStringLiteral("version")] = static_cast<double>(session.formatVersion);
        json[QStringLiteral("bytes")] = bytes;
        json[QStringLiteral("source")] = source;
        json[QStringLiteral("rows")] = session.vectors.rows();
        json[QStringLiteral("dim")] = session.vectors.dim();
        json[QStringLiteral("words")] = static_cast<double>(session.trackedRows.size());
        json[QStringLiteral("frames")] = static_cast<double>(session.frames.size());
        json[QStringLiteral("seconds")] = seconds;
        json[QStringLiteral("loss")] = loss;
        json[QStringLiteral("interval")] = session.timelineInterval;
        json[QStringLiteral("budget_bytes")] = static_cast<double>(session.timelineBudgetBytes);
        json[QStringLiteral("corpus_options")] = session.corpusOptions;
        json[QStringLiteral("trainer_options")] = session.trainerOptions;
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("file       %s\nformat     embedscope session, version %u, %.0f bytes\n",
                path.c_str(), session.formatVersion, bytes);
    if (builtIn)
        std::printf("source     the built-in corpus\n");
    else
        std::printf("source     %s %s (%llu bytes, CRC-32 %08x): %s\n", session.source.kind.c_str(),
                    session.source.path.c_str(),
                    static_cast<unsigned long long>(session.source.bytes), session.source.crc32,
                    status.c_str());
    std::printf("rows       %d\ndimension  %d\n", session.vectors.rows(), session.vectors.dim());
    std::printf(
        "timeline   %zu frames of %zu words over %.2f s of training (one every %.3g s at "
        "the end), final loss %.4f\n",
        session.frames.size(), session.trackedRows.size(), seconds, session.timelineInterval, loss);
    return 0;
}

}  // namespace

int runInfo(const Args& rawArgs) {
    const CliArgs args(rawArgs, {"--from"}, {"--json", "--help", "-h"});
    if (args.flag("--help") || args.flag("-h")) {
        std::fputs(kInfoUsage, stdout);
        return 0;
    }
    args.expectPositionals(1, 1, "FILE; usage: embedscope-cli info FILE [--from F] [--json]");
    const std::string& path = args.positionals()[0];
    if (!args.value("--from") && isSessionPath(path))
        return sessionInfo(path, args.flag("--json"));
    VectorFormat format = VectorFormat::Csv;
    if (const auto from = args.value("--from")) {
        try {
            format = parseVectorFormat(*from);
        } catch (const Error& e) {
            throw CliUsageError(std::string("--from: ") + e.what());
        }
    } else {
        format = detectVectorFormat(path);
    }
    const InterruptGuard interruptGuard;  // Ctrl-C: Cancelled, exit 130 (cli_main.cpp)
    JobControl control;
    control.cancel = &interruptGuard.flag();
    const WordVectors vectors = readVectors(path, format, control);
    const NormSummary norms = summarizeNorms(vectors.vectors);
    const std::string formatName(vectorFormatName(format));
    const std::string compression(openByteStream(path)->compression());
    if (args.flag("--json")) {
        QJsonObject json;
        json[QStringLiteral("file")] = QString::fromStdString(path);
        json[QStringLiteral("format")] = QString::fromStdString(formatName);
        json[QStringLiteral("compression")] = QString::fromStdString(compression);
        json[QStringLiteral("rows")] = vectors.rows();
        json[QStringLiteral("dim")] = vectors.dim();
        json[QStringLiteral("norm_min")] = norms.min;
        json[QStringLiteral("norm_median")] = norms.median;
        json[QStringLiteral("norm_mean")] = norms.mean;
        json[QStringLiteral("norm_max")] = norms.max;
        json[QStringLiteral("zero_rows")] = static_cast<double>(norms.zeroRows);
        std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("file       %s\nformat     %s%s\nrows       %d\ndimension  %d\n", path.c_str(),
                formatName.c_str(), compression.empty() ? "" : (", " + compression).c_str(),
                vectors.rows(), vectors.dim());
    std::printf("norms      min %.6g  median %.6g  mean %.6g  max %.6g\nzero rows  %lld\n",
                norms.min, norms.median, norms.mean, norms.max, norms.zeroRows);
    return 0;
}

}  // namespace embedscope::cli
