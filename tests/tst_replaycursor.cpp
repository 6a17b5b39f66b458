// The state at the replay's cursor: a frame's vectors for the tracked rows, and neighbours found
// among the tracked words of that frame (not of the current table).
#include "ReplayCursor.h"
#include "testutil.h"

using namespace embedscope;

class TestReplayCursor : public QObject {
    Q_OBJECT

private slots:
    void vectorsAndNeighboursAmongTheTrackedWordsOfTheFrame() {
        // Tracked table rows 10, 20, 30, 40: at this frame 20 points along 10, 40 away from it.
        auto vectors = std::make_shared<RowMatrixXf>(4, 2);
        *vectors << 1, 0,  //
            0.9f, 0.1f,    //
            0, 1,          //
            -1, 0.05f;
        TimelineFrame frame;
        frame.metrics.seconds = 3;
        frame.vectors = vectors;
        const ReplayCursor cursor({10, 20, 30, 40}, frame, 2, 7);
        QCOMPARE(cursor.index(), 2);
        QCOMPARE(cursor.count(), 7);
        QVERIFY(cursor.tracks(30));
        QVERIFY(!cursor.tracks(31));

        std::vector<std::int32_t> kept;
        const RowMatrixXf some = cursor.vectorsOf({30, 5, 10}, &kept);
        QCOMPARE(kept, std::vector<std::int32_t>({30, 10}));
        QCOMPARE(some.rows(), Eigen::Index(2));
        QCOMPARE(some(0, 1), 1.0f);
        QCOMPARE(some(1, 0), 1.0f);

        const std::vector<Neighbour> nearest = cursor.nearest(10, 2);
        QCOMPARE(int(nearest.size()), 2);
        QCOMPARE(nearest[0].index, 20);
        QCOMPARE(nearest[1].index, 30);
        QVERIFY(nearest[0].similarity > 0.99f);
        const std::vector<Neighbour> farthest = cursor.farthest(10, 1);
        QCOMPARE(int(farthest.size()), 1);
        QCOMPARE(farthest[0].index, 40);
        QVERIFY(farthest[0].similarity < -0.99f);
        QVERIFY(cursor.nearest(5, 3).empty());  // not tracked: no recorded past
    }
};

EMBEDSCOPE_TEST_MAIN(TestReplayCursor)
#include "tst_replaycursor.moc"
