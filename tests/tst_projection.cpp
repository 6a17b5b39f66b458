// PCA (exact and subspace iteration) and the aligned, scale-smoothed Projection.
#include <QtTest>

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <random>

#include "CovariancePass.h"
#include "PrincipalComponents.h"
#include "Projection.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// A random D by D orthogonal matrix (Q of a Gaussian matrix).
Eigen::MatrixXd randomOrthogonal(int d, unsigned seed) {
    std::mt19937 engine(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd g(d, d);
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j)
            g(i, j) = normal(engine);
    return Eigen::HouseholderQR<Eigen::MatrixXd>(g).householderQ();
}

// n by D Gaussian rows with standard deviation sigmas[j] along axes.col(j) (the rest of the
// dimensions get 0.05), shifted by an offset so that centring matters.
RowMatrixXf gaussianRows(int n, const Eigen::MatrixXd& axes, const std::vector<double>& sigmas,
                         unsigned seed) {
    std::mt19937 engine(seed);
    std::normal_distribution<double> normal;
    const int d = int(axes.rows());
    RowMatrixXd rows(n, d);
    for (int i = 0; i < n; ++i) {
        Eigen::VectorXd x = Eigen::VectorXd::Constant(d, 3.0);
        for (int j = 0; j < d; ++j)
            x += normal(engine) * (j < int(sigmas.size()) ? sigmas[j] : 0.05) * axes.col(j);
        rows.row(i) = x.transpose();
    }
    return rows.cast<float>();
}

double absCosine(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    return std::abs(a.dot(b)) / (a.norm() * b.norm());
}

Eigen::Matrix2d rotation2(double radians) {
    Eigen::Matrix2d r;
    r << std::cos(radians), -std::sin(radians), std::sin(radians), std::cos(radians);
    return r;
}

double maxDifference(const RowMatrixXf& a, const RowMatrixXf& b) {
    return double((a - b).cwiseAbs().maxCoeff());
}

}  // namespace

class TestProjection : public QObject {
    Q_OBJECT
private slots:
    void procrustesRecoversKnownTransforms_data() {
        QTest::addColumn<Eigen::Matrix2d>("transform");
        Eigen::Matrix2d flipX, swap, flipBoth;
        flipX << -1, 0, 0, 1;
        swap << 0, 1, 1, 0;
        flipBoth << -1, 0, 0, -1;
        QTest::newRow("identity") << Eigen::Matrix2d(Eigen::Matrix2d::Identity());
        QTest::newRow("sign flip") << flipX;
        QTest::newRow("both signs") << flipBoth;
        QTest::newRow("swap") << swap;
        QTest::newRow("rotation 0.3") << rotation2(0.3);
        QTest::newRow("rotation 2.5") << rotation2(2.5);
        QTest::newRow("rotation then flip") << Eigen::Matrix2d(rotation2(1.0) * flipX);
    }
    void procrustesRecoversKnownTransforms() {
        QFETCH(Eigen::Matrix2d, transform);
        const Eigen::MatrixXd previous = randomOrthogonal(7, 3).leftCols(2);
        const Eigen::MatrixXd fresh = previous * transform;  // what a solver might return
        const Eigen::Matrix2d r = procrustesRotation(fresh, previous);
        QVERIFY((r - transform.transpose()).norm() < 1e-12);
        QVERIFY((fresh * r - previous).norm() < 1e-12);
    }

    void procrustesOfANearbyBasisIsTheClosestRotation() {
        // previous = [e1 e2]; the fresh basis is tilted out of the plane by a little: R must be
        // the identity, not a flip, and B_new R stays close to B_prev.
        Eigen::MatrixXd previous = Eigen::MatrixXd::Zero(4, 2);
        previous(0, 0) = previous(1, 1) = 1;
        Eigen::MatrixXd fresh = previous;
        fresh(2, 0) = 0.1;
        fresh.col(0).normalize();
        const Eigen::Matrix2d r = procrustesRotation(fresh, previous);
        QVERIFY((r - Eigen::Matrix2d::Identity()).norm() < 1e-9);
    }

    void exactComponentsOfKnownVariances() {
        // Six points +-s_j u_j (plus an offset): mean = offset, C = sum 2 s_j^2 u_j u_j^T / 5.
        const int d = 6;
        const Eigen::MatrixXd u = randomOrthogonal(d, 11);
        const double s[3] = {3.0, 2.0, 1.0};
        RowMatrixXf rows(6, d);
        const Eigen::RowVectorXd offset = Eigen::RowVectorXd::LinSpaced(d, -1.0, 4.0);
        for (int j = 0; j < 3; ++j) {
            rows.row(2 * j) = (offset + s[j] * u.col(j).transpose()).cast<float>();
            rows.row(2 * j + 1) = (offset - s[j] * u.col(j).transpose()).cast<float>();
        }
        const PrincipalComponents pcs = exactPrincipalComponents(rows, 3);
        QVERIFY((pcs.mean - offset).norm() < 1e-5);
        QVERIFY(std::abs(pcs.totalVariance - 2.0 * (9 + 4 + 1) / 5.0) < 1e-4);
        for (int j = 0; j < 3; ++j) {
            QVERIFY2(std::abs(pcs.variances[j] - 2.0 * s[j] * s[j] / 5.0) < 1e-4,
                     qPrintable(QString::number(pcs.variances[j])));
            QVERIFY(absCosine(pcs.axes.col(j), u.col(j)) > 1 - 1e-6);
        }
        // Scores are the centred rows in the axes' coordinates.
        QVERIFY(std::abs(std::abs(pcs.scores(0, 0)) - 3.0f) < 1e-4f);

        // The explained fractions of a fresh projection are the top two of 9 : 4 : 1.
        Projection projection;
        const ProjectionFrame frame = projection.project(rows);
        QVERIFY(std::abs(frame.explained[0] - 9.0 / 14.0) < 1e-5);
        QVERIFY(std::abs(frame.explained[1] - 4.0 / 14.0) < 1e-5);
    }

    void exactComponentsWithFewerRowsThanDimensions() {
        // n < D takes the Gram-matrix route; it must agree with the covariance route on the same
        // data embedded in more dimensions.
        const Eigen::MatrixXd axes = randomOrthogonal(40, 5);
        const RowMatrixXf rows = gaussianRows(12, axes, {4.0, 2.0, 1.0}, 9);
        const PrincipalComponents gram = exactPrincipalComponents(rows, 3);
        // Reference: the covariance in double and its eigenvectors.
        const RowMatrixXd centred =
            rows.cast<double>().rowwise() - rows.cast<double>().colwise().mean();
        const Eigen::MatrixXd covariance = centred.transpose() * centred / 11.0;
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
        for (int j = 0; j < 3; ++j) {
            QVERIFY(std::abs(gram.variances[j] - solver.eigenvalues()[39 - j]) <
                    1e-4 * solver.eigenvalues()[39]);
            QVERIFY(absCosine(gram.axes.col(j), solver.eigenvectors().col(39 - j)) > 1 - 1e-5);
        }
        QVERIFY((gram.axes.transpose() * gram.axes - Eigen::MatrixXd::Identity(3, 3)).norm() <
                1e-6);
    }

    void covariancePassKernelsAgree_data() {
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("dim");
        QTest::newRow("m=1, D=8") << 1 << 8;
        QTest::newRow("m=4, D=13 (a tail after the 8-wide part)") << 4 << 13;
        QTest::newRow("m=5, D=300") << 5 << 300;
        QTest::newRow("m=8, D=3 (tail only)") << 8 << 3;
        QTest::newRow("m=9 (beyond the fused kernel)") << 9 << 20;
    }
    void covariancePassKernelsAgree() {
        QFETCH(int, columns);
        QFETCH(int, dim);
        const Eigen::Index n = 37;
        // Rows inside a wider table: the pass must honour the outer stride of a block.
        const RowMatrixXf table = RowMatrixXf::Random(n, dim + 3);
        const Eigen::Ref<const RowMatrixXf> rows = table.leftCols(dim);
        const Eigen::MatrixXf basis = Eigen::MatrixXf::Random(dim, columns);
        const RowMatrixXd x = rows.cast<double>();
        const Eigen::MatrixXd expectedProjected = x * basis.cast<double>();
        const Eigen::MatrixXd expectedGram = x.transpose() * expectedProjected;
        for (const PassKernel kernel : {PassKernel::Fastest, PassKernel::Portable}) {
            CovariancePass pass;
            covariancePass(rows, basis, true, pass, kernel);
            QVERIFY((pass.projected.cast<double>() - expectedProjected).norm() <
                    1e-5 * expectedProjected.norm());
            QVERIFY((pass.gramTransposed.transpose().cast<double>() - expectedGram).norm() <
                    1e-5 * expectedGram.norm());
            QVERIFY((pass.columnSums - x.colwise().sum()).norm() < 1e-4);
            QVERIFY(std::abs(pass.squaredNorm - x.squaredNorm()) < 1e-5 * x.squaredNorm());
            // A second call reuses the buffers and must not accumulate into them.
            covariancePass(rows, basis, false, pass, kernel);
            QVERIFY((pass.gramTransposed.transpose().cast<double>() - expectedGram).norm() <
                    1e-5 * expectedGram.norm());
        }
        if (columns <= 8)
            qInfo("fused kernel available: %d", fusedCovariancePassAvailable(columns));
    }

    void subspaceIterationAgreesWithTheEigensolver_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dim");
        QTest::addColumn<bool>("warm");
        QTest::addColumn<bool>("portable");
        QTest::newRow("cold start 500x50") << 500 << 50 << false << false;
        QTest::newRow("warm start 500x50") << 500 << 50 << true << false;
        QTest::newRow("cold start 300x120") << 300 << 120 << false << false;
        QTest::newRow("warm start 500x50, portable kernel") << 500 << 50 << true << true;
        QTest::newRow("cold start 300x120, portable kernel") << 300 << 120 << false << true;
    }
    void subspaceIterationAgreesWithTheEigensolver() {
        QFETCH(int, rows);
        QFETCH(int, dim);
        QFETCH(bool, warm);
        QFETCH(bool, portable);
        const Eigen::MatrixXd axes = randomOrthogonal(dim, 21);
        const RowMatrixXf data = gaussianRows(rows, axes, {5.0, 3.0, 2.0, 1.5}, 8);
        const PrincipalComponents exact = exactPrincipalComponents(data, 2);
        Eigen::MatrixXd start;
        if (warm) {  // the axes of slightly different data, as in training
            const RowMatrixXf before = data + 0.05f * RowMatrixXf::Random(rows, dim);
            start = exactPrincipalComponents(before, 4).axes;
        } else {
            start = Eigen::MatrixXd::Identity(dim, 4);
        }
        SubspaceIterationOptions options;
        options.tolerance = 1e-6;
        options.maxIterations = 500;
        options.kernel = portable ? PassKernel::Portable : PassKernel::Fastest;
        const PrincipalComponents fast = subspacePrincipalComponents(data, start, options);
        QVERIFY(fast.iterations >= 1);
        if (warm)
            QVERIFY2(fast.iterations < 30, qPrintable(QString::number(fast.iterations)));
        QVERIFY(std::abs(fast.totalVariance - exact.totalVariance) < 1e-4 * exact.totalVariance);
        QVERIFY((fast.mean - exact.mean).norm() < 1e-4);
        for (int j = 0; j < 2; ++j) {
            QVERIFY2(
                std::abs(fast.variances[j] - exact.variances[j]) < 1e-4 * exact.variances[0],
                qPrintable(
                    QStringLiteral("%1 vs %2").arg(fast.variances[j]).arg(exact.variances[j])));
            QVERIFY(absCosine(fast.axes.col(j), exact.axes.col(j)) > 1 - 1e-5);
            // The scores are the projections of the centred rows, up to the axis sign.
            const double sign = fast.axes.col(j).dot(exact.axes.col(j)) > 0 ? 1.0 : -1.0;
            QVERIFY((fast.scores.col(j).cast<double>() - sign * exact.scores.col(j).cast<double>())
                        .cwiseAbs()
                        .maxCoeff() < 1e-3);
        }
    }

    void samePointsComeBackIdentical() {
        const Eigen::MatrixXd axes = randomOrthogonal(30, 2);
        const RowMatrixXf data = gaussianRows(400, axes, {3.0, 2.0, 1.0}, 4);
        Projection projection;
        projection.setScaleSmoothing(1.0);
        const ProjectionFrame first = projection.project(data);
        // A copy with an extra sign flip in a dimension the plot does not show, and a fresh
        // (warm, iterative) computation: the picture must not move.
        RowMatrixXf copy = data;
        const Eigen::VectorXd hidden = axes.col(10);
        const Eigen::VectorXf along = (copy.cast<double>() * hidden).cast<float>();
        copy -= 2.0f * along * hidden.transpose().cast<float>();  // reflect across hidden's plane
        const ProjectionFrame second = projection.project(copy);
        QVERIFY2(maxDifference(first.points, second.points) < 1e-3,
                 qPrintable(QString::number(maxDifference(first.points, second.points))));
    }

    void largeTablesFitOnASampleAndProjectEveryRow() {
        const Eigen::MatrixXd axes = randomOrthogonal(40, 5);
        const RowMatrixXf data = gaussianRows(20000, axes, {4.0, 2.0, 1.0}, 6);
        Projection full, sampled;
        full.setScaleSmoothing(1.0);
        sampled.setScaleSmoothing(1.0);
        const ProjectionFrame exact = full.project(data);
        const ProjectionFrame large = projectLarge(sampled, data, 5000);
        QCOMPARE(large.points.rows(), data.rows());  // every row, not just the sample
        // The sample's axes are the table's, to within a fraction of a degree.
        for (int j = 0; j < 2; ++j)
            QVERIFY2(absCosine(full.basis().col(j), sampled.basis().col(j)) > 0.999,
                     qPrintable(QString::number(
                         absCosine(full.basis().col(j), sampled.basis().col(j)))));
        QVERIFY(std::abs(large.explained[0] - exact.explained[0]) < 0.02);
        // The points agree up to the sign of each axis (and the sample's slightly other scale).
        for (int j = 0; j < 2; ++j) {
            const double sign = full.basis().col(j).dot(sampled.basis().col(j)) > 0 ? 1.0 : -1.0;
            const Eigen::VectorXf difference =
                exact.points.col(j) - float(sign) * large.points.col(j);
            const double relative = difference.norm() / exact.points.col(j).norm();
            QVERIFY2(relative < 0.05, qPrintable(QString::number(relative)));
        }
        // At or below the sample size it is the ordinary projection.
        Projection small, plain;
        small.setScaleSmoothing(1.0);
        plain.setScaleSmoothing(1.0);
        const RowMatrixXf head = data.topRows(500);
        QVERIFY(maxDifference(projectLarge(small, head, 2000).points, plain.project(head).points) <
                1e-6);
    }

    void rotationInsideThePlaneTurnsThePicture() {
        // Rotating the data by theta inside its top plane rotates the principal axes by theta;
        // unaligned PCA would show an unchanged picture with new axes (or a flipped one). With
        // alignment the basis stays where it was and the picture turns by theta.
        const int d = 12;
        const Eigen::MatrixXd axes = randomOrthogonal(d, 17);
        const RowMatrixXf data = gaussianRows(600, axes, {4.0, 2.0}, 6);
        Projection projection;
        projection.setScaleSmoothing(1.0);
        const ProjectionFrame first = projection.project(data);
        const Eigen::MatrixXd basisBefore = projection.basis();

        const double theta = 0.2;
        const Eigen::MatrixXd plane = axes.leftCols(2);
        // Q = I + P (R(theta) - I) P^T rotates within span(plane) and fixes the rest.
        const Eigen::MatrixXd q =
            Eigen::MatrixXd::Identity(d, d) +
            plane * (rotation2(theta) - Eigen::Matrix2d::Identity()) * plane.transpose();
        const RowMatrixXf turned = (data.cast<double>() * q.transpose()).cast<float>();
        const ProjectionFrame second = projection.project(turned);
        QVERIFY((projection.basis() - basisBefore).norm() < 1e-3);
        // Each point turned by +-theta in the plot (the sign depends on the basis orientation).
        const RowMatrixXf plus = first.points * rotation2(theta).transpose().cast<float>();
        const RowMatrixXf minus = first.points * rotation2(-theta).transpose().cast<float>();
        const double error =
            std::min(maxDifference(second.points, plus), maxDifference(second.points, minus));
        QVERIFY2(error < 1e-3, qPrintable(QString::number(error)));
    }

    void crossingVariancesDoNotSwapTheAxes() {
        // The spread along e0 shrinks from 3 to 1 while e1 grows from 1 to 3: midway the top
        // component changes from e0 to e1. Unaligned PCA swaps x and y there; the aligned basis
        // keeps following e0 on the x axis and moves continuously.
        const int d = 8, n = 500;
        std::mt19937 engine(5);
        std::normal_distribution<double> normal;
        RowMatrixXd base(n, d);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < d; ++j)
                base(i, j) = normal(engine) * (j < 2 ? 1.0 : 0.1);
        Projection projection;
        projection.setScaleSmoothing(1.0);
        RowMatrixXf previousPoints;
        Eigen::VectorXd firstNaiveAxis;
        for (int frame = 0; frame <= 20; ++frame) {
            const double t = frame / 20.0;
            RowMatrixXd stretched = base;
            stretched.col(0) *= 3.0 - 2.0 * t;
            stretched.col(1) *= 1.0 + 2.0 * t;
            const RowMatrixXf rows = stretched.cast<float>();
            const ProjectionFrame result = projection.project(rows);
            QVERIFY(absCosine(projection.basis().col(0), Eigen::VectorXd::Unit(d, 0)) > 0.99);
            if (frame > 0) {
                // Relative to the spread, no point jumps between neighbouring frames.
                QVERIFY2(maxDifference(result.points, previousPoints) < 0.5,
                         qPrintable(QStringLiteral("frame %1: %2")
                                        .arg(frame)
                                        .arg(maxDifference(result.points, previousPoints))));
            }
            previousPoints = result.points;
            // Unaligned PCA's first axis: e0 at the start, e1 at the end (the scenario does
            // swap the components).
            const Eigen::VectorXd naiveAxis = exactPrincipalComponents(rows, 1).axes.col(0);
            if (frame == 0)
                QVERIFY(absCosine(naiveAxis, Eigen::VectorXd::Unit(d, 0)) > 0.99);
            if (frame == 20) {
                QVERIFY(absCosine(naiveAxis, Eigen::VectorXd::Unit(d, 1)) > 0.99);
                // explained follows the displayed axes: x now shows the smaller spread
                QVERIFY(result.explained[0] < result.explained[1]);
            }
        }
    }

    void frozenKeepsBasisCentreAndScale() {
        const Eigen::MatrixXd axes = randomOrthogonal(10, 8);
        const RowMatrixXf data = gaussianRows(300, axes, {3.0, 1.0}, 2);
        Projection projection;
        const ProjectionFrame live = projection.project(data);
        const Eigen::MatrixXd basis = projection.basis();
        const Eigen::RowVectorXd centre = projection.centre();
        projection.setFrozen(true);
        QVERIFY(projection.frozen());
        const RowMatrixXf moved = 2.0f * data;
        const ProjectionFrame frozenFrame = projection.project(moved);
        QCOMPARE(projection.basis(), basis);
        QCOMPARE(projection.centre(), centre);
        // Points are the moved rows against the old centre and axes.
        const RowMatrixXf expected =
            ((moved.cast<double>().rowwise() - centre) * basis / frozenFrame.scale).cast<float>();
        QVERIFY(maxDifference(frozenFrame.points, expected) < 1e-4);
        QCOMPARE(frozenFrame.iterations, 0);
        // Twice the rows: the same axes carry the same fractions of the variance.
        for (int axis = 0; axis < 2; ++axis)
            QVERIFY(std::abs(frozenFrame.explained[axis] - live.explained[axis]) < 1e-4);
        QCOMPARE(frozenFrame.scale, live.scale);

        projection.setFrozen(false);
        projection.project(moved);
        QVERIFY((projection.centre() - 2.0 * centre).norm() < 1e-3);
    }

    void scaleIsAMovingAverageOfTheRmsRadius() {
        const Eigen::MatrixXd axes = randomOrthogonal(6, 12);
        const RowMatrixXf data = gaussianRows(200, axes, {2.0, 1.0}, 3);
        Projection projection;
        projection.setScaleSmoothing(0.25);
        const ProjectionFrame first = projection.project(data);
        // First frame: the scale is the RMS radius, so the RMS radius of the output is 1.
        const double rms = std::sqrt(first.points.squaredNorm() / 200.0);
        QVERIFY(std::abs(rms - 1.0) < 1e-5);
        // Twice the spread: the scale moves a quarter of the way, s + 0.25 (2 s - s).
        const ProjectionFrame second = projection.project(2.0f * data);
        QVERIFY(std::abs(second.scale - 1.25 * first.scale) < 1e-4 * first.scale);
        const double rms2 = std::sqrt(second.points.squaredNorm() / 200.0);
        QVERIFY(std::abs(rms2 - 2.0 / 1.25) < 1e-4);

        projection.reset();
        QVERIFY(!projection.hasBasis());
        const ProjectionFrame afterReset = projection.project(2.0f * data);
        QVERIFY(std::abs(afterReset.scale - 2.0 * first.scale) < 1e-4 * first.scale);
    }

    void degenerateInputs() {
        Projection projection;
        QCOMPARE(projection.project(RowMatrixXf(0, 5)).points.rows(), Eigen::Index(0));
        const ProjectionFrame single = projection.project(RowMatrixXf::Ones(1, 5));
        QCOMPARE(single.points.rows(), Eigen::Index(1));
        QCOMPARE(single.points.cols(), Eigen::Index(2));
        QVERIFY(single.points.allFinite());
        QCOMPARE(single.explained[0], 0.0);
        projection.reset();
        RowMatrixXf line(3, 1);
        line << 1, 2, 4;
        const ProjectionFrame oneDim = projection.project(line);
        QVERIFY(oneDim.points.allFinite());
        QCOMPARE(oneDim.points(0, 1), 0.0f);
        QVERIFY(std::abs(oneDim.explained[0] - 1.0) < 1e-6);
        // A new dimension forgets the old basis on its own.
        const ProjectionFrame wider = projection.project(RowMatrixXf::Random(20, 4));
        QCOMPARE(projection.basis().rows(), Eigen::Index(4));
        QVERIFY(wider.points.allFinite());
    }
};

EMBEDSCOPE_TEST_MAIN(TestProjection)
#include "tst_projection.moc"
