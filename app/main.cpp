// embedscope: the desktop application.
//
//   embedscope                 opens the embedded default corpus and starts training at once
//   embedscope CORPUS          opens CORPUS with the remembered parameters; press Start (F5)
//                              when they suit (a large corpus on all cores is not a surprise
//                              anyone wants)
//   --screenshot FILE --after SECONDS   saves the window as PNG after SECONDS and quits
//                              (scripts/screenshots.sh)
//
// At the first start a bar offers Help > Lesson (MainWindow::offerLessonOnce).
#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

#include "AtomicOutput.h"
#include "Error.h"
#include "MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationVersion(QStringLiteral(EMBEDSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("embedscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/embedscope.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Watch word embeddings learn. Without a corpus, trains on the built-in one."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("corpus"),
                                 QStringLiteral("UTF-8 text file to open"),
                                 QStringLiteral("[corpus]"));
    const QCommandLineOption startOption(
        QStringLiteral("start"),
        QStringLiteral("Start training a corpus given as argument at once."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save the window as PNG to FILE, then quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption afterOption(
        QStringLiteral("after"), QStringLiteral("Seconds before the screenshot (default 12)."),
        QStringLiteral("SECONDS"), QStringLiteral("12"));
    parser.addOption(startOption);
    parser.addOption(screenshotOption);
    parser.addOption(afterOption);
    parser.process(app);

    bool ok = false;
    const double after = parser.value(afterOption).toDouble(&ok);
    if (!ok || after < 0) {
        std::fprintf(stderr, "embedscope: --after expects a number of seconds, got '%s'\n",
                     qPrintable(parser.value(afterOption)));
        return 2;
    }

    embedscope::MainWindow window;
    window.show();
    const QStringList positionals = parser.positionalArguments();
    if (positionals.isEmpty())
        window.openDefaultCorpus(true);
    else
        window.openInitialCorpus(positionals.front(), parser.isSet(startOption));
    // The first start offers the lesson (a bar, no question); an unattended shot has no reader.
    if (!parser.isSet(screenshotOption))
        window.offerLessonOnce();

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        QTimer::singleShot(static_cast<int>(after * 1000), &window, [&window, file] {
            // Encoded here, written through AtomicOutput as every file is.
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            try {
                if (!window.grab().save(&buffer, "PNG"))
                    throw embedscope::Error(embedscope::fileError(
                        file.toStdString(), "cannot encode the screenshot as PNG"));
                embedscope::saveBytes(file.toStdString(),
                                      std::string_view(png.constData(), std::size_t(png.size())));
            } catch (const embedscope::Error& e) {
                std::fprintf(stderr, "embedscope: %s\n", e.what());
                QApplication::exit(1);
                return;
            }
            // Unattended: quit without asking about unexported vectors.
            window.setConfirmer([](const QString&) { return true; });
            window.close();
        });
    }
    return QApplication::exec();
}
