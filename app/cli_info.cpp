// embedscope-cli info FILE [--from F] [--json]: what a vectors file holds: its format, rows,
// dimension and a summary of the rows' norms.
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>

#include "ByteStream.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "NormSummary.h"
#include "VectorFormats.h"

namespace embedscope::cli {

namespace {

const char kInfoUsage[] =
    "usage: embedscope-cli info FILE [--from F] [--json]\n"
    "  Prints the format, the number of rows, the dimension and the rows' norms (min, median,\n"
    "  mean, max; rows that are all zero) of a vectors file in any format.\n"
    "  --from F   the format (default: from the extension; a .txt without a 'ROWS DIM' header is\n"
    "             read as glove)\n"
    "  --json     print one JSON object instead\n";

}  // namespace

int runInfo(const Args& rawArgs) {
    const CliArgs args(rawArgs, {"--from"}, {"--json", "--help", "-h"});
    if (args.flag("--help") || args.flag("-h")) {
        std::fputs(kInfoUsage, stdout);
        return 0;
    }
    args.expectPositionals(1, 1, "FILE; usage: embedscope-cli info FILE [--from F] [--json]");
    const std::string& path = args.positionals()[0];
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
