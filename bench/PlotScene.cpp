#include "PlotScene.h"

#include <iterator>

namespace embedscope::bench {

QVector<PlotWord> makePlotWords(int n, std::mt19937& rng) {
    static const char* const syllables[] = {"ka", "to", "mi", "ra", "ne", "su", "lo", "pe", "di",
                                            "ga", "vo", "re", "sa", "ti", "mu", "no", "be", "li"};
    std::uniform_int_distribution<int> syllable(0, int(std::size(syllables)) - 1);
    std::uniform_int_distribution<int> length(2, 4);
    QVector<PlotWord> words;
    words.reserve(n);
    for (int i = 0; i < n; ++i) {
        QString text;
        const int k = length(rng);
        for (int s = 0; s < k; ++s)
            text += QLatin1String(syllables[syllable(rng)]);
        if (i >= 200)
            text += QString::number(i);
        words.append({text, quint64(1000000.0 / (i + 1)) + 1, i});
    }
    return words;
}

PlotClusters makePlotClusters(std::mt19937& rng) {
    constexpr int kClusters = 12;
    std::uniform_real_distribution<double> centre(-3.0, 3.0), spread(0.2, 0.6);
    PlotClusters clusters;
    for (int c = 0; c < kClusters; ++c) {
        clusters.centres.append({centre(rng), centre(rng)});
        clusters.spreads.append(spread(rng));
    }
    return clusters;
}

QVector<QPointF> clusteredPlotPositions(int n, const PlotClusters& clusters, std::mt19937& rng) {
    std::uniform_int_distribution<int> pick(0, int(clusters.centres.size()) - 1);
    std::normal_distribution<double> gauss(0.0, 1.0);
    QVector<QPointF> positions;
    positions.reserve(n);
    for (int i = 0; i < n; ++i) {
        const int c = pick(rng);
        positions.append(clusters.centres[c] +
                         QPointF(gauss(rng), gauss(rng)) * clusters.spreads[c]);
    }
    return positions;
}

}  // namespace embedscope::bench
