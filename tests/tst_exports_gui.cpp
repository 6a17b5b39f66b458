// Every export of the window writes a file that reads back: vectors in each format (through
// core's readers), the projection as CSV, the plot as PNG and SVG.
#include <QFile>
#include <QImage>
#include <QSignalSpy>

#include "Exports.h"
#include "MainWindow.h"
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
        QTRY_VERIFY_WITH_TIMEOUT(window_->controller()->lastProjection().size() == 28, 5000);
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
        const QVector<QPointF> points = window_->controller()->lastProjection();
        for (int i = 0; i < 28; ++i) {
            const QList<QByteArray> fields = lines[i + 1].split(',');
            QCOMPARE(fields.size(), 3);
            QCOMPARE(QString::fromUtf8(fields[0]),
                     window_->controller()->wordAt(window_->controller()->trackedRows()[i]));
            // The projection is float: %.9g gives back the same float.
            QCOMPARE(fields[1].toFloat(), float(points[i].x()));
            QCOMPARE(fields[2].toFloat(), float(points[i].y()));
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

    void cleanupTestCase() {
        window_->close();
        window_.reset();
    }
};

EMBEDSCOPE_TEST_MAIN(TestExportsGui)
#include "tst_exports_gui.moc"
