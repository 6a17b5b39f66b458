// The trainer's options, its constructor's checks, the public control calls and the copies of
// its tables; the rest lives beside it (TrainerImpl.h lists the files).
#include "Trainer.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "Error.h"
#include "TrainerImpl.h"
#include "TrainingKernel.h"

namespace embedscope {

bool operator==(const TrainerOptions& a, const TrainerOptions& b) {
    const auto fields = [](const TrainerOptions& o) {
        return std::tie(o.model, o.kernel, o.dim, o.window, o.negative, o.epochs, o.learningRate,
                        o.minLearningRateFactor, o.sample, o.noiseExponent, o.threads, o.seed,
                        o.init, o.shuffleLines, o.backgroundPriority, o.pretrained.vectors,
                        o.pretrained.source, o.pretrained.freeze);
    };
    return fields(a) == fields(b);
}

std::optional<TrainingKernelKind> trainingKernelFromName(const std::string& name) {
    if (name == "classic")
        return TrainingKernelKind::Classic;
    if (name == "batched")
        return TrainingKernelKind::Batched;
    return std::nullopt;
}

const char* trainingKernelName(TrainingKernelKind kernel) {
    return kernel == TrainingKernelKind::Classic ? "classic" : "batched";
}

std::optional<bool> shuffleLinesFromName(const std::string& name) {
    if (name == "shuffled")
        return true;
    if (name == "file")
        return false;
    return std::nullopt;
}

Trainer::Trainer(std::shared_ptr<const TokenizedCorpus> corpus, TrainerOptions options)
    : corpus_(std::move(corpus)), options_(options) {
    if (!corpus_)
        throw Error("cannot train: no corpus");
    const std::string name = corpus_->name.empty() ? std::string("corpus") : corpus_->name;
    auto invalid = [&](const std::string& what) { throw Error(fileError(name, what)); };
    if (corpus_->vocabulary.empty())
        invalid("cannot train: the vocabulary is empty");
    if (options_.dim < 1 || options_.dim > 10000)
        invalid("dimension must be between 1 and 10000, got " + std::to_string(options_.dim));
    if (options_.window < 1 || options_.window > 1000)
        invalid("window must be between 1 and 1000, got " + std::to_string(options_.window));
    if (options_.negative < 1 || options_.negative > 1000)
        invalid("negative samples must be between 1 and 1000, got " +
                std::to_string(options_.negative));
    if (options_.epochs < 1)
        invalid("epochs must be at least 1");
    if (!(options_.learningRate >= 0) || !std::isfinite(options_.learningRate))
        invalid("the learning rate must be positive");
    if (!(options_.sample >= 0))
        invalid("the subsampling threshold must not be negative");
    if (options_.threads < 0)
        invalid("the thread count must not be negative");
    if (const auto& pretrained = options_.pretrained.vectors) {
        const std::string source = options_.pretrained.source.empty() ? "the pretrained vectors"
                                                                      : options_.pretrained.source;
        if (pretrained->dim() != options_.dim)
            throw Error(fileError(
                source, "the vectors have dimension " + std::to_string(pretrained->dim()) +
                            ", but training uses dimension " + std::to_string(options_.dim)));
        if (pretrained->words.size() != std::size_t(pretrained->rows()))
            throw Error(fileError(source, std::to_string(pretrained->words.size()) + " words for " +
                                              std::to_string(pretrained->rows()) + " vectors"));
        if (!pretrained->vectors.allFinite())
            throw Error(fileError(source, "the vectors hold a NaN or infinite value"));
    }

    impl_ = std::make_unique<Impl>(*corpus_, options_);
    Impl& d = *impl_;
    const Vocabulary& vocabulary = corpus_->vocabulary;
    // A streamed corpus's ids were checked as loadCorpus renumbered them, and counted there
    // (idFileWords): reading the file again would cost a pass over it. Ids in memory: one
    // branch-free pass (vectorised) counts the words and finds the largest of id + 1 as unsigned,
    // which maps the end marker -1 to 0 and every other negative id above any vocabulary size;
    // only a corpus with a bad id is searched again, for the message.
    std::uint64_t sentenceEnds = 0;
    std::uint32_t largestIdPlusOne = 0;
    for (const std::int32_t token : corpus_->tokens) {
        sentenceEnds += token == kSentenceEnd;
        largestIdPlusOne = std::max(largestIdPlusOne, static_cast<std::uint32_t>(token) + 1u);
    }
    if (largestIdPlusOne > static_cast<std::uint32_t>(vocabulary.size()))
        for (const std::int32_t token : corpus_->tokens)
            if (token != kSentenceEnd && (token < 0 || token >= vocabulary.size()))
                invalid("token id " + std::to_string(token) + " is outside the vocabulary of " +
                        std::to_string(vocabulary.size()) + " words");
    d.wordsPerEpoch = corpus_->idFileWords + (corpus_->tokens.size() - sentenceEnds);
    if (d.wordsPerEpoch == 0)
        invalid("cannot train: the corpus has no in-vocabulary words");
    d.totalWords = d.wordsPerEpoch * std::uint64_t(options_.epochs);
    d.initialLearningRate = options_.effectiveLearningRate();
    d.lrBase = d.initialLearningRate;
    d.noise = NoiseDistribution(vocabulary, options_.noiseExponent);
    d.keepProbability.resize(vocabulary.size());
    for (std::int32_t i = 0; i < vocabulary.size(); ++i)
        d.keepProbability[i] = static_cast<float>(vocabulary.keepProbability(i, options_.sample));
    d.initialiseTables();

    int threads = options_.threads > 0 ? options_.threads
                                       : static_cast<int>(std::thread::hardware_concurrency());
    threads = std::max(1, threads);
    // Tiny corpora: no more workers than sentences' worth of tokens to share.
    threads = static_cast<int>(std::min<std::uint64_t>(
        std::uint64_t(threads), std::max<std::uint64_t>(1, d.wordsPerEpoch / 1000)));
    d.splitShards(threads);
    d.lastProgress.totalWords = d.totalWords;
    d.lastProgress.learningRate = d.initialLearningRate;
    d.lastProgress.epoch = 1;
}

Trainer::~Trainer() {
    stop();
}

void Trainer::setProgressCallback(std::function<void(const TrainingProgress&)> callback) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->progressCallback = std::move(callback);
}

void Trainer::setFinishedCallback(
    std::function<void(TrainerState, const std::string& error)> callback) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->finishedCallback = std::move(callback);
}

void Trainer::start() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->state == TrainerState::Idle)
        impl_->launch();
}

void Trainer::pause() {
    Impl& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    if (d.state != TrainerState::Running)
        return;
    d.pauseRequested = true;
    d.updatePausedState();
    // Returns once every worker is parked, so that no update happens after pause() returns.
    d.stateChanged.wait(lock, [&] {
        return d.state != TrainerState::Running || d.activeWorkers == 0 || !d.pauseRequested;
    });
}

void Trainer::resume() {
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    if (d.state != TrainerState::Paused && !(d.state == TrainerState::Running && d.pauseRequested))
        return;
    d.pauseRequested = false;
    d.setState(TrainerState::Running);
    d.controlChanged.notify_all();
}

void Trainer::stop() {
    Impl& d = *impl_;
    {
        std::lock_guard<std::mutex> lock(d.mutex);
        if (d.state == TrainerState::Idle) {
            d.setState(TrainerState::Stopped);
            d.recordFinalState(TrainerState::Stopped);
            d.callbacksDone = true;
            d.stateChanged.notify_all();
            return;
        }
        d.stopRequested = true;
        d.controlChanged.notify_all();
    }
    std::lock_guard<std::mutex> joinLock(d.joinMutex);
    if (d.monitor.joinable() && d.monitor.get_id() != std::this_thread::get_id())
        d.monitor.join();
}

void Trainer::step(std::uint64_t words) {
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    if (Impl::terminal(d.state))
        return;
    d.stepTarget = d.wordsProcessed.load() + std::max<std::uint64_t>(words, 1);
    if (d.state == TrainerState::Idle) {
        d.launch();
    } else {
        d.pauseRequested = false;
        d.setState(TrainerState::Running);
        d.controlChanged.notify_all();
    }
}

void Trainer::setLearningRate(double lr) {
    if (!(lr > 0) || !std::isfinite(lr))
        return;
    Impl& d = *impl_;
    std::lock_guard<std::mutex> lock(d.mutex);
    d.lrBaseFraction = std::min(0.999999, d.fractionDone(d.wordsProcessed.load()));
    d.lrBase = lr;
}

void Trainer::wait() {
    Impl& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    d.stateChanged.wait(lock, [&] { return Impl::terminal(d.state) && d.callbacksDone; });
}

bool Trainer::waitFor(std::chrono::milliseconds timeout) {
    Impl& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    return d.stateChanged.wait_for(lock, timeout,
                                   [&] { return Impl::terminal(d.state) && d.callbacksDone; });
}

TrainerState Trainer::state() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->state;
}

TrainingProgress Trainer::progress() const {
    TrainerState current = state();
    std::lock_guard<std::mutex> lock(impl_->progressMutex);
    TrainingProgress p = impl_->lastProgress;
    p.state = current;
    p.wordsProcessed = impl_->wordsProcessed.load();
    p.fraction = impl_->fractionDone(p.wordsProcessed);
    p.learningRate = impl_->learningRateAt(p.wordsProcessed);
    return p;
}

std::shared_ptr<const Snapshot> Trainer::snapshot(const std::vector<std::int32_t>& rows) const {
    auto result = std::make_shared<Snapshot>();
    result->rows = rows;
    result->vectors.resize(static_cast<Eigen::Index>(rows.size()), options_.dim);
    const PaddedTable& input = impl_->inputTable;
    for (const std::int32_t row : rows) {
        if (row < 0 || row >= input.rows())
            throw Error("snapshot: row " + std::to_string(row) + " is outside the table of " +
                        std::to_string(input.rows()) + " rows");
    }
    hogwildCopyRows(input.data(), input.dim(), input.stride(), rows.data(), rows.size(),
                    result->vectors.data());
    result->progress = progress();
    result->generation = ++impl_->snapshotGeneration;
    return result;
}

int Trainer::workerCount() const {
    return static_cast<int>(impl_->shards.size());
}

namespace {

// A copy of a table that workers may be writing: through the kernel's racy copy, which is where
// every Hogwild access lives (TrainingKernel.h).
RowMatrixXf copyLiveTable(const PaddedTable& table) {
    RowMatrixXf copy(table.rows(), table.dim());
    hogwildCopy(table.data(), static_cast<std::size_t>(table.rows()), table.dim(), table.stride(),
                copy.data());
    return copy;
}

}  // namespace

RowMatrixXf Trainer::inputVectors() const {
    return copyLiveTable(impl_->inputTable);
}

RowMatrixXf Trainer::outputVectors() const {
    return copyLiveTable(impl_->outputTable);
}

}  // namespace embedscope
