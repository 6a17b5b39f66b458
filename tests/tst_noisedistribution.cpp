// The negative-sampling distribution: exact probabilities, the alias table checked on a grid of
// random bits, and a chi-square test of 10^6 samples against count^exponent.
#include <cmath>
#include <stdexcept>

#include "NoiseDistribution.h"
#include "Random.h"
#include "Vocabulary.h"
#include "testutil.h"

using namespace embedscope;

namespace {

std::vector<std::uint64_t> zipfCounts(int n) {
    std::vector<std::uint64_t> counts;
    for (int i = 1; i <= n; ++i)
        counts.push_back(static_cast<std::uint64_t>(100000 / i) + 1);
    return counts;
}

std::vector<double> powered(const std::vector<std::uint64_t>& counts, double exponent) {
    std::vector<double> p;
    double total = 0;
    for (const auto c : counts) {
        p.push_back(c == 0 ? 0.0 : std::pow(static_cast<double>(c), exponent));
        total += p.back();
    }
    for (double& x : p)
        x /= total;
    return p;
}

// Pearson's chi-square of observed counts against expected probabilities.
double chiSquare(const std::vector<std::uint64_t>& observed, const std::vector<double>& p,
                 double samples) {
    double chi = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double expected = p[i] * samples;
        if (expected == 0)
            continue;
        const double d = static_cast<double>(observed[i]) - expected;
        chi += d * d / expected;
    }
    return chi;
}

}  // namespace

class TestNoiseDistribution : public QObject {
    Q_OBJECT

private slots:
    void exactProbabilities_data() {
        QTest::addColumn<double>("exponent");
        QTest::newRow("0.75") << 0.75;
        QTest::newRow("1") << 1.0;
        QTest::newRow("0 (uniform)") << 0.0;
        QTest::newRow("0.5") << 0.5;
    }

    void exactProbabilities() {
        QFETCH(double, exponent);
        const auto counts = zipfCounts(50);
        const NoiseDistribution noise(counts, exponent);
        const auto expected = powered(counts, exponent);
        QCOMPARE(noise.size(), 50);
        double sum = 0;
        for (int i = 0; i < noise.size(); ++i) {
            QVERIFY(std::abs(noise.probability(i) - expected[static_cast<std::size_t>(i)]) < 1e-12);
            sum += noise.probability(i);
        }
        QVERIFY(std::abs(sum - 1) < 1e-12);
    }

    // Walks the alias table with evenly spaced bits: every column, 2^14 coin values each. The
    // frequencies must equal the probabilities up to the grid's resolution: each of the n columns
    // a word can get mass from is off by at most one grid step, 1 / (n * 2^14).
    void aliasTableIsExact() {
        const auto counts = zipfCounts(37);
        const NoiseDistribution noise(counts, 0.75);
        const std::uint64_t n = counts.size();
        constexpr std::uint64_t kCoins = 1 << 14;
        std::vector<std::uint64_t> hits(n, 0);
        for (std::uint64_t column = 0; column < n; ++column) {
            // The smallest high half that maps to this column: ceil(column * 2^32 / n).
            const std::uint64_t high = ((column << 32) + n - 1) / n;
            for (std::uint64_t coin = 0; coin < kCoins; ++coin) {
                const std::uint64_t bits = (high << 32) | (coin * (1ULL << 32) / kCoins + 7);
                ++hits[static_cast<std::size_t>(noise.sample(bits))];
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            const double frequency = static_cast<double>(hits[i]) / static_cast<double>(n * kCoins);
            QVERIFY2(std::abs(frequency - noise.probability(static_cast<std::int32_t>(i))) <
                         static_cast<double>(n + 1) / static_cast<double>(n * kCoins),
                     qPrintable(QString("word %1: %2 vs %3")
                                    .arg(i)
                                    .arg(frequency)
                                    .arg(noise.probability(static_cast<std::int32_t>(i)))));
        }
    }

    // 10^6 samples from uniform bits. With 49 degrees of freedom chi-square has mean 49 and
    // standard deviation ~10; 49 + 6 sd = 110 is a bound a correct sampler (fixed seed) meets and
    // a sampler of the wrong exponent misses by far.
    void chiSquareAgainstPowerLaw_data() {
        QTest::addColumn<double>("exponent");
        QTest::newRow("0.75") << 0.75;
        QTest::newRow("1") << 1.0;
        QTest::newRow("0.3") << 0.3;
    }

    void chiSquareAgainstPowerLaw() {
        QFETCH(double, exponent);
        const auto counts = zipfCounts(50);
        const NoiseDistribution noise(counts, exponent);
        SplitMix64 random(12345);  // fixed seeds: the test is deterministic
        constexpr int kSamples = 1'000'000;
        std::vector<std::uint64_t> observed(counts.size(), 0);
        for (int s = 0; s < kSamples; ++s) {
            const std::int32_t i = noise.sample(random.next());
            QVERIFY(i >= 0 && i < noise.size());
            ++observed[static_cast<std::size_t>(i)];
        }
        const double chi = chiSquare(observed, powered(counts, exponent), kSamples);
        QVERIFY2(chi < 110, qPrintable(QString("chi-square %1").arg(chi)));
        // The same samples are far from a different exponent: the test can tell them apart.
        const double wrong = chiSquare(observed, powered(counts, exponent + 0.1), kSamples);
        QVERIFY2(wrong > 1000, qPrintable(QString("chi-square vs wrong exponent %1").arg(wrong)));
    }

    void zeroCountsAreNeverSampled() {
        const NoiseDistribution noise(std::vector<std::uint64_t>{0, 5, 0, 1, 0}, 0.0);
        QCOMPARE(noise.probability(0), 0.0);
        QCOMPARE(noise.probability(1), 0.5);
        SplitMix64 random(7);
        for (int s = 0; s < 100000; ++s) {
            const std::int32_t i = noise.sample(random.next());
            QVERIFY(i == 1 || i == 3);
        }
    }

    void singleWordAndVocabulary() {
        const NoiseDistribution single(std::vector<std::uint64_t>{42});
        SplitMix64 random(1);
        for (int s = 0; s < 1000; ++s)
            QCOMPARE(single.sample(random.next()), 0);
        QCOMPARE(single.sample(~0ULL), 0);

        const Vocabulary vocabulary = Vocabulary::fromCounts({{"a", 16}, {"b", 1}}, 1, 0, 17);
        const NoiseDistribution noise(vocabulary);  // default exponent 0.75: 8 : 1
        QVERIFY(std::abs(noise.probability(0) - 8.0 / 9.0) < 1e-12);
    }

    void invalidInput() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 NoiseDistribution(std::vector<std::uint64_t>{}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 NoiseDistribution(std::vector<std::uint64_t>{0, 0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 NoiseDistribution(std::vector<std::uint64_t>{1, 2}, NAN));
    }
};

EMBEDSCOPE_TEST_MAIN(TestNoiseDistribution)
#include "tst_noisedistribution.moc"
