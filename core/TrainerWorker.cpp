// The worker loop: each worker trains its shard of the token stream, line block by line block,
// sentence by sentence, through the Hogwild kernels (TrainingKernel.h), and polls the control
// state between sentences (TrainerMonitor.cpp).
#include "TrainerImpl.h"

#include "LineBlocks.h"
#include "Random.h"
#include "TokenReader.h"
#include "TrainingKernel.h"

namespace embedscope {

namespace {

// word2vec's MAX_SENTENCE_LENGTH: longer sentences (after subsampling) are trained in pieces.
constexpr std::size_t kMaxSentenceLength = 1000;
// CBOW batched kernel: targets (spread over a sentence) that share one set of negatives.
constexpr int kCbowBatch = 4;
// Shuffled line order on a streamed corpus: blocks of at least this many tokens, so that the block
// table costs 12 bytes per 16 K tokens (0.75 MB for a billion) and each block is one read of the
// id file. In memory the blocks are smaller (LineBlocks::kMinBlockTokens), so the two orders
// differ: only file order gives identical vectors streamed and in memory.
constexpr std::size_t kStreamedMinBlockTokens = 16384;

}  // namespace

// Splits the token stream into `count` ranges of about equal size, moving each cut forward to
// just after a sentence end so that no sentence is split between two workers.
void Trainer::Impl::splitShards(int count) {
    const std::uint64_t size = corpus.tokenCount();
    // Small chunks: each cut reads on to the next sentence end, usually a few dozen ids away.
    TokenReader reader(corpus, 4096);
    std::uint64_t begin = 0;
    for (int t = 0; t < count; ++t) {
        std::uint64_t end = t + 1 == count ? size : size * std::uint64_t(t + 1) / count;
        end = std::max(end, begin);
        if (end > 0 && end < size) {
            reader.seek(end - 1, size);
            while (!reader.atEnd() && reader.next() != kSentenceEnd)
                ++end;
        }
        shards.emplace_back(begin, end);
        begin = end;
    }
}

void Trainer::Impl::runWorker(int index) {
    try {
        train(index);
    } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (failure.empty())
            failure = std::string("training failed: ") + e.what();
        stopRequested = true;
        controlChanged.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex);
    --activeWorkers;
    updatePausedState();
    stateChanged.notify_all();
}

void Trainer::Impl::train(int index) {
    const bool skipGram = options.model == TrainingModel::SkipGram;
    const bool batched = options.effectiveKernel() == TrainingKernelKind::Batched;
    const int window = options.window;
    const int negative = options.negative;
    const int dim = options.dim;
    const KernelTables tables{inputTable.data(), outputTable.data(), options.dim,
                              frozenInputRows.empty() ? nullptr : frozenInputRows.data(),
                              inputTable.stride()};
    const int rowStride = inputTable.stride();
    KernelScratch scratch(options.dim, skipGram ? 2 * window : kCbowBatch, 1 + negative,
                          2 * window);
    SplitMix64 rng(options.seed + 0x632BE59BD9B4E019ULL * std::uint64_t(index + 1));
    KernelLoss loss;
    WorkerSlot& slot = slots[index];
    std::vector<std::int32_t> sentence(kMaxSentenceLength);  // the first `length` are the words
    std::vector<std::int32_t> contexts(std::size_t(2 * window) * kCbowBatch);
    std::vector<std::int32_t> negatives(negative);
    // The batched kernels' negatives for the next window (or CBOW batch), drawn one step ahead
    // so that their rows can be prefetched while the current one computes.
    std::vector<std::int32_t> aheadNegatives(negative);
    int aheadCount = 0;
    std::vector<CbowExample> examples(kCbowBatch);
    const bool subsample = options.sample > 0;
    TokenReader reader(corpus);
    const auto [shardBegin, shardEnd] = shards[index];

    // Draws up to k noise words into out, skipping the true word as word2vec does.
    auto sampleNegativesInto = [&](std::int32_t exclude, std::int32_t* out) {
        int count = 0;
        for (int j = 0; j < negative; ++j) {
            const std::int32_t id = noise.sample(rng.next());
            if (id != exclude)
                out[count++] = id;
        }
        return count;
    };
    auto sampleNegatives = [&](std::int32_t exclude) {
        return sampleNegativesInto(exclude, negatives.data());
    };

    // Reads the next sentence from the reader (up to its end marker, or kMaxSentenceLength kept
    // words) into `sentence`, dropping frequent words by subsampling as word2vec does; returns
    // how many it kept and adds the words it read to wordsRead. The loop runs over the reader's
    // buffer with no branch on the coin's outcome (each word is written, and kept by moving on
    // past it), and asks for the keep probabilities of words a few ahead: a rare word's entry
    // is seldom in cache.
    auto readSentence = [&](std::uint64_t& wordsRead) {
        constexpr std::ptrdiff_t kKeepLookahead = 16;
        const float* keep = keepProbability.data();
        std::int32_t* out = sentence.data();
        int kept = 0;
        while (!reader.atEnd()) {
            const TokenReader::Span ids = reader.buffered();
            const std::int32_t* id = ids.first;
            bool ended = false;
            while (id != ids.last) {
                const std::int32_t token = *id++;
                if (token == kSentenceEnd) {
                    ended = true;
                    break;
                }
                ++wordsRead;
                out[kept] = token;
                if (!subsample) {
                    ++kept;
                } else {
                    if (ids.last - id > kKeepLookahead && id[kKeepLookahead] >= 0)
                        __builtin_prefetch(keep + id[kKeepLookahead]);
                    kept += !(keep[token] < rng.uniformFloat());
                }
                if (kept >= static_cast<int>(kMaxSentenceLength)) {
                    ended = true;
                    break;
                }
            }
            reader.skip(static_cast<std::size_t>(id - ids.first));
            if (ended)
                break;
        }
        return kept;
    };

    // Trains the lines of the stream's range [begin, end); false when the worker must stop.
    auto trainLines = [&](std::uint64_t begin, std::uint64_t end) {
        reader.seek(begin, end);
        while (!reader.atEnd()) {
            if (!checkControl())
                return false;
            std::uint64_t wordsRead = 0;
            const int length = readSentence(wordsRead);
            const float lr =
                static_cast<float>(learningRateAt(wordsProcessed.load(std::memory_order_relaxed)));
            // word2vec's dynamic window: an effective size drawn from 1..window, which weights
            // near contexts more than far ones. Writes the contexts of sentence[center] to out
            // and returns how many.
            auto gatherWindow = [&](int center, std::int32_t* out) {
                const int reach = window - static_cast<int>(rng.next() % std::uint64_t(window));
                const int from = std::max(0, center - reach);
                const int to = std::min(length - 1, center + reach);
                int count = 0;
                for (int c = from; c <= to; ++c)
                    if (c != center)
                        out[count++] = sentence[c];
                return count;
            };
            if (!skipGram && batched) {
                // The examples of one batch lie `stride` positions apart rather than next to
                // each other: neighbouring targets have nearly the same context mean, so their
                // shared negatives would receive nearly the same update several times, and each
                // would train on context rows its neighbour has not updated yet.
                const int stride = (length + kCbowBatch - 1) / kCbowBatch;
                for (int offset = 0; offset < stride; ++offset) {
                    if (offset == 0)
                        for (int j = 0; j < negative; ++j)
                            aheadNegatives[j] = noise.sample(rng.next());
                    negatives.swap(aheadNegatives);
                    if (offset + 1 < stride) {
                        // The next batch: its negatives, its true words' output rows and the
                        // context rows entering its windows.
                        for (int j = 0; j < negative; ++j)
                            aheadNegatives[j] = noise.sample(rng.next());
                        prefetchKernelRows(tables.output, dim, rowStride, aheadNegatives.data(),
                                           negative);
                        for (int center = offset + 1; center < length; center += stride) {
                            prefetchKernelRows(tables.output, dim, rowStride, &sentence[center], 1);
                            prefetchKernelRows(tables.input, dim, rowStride,
                                               &sentence[std::min(length - 1, center + window)], 1);
                        }
                    }
                    int pending = 0;
                    int contextsUsed = 0;
                    for (int center = offset; center < length; center += stride) {
                        const int count = gatherWindow(center, contexts.data() + contextsUsed);
                        if (count == 0)
                            continue;
                        examples[pending++] = CbowExample{sentence[center], contextsUsed, count};
                        contextsUsed += count;
                    }
                    if (pending == 0)
                        continue;
                    hogwildCbowBatched(tables, examples.data(), pending, contexts.data(),
                                       negatives.data(), negative, lr, scratch, loss);
                }
            } else {
                for (int center = 0; center < length; ++center) {
                    const std::int32_t target = sentence[center];
                    std::int32_t* windowContexts = contexts.data();
                    const int contextCount = gatherWindow(center, windowContexts);
                    if (contextCount == 0)
                        continue;
                    if (skipGram && batched) {
                        // Every window of a sentence longer than one word has contexts, so the
                        // window of center 0 draws the first negatives and each window the next's.
                        if (center == 0)
                            aheadCount = sampleNegativesInto(target, aheadNegatives.data());
                        negatives.swap(aheadNegatives);
                        const int count = aheadCount;
                        if (center + 1 < length) {
                            const std::int32_t* next = &sentence[center + 1];
                            aheadCount = sampleNegativesInto(*next, aheadNegatives.data());
                            prefetchKernelRows(tables.output, dim, rowStride, aheadNegatives.data(),
                                               aheadCount);
                            prefetchKernelRows(tables.output, dim, rowStride, next, 1);
                            prefetchKernelRows(tables.input, dim, rowStride,
                                               &sentence[std::min(length - 1, center + 1 + window)],
                                               1);
                        }
                        hogwildSkipGramBatched(tables, windowContexts, contextCount, target,
                                               negatives.data(), count, lr, scratch, loss);
                    } else if (skipGram) {
                        for (int c = 0; c < contextCount; ++c) {
                            const int count = sampleNegatives(target);
                            hogwildSkipGramClassic(tables, windowContexts[c], target,
                                                   negatives.data(), count, lr, scratch, loss);
                        }
                    } else {
                        const int count = sampleNegatives(target);
                        hogwildCbowClassic(tables, windowContexts, contextCount, target,
                                           negatives.data(), count, lr, scratch, loss);
                    }
                }
            }
            wordsProcessed.fetch_add(wordsRead, std::memory_order_relaxed);
            slot.lossSum.store(loss.sum, std::memory_order_relaxed);
            slot.pairs.store(loss.pairs, std::memory_order_relaxed);
            slot.nonFinite.store(loss.nonFinite, std::memory_order_relaxed);
            if (loss.nonFinite > 0)
                return false;  // diverged: the monitor reports it
        }
        return true;
    };

    // In file order the shard is one range: its blocks would be visited in order, and since
    // they end at sentence ends, reading them one after the other is reading the shard.
    if (!options.shuffleLines) {
        for (int epoch = 0; epoch < options.epochs; ++epoch)
            if (!trainLines(shardBegin, shardEnd))
                return;
        return;
    }
    LineBlocks blocks = corpus.streamed()
                            ? LineBlocks(reader, shardBegin, shardEnd, kStreamedMinBlockTokens)
                            : LineBlocks(corpus.tokens, shardBegin, shardEnd);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        blocks.shuffle(rng);
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            const auto [begin, end] = blocks.block(b);
            if (!trainLines(begin, end))
                return;
        }
    }
}

}  // namespace embedscope
