// Every export of the window writes a file that reads back: vectors in each format (through
// core's readers), the projection as CSV, the plot as PNG and SVG; a cancelled or failed export
// changes nothing. Into a FIFO (read meanwhile) or through a symbolic link, an export delivers what
// it writes to a file and the FIFO or the link stays.
#include <QFile>
#include <QImage>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTimer>

#include <sys/resource.h>

#include <csignal>

#include "Error.h"
#include "Exports.h"
#include "MainWindow.h"
#include "ScatterPlot.h"
#include "TrainingController.h"
#include "TrainingPanel.h"
#include "VectorFormats.h"
#include "uitestutil.h"

using namespace embedscope;

class TestExportsGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<MainWindow> window_;
    QStringList errors_;

private slots:
    void initTestCase() {
        test::useTemporarySettings(dir_);
        const QString corpus =
            test::writeFile(dir_, QStringLiteral("topics.txt"), test::topicCorpus());
        window_ = std::make_unique<MainWindow>();
        window_->setErrorHandler(
            [this](const QString&, const QString& message) { errors_ << message; });
        window_->setConfirmer([](const QString&) { return true; });
        window_->resize(1200, 800);
        QSignalSpy loaded(window_.get(), &MainWindow::corpusLoaded);
        window_->openCorpus(corpus);
        QVERIFY(loaded.wait(10000));
        TrainerOptions options = window_->trainingPanel()->options();
        options.dim = 10;
        options.epochs = 1000;
        window_->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window_->trainingPanel(), "optionsEdited");
        window_->actions().step->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window_->controller()->state(), TrainerState::Paused, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            window_->controller()->lastFrame() && window_->controller()->lastFrame()->size() == 28,
            5000);
    }

    void init() { errors_.clear(); }

    void vectorsReadBack_data() {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("name");
        QTest::newRow("csv") << int(VectorFormat::Csv) << QStringLiteral("v.csv");
        QTest::newRow("word2vec") << int(VectorFormat::Word2VecText) << QStringLiteral("v.vec");
        QTest::newRow("word2vec-bin")
            << int(VectorFormat::Word2VecBinary) << QStringLiteral("v.bin");
        QTest::newRow("glove") << int(VectorFormat::Glove) << QStringLiteral("v.txt");
        QTest::newRow("projector") << int(VectorFormat::Projector) << QStringLiteral("v.tsv");
    }

    void vectorsReadBack() {
        QFETCH(int, format);
        QFETCH(QString, name);
        const QString path = dir_.filePath(name);
        QVERIFY(window_->exportVectors(path, VectorFormat(format)));
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
        const WordVectors expected = window_->controller()->currentVectors();
        const WordVectors actual = readVectors(path.toStdString(), VectorFormat(format));
        QCOMPARE(actual.words, expected.words);
        QCOMPARE(actual.rows(), 28);
        QCOMPARE(actual.dim(), 10);
        // Text formats print floats round-trip exact (%.9g); binary is exact by construction.
        QVERIFY(actual.vectors == expected.vectors);
    }

    void exportIntoMissingDirectoryReportsTheFile() {
        const QString path = dir_.filePath(QStringLiteral("missing/dir/v.csv"));
        QVERIFY(!window_->exportVectors(path, VectorFormat::Csv));
        QCOMPARE(errors_.size(), 1);
        QVERIFY2(errors_.front().contains(QStringLiteral("v.csv")), qPrintable(errors_.front()));
    }

    void projectionCsv() {
        const QString path = dir_.filePath(QStringLiteral("projection.csv"));
        QVERIFY(window_->exportProjection(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.front(), QByteArray("word,x,y"));
        QCOMPARE(lines.size(), 1 + 28 + 1);  // header, rows, the empty piece after the last \n
        const auto frame = window_->controller()->lastFrame();
        for (int i = 0; i < 28; ++i) {
            const QList<QByteArray> fields = lines[i + 1].split(',');
            QCOMPARE(fields.size(), 3);
            QCOMPARE(QString::fromUtf8(fields[0]), window_->controller()->wordAt(frame->rows[i]));
            // The projection is float: %.9g gives back the same float.
            QCOMPARE(fields[1].toFloat(), frame->positions(i, 0));
            QCOMPARE(fields[2].toFloat(), frame->positions(i, 1));
        }
    }

    void csvQuoting_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("written");
        QTest::newRow("plain") << QStringLiteral("dog") << QStringLiteral("dog");
        QTest::newRow("comma") << QStringLiteral("a,b") << QStringLiteral("\"a,b\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"")
                               << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
        QTest::newRow("leading space") << QStringLiteral(" x") << QStringLiteral("\" x\"");
        QTest::newRow("unicode") << QStringLiteral("straße") << QStringLiteral("straße");
    }

    void csvQuoting() {
        QFETCH(QString, field);
        QFETCH(QString, written);
        QCOMPARE(csvField(field), written);
    }

    void plotImages() {
        const QString png = dir_.filePath(QStringLiteral("plot.png"));
        QVERIFY(window_->exportPlot(png));
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 100 && image.height() > 100);
        // Something was drawn: not a single colour.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 3);

        const QString svg = dir_.filePath(QStringLiteral("plot.svg"));
        QVERIFY(window_->exportPlot(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("<svg"));
        QVERIFY(text.contains("</svg>"));

        QVERIFY(!window_->exportPlot(dir_.filePath(QStringLiteral("plot.bmpx"))));
        QCOMPARE(errors_.size(), 1);
    }

    // Every kind of export into a FIFO that a reader reads meanwhile, or through a symbolic link:
    // the bytes are those the same export writes to a file, and the FIFO stays a FIFO (written
    // through, not replaced), the link a link (its target replaced).
    void exportsThroughFifoAndLink_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("through");
        for (const char* kind : {"vectors csv", "vectors bin", "projection csv", "png", "svg"})
            for (const char* through : {"fifo", "symlink"})
                QTest::newRow(qPrintable(QString::fromLatin1(kind) + QStringLiteral(" into a ") +
                                         QString::fromLatin1(through)))
                    << QString::fromLatin1(kind) << QString::fromLatin1(through);
    }
    void exportsThroughFifoAndLink() {
        QFETCH(QString, kind);
        QFETCH(QString, through);
        const QString suffix = kind.section(QLatin1Char(' '), -1);
        const auto exportTo = [&](const QString& path) {
            if (kind == QLatin1String("vectors csv"))
                return window_->exportVectors(path, VectorFormat::Csv);
            if (kind == QLatin1String("vectors bin"))
                return window_->exportVectors(path, VectorFormat::Word2VecBinary);
            if (kind == QLatin1String("projection csv"))
                return window_->exportProjection(path);
            return window_->exportPlot(path);
        };
        QTemporaryDir folder;
        const QString plain = folder.filePath(QStringLiteral("plain.") + suffix);
        QVERIFY(exportTo(plain));
        const QByteArray expected = test::readAll(plain);
        QVERIFY(expected.size() > 100);

        const QString path = folder.filePath(QStringLiteral("out.") + suffix);
        const QString target = folder.filePath(QStringLiteral("real.") + suffix);
        QByteArray received;
        if (through == QLatin1String("fifo")) {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
            test::FifoReader reader(path);
            QVERIFY(reader.isOpen());
            QVERIFY(exportTo(path));
            received = reader.finish();
            QVERIFY2(reader.writerClosed(), "the export never opened the FIFO");
            QCOMPARE(test::fileKind(path), QStringLiteral("fifo"));
        } else {
            QVERIFY(test::placeEarlierOutput(target, "earlier export\n", false));
            QVERIFY(QFile::link(QFileInfo(target).fileName(), path));
            QVERIFY(exportTo(path));
            received = test::readAll(target);
            QCOMPARE(test::fileKind(path), QStringLiteral("symlink"));
            QCOMPARE(test::fileKind(target), QStringLiteral("file"));
        }
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
        QCOMPARE(received.size(), expected.size());
        QVERIFY(received == expected);
        QStringList names{QFileInfo(plain).fileName(), QFileInfo(path).fileName()};
        if (through == QLatin1String("symlink"))
            names << QFileInfo(target).fileName();
        names.sort();
        QCOMPARE(test::entries(folder.path()), names);
    }

    // A path that cannot be written (here a directory) is an error naming the file and the
    // problem, and no temporary file is left beside it.
    void unwritablePathReportsTheFileAndLeavesNothing_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("projection csv") << QStringLiteral("taken.csv");
        QTest::newRow("png") << QStringLiteral("taken.png");
        QTest::newRow("svg") << QStringLiteral("taken.svg");
    }
    void unwritablePathReportsTheFileAndLeavesNothing() {
        QFETCH(QString, name);
        QTemporaryDir folder;
        const QString path = folder.filePath(name);
        QVERIFY(QDir().mkpath(path));
        const QString message = test::errorMessage([&] {
            if (name.endsWith(QLatin1String(".csv")))
                writeProjectionCsv(path, {QStringLiteral("a")}, RowMatrixXf::Ones(1, 2));
            else
                writePlotImage(path, *window_->plot(), QSize(64, 48));
        });
        QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("directory")), qPrintable(message));
        QCOMPARE(
            QDir(folder.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList{name});
    }

    // A write that fails part way (the disk fills up) is an error naming the file and the
    // system's reason, and the earlier file stays as it was: no truncated file is renamed over
    // it, no temporary file is left. RLIMIT_FSIZE makes the writes fail as a full disk does
    // (short, then an error), without root or a separate file system.
    void failedWriteKeepsTheEarlierFile_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("projection csv") << QStringLiteral("out.csv");
        QTest::newRow("png") << QStringLiteral("out.png");
        QTest::newRow("svg") << QStringLiteral("out.svg");
    }
    void failedWriteKeepsTheEarlierFile() {
        QFETCH(QString, name);
        QTemporaryDir folder;
        const QString path = folder.filePath(name);
        const QByteArray earlier = "the earlier export\n";
        test::writeFile(folder, name, earlier);
        QStringList words;
        RowMatrixXf points(1000, 2);
        for (int i = 0; i < 1000; ++i) {
            words << QStringLiteral("word%1").arg(i);
            points.row(i) << float(i), float(-i);
        }
        constexpr rlim_t kLimit = 512;  // every export here is larger
        rlimit saved{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of a signal
        rlimit small = saved;
        small.rlim_cur = kLimit;
        QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
        QString message;
        try {
            if (name.endsWith(QLatin1String(".csv")))
                writeProjectionCsv(path, words, points);
            else
                writePlotImage(path, *window_->plot(), QSize(400, 300));
        } catch (const Error& e) {
            message = QString::fromUtf8(e.what());
        }
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(message.startsWith(path + QStringLiteral(": cannot write: ")),
                 qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("too large"), Qt::CaseInsensitive),
                 qPrintable(message));  // strerror(EFBIG)
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), earlier);
        QCOMPARE(
            QDir(folder.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList{name});
    }

    // Cancel in the export's progress dialog stops the write: the earlier file at that path is
    // left as it was, no temporary file stays, and the status bar says so. Runs last: it loads a
    // corpus of 20,000 words, so that the write lasts long enough to be cancelled.
    void cancelledExportKeepsTheEarlierFile() {
        QByteArray text;
        for (int copy = 0; copy < 5; ++copy) {
            for (int word = 0; word < 20000; ++word) {
                text += "w" + QByteArray::number(word);
                text += word % 20 == 19 ? '\n' : ' ';
            }
        }
        QSignalSpy loaded(window_.get(), &MainWindow::corpusLoaded);
        window_->openCorpus(test::writeFile(dir_, QStringLiteral("many.txt"), text));
        QVERIFY(loaded.wait(20000));
        TrainerOptions options = window_->trainingPanel()->options();
        options.dim = 200;
        window_->trainingPanel()->setOptions(options);
        QMetaObject::invokeMethod(window_->trainingPanel(), "optionsEdited");
        QTRY_COMPARE_WITH_TIMEOUT(window_->controller()->currentVectors().rows(), 20000, 10000);

        QTemporaryDir folder;
        const QByteArray earlier = "the earlier export\n";
        const QString path = test::writeFile(folder, QStringLiteral("v.vec"), earlier);
        // Clicks Cancel as soon as exportVectors has put up its dialog: the write has just begun.
        bool clicked = false;
        QTimer::singleShot(0, window_.get(), [&] {
            auto* dialog = window_->findChild<QProgressDialog*>();
            auto* cancel = dialog ? dialog->findChild<QPushButton*>() : nullptr;
            if (cancel) {
                cancel->click();
                clicked = true;
            }
        });
        QVERIFY(!window_->exportVectors(path, VectorFormat::Word2VecText));
        QVERIFY(clicked);
        QVERIFY2(errors_.isEmpty(), qPrintable(errors_.join(QLatin1Char('\n'))));
        QCOMPARE(window_->statusBar()->currentMessage(),
                 QStringLiteral("Export cancelled; no file was changed"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), earlier);
        QCOMPARE(
            QDir(folder.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
            QStringList{QStringLiteral("v.vec")});
    }

    void cleanupTestCase() {
        window_->close();
        window_.reset();
    }
};

EMBEDSCOPE_TEST_MAIN(TestExportsGui)
#include "tst_exports_gui.moc"
