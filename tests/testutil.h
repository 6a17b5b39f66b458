// Shared helpers for the Qt Test executables.
#pragma once

#include <QApplication>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <thread>

#include "Error.h"
#include "JobControl.h"

namespace embedscope::test {

// Records the progress reports a job makes through control(): the last one, and whether done ever
// went back.
struct ProgressRecorder {
    std::uint64_t lastDone = 0;
    std::uint64_t lastTotal = 0;
    bool wentBack = false;

    JobControl control() {
        JobControl control;
        control.progress = [this](std::uint64_t done, std::uint64_t total) {
            wentBack = wentBack || done < lastDone;
            lastDone = done;
            lastTotal = total;
        };
        return control;
    }
};

// The message of the Error that action() throws, or "(no error)" when it returns normally, so that
// a test can compare or search it and a failure shows what was thrown instead.
template <typename Action>
QString errorMessage(Action&& action) {
    try {
        action();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no error)");
}

// Sentences of 15 words from two topics over 40 words (a0..a19, b0..b19): every word is far
// above min-count 5 from a few hundred sentences. Deterministic for a seed. Cheaper than
// uitestutil.h's topicCorpus (three topics with function words, for the window's tests).
inline QByteArray topicText(int sentences, unsigned seed = 3) {
    std::mt19937 generator(seed);
    QByteArray text;
    for (int s = 0; s < sentences; ++s) {
        const char topic = generator() % 2 ? 'a' : 'b';
        for (int i = 0; i < 15; ++i) {
            text += topic;
            text += QByteArray::number(int(generator() % 20));
            text += i + 1 < 15 ? ' ' : '\n';
        }
    }
    return text;
}

// Writes bytes to a file inside dir and returns its path.
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file %s", qPrintable(path));
    file.write(bytes);
    return path;
}

inline std::string toStd(const QString& s) {
    return s.toStdString();
}

// The bytes of a file, or "<unreadable>".
inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

// Every name in a folder, hidden ones included, sorted: what a failed save must leave unchanged.
inline QStringList entries(const QString& folder) {
    QStringList names = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                                               QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

// Puts what a failed save must leave untouched at path: a file holding bytes, or (asFolder) a
// folder in the way holding the file inside.txt. Returns false when it cannot.
inline bool placeEarlierOutput(const QString& path, const QByteArray& bytes, bool asFolder) {
    if (asFolder && !QDir().mkpath(path))
        return false;
    QFile file(asFolder ? path + QStringLiteral("/inside.txt") : path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// What lstat(2) says path is, without following a symbolic link: "file", "symlink", "fifo",
// "character device", "block device", "socket", "directory" or "missing".
inline QString fileKind(const QString& path) {
    struct stat info {};
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("missing");
    if (S_ISREG(info.st_mode))
        return QStringLiteral("file");
    if (S_ISLNK(info.st_mode))
        return QStringLiteral("symlink");
    if (S_ISFIFO(info.st_mode))
        return QStringLiteral("fifo");
    if (S_ISCHR(info.st_mode))
        return QStringLiteral("character device");
    if (S_ISBLK(info.st_mode))
        return QStringLiteral("block device");
    if (S_ISSOCK(info.st_mode))
        return QStringLiteral("socket");
    return QStringLiteral("directory");
}

// Reads a FIFO on a thread while the code under test writes into it. The read end is opened at
// once and without blocking, so the writer's open does not wait either. Reading ends when the
// writer closes its end; when no writer ever comes (the FIFO was replaced by a file), finish()
// gives up after its grace period instead of hanging.
class FifoReader {
public:
    explicit FifoReader(const QString& path)
        : fd_(::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)) {
        if (fd_ >= 0)
            thread_ = std::thread([this] { run(); });
    }
    FifoReader(const FifoReader&) = delete;
    FifoReader& operator=(const FifoReader&) = delete;
    ~FifoReader() { finish(0); }

    bool isOpen() const { return fd_ >= 0; }
    // Waits up to graceMs for the writer to close its end, then returns every byte read.
    QByteArray finish(int graceMs = 5000) {
        if (thread_.joinable()) {
            deadline_ = std::chrono::steady_clock::now().time_since_epoch().count() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::milliseconds(graceMs))
                            .count();
            stopping_ = true;
            thread_.join();
        }
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = -1;
        return bytes_;
    }
    // Whether a writer opened the FIFO and closed it again (the end of its data).
    bool writerClosed() const { return writerClosed_; }

private:
    void run() {
        char block[65536];
        for (;;) {
            pollfd request{fd_, POLLIN, 0};
            if (::poll(&request, 1, 20) > 0) {
                // Linux reports POLLHUP only once a writer has come and gone, not before.
                if (request.revents & POLLIN) {
                    const ssize_t got = ::read(fd_, block, sizeof block);
                    if (got > 0) {
                        bytes_.append(block, static_cast<qsizetype>(got));
                        continue;
                    }
                }
                if (request.revents & POLLHUP) {
                    writerClosed_ = true;
                    return;
                }
            }
            if (stopping_ &&
                std::chrono::steady_clock::now().time_since_epoch().count() > deadline_.load())
                return;
        }
    }

    int fd_;
    std::thread thread_;
    QByteArray bytes_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::chrono::steady_clock::rep> deadline_{0};
    bool writerClosed_ = false;
};

// One run of a program, killed when it does not finish within the timeout.
struct ProcessRun {
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QByteArray out;
    QByteArray err;
};

inline ProcessRun runProcess(const QString& program, const QStringList& arguments,
                             int timeoutMs = 120000) {
    QProcess process;
    process.start(program, arguments);
    ProcessRun run;
    run.finished = process.waitForFinished(timeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.status = process.exitStatus();
    run.code = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The way to run a command as nobody (root ignores file permissions), or an empty list when this
// machine has neither setpriv nor runuser.
inline QStringList asNobodyPrefix() {
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (!setpriv.isEmpty())
        return {setpriv, QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                QStringLiteral("--clear-groups")};
    const QString runuser = QStandardPaths::findExecutable(QStringLiteral("runuser"));
    if (!runuser.isEmpty())
        return {runuser, QStringLiteral("-u"), QStringLiteral("nobody"), QStringLiteral("--")};
    return {};
}

// One run of a program with its output as text. exitCode is -1 when it did not finish within the
// timeout (it is killed), -2 when it crashed.
struct CliRun {
    int exitCode = -1;
    QString out;
    QString err;
};

inline CliRun runCaptured(const QString& program, const QStringList& arguments,
                          int timeoutMs = 60000) {
    const ProcessRun process = runProcess(program, arguments, timeoutMs);
    CliRun run;
    if (!process.finished)
        return run;
    run.exitCode = process.status == QProcess::NormalExit ? process.code : -2;
    run.out = QString::fromUtf8(process.out);
    run.err = QString::fromUtf8(process.err);
    return run;
}

// One run of embedscope-cli.
inline CliRun runCli(const QStringList& arguments, int timeoutMs = 60000) {
    return runCaptured(QStringLiteral(EMBEDSCOPE_CLI_PATH), arguments, timeoutMs);
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Whether this test (and so the CLI, built with the same flags) runs under a sanitizer: such
// builds skip the largest inputs and the CPU and memory thresholds.
inline bool sanitizerBuild() {
    return kSanitized || qEnvironmentVariableIsSet("EMBEDSCOPE_SANITIZER_BUILD");
}

}  // namespace embedscope::test

// Like QTEST_MAIN, but runs on the offscreen platform unless the caller chose one, so that the
// tests run on CI machines without a display.
#define EMBEDSCOPE_TEST_MAIN(TestClass)                     \
    int main(int argc, char** argv) {                       \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) \
            qputenv("QT_QPA_PLATFORM", "offscreen");        \
        QApplication app(argc, argv);                       \
        app.setAttribute(Qt::AA_Use96Dpi, true);            \
        TestClass tc;                                       \
        QTEST_SET_MAIN_SOURCE_PATH                          \
        return QTest::qExec(&tc, argc, argv);               \
    }
