// Format names, detection by extension, and dispatch to the per-format readers and writers.
#include "VectorFormats.h"

#include <QFileInfo>

#include "ByteStream.h"
#include "FormatIo.h"

namespace embedscope {

namespace {

// The extension that names the format: "vec" for both "a.vec" and "a.vec.gz".
std::string lowerSuffix(const std::string& path) {
    return QFileInfo(QString::fromStdString(withoutCompressionSuffix(path)))
        .suffix()
        .toLower()
        .toStdString();
}

// Whether the first line is word2vec's "ROWS DIM" header.
bool startsWithRowsDimHeader(const std::string& path) {
    formatio::InputFile in(path);
    std::string_view line;
    long long rows = 0, dim = 0;
    return in.nextLine(line) && formatio::parseRowsDimHeader(line, rows, dim);
}

}  // namespace

std::string_view vectorFormatName(VectorFormat format) {
    switch (format) {
        case VectorFormat::Csv:
            return "csv";
        case VectorFormat::Word2VecText:
            return "word2vec";
        case VectorFormat::Word2VecBinary:
            return "word2vec-bin";
        case VectorFormat::Glove:
            return "glove";
        case VectorFormat::Projector:
            return "projector";
        case VectorFormat::Npy:
            return "npy";
    }
    return "unknown";
}

VectorFormat parseVectorFormat(std::string_view name) {
    for (const VectorFormat format : kVectorFormats)
        if (name == vectorFormatName(format))
            return format;
    throw Error("unknown vector format '" + std::string(name) +
                "'; expected csv, word2vec, word2vec-bin, glove, projector or npy");
}

VectorFormat vectorFormatFromPath(const std::string& path) {
    const std::string suffix = lowerSuffix(path);
    if (suffix == "csv")
        return VectorFormat::Csv;
    if (suffix == "txt" || suffix == "vec")
        return VectorFormat::Word2VecText;
    if (suffix == "bin")
        return VectorFormat::Word2VecBinary;
    if (suffix == "tsv")
        return VectorFormat::Projector;
    if (suffix == "npy")
        return VectorFormat::Npy;
    throw Error(fileError(path,
                          "cannot tell the vector format from the extension (.csv, .txt, "
                          ".vec, .bin, .tsv or .npy expected)"));
}

VectorFormat detectVectorFormat(const std::string& path) {
    const VectorFormat byExtension = vectorFormatFromPath(path);
    if (byExtension == VectorFormat::Word2VecText && lowerSuffix(path) == "txt" &&
        !startsWithRowsDimHeader(path))
        return VectorFormat::Glove;
    return byExtension;
}

std::string metadataPathFor(const std::string& compressedVectorsPath) {
    const std::string vectorsPath = withoutCompressionSuffix(compressedVectorsPath);
    const std::size_t slash = vectorsPath.find_last_of('/');
    const std::size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
    const std::string folder = vectorsPath.substr(0, nameStart);
    const std::string name = vectorsPath.substr(nameStart);
    if (name == "vectors.tsv")
        return folder + "metadata.tsv";
    const bool tsv =
        QFileInfo(QString::fromStdString(name)).suffix().toLower() == QLatin1String("tsv");
    const std::string stem = tsv ? name.substr(0, name.size() - 4) : name;
    return folder + stem + ".metadata.tsv";
}

std::string vocabPathFor(const std::string& compressedVectorsPath) {
    const std::string vectorsPath = withoutCompressionSuffix(compressedVectorsPath);
    const bool npy = lowerSuffix(vectorsPath) == "npy";
    return (npy ? vectorsPath.substr(0, vectorsPath.size() - 4) : vectorsPath) + ".vocab.txt";
}

std::string companionPathFor(const std::string& vectorsPath, VectorFormat format) {
    if (format == VectorFormat::Projector)
        return metadataPathFor(vectorsPath);
    if (format == VectorFormat::Npy)
        return vocabPathFor(vectorsPath);
    return {};
}

void writeVectors(const std::string& path, const WordVectors& vectors, VectorFormat format,
                  const JobControl& control) {
    if (withoutCompressionSuffix(path) != path)
        throw Error(fileError(path, "cannot write compressed files; write " +
                                        withoutCompressionSuffix(path) +
                                        " and compress it with gzip or xz"));
    switch (format) {
        case VectorFormat::Csv:
            return formatio::writeCsv(path, vectors, control);
        case VectorFormat::Word2VecText:
            return formatio::writeWord2VecText(path, vectors, control);
        case VectorFormat::Word2VecBinary:
            return formatio::writeWord2VecBinary(path, vectors, control);
        case VectorFormat::Glove:
            return formatio::writeGlove(path, vectors, control);
        case VectorFormat::Projector:
            return formatio::writeProjector(path, vectors, control);
        case VectorFormat::Npy:
            return formatio::writeNpy(path, vectors, control);
    }
    throw Error(fileError(path, "unknown vector format"));
}

WordVectors readVectors(const std::string& path, VectorFormat format, const JobControl& control) {
    // The .npy reader checks the data's size against the file's: it reads files as they are.
    if (format == VectorFormat::Npy && withoutCompressionSuffix(path) != path)
        throw Error(fileError(path, "a compressed .npy cannot be read; decompress it first"));
    switch (format) {
        case VectorFormat::Csv:
            return formatio::readCsv(path, control);
        case VectorFormat::Word2VecText:
            return formatio::readWord2VecText(path, control);
        case VectorFormat::Word2VecBinary:
            return formatio::readWord2VecBinary(path, control);
        case VectorFormat::Glove:
            return formatio::readGlove(path, control);
        case VectorFormat::Projector:
            return formatio::readProjector(path, control);
        case VectorFormat::Npy:
            return formatio::readNpy(path, control);
    }
    throw Error(fileError(path, "unknown vector format"));
}

WordVectors readVectors(const std::string& path, const JobControl& control) {
    return readVectors(path, detectVectorFormat(path), control);
}

}  // namespace embedscope
