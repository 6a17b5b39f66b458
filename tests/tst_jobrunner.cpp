// The one job helper: which requests are answered under each policy, errors and cancellation as
// outcomes, and nothing delivered once the runner is gone.
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

#include "Error.h"
#include "JobRunner.h"

using namespace embedscope;

namespace {

// Work that runs until cancelled or released, then returns value.
std::function<int(const JobControl&)> blockingWork(const std::atomic<bool>& release, int value,
                                                   std::atomic<int>* started = nullptr) {
    return [&release, value, started](const JobControl& control) {
        if (started)
            ++*started;
        while (!release) {
            control.throwIfCancelled();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return value;
    };
}

std::function<int(const JobControl&)> immediate(int value, std::atomic<int>* ran = nullptr) {
    return [value, ran](const JobControl&) {
        if (ran)
            ++*ran;
        return value;
    };
}

}  // namespace

class TestJobRunner : public QObject {
    Q_OBJECT
private slots:
    void cancelRunningAnswersOnlyTheNewest() {
        JobRunner runner(JobRunner::Policy::CancelRunning);
        std::atomic<bool> never{false};
        QList<int> answered;
        const auto record = [&](JobOutcome<int> outcome) {
            answered << (outcome.value ? *outcome.value : -1);
        };
        runner.run<int>(blockingWork(never, 1), record);
        runner.run<int>(blockingWork(never, 2), record);
        const std::uint64_t last = runner.run<int>(immediate(3), record);
        QCOMPARE(last, 3u);
        QTRY_VERIFY(!runner.busy());
        runner.waitForIdle();  // the superseded jobs saw their cancel flag and returned
        QCoreApplication::processEvents();
        QCOMPARE(answered, QList<int>{3});
    }

    void finishRunningAnswersTheRunningAndTheNewestWaiting() {
        JobRunner runner(JobRunner::Policy::FinishRunning);
        std::atomic<bool> release{false};
        std::atomic<int> started{0};
        std::atomic<int> ranSecond{0};
        QList<int> answered;
        const auto record = [&](JobOutcome<int> outcome) { answered << *outcome.value; };
        runner.run<int>(blockingWork(release, 1, &started), record);
        QTRY_COMPARE(started.load(), 1);
        runner.run<int>(immediate(2, &ranSecond), record);  // waits, then is superseded unrun
        runner.run<int>(immediate(3), record);
        QCOMPARE(runner.latestRequest(), 3u);
        release = true;
        QTRY_COMPARE(answered, (QList<int>{1, 3}));
        QTRY_VERIFY(!runner.busy());
        QCOMPARE(ranSecond.load(), 0);
    }

    void aRequestMadeByTheReceiverWaitsBehindTheNext() {
        // A receiver that asks again (as the controller does when a result is stale) must not
        // start a second job beside the one already queued.
        JobRunner runner(JobRunner::Policy::FinishRunning);
        std::atomic<bool> release{false};
        std::atomic<int> started{0};
        QList<int> answered;
        std::function<void(JobOutcome<int>)> record = [&](JobOutcome<int> outcome) {
            answered << *outcome.value;
            if (*outcome.value == 1) {
                QVERIFY(runner.busy());  // request 2 already runs
                runner.run<int>(immediate(4), record);
            }
        };
        runner.run<int>(blockingWork(release, 1, &started), record);
        QTRY_COMPARE(started.load(), 1);
        runner.run<int>(immediate(2), record);
        release = true;
        QTRY_COMPARE(answered, (QList<int>{1, 2, 4}));
    }

    void errorsAndCancellationAreOutcomes() {
        JobRunner runner(JobRunner::Policy::CancelRunning);
        QList<JobOutcome<int>> outcomes;
        runner.run<int>(
            [](const JobControl&) -> int { throw Error("v.vec: line 3: not a number"); },
            [&](JobOutcome<int> outcome) { outcomes << outcome; });
        QTRY_COMPARE(outcomes.size(), 1);
        QVERIFY(!outcomes[0].value);
        QCOMPARE(outcomes[0].error, QStringLiteral("v.vec: line 3: not a number"));
        QVERIFY(!outcomes[0].cancelled);

        std::atomic<bool> never{false};
        runner.run<int>(blockingWork(never, 1),
                        [&](JobOutcome<int> outcome) { outcomes << outcome; });
        runner.cancel();
        QTRY_COMPARE(outcomes.size(), 2);
        QVERIFY(outcomes[1].cancelled);
        QVERIFY(!outcomes[1].value);
        QVERIFY(outcomes[1].error.isEmpty());
    }

    void progressAndBusyAreSignalled() {
        JobRunner runner(JobRunner::Policy::CancelRunning);
        QSignalSpy busy(&runner, &JobRunner::busyChanged);
        QSignalSpy progress(&runner, &JobRunner::progress);
        std::atomic<bool> release{false};
        runner.run<int>(
            [&release](const JobControl& control) {
                control.report(1, 2);
                while (!release)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return 0;
            },
            [](JobOutcome<int>) {});
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty(), 2000);
        QCOMPARE(progress.last().at(0).toDouble(), 0.5);
        release = true;
        QTRY_COMPARE(busy.size(), 2);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
    }

    void nothingIsDeliveredAfterTheRunnerIsGone() {
        bool delivered = false;
        std::atomic<bool> release{false};
        {
            JobRunner runner(JobRunner::Policy::FinishRunning);
            runner.run<int>(blockingWork(release, 1), [&](JobOutcome<int>) { delivered = true; });
        }  // the destructor cancels and waits
        QCoreApplication::processEvents();
        QTest::qWait(20);
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
