// Shared helpers for the Qt Test executables.
#pragma once

#include <QApplication>
#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

namespace embedscope::test {

// Writes bytes to a file inside dir and returns its path.
inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file %s", qPrintable(path));
    file.write(bytes);
    return path;
}

inline std::string toStd(const QString& s) { return s.toStdString(); }

}  // namespace embedscope::test

// Like QTEST_MAIN, but runs on the offscreen platform unless the caller chose one, so that the
// tests run on CI machines without a display.
#define EMBEDSCOPE_TEST_MAIN(TestClass)                            \
    int main(int argc, char** argv) {                              \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))        \
            qputenv("QT_QPA_PLATFORM", "offscreen");               \
        QApplication app(argc, argv);                              \
        app.setAttribute(Qt::AA_Use96Dpi, true);                   \
        TestClass tc;                                              \
        QTEST_SET_MAIN_SOURCE_PATH                                 \
        return QTest::qExec(&tc, argc, argv);                      \
    }
