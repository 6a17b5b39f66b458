// The replay's two projections (issue 18): fixed axes (the final frame's, or a chosen frame's)
// show absolute movement; aligned per frame projects as the live plot does (a PCA a frame turned
// towards the previous one by Procrustes), so a rotation of the whole space does not move the
// picture, and scrubbing in any order gives what playing in order gives.
#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

#include <Eigen/Eigenvalues>

#include "ReplayTrails.h"
#include "TimelineReplay.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr int kWords = 40;
constexpr int kDim = 6;
constexpr int kFrames = 12;

// A cloud stretched along its first axes (distinct variances, so PCA is well defined), turned a
// little more at each frame in the plane of dimensions 0 and 2, out of the plane of PC1 and PC2
// (dimensions 0 and 1): the words keep their relative places while the space rotates by 90
// degrees over the run. (A rotation inside the shown plane is seen in both projections: the
// aligned basis is turned towards the previous frame's, which undoes the PCA following it.)
std::shared_ptr<const std::vector<TimelineFrame>> rotatingFrames() {
    std::mt19937 random(7);
    std::normal_distribution<float> normal;
    RowMatrixXf base(kWords, kDim);
    for (int r = 0; r < kWords; ++r)
        for (int d = 0; d < kDim; ++d)
            base(r, d) = normal(random) * float(kDim - d);
    // On its own principal axes, so that PC1 and PC2 are exactly dimensions 0 and 1 (a sample's
    // axes would mix in dimension 2, and then a turn towards it would turn the plane too).
    const RowMatrixXf centred = base.rowwise() - base.colwise().mean();
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXf> eigen(centred.transpose() * centred);
    base = centred * eigen.eigenvectors().rowwise().reverse();  // largest variance first
    auto frames = std::make_shared<std::vector<TimelineFrame>>();
    for (int f = 0; f < kFrames; ++f) {
        const double angle = M_PI / 2 * f / (kFrames - 1);
        Eigen::MatrixXf turn = Eigen::MatrixXf::Identity(kDim, kDim);
        turn(0, 0) = float(std::cos(angle));
        turn(0, 2) = float(-std::sin(angle));
        turn(2, 0) = float(std::sin(angle));
        turn(2, 2) = float(std::cos(angle));
        TimelineFrame frame;
        frame.metrics.seconds = f;
        frame.vectors = std::make_shared<const RowMatrixXf>(base * turn);
        frames->push_back(frame);
    }
    return frames;
}

std::vector<std::int32_t> rows() {
    std::vector<std::int32_t> result(kWords);
    for (int r = 0; r < kWords; ++r)
        result[std::size_t(r)] = r;
    return result;
}

float rmsDistance(const RowMatrixXf& a, const RowMatrixXf& b) {
    return (a - b).norm() / std::sqrt(float(a.rows()));
}

}  // namespace

class TestTimelineReplay : public QObject {
    Q_OBJECT

private slots:
    // On fixed axes the turn of the space is seen: the first frame lies far from the last.
    // Aligned, each frame is its own PCA turned towards the previous one: the picture stays.
    void alignedHidesARotationThatFixedAxesShow() {
        TimelineReplay replay(rows(), rotatingFrames());
        QCOMPARE(replay.axes(), ReplayAxes::Fixed);
        QCOMPARE(replay.basisFrame(), kFrames - 1);
        const float fixedMove = rmsDistance(replay.positions(0), replay.positions(kFrames - 1));
        replay.setAxes(ReplayAxes::Aligned);
        const float alignedMove = rmsDistance(replay.positions(0), replay.positions(kFrames - 1));
        qInfo("RMS move of a word from the first frame to the last: fixed %.3f, aligned %.4f",
              fixedMove, alignedMove);
        QVERIFY2(fixedMove > 0.5f, qPrintable(QString::number(fixedMove)));
        QVERIFY2(alignedMove < 0.01f, qPrintable(QString::number(alignedMove)));
    }

    // Aligned positions are the live plot's: a Projection fed the frames in order. Scrubbing
    // back and forth gives the same positions as playing from the start.
    void alignedIsTheLiveProjectionInAnyScrubOrder() {
        const auto frames = rotatingFrames();
        TimelineReplay replay(rows(), frames);
        replay.setAxes(ReplayAxes::Aligned);
        const RowMatrixXf late = replay.positions(8);
        const RowMatrixXf early = replay.positions(3);
        Projection live;
        std::vector<RowMatrixXf> expected;
        for (const TimelineFrame& frame : *frames)
            expected.push_back(live.project(*frame.vectors).points);
        QCOMPARE(rmsDistance(late, expected[8]), 0.0f);
        QCOMPARE(rmsDistance(early, expected[3]), 0.0f);
        QCOMPARE(rmsDistance(replay.positions(kFrames - 1), expected[kFrames - 1]), 0.0f);
        const std::vector<double> explained = replay.explained(4);
        QCOMPARE(explained.size(), std::size_t(2));
        QVERIFY(explained[0] >= explained[1] && explained[1] > 0);
    }

    // "Use this frame's axes": the fixed basis is the chosen frame's PCA, centred and scaled as
    // that frame; a copy of the replay (an export's worker) projects the same way.
    void fixedAxesOfAChosenFrame() {
        const auto frames = rotatingFrames();
        TimelineReplay replay(rows(), frames);
        replay.setBasisFrame(4);
        QCOMPARE(replay.basisFrame(), 4);
        Projection own;
        own.setScaleSmoothing(1.0);
        const RowMatrixXf expected = own.project(*(*frames)[4].vectors).points;
        QCOMPARE(rmsDistance(replay.positions(4), expected), 0.0f);
        // The RMS radius of the basis frame is 1 on its own axes.
        QVERIFY(std::abs(replay.positions(4).norm() / std::sqrt(float(kWords)) - 1.0f) < 1e-3f);
        // Other frames lie on the same axes: frame 10 is turned away from frame 4.
        QVERIFY(rmsDistance(replay.positions(10), expected) > 0.3f);
        TimelineReplay copy = replay;
        QCOMPARE(rmsDistance(copy.positions(10), replay.positions(10)), 0.0f);
        replay.setBasisFrame(-1);  // back to the final frame's
        QCOMPARE(replay.basisFrame(), kFrames - 1);
    }

    // Trails (ReplayTrails): each word's positions in the span's frames as positions() places
    // them, in either projection and either direction; untracked rows left out; at most kMaxWords
    // words and kMaxFrames frames (sampled evenly, both ends kept).
    void trailsArePositionsOverTheSpan() {
        TimelineReplay replay(rows(), rotatingFrames());
        ReplayTrails trails;
        const std::vector<std::int32_t> asked = {7, 500, 2, 7};  // 500: not tracked; 7 twice
        for (const ReplayAxes axes : {ReplayAxes::Fixed, ReplayAxes::Aligned}) {
            replay.setAxes(axes);
            for (const auto& [from, to] : {std::pair{2, 9}, std::pair{10, 3}, std::pair{5, 5}}) {
                const std::vector<ReplayTrail> got = trails.trails(replay, asked, from, to);
                QCOMPARE(got.size(), std::size_t(2));
                QCOMPARE(got[0].row, 7);
                QCOMPARE(got[1].row, 2);
                for (const ReplayTrail& trail : got) {
                    QCOMPARE(int(trail.frames.size()), std::abs(to - from) + 1);
                    QCOMPARE(trail.frames.front(), from);
                    QCOMPARE(trail.frames.back(), to);
                    for (std::size_t k = 0; k < trail.frames.size(); ++k) {
                        const RowMatrixXf all = replay.positions(trail.frames[k]);
                        const float error =
                            (trail.positions.row(Eigen::Index(k)) - all.row(trail.row)).norm();
                        QVERIFY2(error < 1e-5f, qPrintable(QString::number(double(error))));
                    }
                }
            }
        }
        // Another basis: the cached positions are not reused.
        replay.setAxes(ReplayAxes::Fixed);
        const RowMatrixXf before = trails.trails(replay, {7}, 0, 11)[0].positions;
        replay.setBasisFrame(0);
        const RowMatrixXf after = trails.trails(replay, {7}, 0, 11)[0].positions;
        QVERIFY((after.row(11) - replay.positions(11).row(7)).norm() < 1e-5f);
        QVERIFY((after - before).norm() > 1e-2f);
        // The caps.
        const std::vector<int> sampled = ReplayTrails::sampledFrames(0, 4999);
        QCOMPARE(int(sampled.size()), ReplayTrails::kMaxFrames);
        QCOMPARE(sampled.front(), 0);
        QCOMPARE(sampled.back(), 4999);
        QVERIFY(std::is_sorted(sampled.begin(), sampled.end()));
        QVERIFY(std::adjacent_find(sampled.begin(), sampled.end()) == sampled.end());
        QCOMPARE(ReplayTrails::sampledFrames(3, 1), (std::vector<int>{3, 2, 1}));
        QVERIFY(ReplayTrails::sampledFrames(-1, 4).empty());
        // 60 tracked words asked for in reverse: the first kMaxWords asked get trails.
        constexpr int kMany = ReplayTrails::kMaxWords + 10;
        auto frames = std::make_shared<std::vector<TimelineFrame>>(2);
        std::vector<std::int32_t> many;
        for (int f = 0; f < 2; ++f)
            (*frames)[std::size_t(f)].vectors =
                std::make_shared<const RowMatrixXf>(RowMatrixXf::Random(kMany, kDim));
        for (int r = 0; r < kMany; ++r)
            many.push_back(kMany - 1 - r);
        std::vector<std::int32_t> tracked = many;
        std::sort(tracked.begin(), tracked.end());
        TimelineReplay wide(tracked, frames);
        const std::vector<ReplayTrail> capped = trails.trails(wide, many, 0, 1);
        QCOMPARE(int(capped.size()), ReplayTrails::kMaxWords);
        QCOMPARE(capped.front().row, kMany - 1);
        QCOMPARE(capped.back().row, kMany - ReplayTrails::kMaxWords);
    }
};

EMBEDSCOPE_TEST_MAIN(TestTimelineReplay)
#include "tst_timelinereplay.moc"
