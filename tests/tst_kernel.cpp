// The SGNS kernels: the exact gradient against finite differences, the classic kernel against the
// exact gradient, and the batched kernels against the classic ones (the reference).
#include <QtTest>

#include <cmath>
#include <random>
#include <vector>

#include "FastSigmoid.h"
#include "TrainingKernel.h"
#include "testutil.h"

using namespace embedscope;

namespace {

RowMatrixXf randomTable(int rows, int dim, float scale, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> uniform(-scale, scale);
    RowMatrixXf table(rows, dim);
    for (Eigen::Index i = 0; i < table.size(); ++i)
        table.data()[i] = uniform(generator);
    return table;
}

double exactLoss(const RowMatrixXf& input, const RowMatrixXf& output, int context,
                 const std::vector<int>& outputs) {
    double loss = 0;
    for (std::size_t j = 0; j < outputs.size(); ++j) {
        double logit = 0;
        for (int d = 0; d < input.cols(); ++d)
            logit += double(input(context, d)) * double(output(outputs[j], d));
        loss += std::log1p(std::exp(j == 0 ? -logit : logit));
    }
    return loss;
}

// Each of the four kernels once on tables of at least 12 rows: context 2 and negative 9 occur
// twice (the blocked kernels merge repeated rows); 9 output rows are more than one register group
// of the fused update and one block of logits; negative 9 is also a CBOW example's target.
// Returns the summed loss.
double runEveryKernelOnce(const KernelTables& tables, float lr) {
    const std::vector<std::int32_t> contexts = {1, 2, 3, 4, 2, 6, 7, 8, 0, 11};
    const std::vector<std::int32_t> negatives = {0, 9, 3, 10, 9, 4, 7, 11};
    const int negativeCount = int(negatives.size());
    const std::vector<CbowExample> examples = {{5, 0, 4}, {9, 4, 3}, {1, 7, 3}};
    KernelScratch scratch(tables.dim, 10, 1 + negativeCount, 10);
    KernelLoss loss;
    hogwildSkipGramClassic(tables, 3, 5, negatives.data(), negativeCount, lr, scratch, loss);
    hogwildSkipGramBatched(tables, contexts.data(), 10, 5, negatives.data(), negativeCount, lr,
                           scratch, loss);
    hogwildCbowClassic(tables, contexts.data(), 6, 5, negatives.data(), negativeCount, lr, scratch,
                       loss);
    hogwildCbowBatched(tables, examples.data(), 3, contexts.data(), negatives.data(), negativeCount,
                       lr, scratch, loss);
    return loss.sum;
}

}  // namespace

class TestKernel : public QObject {
    Q_OBJECT

    const KernelIsa defaultIsa_ = kernelIsa();

private slots:
    // Every test below runs with the instruction set the trainer would pick (AVX2 where the CPU
    // has it); instructionSetsAgree compares it with the baseline.
    void init() { QCOMPARE(kernelIsa(), defaultIsa_); }

    void sigmoidTableMatchesExactFunction() {
        for (float x = -8.0f; x <= 8.0f; x += 0.037f) {
            const double exact = 1.0 / (1.0 + std::exp(-double(x)));
            QVERIFY2(std::fabs(FastSigmoid::sigmoid(x) - exact) < 4e-3,
                     qPrintable(QString::number(x)));
            QVERIFY(std::fabs(FastSigmoid::logSigmoid(x) + std::log1p(std::exp(-double(x)))) <
                    1e-2);
        }
        QCOMPARE(FastSigmoid::sigmoid(std::nanf("")), 0.5f);
    }

    // The branch-free lookups the batched kernels use give the same values as the plain ones.
    void branchlessSigmoidMatchesTable() {
        for (float x = -7.0f; x <= 7.0f; x += 0.0013f) {
            QCOMPARE(FastSigmoid::sigmoidBranchless(x), FastSigmoid::sigmoid(x));
            QCOMPARE(FastSigmoid::logSigmoidBranchless(x), FastSigmoid::logSigmoid(x));
        }
        for (float x : {-FastSigmoid::kMaxLogit, FastSigmoid::kMaxLogit, 0.0f, -100.0f, 100.0f}) {
            QCOMPARE(FastSigmoid::sigmoidBranchless(x), FastSigmoid::sigmoid(x));
            QCOMPARE(FastSigmoid::logSigmoidBranchless(x), FastSigmoid::logSigmoid(x));
        }
    }

    // dL/du and dL/dv_j of sgnsLossAndGradient against central differences of the loss.
    void gradientMatchesFiniteDifferences() {
        const int dim = 6;
        RowMatrixXf input = randomTable(3, dim, 0.8f, 1);
        RowMatrixXf output = randomTable(5, dim, 0.8f, 2);
        const int context = 1;
        const std::vector<int> outputs = {2, 0, 4, 3};  // true word first
        std::vector<const float*> outputRows;
        for (int id : outputs)
            outputRows.push_back(output.row(id).data());
        std::vector<double> gradInput(dim), gradOutputs(outputs.size() * dim);
        const double loss = sgnsLossAndGradient(input.row(context).data(), outputRows, dim,
                                                gradInput.data(), gradOutputs.data());
        QVERIFY(std::fabs(loss - exactLoss(input, output, context, outputs)) < 1e-6);

        const float h = 1e-2f;
        for (int d = 0; d < dim; ++d) {
            RowMatrixXf plus = input, minus = input;
            plus(context, d) += h;
            minus(context, d) -= h;
            const double numeric = (exactLoss(plus, output, context, outputs) -
                                    exactLoss(minus, output, context, outputs)) /
                                   (2.0 * h);
            QVERIFY2(
                std::fabs(numeric - gradInput[d]) < 1e-4,
                qPrintable(
                    QStringLiteral("input d=%1: %2 vs %3").arg(d).arg(numeric).arg(gradInput[d])));
        }
        for (std::size_t j = 0; j < outputs.size(); ++j) {
            for (int d = 0; d < dim; ++d) {
                RowMatrixXf plus = output, minus = output;
                plus(outputs[j], d) += h;
                minus(outputs[j], d) -= h;
                const double numeric = (exactLoss(input, plus, context, outputs) -
                                        exactLoss(input, minus, context, outputs)) /
                                       (2.0 * h);
                QVERIFY2(std::fabs(numeric - gradOutputs[j * dim + d]) < 1e-4,
                         qPrintable(QStringLiteral("output %1 d=%2").arg(j).arg(d)));
            }
        }
    }

    // One classic step moves every row by -lr * gradient (up to the sigmoid table's precision).
    void classicStepFollowsGradient() {
        const int dim = 8;
        const float lr = 0.05f;
        RowMatrixXf input = randomTable(4, dim, 0.5f, 3);
        RowMatrixXf output = randomTable(6, dim, 0.5f, 4);
        const RowMatrixXf input0 = input, output0 = output;
        const int context = 2, target = 5;
        const std::vector<std::int32_t> negatives = {1, 3, 0};
        std::vector<const float*> rows = {output0.row(target).data()};
        for (int n : negatives)
            rows.push_back(output0.row(n).data());
        std::vector<double> gradInput(dim), gradOutputs(rows.size() * dim);
        sgnsLossAndGradient(input0.row(context).data(), rows, dim, gradInput.data(),
                            gradOutputs.data());

        KernelScratch scratch(dim, 1, 1 + int(negatives.size()));
        KernelLoss loss;
        hogwildSkipGramClassic({input.data(), output.data(), dim}, context, target,
                               negatives.data(), int(negatives.size()), lr, scratch, loss);
        QCOMPARE(loss.pairs, std::uint64_t(1));
        for (int d = 0; d < dim; ++d) {
            QVERIFY(std::fabs((input(context, d) - input0(context, d)) + lr * gradInput[d]) <
                    1e-2 * lr);
            QVERIFY(std::fabs((output(target, d) - output0(target, d)) + lr * gradOutputs[d]) <
                    1e-2 * lr);
        }
        QVERIFY((input.row(0) - input0.row(0)).norm() == 0);  // untouched rows stay
        QVERIFY((output.row(4) - output0.row(4)).norm() == 0);
    }

    // The batched skip-gram step for a window of C contexts equals the sum of the C classic steps
    // each taken from the same starting tables (the batch reads every row before writing), and for
    // C = 1 it is the classic step itself.
    void batchedSkipGramEqualsClassic_data() {
        QTest::addColumn<std::vector<std::int32_t>>("contexts");
        QTest::newRow("one context") << std::vector<std::int32_t>{3};
        QTest::newRow("window of four") << std::vector<std::int32_t>{0, 3, 4, 6};
        QTest::newRow("repeated context") << std::vector<std::int32_t>{2, 5, 2};
    }
    void batchedSkipGramEqualsClassic() {
        QFETCH(std::vector<std::int32_t>, contexts);
        const int dim = 16;
        const float lr = 0.025f;
        const RowMatrixXf input0 = randomTable(8, dim, 0.5f, 5);
        const RowMatrixXf output0 = randomTable(8, dim, 0.5f, 6);
        const std::int32_t target = 1;
        const std::vector<std::int32_t> negatives = {7, 2, 4, 6, 0};

        RowMatrixXf input = input0, output = output0;
        RowMatrixXf expectedInput = input0, expectedOutput = output0;
        double expectedLoss = 0;
        KernelScratch scratch(dim, 2 * 5, 1 + int(negatives.size()));
        for (std::int32_t context : contexts) {
            RowMatrixXf stepInput = input0, stepOutput = output0;
            KernelLoss stepLoss;
            hogwildSkipGramClassic({stepInput.data(), stepOutput.data(), dim}, context, target,
                                   negatives.data(), int(negatives.size()), lr, scratch, stepLoss);
            expectedInput += stepInput - input0;
            expectedOutput += stepOutput - output0;
            expectedLoss += stepLoss.sum;
        }
        KernelLoss loss;
        hogwildSkipGramBatched({input.data(), output.data(), dim}, contexts.data(),
                               int(contexts.size()), target, negatives.data(),
                               int(negatives.size()), lr, scratch, loss);
        QCOMPARE(loss.pairs, std::uint64_t(contexts.size()));
        QVERIFY(std::fabs(loss.sum - expectedLoss) < 1e-4);
        QVERIFY2((input - expectedInput).cwiseAbs().maxCoeff() < 1e-6f,
                 qPrintable(QString::number((input - expectedInput).cwiseAbs().maxCoeff())));
        QVERIFY((output - expectedOutput).cwiseAbs().maxCoeff() < 1e-6f);
        QVERIFY((input - input0).cwiseAbs().maxCoeff() > 1e-3f);  // the step did something
    }

    // Batched CBOW with one example is the classic step; with several examples it is the sum of
    // their classic steps from the same starting tables.
    void batchedCbowEqualsClassic() {
        const int dim = 12;
        const float lr = 0.05f;
        const RowMatrixXf input0 = randomTable(10, dim, 0.5f, 7);
        const RowMatrixXf output0 = randomTable(10, dim, 0.5f, 8);
        const std::vector<std::int32_t> contexts = {1, 2, 3, 4, 2, 6, 7, 8, 0};
        const std::vector<CbowExample> examples = {{5, 0, 4}, {9, 4, 3}, {1, 7, 2}};
        const std::vector<std::int32_t> negatives = {0, 9, 3};  // 9 is example 1's target

        for (int count = 1; count <= int(examples.size()); ++count) {
            RowMatrixXf expectedInput = input0, expectedOutput = output0;
            KernelScratch scratch(dim, 4, 4 + int(negatives.size()));
            for (int b = 0; b < count; ++b) {
                std::vector<std::int32_t> ownNegatives;
                for (std::int32_t n : negatives)
                    if (n != examples[b].target)
                        ownNegatives.push_back(n);
                RowMatrixXf stepInput = input0, stepOutput = output0;
                KernelLoss stepLoss;
                hogwildCbowClassic({stepInput.data(), stepOutput.data(), dim},
                                   contexts.data() + examples[b].contextBegin,
                                   examples[b].contextCount, examples[b].target,
                                   ownNegatives.data(), int(ownNegatives.size()), lr, scratch,
                                   stepLoss);
                expectedInput += stepInput - input0;
                expectedOutput += stepOutput - output0;
            }
            RowMatrixXf input = input0, output = output0;
            KernelLoss loss;
            hogwildCbowBatched({input.data(), output.data(), dim}, examples.data(), count,
                               contexts.data(), negatives.data(), int(negatives.size()), lr,
                               scratch, loss);
            QCOMPARE(loss.pairs, std::uint64_t(count));
            QVERIFY2((input - expectedInput).cwiseAbs().maxCoeff() < 1e-5f,
                     qPrintable(QString::number(count)));
            QVERIFY((output - expectedOutput).cwiseAbs().maxCoeff() < 1e-5f);
        }
    }

    // Every SIMD build (AVX2/FMA, AVX-512) computes what the baseline (Eigen) kernels compute, up
    // to float rounding (different summation order). dim 37 leaves a tail after the last whole
    // vector (8 or 16 floats); context 2 and negative 9 occur twice (the blocked kernels merge
    // repeated rows); 9 output rows are more than one register group of the fused update (6 with
    // AVX2, 8 with AVX-512) and one block of logits; negative 9 is also a CBOW example's target.
    void instructionSetsAgree_data() {
        QTest::addColumn<KernelIsa>("isa");
        QTest::newRow("avx2-fma") << KernelIsa::Avx2Fma;
        QTest::newRow("avx512") << KernelIsa::Avx512;
    }
    void instructionSetsAgree() {
        QFETCH(KernelIsa, isa);
        if (!selectKernelIsa(isa))
            QSKIP("this CPU lacks the instruction set");
        selectKernelIsa(KernelIsa::Generic);
        const int dim = 37;
        const float lr = 0.05f;
        const RowMatrixXf input0 = randomTable(12, dim, 0.5f, 11);
        const RowMatrixXf output0 = randomTable(12, dim, 0.5f, 12);
        auto runAll = [&](KernelIsa runIsa, RowMatrixXf& input, RowMatrixXf& output) {
            if (!selectKernelIsa(runIsa))
                return -1.0;  // not reached: the instruction set was selected above
            return runEveryKernelOnce({input.data(), output.data(), dim}, lr);
        };
        RowMatrixXf genericInput = input0, genericOutput = output0;
        RowMatrixXf simdInput = input0, simdOutput = output0;
        const double genericLoss = runAll(KernelIsa::Generic, genericInput, genericOutput);
        const double simdLoss = runAll(isa, simdInput, simdOutput);
        selectKernelIsa(defaultIsa_);
        QVERIFY(genericLoss > 0);
        QVERIFY((genericInput - input0).cwiseAbs().maxCoeff() > 1e-3f);
        QVERIFY((genericOutput - output0).cwiseAbs().maxCoeff() > 1e-3f);
        QVERIFY2((genericInput - simdInput).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(QString::number((genericInput - simdInput).cwiseAbs().maxCoeff())));
        QVERIFY2((genericOutput - simdOutput).cwiseAbs().maxCoeff() < 1e-5f,
                 qPrintable(QString::number((genericOutput - simdOutput).cwiseAbs().maxCoeff())));
        QVERIFY2(std::fabs(genericLoss - simdLoss) < 1e-4,
                 qPrintable(QStringLiteral("%1 vs %2").arg(genericLoss).arg(simdLoss)));
    }

    // Rows stored `stride` floats apart (the trainer's PaddedTable) train exactly as dense rows,
    // and the kernels never touch the padding: it is NaN here, so a read would spread NaN into
    // the tables and a write would change it.
    void paddedRowsTrainAsDenseRows_data() {
        QTest::addColumn<KernelIsa>("isa");
        QTest::newRow("generic") << KernelIsa::Generic;
        QTest::newRow("avx2-fma") << KernelIsa::Avx2Fma;
        QTest::newRow("avx512") << KernelIsa::Avx512;
    }
    void paddedRowsTrainAsDenseRows() {
        QFETCH(KernelIsa, isa);
        if (!selectKernelIsa(isa))
            QSKIP("this CPU lacks the instruction set");
        const int dim = 37, stride = 48, rows = 12;
        const float lr = 0.05f;
        auto runAll = [&](float* input, float* output, int rowStride) {
            return runEveryKernelOnce({input, output, dim, nullptr, rowStride}, lr);
        };
        RowMatrixXf denseInput = randomTable(rows, dim, 0.5f, 11);
        RowMatrixXf denseOutput = randomTable(rows, dim, 0.5f, 12);
        const RowMatrixXf input0 = denseInput;
        RowMatrixXf paddedInput =
            RowMatrixXf::Constant(rows, stride, std::numeric_limits<float>::quiet_NaN());
        RowMatrixXf paddedOutput = paddedInput;
        paddedInput.leftCols(dim) = denseInput;
        paddedOutput.leftCols(dim) = denseOutput;
        const double denseLoss = runAll(denseInput.data(), denseOutput.data(), 0);
        const double paddedLoss = runAll(paddedInput.data(), paddedOutput.data(), stride);
        selectKernelIsa(defaultIsa_);
        QVERIFY((denseInput - input0).cwiseAbs().maxCoeff() > 1e-3f);
        QVERIFY(paddedInput.leftCols(dim) == denseInput);
        QVERIFY(paddedOutput.leftCols(dim) == denseOutput);
        QVERIFY(paddedInput.rightCols(stride - dim).array().isNaN().all());
        QVERIFY(paddedOutput.rightCols(stride - dim).array().isNaN().all());
        QCOMPARE(paddedLoss, denseLoss);
    }

    // A non-finite logit is counted and the tables are left as they were.
    void nonFiniteLogitLeavesTablesUntouched() {
        const int dim = 4;
        RowMatrixXf input = randomTable(3, dim, 0.5f, 9);
        RowMatrixXf output = randomTable(3, dim, 0.5f, 10);
        input(1, 2) = std::numeric_limits<float>::infinity();
        const RowMatrixXf input0 = input, output0 = output;
        const std::vector<std::int32_t> contexts = {0, 1};
        const std::int32_t negatives[] = {2};
        KernelScratch scratch(dim, 2, 2);
        KernelLoss loss;
        hogwildSkipGramBatched({input.data(), output.data(), dim}, contexts.data(), 2, 0, negatives,
                               1, 0.1f, scratch, loss);
        QCOMPARE(loss.nonFinite, std::uint64_t(1));
        QCOMPARE(loss.pairs, std::uint64_t(0));
        QVERIFY(output == output0);
    }

    // The divergence check's scan: the largest magnitude of any sign, and NaN for a NaN or an
    // infinity anywhere (first, in the vectorised middle, last).
    void largestMagnitudeAndNonFiniteValues() {
        const RowMatrixXf table = randomTable(37, 27, 0.5f, 11);  // 999 values
        const std::size_t count = static_cast<std::size_t>(table.size());
        QCOMPARE(hogwildLargestMagnitude(table.data(), count), table.cwiseAbs().maxCoeff());
        QCOMPARE(hogwildLargestMagnitude(table.data(), 0), 0.0f);
        for (const float big : {7.5f, -7.5f}) {
            RowMatrixXf copy = table;
            copy(20, 3) = big;
            QCOMPARE(hogwildLargestMagnitude(copy.data(), count), 7.5f);
        }
        const float inf = std::numeric_limits<float>::infinity();
        for (const float bad : {std::numeric_limits<float>::quiet_NaN(), inf, -inf}) {
            for (const std::size_t at : {std::size_t(0), count / 2 + 1, count - 1}) {
                RowMatrixXf copy = table;
                copy.data()[at] = bad;
                QVERIFY2(std::isnan(hogwildLargestMagnitude(copy.data(), count)),
                         qPrintable(QStringLiteral("%1 at %2").arg(bad).arg(at)));
            }
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestKernel)
#include "tst_kernel.moc"
