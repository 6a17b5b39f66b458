// The trainer: determinism, control from another thread (pause, resume, step, stop, learning
// rate), progress and snapshots, divergence detection, and that it learns a synthetic corpus.
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "Error.h"
#include "Trainer.h"
#include "TrainingKernel.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Sentences of `length` words, each drawn from one of `groups` topic groups of `groupSize` words
// ("g0w0" ... ), so that words of a group share contexts and words of different groups never do.
std::shared_ptr<TokenizedCorpus> topicCorpus(int sentences, int length, int groups = 2,
                                             int groupSize = 10, unsigned seed = 7) {
    std::mt19937 generator(seed);
    std::vector<std::vector<int>> words;
    std::vector<std::uint64_t> counts(std::size_t(groups * groupSize), 0);
    for (int s = 0; s < sentences; ++s) {
        const int group = int(generator() % unsigned(groups));
        std::vector<int> sentence;
        for (int i = 0; i < length; ++i) {
            const int word = group * groupSize + int(generator() % unsigned(groupSize));
            sentence.push_back(word);
            ++counts[std::size_t(word)];
        }
        words.push_back(sentence);
    }
    std::vector<std::pair<std::string, std::uint64_t>> named;
    std::uint64_t total = 0;
    for (std::size_t w = 0; w < counts.size(); ++w) {
        named.emplace_back("g" + std::to_string(w / std::size_t(groupSize)) + "w" +
                               std::to_string(w % std::size_t(groupSize)),
                           counts[w]);
        total += counts[w];
    }
    auto corpus = std::make_shared<TokenizedCorpus>();
    corpus->vocabulary = Vocabulary::fromCounts(named, 1, 0, total);
    corpus->name = "topics.txt";
    for (const auto& sentence : words) {
        for (int word : sentence) {
            const auto& name = named[std::size_t(word)].first;
            corpus->tokens.push_back(corpus->vocabulary.indexOf(name));
        }
        corpus->tokens.push_back(kSentenceEnd);
    }
    return corpus;
}

TrainerOptions smallOptions(TrainingModel model, TrainingKernelKind kernel) {
    TrainerOptions options;
    options.model = model;
    options.kernel = kernel;
    options.dim = 16;
    options.window = 3;
    options.negative = 3;
    options.epochs = 3;
    options.sample = 0;
    options.threads = 1;
    return options;
}

// Polls until the condition holds or the timeout passes.
template <typename Condition>
bool waitFor(Condition condition, int milliseconds = 5000) {
    // Sanitizer builds train 10-50x slower, and CI runs other heavy tests beside this one.
    const int limit = milliseconds * (embedscope::test::sanitizerBuild() ? 8 : 1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limit);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

float cosine(const RowMatrixXf& table, int a, int b) {
    return table.row(a).dot(table.row(b)) / (table.row(a).norm() * table.row(b).norm());
}

void addModelRows() {
    QTest::addColumn<TrainingModel>("model");
    QTest::addColumn<TrainingKernelKind>("kernel");
    QTest::newRow("skip-gram classic") << TrainingModel::SkipGram << TrainingKernelKind::Classic;
    QTest::newRow("skip-gram batched") << TrainingModel::SkipGram << TrainingKernelKind::Batched;
    QTest::newRow("cbow classic") << TrainingModel::Cbow << TrainingKernelKind::Classic;
    QTest::newRow("cbow batched") << TrainingModel::Cbow << TrainingKernelKind::Batched;
}

// Pretrained vectors for topicCorpus(): three of its words, then two words it lacks, with values
// unlike any random initialisation (N(0, 1) at dimension `dim`).
std::shared_ptr<const WordVectors> pretrainedFor(int dim, unsigned seed = 11) {
    auto vectors = std::make_shared<WordVectors>();
    vectors->words = {"g0w1", "outside-a", "g1w3", "g0w0", "outside-b"};
    vectors->vectors.resize(5, dim);
    std::mt19937 generator(seed);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < vectors->vectors.size(); ++i)
        vectors->vectors.data()[i] = normal(generator);
    return vectors;
}

bool sameRow(const RowMatrixXf& a, Eigen::Index rowA, const RowMatrixXf& b, Eigen::Index rowB) {
    return (a.row(rowA).array() == b.row(rowB).array()).all();
}

}  // namespace

Q_DECLARE_METATYPE(embedscope::TrainingModel)
Q_DECLARE_METATYPE(embedscope::TrainingKernelKind)

class TestTrainer : public QObject {
    Q_OBJECT

private slots:
    // Stopping a trainer (idle, or at the end of a run) records the final state in the progress
    // record; a projection job reads that record at the same time. ThreadSanitizer (the
    // `threading` label) reported the write under the state mutex against the read under the
    // progress mutex.
    void stoppingWhileProgressIsReadDoesNotRace() {
        const auto corpus = topicCorpus(300, 25);
        for (int run = 0; run < 2; ++run) {
            Trainer trainer(corpus,
                            smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched));
            if (run == 1)
                trainer.start();  // the run's own end writes the state too
            std::atomic<bool> done{false};
            std::atomic<int> reads{0};
            std::thread reader([&] {
                while (!done.load()) {
                    QVERIFY(trainer.progress().totalWords > 0);
                    ++reads;
                }
            });
            while (reads.load() < 1000)  // the reads surround the write below
                std::this_thread::yield();
            if (run == 1)
                trainer.wait();
            trainer.stop();
            done = true;
            reader.join();
            QVERIFY(trainer.progress().state == TrainerState::Stopped ||
                    trainer.progress().state == TrainerState::Finished);
        }
    }

    void oneThreadIsDeterministic_data() { addModelRows(); }
    void oneThreadIsDeterministic() {
        QFETCH(TrainingModel, model);
        QFETCH(TrainingKernelKind, kernel);
        const auto corpus = topicCorpus(300, 25);
        TrainerOptions options = smallOptions(model, kernel);
        options.sample = 1e-2;  // subsampling draws from the same generator
        bool allFinished = true;
        const auto train = [&](const TrainerOptions& runOptions) {
            Trainer trainer(corpus, runOptions);
            trainer.start();
            trainer.wait();
            allFinished = allFinished && trainer.state() == TrainerState::Finished;
            return trainer.inputVectors();
        };
        const RowMatrixXf fileOrder = train(options);
        QVERIFY(train(options) == fileOrder);  // bit-identical
        TrainerOptions otherSeed = options;
        otherSeed.seed = 2;
        QVERIFY(train(otherSeed) != fileOrder);
        // With shuffled lines too; and the order is a real difference.
        options.shuffleLines = true;
        const RowMatrixXf shuffled = train(options);
        QVERIFY(train(options) == shuffled);
        QVERIFY(shuffled != fileOrder);
        QVERIFY(allFinished);
    }

    // Words of one topic group end up closer to each other than to the other group's words.
    void learnsTopicGroups_data() { addModelRows(); }
    void learnsTopicGroups() {
        QFETCH(TrainingModel, model);
        QFETCH(TrainingKernelKind, kernel);
        const auto corpus = topicCorpus(600, 20);
        TrainerOptions options = smallOptions(model, kernel);
        options.epochs = 5;
        options.threads = 2;
        Trainer trainer(corpus, options);
        trainer.start();
        trainer.wait();
        QCOMPARE(trainer.state(), TrainerState::Finished);
        // Centred first: skip-gram vectors of a tiny corpus share a large common direction
        // (every word co-occurs with the same few), which says nothing about the groups.
        RowMatrixXf vectors = trainer.inputVectors();
        vectors.rowwise() -= vectors.colwise().mean();
        const Vocabulary& vocabulary = corpus->vocabulary;
        auto group = [&](int word) { return vocabulary.word(word)[1]; };
        double within = 0, across = 0;
        int withinCount = 0, acrossCount = 0;
        for (int a = 0; a < vocabulary.size(); ++a) {
            int nearest = -1;
            float nearestCosine = -2;
            for (int b = 0; b < vocabulary.size(); ++b) {
                if (b == a)
                    continue;
                const float similarity = cosine(vectors, a, b);
                if (similarity > nearestCosine) {
                    nearestCosine = similarity;
                    nearest = b;
                }
                if (b < a)
                    continue;
                const bool sameGroup = group(a) == group(b);
                (sameGroup ? within : across) += similarity;
                ++(sameGroup ? withinCount : acrossCount);
            }
            QVERIFY2(group(nearest) == group(a),
                     qPrintable(QStringLiteral("nearest to %1 is %2")
                                    .arg(QString::fromStdString(vocabulary.word(a)),
                                         QString::fromStdString(vocabulary.word(nearest)))));
        }
        within /= withinCount;
        across /= acrossCount;
        QVERIFY2(within > across + 0.5,
                 qPrintable(QStringLiteral("within %1, across %2").arg(within).arg(across)));
        // The loss went down from its starting value log(2) * (1 + k) for zero output vectors.
        const TrainingProgress progress = trainer.progress();
        QVERIFY(std::isfinite(progress.loss));
        QVERIFY2(progress.loss < std::log(2.0) * (1 + options.negative) * 0.8,
                 qPrintable(QString::number(progress.loss)));
        QCOMPARE(progress.wordsProcessed, progress.totalWords);
        QCOMPARE(progress.fraction, 1.0);
    }

    // Progress counts the examples trained. Without subsampling every position of a line of two or
    // more words has a context, so CBOW trains exactly one window per position, in either line
    // order; lines of one word give nothing to learn, and the table stays as it started.
    void countsTrainingExamples_data() { addModelRows(); }
    void countsTrainingExamples() {
        QFETCH(TrainingModel, model);
        QFETCH(TrainingKernelKind, kernel);
        TrainerOptions options = smallOptions(model, kernel);
        options.threads = 2;
        const int sentences = 300, length = 6;
        for (bool shuffleLines : {false, true}) {
            options.shuffleLines = shuffleLines;
            Trainer trainer(topicCorpus(sentences, length), options);
            trainer.start();
            trainer.wait();
            QCOMPARE(trainer.state(), TrainerState::Finished);
            const std::uint64_t positions = std::uint64_t(sentences) * length * options.epochs;
            const std::uint64_t examples = trainer.progress().examplesTrained;
            if (model == TrainingModel::Cbow) {
                QCOMPARE(examples, positions);
            } else {  // skip-gram: one pair per context word, 1 to 2 * window of them per position
                QVERIFY2(examples > positions, qPrintable(QString::number(examples)));
                QVERIFY2(examples <= positions * 2 * std::uint64_t(options.window),
                         qPrintable(QString::number(examples)));
            }
        }

        Trainer lonely(topicCorpus(sentences, 1), options);
        const RowMatrixXf initial = lonely.inputVectors();
        lonely.start();
        lonely.wait();
        QCOMPARE(lonely.state(), TrainerState::Finished);
        QCOMPARE(lonely.progress().examplesTrained, std::uint64_t(0));
        QVERIFY(lonely.inputVectors() == initial);
    }

    void pauseResumeStepStop() {
        const auto corpus = topicCorpus(2000, 50, 4, 50);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        options.epochs = 100000;  // far more than the test lets it run
        options.threads = 2;
        Trainer trainer(corpus, options);
        std::atomic<int> progressCalls{0};
        std::atomic<int> finishedCalls{0};
        TrainerState finishedState = TrainerState::Idle;
        trainer.setProgressCallback([&](const TrainingProgress&) { ++progressCalls; });
        trainer.setFinishedCallback([&](TrainerState state, const std::string&) {
            finishedState = state;
            ++finishedCalls;
        });
        QCOMPARE(trainer.state(), TrainerState::Idle);
        trainer.start();
        QCOMPARE(trainer.state(), TrainerState::Running);
        QVERIFY(waitFor([&] { return trainer.progress().wordsProcessed > 100000; }));

        // Pause from another thread; progress stops.
        std::thread controller([&] { trainer.pause(); });
        controller.join();
        QCOMPARE(trainer.state(), TrainerState::Paused);
        const auto frozen = trainer.progress().wordsProcessed;
        const RowMatrixXf frozenVectors = trainer.inputVectors();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        QCOMPARE(trainer.progress().wordsProcessed, frozen);
        QVERIFY(trainer.inputVectors() == frozenVectors);

        trainer.resume();
        QCOMPARE(trainer.state(), TrainerState::Running);
        QVERIFY(waitFor([&] { return trainer.progress().wordsProcessed > frozen + 50000; }));
        QVERIFY(progressCalls.load() > 0);

        // step(N): trains about N more words (overshoot at most a sentence per worker) and pauses.
        trainer.pause();
        const auto before = trainer.progress().wordsProcessed;
        trainer.step(20000);
        QVERIFY(waitFor([&] { return trainer.state() == TrainerState::Paused; }));
        const auto after = trainer.progress().wordsProcessed;
        QVERIFY2(after >= before + 20000 && after <= before + 20000 + 2 * 50,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));

        // The learning rate can be set while running; the schedule decays from there. (A modest
        // value: a large one may make the run diverge before stop() below, when the machine is
        // slow enough for many words to pass in between.)
        trainer.resume();
        trainer.setLearningRate(0.05);
        QVERIFY(std::fabs(trainer.progress().learningRate - 0.05) < 1e-3);

        // Snapshots copy the requested rows; generations increase.
        const auto first = trainer.snapshot({0, 3, 7});
        const auto second = trainer.snapshot({1});
        QCOMPARE(first->vectors.rows(), Eigen::Index(3));
        QCOMPARE(first->vectors.cols(), Eigen::Index(options.dim));
        QVERIFY(second->generation > first->generation);
        QVERIFY(first->vectors.allFinite());

        std::thread stopper([&] { trainer.stop(); });
        stopper.join();
        QCOMPARE(trainer.state(), TrainerState::Stopped);
        QCOMPARE(finishedCalls.load(), 1);
        QCOMPARE(finishedState, TrainerState::Stopped);
        const auto stopped = trainer.progress().wordsProcessed;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(trainer.progress().wordsProcessed, stopped);
        trainer.resume();  // no effect once stopped
        QCOMPARE(trainer.state(), TrainerState::Stopped);
    }

    // progressIntervalMs sets how often progress is measured and reported: a headless recording
    // (embedscope-cli train --session) asks for 10 ms so that a short run's timeline gets more
    // than the 20 frames a second the default 50 ms allows.
    void progressIntervalSetsTheReportRate() {
        const auto corpus = topicCorpus(2000, 50, 4, 50);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        options.epochs = 100000;  // far more than the test lets it run
        options.progressIntervalMs = 10;
        Trainer trainer(corpus, options);
        std::atomic<int> reports{0};
        trainer.setProgressCallback([&](const TrainingProgress&) { ++reports; });
        trainer.start();
        // 0.5 s of training time: 50 ticks of 10 ms; the default would give at most 10.
        QVERIFY(waitFor([&] { return trainer.progress().elapsedSeconds >= 0.5; }, 20000));
        trainer.stop();
        QVERIFY2(reports.load() >= 25, qPrintable(QString::number(reports.load())));
    }

    // waitFor returns when the run ends, not when its timeout does: embedscope-cli train slept
    // in 100 ms polls and so ended up to 100 ms after its training (2-5% of a short run).
    void waitForReturnsWhenTheRunEnds() {
        const auto corpus = topicCorpus(500, 40);
        TrainerOptions options = smallOptions(TrainingModel::Cbow, TrainingKernelKind::Batched);
        options.epochs = 2;
        Trainer trainer(corpus, options);
        QVERIFY(!trainer.waitFor(std::chrono::milliseconds(20)));  // idle: it does not end
        trainer.start();
        QElapsedTimer clock;
        clock.start();
        QVERIFY(trainer.waitFor(std::chrono::seconds(60)));
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(trainer.state(), TrainerState::Finished);
        QVERIFY(trainer.waitFor(std::chrono::milliseconds(0)));  // ended: at once
    }

    void stepFromIdleStartsAndPauses() {
        const auto corpus = topicCorpus(500, 40);
        TrainerOptions options = smallOptions(TrainingModel::Cbow, TrainingKernelKind::Batched);
        options.epochs = 50;
        Trainer trainer(corpus, options);
        trainer.step(1000);
        QVERIFY(waitFor([&] { return trainer.state() == TrainerState::Paused; }));
        QVERIFY(trainer.progress().wordsProcessed >= 1000);
        trainer.resume();
        trainer.wait();
        QCOMPARE(trainer.state(), TrainerState::Finished);
    }

    // Every step that ends in Paused is reported through the progress callback, however short it
    // is: the window learns the trainer's state only from there. (A step shorter than the
    // monitor's tick went Paused -> Running -> Paused between two ticks and was never reported, so
    // the window kept showing "training".)
    void everyStepReportsItsPause_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("1 thread") << 1;
        QTest::newRow("2 threads") << 2;
    }
    void everyStepReportsItsPause() {
        QFETCH(int, threads);
        const auto corpus = topicCorpus(2000, 50, 4, 50);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        options.epochs = 100000;
        options.threads = threads;
        Trainer trainer(corpus, options);
        std::mutex mutex;
        std::vector<TrainerState> reported;
        trainer.setProgressCallback([&](const TrainingProgress& progress) {
            std::lock_guard<std::mutex> lock(mutex);
            reported.push_back(progress.state);
        });
        auto lastReported = [&] {
            std::lock_guard<std::mutex> lock(mutex);
            return reported.empty() ? TrainerState::Idle : reported.back();
        };
        trainer.start();
        QVERIFY(waitFor([&] { return trainer.progress().wordsProcessed > 1000; }));
        trainer.pause();
        QVERIFY(waitFor([&] { return lastReported() == TrainerState::Paused; }));
        for (int i = 0; i < 20; ++i) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                reported.clear();
            }
            const auto before = trainer.progress().wordsProcessed;
            trainer.step(100);  // a few sentences: far less than one monitor tick
            QVERIFY2(waitFor([&] { return lastReported() == TrainerState::Paused; }, 2000),
                     qPrintable(QStringLiteral("step %1 was not reported as paused").arg(i)));
            QCOMPARE(trainer.state(), TrainerState::Paused);
            QVERIFY(trainer.progress().wordsProcessed >= before + 100);
        }
        trainer.stop();
    }

    // Issue 15, defect 10: every read of a running trainer's tables goes through the documented
    // racy copy of core/TrainingKernel (TSan cannot tell a stray plain read here, see
    // hogwildReadCount), so each of the trainer's copies must be counted there.
    void liveTablesAreReadOnlyThroughTheRacyCopy() {
        const auto corpus = topicCorpus(2000, 50, 4, 50);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        options.epochs = 100000;
        options.threads = 2;
        Trainer trainer(corpus, options);
        trainer.start();
        QVERIFY(waitFor([&] { return trainer.progress().wordsProcessed > 1000; }));
        std::uint64_t before = hogwildReadCount();
        const RowMatrixXf input = trainer.inputVectors();
        QVERIFY2(hogwildReadCount() > before, "inputVectors() read the live table directly");
        before = hogwildReadCount();
        const RowMatrixXf output = trainer.outputVectors();
        QVERIFY2(hogwildReadCount() > before, "outputVectors() read the live table directly");
        before = hogwildReadCount();
        const auto snapshot = trainer.snapshot({0, 1, 2});
        QVERIFY2(hogwildReadCount() > before, "snapshot() read the live table directly");
        QCOMPARE(input.rows(), corpus->vocabulary.size());
        QCOMPARE(output.rows(), corpus->vocabulary.size());
        QCOMPARE(snapshot->vectors.rows(), 3);
        trainer.stop();
    }

    // A paused trainer stops too, and destroying a running trainer joins its threads promptly.
    void destroyingRunningTrainerJoins() {
        const auto corpus = topicCorpus(2000, 50, 4, 50);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Classic);
        options.epochs = 100000;
        options.threads = 2;
        auto trainer = std::make_unique<Trainer>(corpus, options);
        trainer->start();
        QVERIFY(waitFor([&] { return trainer->progress().wordsProcessed > 10000; }));
        const auto start = std::chrono::steady_clock::now();
        trainer.reset();
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));

        auto paused = std::make_unique<Trainer>(corpus, options);
        paused->start();
        paused->pause();
        paused.reset();  // must not hang on parked workers
    }

    void divergenceFailsWithMessage_data() { addModelRows(); }
    void divergenceFailsWithMessage() {
        QFETCH(TrainingModel, model);
        QFETCH(TrainingKernelKind, kernel);
        const auto corpus = topicCorpus(2000, 30);
        TrainerOptions options = smallOptions(model, kernel);
        options.learningRate = 1e6;
        options.init = EmbeddingInit::Normal;
        options.epochs = 200;
        Trainer trainer(corpus, options);
        std::string error;
        trainer.setFinishedCallback(
            [&](TrainerState, const std::string& message) { error = message; });
        trainer.start();
        trainer.wait();
        QCOMPARE(trainer.state(), TrainerState::Failed);
        QVERIFY2(error.find("training diverged at ") == 0, error.c_str());
        QVERIFY2(error.find("lower the learning rate (now 1e+06)") != std::string::npos,
                 error.c_str());
    }

    // Unset, the kernel and the initialisation follow the model (the shared rule of the CLI, the
    // app and the benchmarks); set, they stay whatever the model.
    void kernelAndInitFollowTheModelUnlessSet() {
        TrainerOptions options;
        options.model = TrainingModel::Cbow;
        QCOMPARE(options.effectiveKernel(), TrainingKernelKind::Classic);
        QCOMPARE(options.effectiveInit(), EmbeddingInit::GensimUniform);
        options.model = TrainingModel::SkipGram;
        QCOMPARE(options.effectiveKernel(), TrainingKernelKind::Batched);
        QCOMPARE(options.effectiveInit(), EmbeddingInit::Word2VecUniform);
        options.kernel = TrainingKernelKind::Classic;
        options.init = EmbeddingInit::Normal;
        for (TrainingModel model : {TrainingModel::SkipGram, TrainingModel::Cbow}) {
            options.model = model;
            QCOMPARE(options.effectiveKernel(), TrainingKernelKind::Classic);
            QCOMPARE(options.effectiveInit(), EmbeddingInit::Normal);
        }
        QCOMPARE(trainingKernelFromName("classic"), std::optional(TrainingKernelKind::Classic));
        QCOMPARE(trainingKernelFromName("batched"), std::optional(TrainingKernelKind::Batched));
        QVERIFY(!trainingKernelFromName("hogbatch"));
        for (TrainingKernelKind kernel : {TrainingKernelKind::Classic, TrainingKernelKind::Batched})
            QCOMPARE(trainingKernelFromName(trainingKernelName(kernel)), std::optional(kernel));
    }

    // from_pretrained: the corpus words of the file start from its rows, the others from the
    // random rows the same seed gives without a file; the file's other words are kept, unchanged,
    // after the corpus words.
    void startsFromPretrainedVectors() {
        const auto corpus = topicCorpus(200, 12);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        const Trainer random(corpus, options);
        options.pretrained.vectors = pretrainedFor(options.dim);
        options.pretrained.source = "pretrained.txt";
        const Trainer trainer(corpus, options);
        const WordVectors& file = *options.pretrained.vectors;
        const Vocabulary& vocabulary = corpus->vocabulary;
        QCOMPARE(trainer.pretrainedRows(), 3);
        QCOMPARE(trainer.keptPretrainedRows(), 2);
        const RowMatrixXf input = trainer.inputVectors();
        const RowMatrixXf randomInput = random.inputVectors();
        QCOMPARE(input.rows(), Eigen::Index(vocabulary.size()));
        for (int row : {0, 2, 3})
            QVERIFY2(
                sameRow(input, vocabulary.indexOf(file.words[std::size_t(row)]), file.vectors, row),
                file.words[std::size_t(row)].c_str());
        for (const char* word : {"g0w2", "g1w0", "g1w9"})
            QVERIFY2(
                sameRow(input, vocabulary.indexOf(word), randomInput, vocabulary.indexOf(word)),
                word);
        const WordVectors exported = trainer.wordVectors();
        QCOMPARE(exported.rows(), vocabulary.size() + 2);
        QCOMPARE(exported.words.size(), std::size_t(exported.rows()));
        QCOMPARE(exported.words[std::size_t(vocabulary.size())], std::string("outside-a"));
        QCOMPARE(exported.words[std::size_t(vocabulary.size()) + 1], std::string("outside-b"));
        QVERIFY(sameRow(exported.vectors, vocabulary.size(), file.vectors, 1));
        QVERIFY(sameRow(exported.vectors, vocabulary.size() + 1, file.vectors, 4));
    }

    // freeze: the input rows from the file stay bit for bit what the file says while the output
    // table and the words the file lacked learn; without freeze the file's rows learn too. The
    // words outside the corpus are exported unchanged either way.
    void freezeKeepsThePretrainedRows_data() {
        QTest::addColumn<TrainingModel>("model");
        QTest::addColumn<TrainingKernelKind>("kernel");
        QTest::addColumn<bool>("freeze");
        for (bool freeze : {true, false}) {
            const char* mode = freeze ? "frozen" : "trained";
            QTest::addRow("skip-gram classic, %s", mode)
                << TrainingModel::SkipGram << TrainingKernelKind::Classic << freeze;
            QTest::addRow("skip-gram batched, %s", mode)
                << TrainingModel::SkipGram << TrainingKernelKind::Batched << freeze;
            QTest::addRow("cbow classic, %s", mode)
                << TrainingModel::Cbow << TrainingKernelKind::Classic << freeze;
            QTest::addRow("cbow batched, %s", mode)
                << TrainingModel::Cbow << TrainingKernelKind::Batched << freeze;
        }
    }
    void freezeKeepsThePretrainedRows() {
        QFETCH(TrainingModel, model);
        QFETCH(TrainingKernelKind, kernel);
        QFETCH(bool, freeze);
        const auto corpus = topicCorpus(300, 12);
        TrainerOptions options = smallOptions(model, kernel);
        options.pretrained.vectors = pretrainedFor(options.dim);
        options.pretrained.freeze = freeze;
        Trainer trainer(corpus, options);
        const RowMatrixXf before = trainer.inputVectors();
        trainer.start();
        trainer.wait();
        QCOMPARE(trainer.state(), TrainerState::Finished);
        const RowMatrixXf after = trainer.inputVectors();
        const Vocabulary& vocabulary = corpus->vocabulary;
        for (const char* word : {"g0w1", "g1w3", "g0w0"}) {
            const auto row = vocabulary.indexOf(word);
            QVERIFY2(sameRow(after, row, before, row) == freeze, word);
        }
        for (const char* word : {"g0w2", "g1w0", "g1w9"}) {
            const auto row = vocabulary.indexOf(word);
            QVERIFY2(!sameRow(after, row, before, row), word);
        }
        QVERIFY(trainer.outputVectors().cwiseAbs().maxCoeff() > 0);  // it starts at zero
        const WordVectors exported = trainer.wordVectors();
        const WordVectors& file = *options.pretrained.vectors;
        QVERIFY(sameRow(exported.vectors, vocabulary.size(), file.vectors, 1));
        QVERIFY(sameRow(exported.vectors, vocabulary.size() + 1, file.vectors, 4));
    }

    // Vectors of another dimension, or with a non-finite value, are refused with the file's name
    // and the problem (both dimensions).
    void rejectsUnusablePretrainedVectors() {
        const auto corpus = topicCorpus(20, 5);
        TrainerOptions options = smallOptions(TrainingModel::SkipGram, TrainingKernelKind::Batched);
        options.pretrained.vectors = pretrainedFor(options.dim + 1);
        options.pretrained.source = "glove.300d.txt";
        const QString wrongDim = test::errorMessage([&] { Trainer trainer(corpus, options); });
        QVERIFY2(wrongDim.startsWith(QStringLiteral("glove.300d.txt")), qPrintable(wrongDim));
        QVERIFY2(wrongDim.contains(QStringLiteral("dimension 17, but training uses dimension 16")),
                 qPrintable(wrongDim));
        auto withNan = std::make_shared<WordVectors>(*pretrainedFor(options.dim));
        withNan->vectors(2, 3) = std::nanf("");
        options.pretrained.vectors = withNan;
        const QString nan = test::errorMessage([&] { Trainer trainer(corpus, options); });
        QVERIFY2(nan.startsWith(QStringLiteral("glove.300d.txt")) && nan.contains("NaN"),
                 qPrintable(nan));
    }

    void rejectsInvalidInput() {
        const auto corpus = topicCorpus(10, 5);
        TrainerOptions options;
        options.dim = 0;
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(corpus, options));
        options = TrainerOptions();
        options.window = 0;
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(corpus, options));
        auto empty = std::make_shared<TokenizedCorpus>();
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(empty, TrainerOptions()));
        auto bad = std::make_shared<TokenizedCorpus>(*corpus);
        bad->tokens.push_back(1000);
        try {
            Trainer trainer(bad, TrainerOptions());
            QFAIL("an out-of-range token id was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("topics.txt") == 0, e.what());
        }
        // Every id outside [0, V) other than the sentence end, wherever it lies, is named.
        const std::int32_t size = corpus->vocabulary.size();
        for (const std::int32_t id :
             {size, std::int32_t(-2), std::numeric_limits<std::int32_t>::max(),
              std::numeric_limits<std::int32_t>::min()}) {
            for (const std::size_t at : {std::size_t(0), corpus->tokens.size() / 2}) {
                auto spoilt = std::make_shared<TokenizedCorpus>(*corpus);
                spoilt->tokens.insert(spoilt->tokens.begin() + std::ptrdiff_t(at), id);
                const QString message =
                    test::errorMessage([&] { Trainer trainer(spoilt, TrainerOptions()); });
                QVERIFY2(message.contains(
                             QStringLiteral("token id %1 is outside the vocabulary of %2 words")
                                 .arg(id)
                                 .arg(size)),
                         qPrintable(message));
            }
        }
        // The words of an epoch are the ids other than the sentence ends.
        const auto words = static_cast<std::uint64_t>(
            std::count_if(corpus->tokens.begin(), corpus->tokens.end(),
                          [](std::int32_t id) { return id != kSentenceEnd; }));
        TrainerOptions three;
        three.epochs = 3;
        QCOMPARE(Trainer(corpus, three).progress().totalWords, 3 * words);
    }
};

EMBEDSCOPE_TEST_MAIN(TestTrainer)
#include "tst_trainer.moc"
