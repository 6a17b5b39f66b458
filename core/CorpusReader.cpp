#include "CorpusReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include "CorpusChunks.h"
#include "Error.h"

namespace embedscope {

namespace {

// A QIODevice (the embedded default corpus) as the reader's byte source.
class DeviceStream : public ByteStream {
public:
    DeviceStream(QIODevice& device, const std::string& name) : device_(device), name_(name) {}
    std::size_t read(char* out, std::size_t n) override {
        const qint64 got = device_.read(out, static_cast<qint64>(n));
        if (got < 0)
            throw Error(offsetError(name_, consumed_,
                                    "read error: " + device_.errorString().toStdString()));
        consumed_ += got;
        return static_cast<std::size_t>(got);
    }
    long long consumed() const override { return consumed_; }
    std::string_view compression() const override { return {}; }

private:
    QIODevice& device_;
    std::string name_;
    long long consumed_ = 0;
};

void addWarning(std::string& warnings, const std::string& warning) {
    if (warning.empty())
        return;
    if (!warnings.empty())
        warnings += "; ";
    warnings += warning;
}

// One file through one tokenizer into the sink. progress(consumed) is told the bytes of the file
// on disk read so far.
template <typename Progress>
ReadReport readFile(CorpusFileChunks& chunks, const TokenizerOptions& options, TokenSink& sink,
                    const JobControl& control, bool refuseEmpty, Progress progress) {
    const std::string& name = chunks.name();
    Tokenizer tokenizer(options, sink, name);
    EncodingJudge judge(name);
    CorpusChunk chunk;
    std::uint64_t end = 0;
    for (;;) {
        control.throwIfCancelled();
        if (!chunks.next(chunk))
            break;
        tokenizer.feed(chunk.data.get(), chunk.size, chunk.offset);
        end = chunk.offset + chunk.size;
        judge.afterChunk(tokenizer.invalidBytes(), tokenizer.nonAsciiBytes(),
                         tokenizer.firstInvalidOffset(), end);
        progress(chunks.consumed());
    }
    ReadReport report;
    if (chunks.empty()) {
        if (refuseEmpty)
            throw Error(fileError(name, "the file is empty"));
        return report;
    }
    tokenizer.finish();
    if (tokenizer.tokens() == 0 && refuseEmpty)
        throw Error(fileError(name, "the file contains no words"));
    report.bytes = end;
    report.tokens = tokenizer.tokens();
    report.sentences = tokenizer.sentences();
    report.invalidBytes = tokenizer.invalidBytes();
    report.firstInvalidOffset = tokenizer.firstInvalidOffset();
    report.truncatedTokens = tokenizer.truncatedTokens();
    report.warning = describeReadWarning(name, report);
    return report;
}

void addReport(ReadReport& total, const ReadReport& file) {
    total.bytes += file.bytes;
    total.tokens += file.tokens;
    total.sentences += file.sentences;
    total.invalidBytes += file.invalidBytes;
    if (total.firstInvalidOffset < 0)
        total.firstInvalidOffset = file.firstInvalidOffset;
    total.truncatedTokens += file.truncatedTokens;
    addWarning(total.warning, file.warning);
}

std::uint64_t fileSize(const std::string& path) {
    return static_cast<std::uint64_t>(QFileInfo(QString::fromStdString(path)).size());
}

}  // namespace

std::vector<std::string> corpusFiles(const std::string& path) {
    const QString qpath = QString::fromStdString(path);
    const QFileInfo info(qpath);
    if (!info.exists())
        throw Error(fileError(path, "no such file"));
    if (!info.isDir())
        return {path};
    // QDir without QDir::Hidden leaves out hidden files; sorted here by the names' bytes, so that
    // the order does not depend on the locale.
    const QFileInfoList entries =
        QDir(qpath).entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::NoSort);
    std::vector<std::string> names;
    for (const QFileInfo& entry : entries)
        names.push_back(entry.fileName().toStdString());
    std::sort(names.begin(), names.end());
    if (names.empty())
        throw Error(fileError(path,
                              "is a directory without files to read (hidden files and "
                              "sub-folders are skipped)"));
    std::vector<std::string> files;
    const std::string folder = path.back() == '/' ? path : path + '/';
    for (const std::string& name : names)
        files.push_back(folder + name);
    return files;
}

std::vector<std::string> readCorpusList(const std::string& listPath) {
    const QString qpath = QString::fromStdString(listPath);
    if (!QFileInfo::exists(qpath))
        throw Error(fileError(listPath, "no such file"));
    QFile file(qpath);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(
            fileError(listPath, "cannot open for reading: " + file.errorString().toStdString()));
    const QDir base = QFileInfo(qpath).absoluteDir();
    std::vector<std::string> files;
    long long lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine(1 << 16);
        ++lineNumber;
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QString entry = QString::fromUtf8(line);
        const std::string path =
            QDir::isAbsolutePath(entry) ? entry.toStdString() : base.filePath(entry).toStdString();
        try {
            for (std::string& one : corpusFiles(path))
                files.push_back(std::move(one));
        } catch (const Error& e) {
            throw Error(lineError(listPath, lineNumber, e.what()));
        }
    }
    if (files.empty())
        throw Error(fileError(listPath, "the list names no files"));
    return files;
}

std::string corpusName(const std::vector<std::string>& files) {
    if (files.size() == 1)
        return files.front();
    return files.empty() ? std::string("corpus")
                         : files.front() + " and " + std::to_string(files.size() - 1) + " more";
}

ReadReport readCorpus(QIODevice& device, const std::string& name, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control) {
    const std::uint64_t total =
        device.isSequential() ? 0 : static_cast<std::uint64_t>(device.size());
    CorpusFileChunks chunks(std::make_unique<DeviceStream>(device, name), name, ChunkCut::Character,
                            total);
    return readFile(chunks, options, sink, control, true, [&](long long consumed) {
        control.report(static_cast<std::uint64_t>(consumed), total);
    });
}

ReadReport readCorpus(const std::vector<std::string>& files, const TokenizerOptions& options,
                      TokenSink& sink, const JobControl& control) {
    std::uint64_t total = 0;
    for (const std::string& file : files)
        total += fileSize(file);
    ReadReport report;
    std::uint64_t done = 0;
    for (const std::string& file : files) {
        const std::uint64_t size = fileSize(file);
        CorpusFileChunks chunks(openByteStream(file), file, ChunkCut::Character, size);
        // A lone file must hold words; among several, an empty one is skipped.
        const ReadReport fileReport =
            readFile(chunks, options, sink, control, files.size() == 1, [&](long long consumed) {
                control.report(done + static_cast<std::uint64_t>(consumed), total);
            });
        addReport(report, fileReport);
        const std::string compression(chunks.compression());
        if (report.files == 0)
            report.compression = compression;
        else if (report.compression != compression)
            report.compression = "mixed";
        ++report.files;
        report.fileBytes += size;
        done += size;
    }
    if (report.tokens == 0)
        throw Error(fileError(corpusName(files), "the corpus contains no words"));
    return report;
}

ReadReport readCorpus(const std::string& path, const TokenizerOptions& options, TokenSink& sink,
                      const JobControl& control) {
    return readCorpus(corpusFiles(path), options, sink, control);
}

}  // namespace embedscope
