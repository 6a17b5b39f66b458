#include "WordCountPass.h"

#include <QFileInfo>

#include <algorithm>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "CorpusChunks.h"
#include "Error.h"

namespace embedscope {

namespace {

// How many words the sink looks ahead: enough prefetched slots in flight to hide most of the
// memory latency, few enough to stay in L1.
constexpr std::size_t kLookahead = 16;

// Counts into a table of its own, pruning it (min_reduce) when it passes its cap.
class CappedCountingSink : public TokenSink {
public:
    explicit CappedCountingSink(std::size_t cap) : cap_(cap) {}

    WordCounts counts;
    std::uint64_t reduce = 1;  // the next prune drops words counted at most this many times
    std::uint64_t rounds = 0;

    void onToken(std::string_view word) override {
        if (word.size() > WordCounts::kMaxInlineBytes) {
            drain();
            counts.add(word);
            keepUnderCap();
            return;
        }
        pending_[size_++] = counts.prepare(word);
        if (size_ == kLookahead)
            drain();
    }
    void onSentenceEnd() override {}
    void drain() {
        for (std::size_t i = 0; i < size_; ++i) {
            counts.add(pending_[i]);
            keepUnderCap();
        }
        size_ = 0;
    }
    // word2vec's ReduceVocab: one round each time a new word takes the table past the cap (only
    // a new word grows the table, so checking after every token is checking after every new
    // word, as word2vec does).
    void keepUnderCap() {
        if (cap_ == 0 || static_cast<std::size_t>(counts.size()) <= cap_)
            return;
        counts.prune(reduce++);
        ++rounds;
    }

private:
    std::size_t cap_;
    WordCounts::Prepared pending_[kLookahead];
    std::size_t size_ = 0;
};

// What one chunk of the encoding window (the first chunks of a file) said.
struct WindowChunk {
    bool done = false;
    std::uint64_t invalidBytes = 0;
    std::uint64_t nonAsciiBytes = 0;
    std::int64_t firstInvalidOffset = -1;
    std::uint64_t end = 0;
};

struct FileState {
    std::uint64_t size = 0;  // on disk
    ReadReport report;
    std::vector<WindowChunk> window;
};

// The chunks of all files, handed out in order, and what the threads found, under one lock.
class ChunkDealer {
public:
    ChunkDealer(const std::vector<std::string>& files, const JobControl& control)
        : files_(files), control_(control), states_(files.size()) {
        for (std::size_t i = 0; i < files.size(); ++i) {
            states_[i].size =
                static_cast<std::uint64_t>(QFileInfo(QString::fromStdString(files[i])).size());
            total_ += states_[i].size;
        }
    }

    // Takes the next chunk; false when all are taken or a thread failed.
    bool take(CorpusChunk& chunk, std::size_t& file, std::size_t& sequence) {
        std::lock_guard<std::mutex> lock(mutex_);
        while (!stop_) {
            if (!current_) {
                if (nextFile_ == files_.size())
                    return false;
                currentFile_ = nextFile_++;
                currentSequence_ = 0;
                current_ = std::make_unique<CorpusFileChunks>(
                    openByteStream(files_[currentFile_]), files_[currentFile_],
                    ChunkCut::Whitespace, states_[currentFile_].size);
            }
            if (current_->next(chunk)) {
                file = currentFile_;
                sequence = currentSequence_++;
                if (chunk.offset < kEncodingWindowBytes)
                    states_[file].window.resize(sequence + 1);
                control_.report(done_ + static_cast<std::uint64_t>(current_->consumed()), total_);
                return true;
            }
            // A lone file must hold words; among several, an empty one is skipped.
            if (current_->empty() && files_.size() == 1)
                throw Error(fileError(files_[currentFile_], "the file is empty"));
            done_ += states_[currentFile_].size;
            current_.reset();
        }
        return false;
    }

    // Adds what a chunk's tokenizer found; judges the file's encoding while its first chunks
    // come in (in file order, as one tokenizer over the whole file would).
    void finished(std::size_t file, std::size_t sequence, const CorpusChunk& chunk,
                  const Tokenizer& tokenizer, std::uint64_t sentences) {
        std::lock_guard<std::mutex> lock(mutex_);
        FileState& state = states_[file];
        ReadReport& report = state.report;
        report.bytes = std::max<std::uint64_t>(report.bytes, chunk.offset + chunk.size);
        report.tokens += tokenizer.tokens();
        report.sentences += sentences;
        report.invalidBytes += tokenizer.invalidBytes();
        report.truncatedTokens += tokenizer.truncatedTokens();
        if (tokenizer.firstInvalidOffset() >= 0 &&
            (report.firstInvalidOffset < 0 ||
             tokenizer.firstInvalidOffset() < report.firstInvalidOffset))
            report.firstInvalidOffset = tokenizer.firstInvalidOffset();
        if (sequence >= state.window.size())
            return;
        state.window[sequence] = {true, tokenizer.invalidBytes(), tokenizer.nonAsciiBytes(),
                                  tokenizer.firstInvalidOffset(), chunk.offset + chunk.size};
        EncodingJudge judge(files_[file]);
        WindowChunk sum;
        for (const WindowChunk& part : state.window) {
            if (!part.done || !judge.judging())
                break;
            sum.invalidBytes += part.invalidBytes;
            sum.nonAsciiBytes += part.nonAsciiBytes;
            if (sum.firstInvalidOffset < 0)
                sum.firstInvalidOffset = part.firstInvalidOffset;
            judge.afterChunk(sum.invalidBytes, sum.nonAsciiBytes, sum.firstInvalidOffset, part.end);
        }
    }

    void fail(std::exception_ptr error) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_)
            error_ = error;
        stop_ = true;
    }
    std::exception_ptr error() const { return error_; }
    const std::vector<FileState>& states() const { return states_; }

private:
    const std::vector<std::string>& files_;
    const JobControl& control_;
    std::mutex mutex_;
    std::vector<FileState> states_;
    std::uint64_t total_ = 0;
    std::uint64_t done_ = 0;
    std::size_t nextFile_ = 0;
    std::size_t currentFile_ = 0;
    std::size_t currentSequence_ = 0;
    std::unique_ptr<CorpusFileChunks> current_;
    bool stop_ = false;
    std::exception_ptr error_;
};

void countChunks(ChunkDealer& dealer, const std::vector<std::string>& files,
                 const TokenizerOptions& options, const JobControl& control,
                 CappedCountingSink& sink) {
    try {
        CorpusChunk chunk;
        std::size_t file = 0, sequence = 0;
        while (dealer.take(chunk, file, sequence)) {
            control.throwIfCancelled();
            // A tokenizer per chunk: the chunk ends at whitespace, so it starts afresh.
            Tokenizer tokenizer(options, sink, files[file]);
            tokenizer.feed(chunk.data.get(), chunk.size, chunk.offset);
            const std::uint64_t before = tokenizer.sentences();
            tokenizer.finish();
            std::uint64_t sentences = tokenizer.sentences();
            // A line longer than a chunk goes on in the next chunk: its sentence ends there.
            if (!chunk.endsLine && sentences > before)
                --sentences;
            dealer.finished(file, sequence, chunk, tokenizer, sentences);
        }
        sink.drain();
    } catch (...) {
        dealer.fail(std::current_exception());
    }
}

}  // namespace

WordCountResult countCorpusWords(const std::vector<std::string>& files,
                                 const TokenizerOptions& options,
                                 const WordCountOptions& countOptions, const JobControl& control) {
    const unsigned threads = countOptions.threads > 0
                                 ? countOptions.threads
                                 : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threadCap =
        countOptions.cap == 0 ? 0 : std::max<std::size_t>(1, countOptions.cap / threads);
    ChunkDealer dealer(files, control);
    std::vector<std::unique_ptr<CappedCountingSink>> sinks;
    for (unsigned i = 0; i < threads; ++i)
        sinks.push_back(std::make_unique<CappedCountingSink>(threadCap));
    {
        std::vector<std::thread> helpers;
        for (unsigned i = 1; i < threads; ++i)
            helpers.emplace_back(
                [&, i] { countChunks(dealer, files, options, control, *sinks[i]); });
        countChunks(dealer, files, options, control, *sinks[0]);
        for (std::thread& helper : helpers)
            helper.join();
    }
    if (dealer.error())
        std::rethrow_exception(dealer.error());

    WordCountResult result;
    ReadReport& report = result.report;
    for (std::size_t i = 0; i < files.size(); ++i) {
        ReadReport file = dealer.states()[i].report;
        if (files.size() == 1 && file.tokens == 0)
            throw Error(fileError(files[i], "the file contains no words"));
        report.bytes += file.bytes;
        report.tokens += file.tokens;
        report.sentences += file.sentences;
        report.invalidBytes += file.invalidBytes;
        report.truncatedTokens += file.truncatedTokens;
        if (report.firstInvalidOffset < 0)
            report.firstInvalidOffset = file.firstInvalidOffset;
        const std::string warning = describeReadWarning(files[i], file);
        if (!warning.empty())
            report.warning += (report.warning.empty() ? "" : "; ") + warning;
    }
    if (report.tokens == 0)
        throw Error(fileError(corpusName(files), "the corpus contains no words"));

    // The merge, in thread order, under the same rule as each thread's table.
    std::uint64_t reduce = 1;
    for (const auto& sink : sinks) {
        report.pruneRounds += sink->rounds;
        reduce = std::max(reduce, sink->reduce);
    }
    result.counts = std::move(sinks[0]->counts);
    for (unsigned i = 1; i < threads; ++i) {
        result.counts.merge(sinks[i]->counts);
        sinks[i].reset();
    }
    while (countOptions.cap > 0 &&
           static_cast<std::size_t>(result.counts.size()) > countOptions.cap) {
        result.counts.prune(reduce++);
        ++report.pruneRounds;
    }
    if (report.pruneRounds > 0) {
        report.prunedAtOrBelow = reduce - 1;
        const std::string warning = fileError(
            corpusName(files),
            "more than " + std::to_string(countOptions.cap) +
                " distinct words: the vocabulary pass dropped rare words as it counted (" +
                std::to_string(report.pruneRounds) + " time" +
                (report.pruneRounds == 1 ? "" : "s") + ", last those counted at most " +
                std::to_string(report.prunedAtOrBelow) +
                " times so far), so counts of rare words may be low");
        report.warning += (report.warning.empty() ? "" : "; ") + warning;
    }
    return result;
}

}  // namespace embedscope
