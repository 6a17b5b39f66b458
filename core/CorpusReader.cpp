#include "CorpusReader.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>
#include <vector>

#include "Error.h"
#include "VectorFileSniffer.h"

namespace embedscope {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;
// The encoding is judged while fewer than this many non-ASCII bytes have been seen and within the
// first few chunks; after that the file has proven itself UTF-8 and bad bytes are strays.
constexpr std::uint64_t kEncodingEvidenceBytes = 4096;
constexpr std::uint64_t kEncodingWindowBytes = 4 * kChunkBytes;

std::string notUtf8(const std::string& name, std::uint64_t offset, const char* looksLike) {
    return offsetError(name, static_cast<long long>(offset),
                       std::string("not UTF-8 text (looks like ") + looksLike + ")");
}

// Refuses UTF-16 and binary data from the first chunk: a BOM, or NUL bytes. UTF-16 text of
// mostly ASCII characters has a NUL in every other byte, at odd offsets for little-endian.
void checkFirstChunk(const std::string& name, const unsigned char* data, std::size_t size) {
    if (size >= 2 && data[0] == 0xFF && data[1] == 0xFE)
        throw Error(notUtf8(name, 0, "UTF-16 little-endian"));
    if (size >= 2 && data[0] == 0xFE && data[1] == 0xFF)
        throw Error(notUtf8(name, 0, "UTF-16 big-endian"));
    const void* firstNul = std::memchr(data, 0, size);
    if (!firstNul)
        return;
    std::size_t nulAtEven = 0, nulAtOdd = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0)
            ++(i % 2 ? nulAtOdd : nulAtEven);
    }
    const std::size_t nuls = nulAtEven + nulAtOdd;
    const auto offset =
        static_cast<std::uint64_t>(static_cast<const unsigned char*>(firstNul) - data);
    // A quarter of the bytes NUL, nine tenths of them on one parity: UTF-16 of Latin script.
    if (nuls * 4 >= size && nulAtOdd * 10 >= nuls * 9)
        throw Error(notUtf8(name, offset, "UTF-16 little-endian"));
    if (nuls * 4 >= size && nulAtEven * 10 >= nuls * 9)
        throw Error(notUtf8(name, offset, "UTF-16 big-endian"));
    throw Error(notUtf8(name, offset, "binary data"));
}

// The length of the longest prefix of data that does not end inside a UTF-8 sequence, so that
// a character split by a chunk boundary is carried over whole into the next chunk.
std::size_t completeCharactersPrefix(const unsigned char* data, std::size_t size) {
    for (std::size_t back = 1; back <= 3 && back <= size; ++back) {
        const unsigned char c = data[size - back];
        if ((c & 0xC0) == 0x80)
            continue;  // continuation byte: look further back
        std::size_t needed = 1;
        if (c >= 0xC2 && c <= 0xDF)
            needed = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            needed = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            needed = 4;
        return needed > back ? size - back : size;
    }
    return size;
}

std::string describeWarning(const std::string& name, const ReadReport& report) {
    std::string warning;
    if (report.invalidBytes > 0) {
        warning = "skipped " + std::to_string(report.invalidBytes) + " invalid UTF-8 byte" +
                  (report.invalidBytes == 1 ? "" : "s") + " (the first at byte offset " +
                  std::to_string(report.firstInvalidOffset) + ")";
    }
    if (report.truncatedTokens > 0) {
        if (!warning.empty())
            warning += "; ";
        warning += "cut " + std::to_string(report.truncatedTokens) + " token" +
                   (report.truncatedTokens == 1 ? "" : "s") + " longer than " +
                   std::to_string(kMaxTokenBytes) + " bytes";
    }
    return warning.empty() ? warning : fileError(name, warning);
}

}  // namespace

ReadReport readCorpus(QIODevice& device, const std::string& name, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control) {
    const std::uint64_t total =
        device.isSequential() ? 0 : static_cast<std::uint64_t>(device.size());
    Tokenizer tokenizer(options, sink, name);
    // Small files get a buffer of their size, not a whole chunk (cheap loads of small corpora,
    // and fast fuzzing). One extra character's worth of room for the bytes carried over from the
    // previous chunk.
    const std::size_t chunkBytes =
        total > 0 ? static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, total))
                  : kChunkBytes;
    std::vector<unsigned char> buffer(chunkBytes + 4);
    std::size_t carried = 0;
    std::uint64_t offset = 0;  // file offset of buffer[0]
    bool judgingEncoding = true;
    for (bool first = true;; first = false) {
        control.throwIfCancelled();
        const qint64 got =
            device.read(reinterpret_cast<char*>(buffer.data() + carried), chunkBytes);
        if (got < 0)
            throw Error(offsetError(name, static_cast<long long>(offset + carried),
                                    "read error: " + device.errorString().toStdString()));
        const bool atEnd = got == 0;
        const std::size_t size = carried + static_cast<std::size_t>(got);
        if (first && atEnd)
            throw Error(fileError(name, "the file is empty"));
        std::size_t start = 0;
        if (first) {
            // Vectors first: a word2vec binary file would otherwise be called binary data.
            const std::string_view head(reinterpret_cast<const char*>(buffer.data()), size);
            if (const auto guess = sniffVectorFile(head, total > 0 && size >= total))
                throw Error(fileError(name, describeVectorFileGuess(*guess)));
            checkFirstChunk(name, buffer.data(), size);
            if (size >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                start = 3;  // UTF-8 BOM
        }
        const std::size_t usable = atEnd ? size : completeCharactersPrefix(buffer.data(), size);
        tokenizer.feed(reinterpret_cast<const char*>(buffer.data() + start), usable - start,
                       offset + start);
        if (judgingEncoding) {
            // Latin-1 puts one byte >= 0x80 per accented letter, nearly always invalid as UTF-8;
            // valid UTF-8 puts two or more per character, all valid.
            const std::uint64_t invalid = tokenizer.invalidBytes();
            if (invalid >= 4 && invalid * 2 > tokenizer.nonAsciiBytes())
                throw Error(notUtf8(
                    name, static_cast<std::uint64_t>(tokenizer.firstInvalidOffset()), "Latin-1"));
            judgingEncoding = tokenizer.nonAsciiBytes() < kEncodingEvidenceBytes &&
                              offset + usable < kEncodingWindowBytes;
        }
        carried = size - usable;
        std::memmove(buffer.data(), buffer.data() + usable, carried);
        offset += usable;
        control.report(offset, total);
        if (atEnd)
            break;
    }
    tokenizer.finish();
    if (tokenizer.tokens() == 0)
        throw Error(fileError(name, "the file contains no words"));

    ReadReport report;
    report.bytes = offset;
    report.tokens = tokenizer.tokens();
    report.sentences = tokenizer.sentences();
    report.invalidBytes = tokenizer.invalidBytes();
    report.firstInvalidOffset = tokenizer.firstInvalidOffset();
    report.truncatedTokens = tokenizer.truncatedTokens();
    report.warning = describeWarning(name, report);
    return report;
}

ReadReport readCorpus(const std::string& path, const TokenizerOptions& options, TokenSink& sink,
                      const JobControl& control) {
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    if (!info.exists())
        throw Error(fileError(path, "no such file"));
    if (info.isDir())
        throw Error(fileError(path, "is a directory, not a text file"));
    QFile file(qpath);
    // Unbuffered: the reader has its own 1 MB buffer; Qt's would only add a copy.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        throw Error(
            fileError(path, "cannot open for reading: " + file.errorString().toStdString()));
    return readCorpus(file, path, options, sink, control);
}

}  // namespace embedscope
