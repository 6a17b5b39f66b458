// Writers for what the window exports besides vectors (those go through core's writeVectors):
// the current projection as CSV and the plot as PNG or SVG. All writes go through core's
// AtomicOutput (atomic for a regular file, written through for a FIFO or a device) and throw Error
// naming the file.
#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include "Types.h"

class QWidget;

namespace embedscope {

class ScatterPlot;

// One CSV field, RFC 4180: quoted when it holds a comma, a quote, CR or LF (quotes doubled), or
// leading/trailing spaces that a reader might trim.
QString csvField(const QString& text);

// "word,x,y" (or "word,x,y,z" for a 3-D layout) header, then one row per word; coordinates with
// %.9g: the positions are float, and 9 significant digits give back the same float.
void writeProjectionCsv(const QString& path, const QStringList& words,
                        const RowMatrixXf& positions);

// The size of an exported plot image: the plot's own, or 1200 x 900 while it is not laid out.
QSize plotExportSize(const QWidget& plot);

// The plot as it looks now, drawn offscreen at `size` pixels on white (the PNG export's image).
QImage renderPlotImage(ScatterPlot& plot, const QSize& size);

// image as a PNG file (a rendered frame of a replay).
void writePngImage(const QString& path, const QImage& image);

// The plot as it looks now, at `size` pixels: PNG for ".png", SVG for ".svg" (other extensions
// are an Error).
void writePlotImage(const QString& path, ScatterPlot& plot, const QSize& size);

}  // namespace embedscope
