#include "Exports.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

#include "AtomicOutput.h"
#include "Error.h"
#include "ScatterPlot.h"

namespace embedscope {

namespace {

// Through core's AtomicOutput: unbuffered writes whose failure (a full disk) throws Error naming
// the file and the system's reason, while the earlier file stays. A buffered QSaveFile would not
// do: Qt 6.4's commit() ignores a failed final flush and renames the truncated file over the
// earlier one.
void saveExport(const QString& path, const QByteArray& bytes) {
    saveBytes(path.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
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
                        const RowMatrixXf& positions) {
    if (words.size() != positions.rows() || positions.cols() < 2 || positions.cols() > 3)
        throw Error(
            fileError(path.toStdString(), "nothing to export: the projection is not ready yet"));
    QByteArray out = positions.cols() == 3 ? "word,x,y,z\n" : "word,x,y\n";
    for (int i = 0; i < words.size(); ++i) {
        out += csvField(words[i]).toUtf8();
        for (Eigen::Index c = 0; c < positions.cols(); ++c)
            out += ',' + QByteArray::number(positions(i, c), 'g', 9);
        out += '\n';
    }
    saveExport(path, out);
}

QImage renderPlotImage(ScatterPlot& plot, const QSize& size) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    plot.renderTo(painter, QRect(QPoint(0, 0), size));
    return image;
}

void writePngImage(const QString& path, const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        throw Error(fileError(path.toStdString(), "cannot encode the PNG image"));
    saveExport(path, bytes);
}

QSize plotExportSize(const QWidget& plot) {
    return plot.size().isValid() && plot.width() > 100 ? plot.size() : QSize(1200, 900);
}

void writePlotImage(const QString& path, ScatterPlot& plot, const QSize& size) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QRect target(QPoint(0, 0), size);
    QByteArray bytes;
    if (suffix == QLatin1String("png")) {
        writePngImage(path, renderPlotImage(plot, size));
        return;
    } else if (suffix == QLatin1String("svg")) {
        QBuffer buffer(&bytes);
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
    } else {
        throw Error(
            fileError(path.toStdString(), "unknown image type: use a .png or .svg file name"));
    }
    saveExport(path, bytes);
}

}  // namespace embedscope
