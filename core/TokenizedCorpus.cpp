#include "TokenizedCorpus.h"

#include <QIODevice>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <stdexcept>

#include "Error.h"
#include "HugePages.h"
#include "WordCounts.h"

namespace embedscope {

namespace {

// How many words the sinks look ahead: enough prefetched slots in flight to hide most of the
// memory latency, few enough to stay in L1.
constexpr std::size_t kLookahead = 16;

// Counts and records the stream in provisional ids (order of first occurrence), so that the file
// is read once; the ids are renumbered when the vocabulary is known. A token's place in the
// stream is reserved at once and filled in when its lookup is done. Once the stream passes
// options.memoryTokenLimit ids it spills to an IdFile, and from then on is written out every
// streamChunkTokens ids, so that memory stays bounded.
class IdStreamSink : public TokenSink {
public:
    WordCounts counts;
    std::vector<std::int32_t> ids;  // all ids, or those not yet written to `file`
    std::shared_ptr<IdFile> file;

    explicit IdStreamSink(const CorpusOptions& options) : options_(options) {
        // Room for the whole in-memory stream at once: growing by doubling would copy it into a
        // buffer twice as large just before it spills, holding both (3x the cap, ~380 MB at the
        // default cap, measured as a 330 MB peak on 175 M words). Reserved pages that are never
        // touched cost no memory.
        // Not advised onto 2 MB pages: on the project's VM a fresh huge page is cleared at about
        // 0.4 GB/s (the host backs it on first touch), and a CBOW run on 8 M words took 1.740 s
        // with this buffer and the exported copy on huge pages, 1.695 s without (bench/README.md).
        if (options_.memoryTokenLimit <= kLargestReserve)
            ids.reserve(static_cast<std::size_t>(options_.memoryTokenLimit) + kSlack);
    }

    void onToken(std::string_view word) override {
        if (word.size() > WordCounts::kMaxInlineBytes) {
            drain();
            ids.push_back(counts.add(word));
            return;
        }
        pending_[size_] = counts.prepare(word);
        position_[size_++] = ids.size();
        ids.push_back(0);
        if (size_ == kLookahead)
            drain();
    }
    void onSentenceEnd() override {
        ids.push_back(kSentenceEnd);
        if (size_ == 0)
            spillIfFull();
    }
    void drain() {
        for (std::size_t i = 0; i < size_; ++i)
            ids[position_[i]] = counts.add(pending_[i]);
        size_ = 0;
        spillIfFull();
    }
    // With no lookup pending: writes the buffered ids out.
    void flush() {
        file->append(ids.data(), ids.size());
        ids.clear();
    }

private:
    void spillIfFull() {
        if (file) {
            if (ids.size() >= options_.streamChunkTokens)
                flush();
        } else if (ids.size() > options_.memoryTokenLimit) {
            file = std::make_shared<IdFile>(options_.cacheFolder);
            flush();
            // From here on a chunk at a time: the in-memory stream's buffer goes.
            std::vector<std::int32_t>().swap(ids);
            ids.reserve(options_.streamChunkTokens + kSlack);
        }
    }

    // A spill check comes at least every kLookahead tokens and at every sentence end.
    static constexpr std::size_t kSlack = 2 * kLookahead + 2;
    static constexpr std::uint64_t kLargestReserve = std::uint64_t(1) << 28;

    const CorpusOptions& options_;
    WordCounts::Prepared pending_[kLookahead];
    std::size_t position_[kLookahead];
    std::size_t size_ = 0;
};

// Builds the vocabulary from the counts; when finalIds is given, fills it with the vocabulary
// index of every provisional id (-1 for a word dropped by min-count or max-size).
Vocabulary buildVocabulary(const WordCounts& counts, const CorpusOptions& options,
                           const std::string& name, std::uint64_t corpusTokens,
                           std::vector<std::int32_t>* finalIds) {
    const std::uint64_t minCount = std::max<std::uint64_t>(options.minCount, 1);
    std::vector<std::int32_t> kept;
    std::uint64_t highest = 0;
    for (std::int32_t id = 0; id < counts.size(); ++id) {
        highest = std::max(highest, counts.count(id));
        if (counts.count(id) >= minCount)
            kept.push_back(id);
    }
    if (kept.empty())
        throw Error(fileError(name, "no word occurs at least " + std::to_string(minCount) +
                                        " times (the corpus has " + std::to_string(counts.size()) +
                                        " distinct words, the most frequent occurs " +
                                        std::to_string(highest) +
                                        " times); try a lower min-count"));
    std::sort(kept.begin(), kept.end(), [&](std::int32_t a, std::int32_t b) {
        const std::uint64_t countA = counts.count(a), countB = counts.count(b);
        return countA != countB ? countA > countB : counts.word(a) < counts.word(b);
    });
    if (options.maxSize > 0 && kept.size() > options.maxSize)
        kept.resize(options.maxSize);

    std::vector<std::pair<std::string, std::uint64_t>> pairs;
    pairs.reserve(kept.size());
    for (const std::int32_t id : kept)
        pairs.emplace_back(counts.word(id), counts.count(id));
    Vocabulary vocabulary = Vocabulary::fromCounts(std::move(pairs), minCount, 0, corpusTokens);
    if (finalIds) {
        finalIds->assign(static_cast<std::size_t>(counts.size()), -1);
        for (std::size_t i = 0; i < kept.size(); ++i) {
            // fromCounts sorted the same distinct words by the same total order.
            if (vocabulary.word(static_cast<std::int32_t>(i)) != counts.word(kept[i]))
                throw std::logic_error("buildVocabulary: vocabulary order mismatch");
            (*finalIds)[static_cast<std::size_t>(kept[i])] = static_cast<std::int32_t>(i);
        }
    }
    return vocabulary;
}

// Renumbers a provisional stream, piece by piece, dropping pruned words and the sentence ends of
// sentences that lost all their words.
class IdRenumbering {
public:
    explicit IdRenumbering(const std::vector<std::int32_t>& finalIds) : finalIds_(finalIds) {}

    // Renumbers ids[0, count) in place; returns how many are kept (at the front). A sentence may
    // continue from the previous piece.
    std::size_t apply(std::int32_t* ids, std::size_t count) {
        std::size_t out = 0;
        for (std::size_t in = 0; in < count; ++in) {
            const std::int32_t id = ids[in];
            if (id == kSentenceEnd) {
                if (sentenceHasWords_)
                    ids[out++] = kSentenceEnd;
                sentenceHasWords_ = false;
                continue;
            }
            const std::int32_t finalId = finalIds_[static_cast<std::size_t>(id)];
            if (finalId < 0)
                continue;
            ids[out++] = finalId;
            sentenceHasWords_ = true;
            ++words_;
        }
        return out;
    }
    std::uint64_t words() const { return words_; }

private:
    const std::vector<std::int32_t>& finalIds_;
    bool sentenceHasWords_ = false;
    std::uint64_t words_ = 0;
};

// In memory: in pieces of 1 M ids, so that a cancel is noticed.
void renumberInMemory(std::vector<std::int32_t>& ids, const std::vector<std::int32_t>& finalIds,
                      const JobControl& control) {
    constexpr std::size_t kPiece = std::size_t(1) << 20;
    IdRenumbering renumbering(finalIds);
    std::size_t out = 0;
    for (std::size_t in = 0; in < ids.size(); in += kPiece) {
        control.throwIfCancelled();
        const std::size_t count = std::min(kPiece, ids.size() - in);
        const std::size_t kept = renumbering.apply(ids.data() + in, count);
        std::copy(ids.data() + in, ids.data() + in + kept, ids.data() + out);
        out += kept;
    }
    ids.resize(out);
    // The pages past the kept ids go back to the system; shrink_to_fit would instead copy the
    // ids into a new buffer (both held at once, and 7,600 page faults on 8 M words).
    releasePages(ids.data() + ids.size(), (ids.capacity() - ids.size()) * sizeof(std::int32_t));
}

// On disk: a chunk at a time, written back in place (the kept ids never overtake the read
// position), then the file is cut to the kept length. Returns the words kept.
std::uint64_t renumberIdFile(IdFile& file, const std::vector<std::int32_t>& finalIds,
                             std::size_t chunkTokens, const JobControl& control) {
    IdRenumbering renumbering(finalIds);
    std::vector<std::int32_t> chunk(std::max<std::size_t>(chunkTokens, 1));
    std::uint64_t out = 0;
    for (std::uint64_t in = 0; in < file.size();) {
        control.throwIfCancelled();
        const std::size_t got = file.read(in, chunk.data(), chunk.size());
        in += got;
        const std::size_t kept = renumbering.apply(chunk.data(), got);
        file.write(out, chunk.data(), kept);
        out += kept;
    }
    file.truncate(out);
    return renumbering.words();
}

TokenizedCorpus finishLoad(IdStreamSink& sink, ReadReport report, const std::string& name,
                           const CorpusOptions& options, const JobControl& control) {
    sink.drain();
    TokenizedCorpus corpus;
    std::vector<std::int32_t> finalIds;
    corpus.vocabulary = buildVocabulary(sink.counts, options, name, report.tokens, &finalIds);
    if (sink.file) {
        sink.flush();
        std::vector<std::int32_t>().swap(sink.ids);
        corpus.idFileWords =
            renumberIdFile(*sink.file, finalIds, options.streamChunkTokens, control);
        corpus.idFile = std::move(sink.file);
    } else {
        renumberInMemory(sink.ids, finalIds, control);
        corpus.tokens = std::move(sink.ids);
    }
    corpus.streamChunkTokens = std::max<std::size_t>(options.streamChunkTokens, 1);
    corpus.report = std::move(report);
    corpus.name = name;
    return corpus;
}

// The word counts of a large corpus are many small blocks that the allocator keeps for reuse once
// freed; training never reuses them, so they are handed back (glibc; with the reservation above,
// the peak RSS of 1 epoch on wiki-17m in memory went from 182 to 170 MB).
void returnFreedMemory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

}  // namespace

TokenizedCorpus loadCorpus(const std::string& path, const CorpusOptions& options,
                           const JobControl& control) {
    TokenizedCorpus corpus;
    {
        IdStreamSink sink(options);
        ReadReport report = readCorpus(path, options.tokenizer, sink, control);
        corpus = finishLoad(sink, std::move(report), path, options, control);
    }
    returnFreedMemory();
    return corpus;
}

TokenizedCorpus loadCorpus(QIODevice& device, const std::string& name, const CorpusOptions& options,
                           const JobControl& control) {
    TokenizedCorpus corpus;
    {
        IdStreamSink sink(options);
        ReadReport report = readCorpus(device, name, options.tokenizer, sink, control);
        corpus = finishLoad(sink, std::move(report), name, options, control);
    }
    returnFreedMemory();
    return corpus;
}

TokenizedCorpus loadCorpus(const std::vector<std::string>& files, const CorpusOptions& options,
                           const JobControl& control) {
    TokenizedCorpus corpus;
    {
        IdStreamSink sink(options);
        ReadReport report = readCorpus(files, options.tokenizer, sink, control);
        corpus = finishLoad(sink, std::move(report), corpusName(files), options, control);
    }
    returnFreedMemory();
    return corpus;
}

Vocabulary countVocabulary(const std::vector<std::string>& files, const CorpusOptions& options,
                           const JobControl& control, ReadReport* report) {
    WordCountResult counted = countCorpusWords(files, options.tokenizer, options.counting, control);
    Vocabulary vocabulary =
        buildVocabulary(counted.counts, options, corpusName(files), counted.report.tokens, nullptr);
    if (report)
        *report = std::move(counted.report);
    return vocabulary;
}

Vocabulary countVocabulary(const std::string& path, const CorpusOptions& options,
                           const JobControl& control, ReadReport* report) {
    return countVocabulary(corpusFiles(path), options, control, report);
}

}  // namespace embedscope
