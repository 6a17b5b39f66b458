#include "TokenizedCorpus.h"

#include <QIODevice>

#include <algorithm>
#include <stdexcept>

#include "Error.h"
#include "WordCounts.h"

namespace embedscope {

namespace {

// How many words the sinks look ahead: enough prefetched slots in flight to hide most of the
// memory latency, few enough to stay in L1.
constexpr std::size_t kLookahead = 16;

// Counts and records the stream in provisional ids (order of first occurrence), so that the file
// is read once; the ids are renumbered when the vocabulary is known. A token's place in the
// stream is reserved at once and filled in when its lookup is done.
class IdStreamSink : public TokenSink {
public:
    WordCounts counts;
    std::vector<std::int32_t> ids;

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
    void onSentenceEnd() override { ids.push_back(kSentenceEnd); }
    void drain() {
        for (std::size_t i = 0; i < size_; ++i)
            ids[position_[i]] = counts.add(pending_[i]);
        size_ = 0;
    }

private:
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

// Renumbers the provisional stream in place, dropping pruned words and the sentence ends of
// sentences that lost all their words.
void remapIds(std::vector<std::int32_t>& ids, const std::vector<std::int32_t>& finalIds,
              const JobControl& control) {
    std::size_t out = 0;
    bool sentenceHasWords = false;
    for (std::size_t in = 0; in < ids.size(); ++in) {
        if ((in & 0xFFFFF) == 0)
            control.throwIfCancelled();
        const std::int32_t id = ids[in];
        if (id == kSentenceEnd) {
            if (sentenceHasWords)
                ids[out++] = kSentenceEnd;
            sentenceHasWords = false;
            continue;
        }
        const std::int32_t finalId = finalIds[static_cast<std::size_t>(id)];
        if (finalId < 0)
            continue;
        ids[out++] = finalId;
        sentenceHasWords = true;
    }
    ids.resize(out);
    ids.shrink_to_fit();
}

TokenizedCorpus finishLoad(IdStreamSink& sink, ReadReport report, const std::string& name,
                           const CorpusOptions& options, const JobControl& control) {
    sink.drain();
    TokenizedCorpus corpus;
    std::vector<std::int32_t> finalIds;
    corpus.vocabulary = buildVocabulary(sink.counts, options, name, report.tokens, &finalIds);
    remapIds(sink.ids, finalIds, control);
    corpus.tokens = std::move(sink.ids);
    corpus.report = std::move(report);
    corpus.name = name;
    return corpus;
}

}  // namespace

TokenizedCorpus loadCorpus(const std::string& path, const CorpusOptions& options,
                           const JobControl& control) {
    IdStreamSink sink;
    ReadReport report = readCorpus(path, options.tokenizer, sink, control);
    return finishLoad(sink, std::move(report), path, options, control);
}

TokenizedCorpus loadCorpus(QIODevice& device, const std::string& name, const CorpusOptions& options,
                           const JobControl& control) {
    IdStreamSink sink;
    ReadReport report = readCorpus(device, name, options.tokenizer, sink, control);
    return finishLoad(sink, std::move(report), name, options, control);
}

TokenizedCorpus loadCorpus(const std::vector<std::string>& files, const CorpusOptions& options,
                           const JobControl& control) {
    IdStreamSink sink;
    ReadReport report = readCorpus(files, options.tokenizer, sink, control);
    return finishLoad(sink, std::move(report), corpusName(files), options, control);
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
