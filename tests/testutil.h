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

#include <cstdint>
#include <string>

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
