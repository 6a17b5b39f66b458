// torch.nn.Embedding semantics of EmbeddingTable, and the one-hot identity onehot(i)^T W = W[i].
#include <cmath>
#include <cstring>
#include <random>
#include <stdexcept>

#include "EmbeddingTable.h"
#include "OneHot.h"
#include "testutil.h"

Q_DECLARE_METATYPE(embedscope::EmbeddingInit)

using namespace embedscope;

namespace {

// A "generator" that returns one given 64-bit value, with mt19937_64's range, to feed a chosen
// draw to the standard distribution.
struct FixedBits {
    using result_type = std::uint64_t;
    explicit FixedBits(std::uint64_t value) : value(value) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type(0); }
    result_type operator()() { return value; }
    std::uint64_t value;
};

}  // namespace

class TestEmbeddingTable : public QObject {
    Q_OBJECT

private slots:
    void normalInitHasUnitVariance() {
        EmbeddingTable table(2000, 50, EmbeddingInit::Normal, 7);
        const auto& w = table.weight();
        const double n = static_cast<double>(w.size());
        const double mean = w.cast<double>().sum() / n;
        const double var = (w.cast<double>().array() - mean).square().sum() / (n - 1);
        QVERIFY2(std::abs(mean) < 0.01, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(var - 1.0) < 0.01, qPrintable(QString::number(var)));
        // About 4.55% of N(0,1) samples lie beyond two standard deviations.
        const double beyond2 = (w.array().abs() > 2.0f).cast<double>().sum() / n;
        QVERIFY2(std::abs(beyond2 - 0.0455) < 0.003, qPrintable(QString::number(beyond2)));
    }

    void uniformInitsCoverTheirRange_data() {
        QTest::addColumn<EmbeddingInit>("init");
        QTest::addColumn<float>("halfWidthTimesDim");
        QTest::newRow("word2vec U(-0.5/d, 0.5/d)") << EmbeddingInit::Word2VecUniform << 0.5f;
        QTest::newRow("gensim U(-1/d, 1/d)") << EmbeddingInit::GensimUniform << 1.0f;
    }
    void uniformInitsCoverTheirRange() {
        QFETCH(EmbeddingInit, init);
        QFETCH(float, halfWidthTimesDim);
        const int dim = 40;
        EmbeddingTable table(5000, dim, init, 3);
        const auto& w = table.weight();
        const float bound = halfWidthTimesDim / dim;
        QVERIFY(w.maxCoeff() < bound);
        QVERIFY(w.minCoeff() >= -bound);
        QVERIFY(w.maxCoeff() > 0.99f * bound);
        QVERIFY(w.minCoeff() < -0.99f * bound);
        const double mean = w.cast<double>().mean();
        QVERIFY(std::abs(mean) < 0.002 * bound * dim);
        // Variance of U(-b, b) is b^2 / 3.
        const double var = w.cast<double>().array().square().mean();
        QVERIFY(std::abs(var / (bound * bound / 3.0) - 1.0) < 0.01);
    }

    // The uniform draw is libstdc++'s uniform_real_distribution<float> bit for bit: on a million
    // draws (half of them at or above 2^63, where the conversion differs), on the draws nearest
    // to 2^63 and 2^64 (where the unit value rounds up to 1 and is kept below it), and over the
    // fill of a whole table, so that a seed still gives the vectors it always gave.
    void uniformDrawIsTheLibrarysDistribution() {
#ifndef __GLIBCXX__
        QSKIP("the fast draw is libstdc++'s arithmetic; other libraries use their distribution");
#else
        const float low = -0.5f / 100, high = 0.5f / 100;
        std::uniform_real_distribution<float> distribution(low, high);
        std::mt19937_64 engine(5);
        for (int i = 0; i < 1000000; ++i) {
            const std::uint64_t bits = engine();
            FixedBits fixed(bits);
            const float expected = distribution(fixed);
            const float got = libstdcxxUniformFloat(bits, low, high);
            if (std::memcmp(&expected, &got, sizeof got) != 0)
                QFAIL(qPrintable(
                    QStringLiteral("draw %1: %2 != %3").arg(bits).arg(got).arg(expected)));
        }
        // 2^39 is half a float step near 2^64: the draws around it round up to 2^64.
        const std::uint64_t top = std::uint64_t(1) << 63, all = ~std::uint64_t(0);
        const std::uint64_t half = std::uint64_t(1) << 39;
        const std::uint64_t edges[] = {
            0,   1,          top - 1,        top,           top + 1, top + half, top + half + 1,
            all, all - half, all - half - 1, all - 2 * half};
        for (const std::uint64_t bits : edges) {
            FixedBits fixed(bits);
            const float expected = distribution(fixed);
            const float got = libstdcxxUniformFloat(bits, low, high);
            QVERIFY2(
                std::memcmp(&expected, &got, sizeof got) == 0,
                qPrintable(QStringLiteral("draw %1: %2 != %3").arg(bits).arg(got).arg(expected)));
            QVERIFY(got < high);
        }
        // A table filled dense and one filled into padded rows equal the library's draws.
        RowMatrixXf dense(300, 37);
        fillWeights(dense, EmbeddingInit::GensimUniform, 9);
        std::vector<float> padded(300 * 48, 7.0f);
        fillWeights(padded.data(), 300, 37, 48, EmbeddingInit::GensimUniform, 9);
        std::mt19937_64 reference(9);
        std::uniform_real_distribution<float> gensim(-1.0f / 37, 1.0f / 37);
        for (int r = 0; r < 300; ++r)
            for (int c = 0; c < 48; ++c) {
                if (c >= 37) {
                    QCOMPARE(padded[std::size_t(r * 48 + c)], 7.0f);  // padding left alone
                    continue;
                }
                const float expected = gensim(reference);
                QCOMPARE(dense(r, c), expected);
                QCOMPARE(padded[std::size_t(r * 48 + c)], expected);
            }
#endif
    }

    void initNames() {
        QCOMPARE(embeddingInitFromName("uniform"), EmbeddingInit::Word2VecUniform);
        QCOMPARE(embeddingInitFromName("gensim"), EmbeddingInit::GensimUniform);
        QCOMPARE(embeddingInitFromName("normal"), EmbeddingInit::Normal);
        QVERIFY(!embeddingInitFromName("zeros"));
        QVERIFY(!embeddingInitFromName("Uniform"));
        for (EmbeddingInit init :
             {EmbeddingInit::Word2VecUniform, EmbeddingInit::GensimUniform, EmbeddingInit::Normal})
            QCOMPARE(embeddingInitFromName(embeddingInitName(init)), init);
    }

    void zerosInit() {
        EmbeddingTable table(10, 4, EmbeddingInit::Zeros);
        QCOMPARE(table.weight().cwiseAbs().sum(), 0.0f);
    }

    void seededInitIsReproducible() {
        EmbeddingTable a(100, 8, EmbeddingInit::Normal, 42);
        EmbeddingTable b(100, 8, EmbeddingInit::Normal, 42);
        EmbeddingTable c(100, 8, EmbeddingInit::Normal, 43);
        QVERIFY(a.weight() == b.weight());
        QVERIFY(a.weight() != c.weight());
    }

    void negativeSizesRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EmbeddingTable(-1, 3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EmbeddingTable(3, -1));
    }

    void lookupOneAndBatch() {
        EmbeddingTable table(6, 3, EmbeddingInit::Normal, 1);
        const RowMatrixXf w = table.weight();
        QVERIFY(table.lookup(4) == w.row(4));
        const RowMatrixXf batch = table.lookup(std::vector<std::int64_t>{5, 0, 5, 2});
        QCOMPARE(batch.rows(), Eigen::Index(4));
        QVERIFY(batch.row(0) == w.row(5));
        QVERIFY(batch.row(1) == w.row(0));
        QVERIFY(batch.row(2) == w.row(5));
        QVERIFY(batch.row(3) == w.row(2));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.lookup(6));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.lookup(-1));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.lookup(std::vector<std::int64_t>{0, 9}));
    }

    void paddingIdx_data() {
        QTest::addColumn<qint64>("given");
        QTest::addColumn<qint64>("normalised");
        QTest::newRow("positive") << qint64(2) << qint64(2);
        QTest::newRow("last") << qint64(-1) << qint64(4);
        QTest::newRow("first from end") << qint64(-5) << qint64(0);
    }

    void paddingIdx() {
        QFETCH(qint64, given);
        QFETCH(qint64, normalised);
        EmbeddingOptions options;
        options.paddingIdx = given;
        EmbeddingTable table(5, 3, EmbeddingInit::Normal, 9, options);
        QCOMPARE(*table.paddingIdx(), normalised);
        QVERIFY(table.lookup(normalised).isZero(0));
        // Its gradient is never applied; the other rows do learn.
        const Eigen::RowVectorXf grad = Eigen::RowVectorXf::Constant(3, 1.0f);
        table.applyGradient(normalised, grad, 0.5f);
        QVERIFY(table.lookup(normalised).isZero(0));
        const std::int64_t other = (normalised + 1) % 5;
        const Eigen::RowVectorXf before = table.lookup(other);
        table.applyGradient(other, grad, 0.5f);
        QVERIFY(table.lookup(other).isApprox(before - 0.5f * grad));
    }

    void paddingIdxOutOfRangeRefused() {
        EmbeddingOptions options;
        options.paddingIdx = 5;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 EmbeddingTable(5, 3, EmbeddingInit::Normal, 1, options));
        options.paddingIdx = -6;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 EmbeddingTable(5, 3, EmbeddingInit::Normal, 1, options));
    }

    void maxNormRenormalisesLookedUpRows_data() {
        QTest::addColumn<float>("normType");
        QTest::newRow("L2") << 2.0f;
        QTest::newRow("L1") << 1.0f;
        QTest::newRow("Linf") << float(INFINITY);
    }

    void maxNormRenormalisesLookedUpRows() {
        QFETCH(float, normType);
        RowMatrixXf w(3, 2);
        w << 3, 4,       // L2 norm 5, L1 7, Linf 4
            0.1f, 0.1f,  // below the limit
            -6, 8;
        EmbeddingOptions options;
        options.maxNorm = 1.0f;
        options.normType = normType;
        EmbeddingTable table = EmbeddingTable::fromPretrained(w, false, options);
        const auto pnorm = [&](const Eigen::RowVectorXf& v) {
            if (std::isinf(normType))
                return double(v.cwiseAbs().maxCoeff());
            double s = 0;
            for (int j = 0; j < v.size(); ++j)
                s += std::pow(std::abs(double(v[j])), normType);
            return std::pow(s, 1.0 / normType);
        };
        const Eigen::RowVectorXf row0 = table.lookup(0);
        QVERIFY(std::abs(pnorm(row0) - 1.0) < 1e-5);
        QVERIFY(row0.isApprox(w.row(0) / float(pnorm(w.row(0))), 1e-5f));  // direction kept
        QVERIFY(table.lookup(1) == w.row(1));                              // small rows untouched
        // Like PyTorch, the stored weight is renormalised too; rows not looked up are not.
        QVERIFY(std::abs(pnorm(table.weight().row(0)) - 1.0) < 1e-5);
        QVERIFY(table.weight().row(2) == w.row(2));
        table.lookup(std::vector<std::int64_t>{2});
        QVERIFY(std::abs(pnorm(table.weight().row(2)) - 1.0) < 1e-5);
    }

    void fromPretrainedFreeze() {
        RowMatrixXf w = RowMatrixXf::Random(4, 3);
        EmbeddingTable frozen = EmbeddingTable::fromPretrained(w);
        QVERIFY(frozen.frozen());
        QVERIFY(frozen.weight() == w);
        QVERIFY(frozen.lookup(3) == w.row(3));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, frozen.mutableWeight());
        QVERIFY_THROWS_EXCEPTION(std::logic_error,
                                 frozen.applyGradient(0, Eigen::RowVectorXf::Ones(3), 1.0f));
        EmbeddingTable trainable = EmbeddingTable::fromPretrained(w, false);
        QVERIFY(!trainable.frozen());
        trainable.applyGradient(1, Eigen::RowVectorXf::Ones(3), 0.25f);
        QVERIFY(
            trainable.weight().row(1).isApprox(w.row(1) - Eigen::RowVectorXf::Constant(3, 0.25f)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 trainable.applyGradient(1, Eigen::RowVectorXf::Ones(2), 1.0f));
    }

    // Frozen rows (a gradient hook zeroing their rows in PyTorch) keep their values; the other
    // rows learn; the flags reach the kernels; a wrong count is refused; empty unfreezes.
    void freezeRowsLeavesThoseRowsAlone() {
        RowMatrixXf w = RowMatrixXf::Random(4, 3);
        EmbeddingTable table = EmbeddingTable::fromPretrained(w, false);
        QVERIFY(table.frozenRowFlags() == nullptr);
        table.freezeRows({0, 1, 0, 1});
        QVERIFY(!table.frozen());
        QVERIFY(table.rowFrozen(1) && table.rowFrozen(3) && !table.rowFrozen(0));
        QCOMPARE(int(table.frozenRowFlags()[3]), 1);
        for (std::int64_t row = 0; row < 4; ++row)
            table.applyGradient(row, Eigen::RowVectorXf::Ones(3), 0.5f);
        QVERIFY(table.weight().row(1) == w.row(1));
        QVERIFY(table.weight().row(3) == w.row(3));
        QVERIFY(table.weight().row(0).isApprox(w.row(0) - Eigen::RowVectorXf::Constant(3, 0.5f)));
        QVERIFY(table.weight().row(2).isApprox(w.row(2) - Eigen::RowVectorXf::Constant(3, 0.5f)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, table.freezeRows({1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, table.rowFrozen(4));
        table.freezeRows({});
        QVERIFY(!table.rowFrozen(1) && table.frozenRowFlags() == nullptr);
    }

    void fromPretrainedKeepsPaddingRowButNeverUpdatesIt() {
        RowMatrixXf w = RowMatrixXf::Constant(3, 2, 1.5f);
        EmbeddingOptions options;
        options.paddingIdx = 0;
        EmbeddingTable table = EmbeddingTable::fromPretrained(w, false, options);
        QVERIFY(table.lookup(0) == w.row(0));
        table.applyGradient(0, Eigen::RowVectorXf::Ones(2), 1.0f);
        QVERIFY(table.lookup(0) == w.row(0));
    }

    void oneHotTimesMatrixIsTheRow() {
        EmbeddingTable table(7, 5, EmbeddingInit::Normal, 11);
        const RowMatrixXf& w = table.weight();
        for (int i = 0; i < 7; ++i) {
            const OneHot e(i, 7);
            const Eigen::RowVectorXf dense = e.dense();
            QCOMPARE(dense.sum(), 1.0f);
            QCOMPARE(dense[i], 1.0f);
            // The full product e_i^T W, computed as a real matrix product ...
            const Eigen::RowVectorXf product = dense * w;
            // ... equals row i exactly (every other term is an exact 0 * w).
            QVERIFY(product == w.row(i));
            QVERIFY(e.times(w) == w.row(i));
            QVERIFY(table.lookup(i) == product);
        }
    }

    void oneHotErrors() {
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, OneHot(5, 5));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, OneHot(-1, 5));
        const OneHot huge(3, kMaxDenseOneHot + 1);
        try {
            huge.dense();
            QFAIL("a dense one-hot above the limit must be refused");
        } catch (const std::length_error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QString::number(kMaxDenseOneHot + 1)));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 OneHot(1, 4).times(RowMatrixXf::Zero(3, 2)));
    }
};

EMBEDSCOPE_TEST_MAIN(TestEmbeddingTable)
#include "tst_embeddingtable.moc"
