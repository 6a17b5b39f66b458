#include "Exports.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "Error.h"
#include "ScatterPlot.h"

namespace embedscope {

namespace {

void commit(QSaveFile& file, const QString& path) {
    if (file.error() != QFileDevice::NoError || !file.commit())
        throw Error(fileError(path.toStdString(), file.errorString().toStdString()));
}

QSaveFile& openForWriting(QSaveFile& file, const QString& path) {
    if (!file.open(QIODevice::WriteOnly))
        throw Error(
            fileError(path.toStdString(), "cannot write: " + file.errorString().toStdString()));
    return file;
}

}  // namespace

QString csvField(const QString& text) {
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
                             text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')) ||
                             text.startsWith(QLatin1Char(' ')) || text.endsWith(QLatin1Char(' '));
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

void writeProjectionCsv(const QString& path, const QStringList& words,
                        const QVector<QPointF>& points) {
    if (words.size() != points.size())
        throw Error(
            fileError(path.toStdString(), "nothing to export: the projection is not ready yet"));
    QSaveFile file(path);
    openForWriting(file, path);
    QByteArray out = "word,x,y\n";
    for (int i = 0; i < words.size(); ++i) {
        out += csvField(words[i]).toUtf8();
        out += ',' + QByteArray::number(points[i].x(), 'g', 9) + ',' +
               QByteArray::number(points[i].y(), 'g', 9) + '\n';
    }
    file.write(out);
    commit(file, path);
}

void writePlotImage(const QString& path, ScatterPlot& plot, const QSize& size) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QRect target(QPoint(0, 0), size);
    QSaveFile file(path);
    if (suffix == QLatin1String("png")) {
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            plot.renderTo(painter, target);
        }
        openForWriting(file, path);
        if (!image.save(&file, "PNG"))
            throw Error(fileError(path.toStdString(), "cannot encode the PNG image"));
    } else if (suffix == QLatin1String("svg")) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(size);
        generator.setViewBox(target);
        generator.setTitle(QStringLiteral("Embedscope projection"));
        {
            QPainter painter(&generator);
            plot.renderTo(painter, target);
        }
        openForWriting(file, path);
        file.write(buffer.data());
    } else {
        throw Error(
            fileError(path.toStdString(), "unknown image type: use a .png or .svg file name"));
    }
    commit(file, path);
}

}  // namespace embedscope
