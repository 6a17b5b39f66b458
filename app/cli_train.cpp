// embedscope-cli train CORPUS -o OUT [options]: trains skip-gram or CBOW vectors and writes them.
//
// Progress goes to stderr like fastText's (refreshed in place on a terminal, a line every few
// seconds otherwise). Ctrl-C stops training cleanly: nothing is written and the exit code is 130.
// With --session RUN.embedscope the main thread also records the training timeline of the most
// frequent words (TrainingTimeline.h) and writes it with the result into a session file
// (SessionFile.h) after the vectors.
#include <QJsonObject>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "AtomicOutput.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "Error.h"
#include "SessionFile.h"
#include "SessionJson.h"
#include "Trainer.h"
#include "TrainingTimeline.h"
#include "VectorFormats.h"

namespace embedscope::cli {

namespace {

const char* const kTrainUsage =
    "usage: embedscope-cli train CORPUS -o OUT [options]\n"
    "  --format csv|word2vec|word2vec-bin|glove|projector   (default: from OUT's extension)\n"
    "  --model sg|cbow (sg)   --kernel classic|batched (batched for sg, classic for cbow)\n"
    "  --dim N (100)   --window N (5)   --negative N (5)   --epochs N (5)\n"
    "  --sample T (1e-3)   --lr X (0.025 sg, 0.05 cbow)   --threads N (all cores)   --seed N (1)\n"
    "  --init uniform|gensim|normal (uniform for sg, gensim for cbow; uniform: word2vec's\n"
    "    U(-0.5/dim, 0.5/dim); gensim: U(-1/dim, 1/dim); normal: N(0, 1))\n"
    "  --max-vocab N (no limit)\n"
    "  --init-from VECTORS (start from these vectors, in any format `neighbors` reads; --dim\n"
    "    defaults to theirs; corpus words they lack start as --init says; their words the corpus\n"
    "    lacks are written unchanged after the corpus words)\n"
    "  --freeze (with --init-from: the vectors from VECTORS are not updated; the output vectors\n"
    "    and the corpus words VECTORS lacks still learn)\n"
    "  --order file|shuffled (file: each thread reads its lines in file order, as word2vec does;\n"
    "    shuffled: in a new random order every epoch, for a file sorted by topic or date)\n"
    "  --session RUN.embedscope (also write a session: the result, the timeline of the most\n"
    "    frequent words during training, the options and the corpus's size and CRC-32)\n"
    "  --session-words N (300: the words the timeline follows)\n"
    "  --session-budget MB (200: the timeline's memory; frames thin out to stay within it)\n"
    "  --stream auto|always|never (auto: a corpus of more than 32 M words keeps its ids in a file\n"
    "    in the cache folder, read back in chunks, so that memory does not grow with the corpus;\n"
    "    always/never: whatever its size)   --cache-dir DIR (~/.cache/embedscope; the id file is\n"
    "    removed from it as soon as it is created and freed when training ends)\n"
    "  corpus options: --min-count N (5) --max-size N --tokenize words|whitespace\n"
    "                  --lowercase|--no-lowercase --digits-to-token --no-apostrophes "
    "--no-hyphens\n"
    "                  --no-normalize (keep the bytes: no Unicode NFC)\n"
    "  CORPUS may be compressed (.gz .xz .bz2 .zst, a .zip of one file) or a folder (its files\n"
    "  in name order, one stream); --corpus-list FILE instead names the files, one per line.\n";

std::string progressLine(const TrainingProgress& p, int threads) {
    const long long eta = static_cast<long long>(p.etaSeconds);
    char line[200];
    std::snprintf(
        line, sizeof line,
        "Progress: %5.1f%% words/sec/thread: %7.0f lr: %9.6f loss: %9.6f ETA: %lldh%2lldm%02llds",
        100.0 * p.fraction, p.wordsPerSecond / threads, p.learningRate, p.loss, eta / 3600,
        (eta / 60) % 60, eta % 60);
    return line;
}

// Reading the corpus: progress by bytes with an ETA from the rate so far (reading runs at a steady
// rate, so the mean is a good predictor), on one refreshed line on a terminal, else every 5 s.
std::function<void(std::uint64_t, std::uint64_t)> readingProgress(const std::string& path,
                                                                  bool terminal) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto last = start;
    return [=](std::uint64_t done, std::uint64_t total) mutable {
        const auto now = Clock::now();
        if (total == 0 || now - last < (terminal ? std::chrono::milliseconds(200)
                                                 : std::chrono::milliseconds(5000)))
            return;
        last = now;
        const double seconds = std::chrono::duration<double>(now - start).count();
        const double fraction = std::min(1.0, double(done) / double(total));
        const long long eta =
            fraction > 0 ? static_cast<long long>(seconds * (1 - fraction) / fraction) : 0;
        std::fprintf(stderr,
                     terminal ? "\rReading %s: %5.1f%% (%.2f of %.2f GB) ETA: %lldm%02llds"
                              : "Reading %s: %5.1f%% (%.2f of %.2f GB) ETA: %lldm%02llds\n",
                     path.c_str(), 100.0 * fraction, double(done) / 1e9, double(total) / 1e9,
                     eta / 60, eta % 60);
    };
}

// Where the corpus's ids are kept while training.
std::string idStorageText(const TokenizedCorpus& corpus) {
    char text[512];
    if (corpus.streamed())
        std::snprintf(text, sizeof text, "streamed: ids in a %.2f GB file in %s (already unlinked)",
                      double(corpus.idBytes()) / 1e9, corpus.idFile->folder().c_str());
    else
        std::snprintf(text, sizeof text, "ids in memory (%.0f MB)", double(corpus.idBytes()) / 1e6);
    return text;
}

// --init-from VECTORS [--freeze]: reads the vectors and settles the dimension, which is theirs
// unless --dim says otherwise (then the two must agree).
PretrainedVectors pretrainedVectors(const CliArgs& args, TrainerOptions& options,
                                    const JobControl& control) {
    PretrainedVectors pretrained;
    pretrained.freeze = args.flag("--freeze");
    const auto path = args.value("--init-from");
    if (!path) {
        if (pretrained.freeze)
            throw CliUsageError("--freeze needs --init-from VECTORS (the vectors to freeze)");
        return pretrained;
    }
    pretrained.source = *path;
    pretrained.vectors = std::make_shared<const WordVectors>(readVectors(*path, control));
    const int fileDim = pretrained.vectors->dim();
    if (!args.value("--dim")) {
        options.dim = fileDim;
    } else if (options.dim != fileDim) {
        throw Error(fileError(*path, "the vectors have dimension " + std::to_string(fileDim) +
                                         ", but --dim is " + std::to_string(options.dim) +
                                         " (leave --dim out to train with the file's dimension)"));
    }
    return pretrained;
}

TrainerOptions trainerOptions(const CliArgs& args) {
    TrainerOptions options;
    const std::string model = args.value("--model", "sg");
    if (model != "sg" && model != "cbow" && model != "skipgram")
        throw CliUsageError("--model expects sg or cbow, got '" + model + "'");
    options.model = model == "cbow" ? TrainingModel::Cbow : TrainingModel::SkipGram;
    // Without --kernel or --init the model's defaults apply (defaultKernel, defaultInit in
    // Trainer.h), as in the app.
    if (const auto kernel = args.value("--kernel")) {
        options.kernel = trainingKernelFromName(*kernel);
        if (!options.kernel)
            throw CliUsageError("--kernel expects " + std::string(kTrainingKernelNames) +
                                ", got '" + *kernel + "'");
    }
    if (const auto init = args.value("--init")) {
        options.init = embeddingInitFromName(*init);
        if (!options.init)
            throw CliUsageError("--init expects " + std::string(kEmbeddingInitNames) + ", got '" +
                                *init + "'");
    }
    const std::string order = args.value("--order", "file");
    const auto shuffleLines = shuffleLinesFromName(order);
    if (!shuffleLines)
        throw CliUsageError("--order expects " + std::string(kLineOrderNames) + ", got '" + order +
                            "'");
    options.shuffleLines = *shuffleLines;
    options.dim = static_cast<int>(args.integer("--dim", 100, 1, 10000));
    options.window = static_cast<int>(args.integer("--window", 5, 1, 1000));
    options.negative = static_cast<int>(args.integer("--negative", 5, 1, 1000));
    options.epochs = static_cast<int>(args.integer("--epochs", 5, 1, 1000000));
    options.sample = args.real("--sample", 1e-3, 0, 1);
    options.learningRate = args.real("--lr", 0, 1e-12, 1e6);
    options.threads = static_cast<int>(args.integer("--threads", 0, 1, 1024));
    options.seed = static_cast<std::uint64_t>(args.integer("--seed", 1, 0, (1LL << 62)));
    return options;
}

// A headless run records 100 frames a second at first (the app's timeline 20, its display rate):
// with the fast kernels a small corpus trains in a second or two (wiki-raw-1m, 3 epochs of dim
// 50: 1.4 s on 2 cores), and its replay should still have frames to scrub. The budget thins them
// as the run goes on (TrainingTimeline.h); a frame of 300 x 50 is a 60 KB copy. The trainer's
// progress (a frame's time and metrics) is measured as often (progressIntervalMs).
constexpr double kCliTimelineInterval = 1.0 / 100;
constexpr int kCliRecordingProgressMs = 10;

// Takes a frame when the timeline wants one at the trainer's current training time; the
// snapshot (a copy of the tracked rows) is skipped otherwise.
void recordFrame(const Trainer& trainer, TrainingTimeline& timeline) {
    if (!timeline.wants(trainer.progress().elapsedSeconds))
        return;
    const auto snapshot = trainer.snapshot(timeline.rows());
    timeline.offer(FrameMetrics::from(snapshot->progress), snapshot->vectors);
}

}  // namespace

int runTrain(const Args& rawArgs) {
    for (const std::string& arg : rawArgs) {
        if (arg == "--help" || arg == "-h") {
            std::fputs(kTrainUsage, stdout);
            return 0;
        }
    }
    auto valueOptions = CliArgs::corpusValueOptions();
    valueOptions.insert(
        {"-o",          "--format",  "--model",         "--kernel",         "--init",
         "--order",     "--dim",     "--window",        "--negative",       "--epochs",
         "--sample",    "--lr",      "--threads",       "--seed",           "--max-vocab",
         "--init-from", "--session", "--session-words", "--session-budget", "--stream",
         "--cache-dir"});
    auto flags = CliArgs::corpusFlags();
    flags.insert("--freeze");
    const CliArgs args(rawArgs, valueOptions, flags);
    const char* const usage =
        "one corpus file (or a folder, or --corpus-list FILE): train CORPUS -o OUT [options]";
    args.expectPositionals(0, 1, usage);
    const auto outputPath = args.value("-o");
    if (!outputPath)
        throw CliUsageError("missing -o OUT (the vectors file to write)");
    VectorFormat format;
    try {
        format = args.value("--format") ? parseVectorFormat(*args.value("--format"))
                                        : vectorFormatFromPath(*outputPath);
    } catch (const Error& e) {
        throw CliUsageError(e.what());
    }
    TrainerOptions options = trainerOptions(args);
    CorpusOptions corpusOptions = args.corpusOptions();
    if (args.value("--max-vocab"))
        corpusOptions.maxSize =
            static_cast<std::size_t>(args.integer("--max-vocab", 0, 0, 1LL << 31));
    const std::string stream = args.value("--stream", "auto");
    if (stream == "always")
        corpusOptions.memoryTokenLimit = 0;
    else if (stream == "never")
        corpusOptions.memoryTokenLimit = std::numeric_limits<std::uint64_t>::max();
    else if (stream != "auto")
        throw CliUsageError("--stream expects auto, always or never, got '" + stream + "'");
    corpusOptions.cacheFolder = args.value("--cache-dir", "");

    const auto sessionPath = args.value("--session");
    const auto sessionWords = args.integer("--session-words", 300, 1, 1LL << 31);
    const auto sessionBudgetMb = args.integer("--session-budget", 200, 1, 1LL << 30);
    if (!sessionPath && (args.value("--session-words") || args.value("--session-budget")))
        throw CliUsageError("--session-words and --session-budget need --session RUN.embedscope");

    AtomicOutput::checkCreatable(*outputPath);
    if (sessionPath)
        AtomicOutput::checkCreatable(*sessionPath);

    InterruptGuard interruptGuard;
    const bool terminal = isatty(fileno(stderr)) != 0;
    JobControl loading;
    loading.cancel = &interruptGuard.flag();
    // Before the corpus: a bad vectors file fails at once.
    options.pretrained = pretrainedVectors(args, options, loading);
    const std::vector<std::string> corpusFiles = args.corpusInput(usage);
    const std::string corpusPath = corpusName(corpusFiles);
    // The checksum of the text as it is trained on, not as it may be after a long run.
    std::optional<SessionSource> sessionSource;
    if (sessionPath) {
        if (corpusFiles.size() != 1)
            throw CliUsageError("--session needs a corpus of one file (a session names one file)");
        sessionSource = describeSource(corpusPath, "corpus");
    }
    loading.progress = readingProgress(corpusPath, terminal);
    auto corpus =
        std::make_shared<TokenizedCorpus>(loadCorpus(corpusFiles, corpusOptions, loading));
    if (terminal)
        std::fputc('\n', stderr);
    if (!corpus->report.warning.empty())
        std::fprintf(stderr, "%s\n", corpus->report.warning.c_str());
    std::fprintf(stderr, "Read %s: %llu words, vocabulary of %d; %s\n", corpusPath.c_str(),
                 static_cast<unsigned long long>(corpus->vocabulary.vocabTokens()),
                 corpus->vocabulary.size(), idStorageText(*corpus).c_str());

    if (sessionPath)
        options.progressIntervalMs = kCliRecordingProgressMs;
    Trainer trainer(corpus, options);
    if (options.pretrained.vectors)
        std::fprintf(stderr,
                     "Starting from %s: %d of %d corpus words%s; keeping %d words the corpus "
                     "lacks\n",
                     options.pretrained.source.c_str(), trainer.pretrainedRows(),
                     corpus->vocabulary.size(), options.pretrained.freeze ? " (frozen)" : "",
                     trainer.keptPretrainedRows());
    std::string failure;  // written before waitFor sees the end
    trainer.setFinishedCallback([&](TrainerState, const std::string& error) { failure = error; });
    // The tracked words: the most frequent ones, rows 0.. of the table (vocabulary order).
    std::unique_ptr<TrainingTimeline> timeline;
    if (sessionPath) {
        std::vector<std::int32_t> rows(
            static_cast<std::size_t>(std::min<long long>(sessionWords, corpus->vocabulary.size())));
        for (std::size_t i = 0; i < rows.size(); ++i)
            rows[i] = static_cast<std::int32_t>(i);
        try {
            timeline = std::make_unique<TrainingTimeline>(
                std::move(rows), options.dim, static_cast<std::size_t>(sessionBudgetMb) << 20,
                kCliTimelineInterval);
        } catch (const Error& e) {
            throw CliUsageError(std::string("--session-budget: ") + e.what());
        }
    }
    const int threads = trainer.workerCount();
    const auto start = std::chrono::steady_clock::now();
    auto lastLine = start;
    if (timeline)
        recordFrame(trainer, *timeline);  // the random start, at training time 0
    trainer.start();
    // The main thread only watches: it prints progress, records the timeline and turns Ctrl-C
    // into stop(). While recording it looks twice as often as the timeline's first interval, so
    // that no slot of the first seconds goes without a frame.
    const auto poll = std::chrono::milliseconds(timeline ? 5 : 100);
    auto lastRefresh = start;
    // Wakes at once when the run ends (not at the next poll: up to 100 ms later).
    while (!trainer.waitFor(poll)) {
        if (timeline)
            recordFrame(trainer, *timeline);
        if (interruptGuard.interrupted()) {
            trainer.stop();
            if (terminal)
                std::fputc('\n', stderr);
            std::fprintf(stderr,
                         "embedscope-cli train: interrupted at %.1f%%; no vectors written\n",
                         100.0 * trainer.progress().fraction);
            return 130;
        }
        const auto now = std::chrono::steady_clock::now();
        if (terminal && now - lastRefresh >= std::chrono::milliseconds(100)) {
            std::fprintf(stderr, "\r%s", progressLine(trainer.progress(), threads).c_str());
            lastRefresh = now;
        } else if (!terminal && now - lastLine >= std::chrono::seconds(5)) {
            std::fprintf(stderr, "%s\n", progressLine(trainer.progress(), threads).c_str());
            lastLine = now;
        }
    }
    trainer.wait();
    const TrainingProgress progress = trainer.progress();
    std::fprintf(stderr, terminal ? "\r%s\n" : "%s\n", progressLine(progress, threads).c_str());
    if (trainer.state() == TrainerState::Failed)
        throw Error(fileError(corpusPath, failure));
    if (progress.learntNothing())
        std::fprintf(stderr, "%s; try --sample 0\n", fileError(corpusPath, kNothingLearnt).c_str());

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    WordVectors vectors = trainer.wordVectors();
    writeVectors(*outputPath, vectors, format);
    std::fprintf(stderr,
                 "Trained %d-dimensional %s vectors for %d words on %llu words x %d epochs in "
                 "%.1f s (%.0f words/sec/thread), loss %.4f; wrote %s (%s)\n",
                 options.dim, options.model == TrainingModel::Cbow ? "CBOW" : "skip-gram",
                 vectors.rows(),
                 static_cast<unsigned long long>(progress.totalWords / options.epochs),
                 options.epochs, seconds, double(progress.totalWords) / seconds / threads,
                 progress.loss, outputPath->c_str(), std::string(vectorFormatName(format)).c_str());
    if (timeline) {
        timeline->addFinal(FrameMetrics::from(progress),
                           trainer.snapshot(timeline->rows())->vectors);
        Session session;
        session.source = *sessionSource;
        session.corpusOptions = corpusOptionsJson(corpusOptions);
        session.trainerOptions = trainerOptionsJson(options);
        session.vectors = std::move(vectors);
        session.trackedRows = timeline->rows();
        session.timelineInterval = timeline->interval();
        session.timelineBudgetBytes = timeline->budgetBytes();
        const double megabytes = double(timeline->bytes()) / (1 << 20);
        session.frames = timeline->takeFrames();
        writeSession(*sessionPath, session);
        std::fprintf(stderr,
                     "Recorded %zu frames of %zu words (%.1f MB, one every %.2f s at the end); "
                     "wrote %s\n",
                     session.frames.size(), session.trackedRows.size(), megabytes,
                     session.timelineInterval, sessionPath->c_str());
    }
    return 0;
}

}  // namespace embedscope::cli
