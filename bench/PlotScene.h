// A made-up scene for the plot benchmarks (paint, ui-latency --plot-points): n pronounceable
// words with Zipf counts at clustered positions, like a projection of an embedding.
#pragma once

#include <QPointF>
#include <QVector>

#include <random>

#include "ScatterPlot.h"

namespace embedscope::bench {

// "tamoli", "rekasu", ...: 2-4 syllables, unique by a numeric suffix from rank 200 on; the count
// of rank r is proportional to 1 / r (Zipf's law).
QVector<PlotWord> makePlotWords(int n, std::mt19937& rng);

// 12 Gaussian clusters with centres in [-3, 3]^2 and spreads of 0.2-0.6.
struct PlotClusters {
    QVector<QPointF> centres;
    QVector<double> spreads;
};
PlotClusters makePlotClusters(std::mt19937& rng);
QVector<QPointF> clusteredPlotPositions(int n, const PlotClusters& clusters, std::mt19937& rng);

}  // namespace embedscope::bench
