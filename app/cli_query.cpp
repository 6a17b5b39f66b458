// The query commands of embedscope-cli: neighbors, analogy and evaluate.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "CliArgs.h"
#include "CliCommands.h"
#include "Error.h"
#include "Evaluation.h"
#include "NeighbourIndex.h"
#include "VectorCache.h"
#include "VectorFormats.h"

namespace embedscope::cli {

namespace {

const char* const kNeighborsUsage =
    "usage: embedscope-cli neighbors VECTORS WORD [-k 10] [--restrict N] [--no-cache]\n"
    "  Prints the k words nearest to WORD by cosine similarity, one \"word<TAB>similarity\" a\n"
    "  line, best first. --restrict N searches only the N most frequent words (0: all).\n"
    "  --no-cache: neither read nor write the reopen cache (README, \"The reopen cache\").\n";
const char* const kAnalogyUsage =
    "usage: embedscope-cli analogy VECTORS A B C [-k 10] [--method add|mul] [--restrict N]\n"
    "                              [--no-cache]\n"
    "  A is to B as C is to ?  Prints \"word<TAB>score\" lines, best first; A, B and C are never\n"
    "  answers. add: 3CosAdd, cos(x, B - A + C); mul: 3CosMul (Levy & Goldberg 2014).\n";
const char* const kEvaluateUsage =
    "usage: embedscope-cli evaluate VECTORS [--analogies FILE] [--similarity FILE]...\n"
    "                               [--restrict 30000] [--similarity-restrict 0]\n"
    "                               [--method add|mul] [--json] [--no-cache]\n"
    "  --analogies FILE   questions-words.txt format (\": section\" lines, then \"a b c d\")\n"
    "  --similarity FILE  word1<TAB>word2<TAB>score lines, '#' comments (WordSim-353,\n"
    "                     SimLex-999); may be repeated\n"
    "  --restrict N       analogies: only the N most frequent words take part (0: all); questions\n"
    "                     with another word are skipped and counted, as with gensim's\n"
    "                     evaluate_word_analogies(restrict_vocab=N)\n"
    "  --similarity-restrict N\n"
    "                     the same for similarity pairs (default 0: every word, as gensim's\n"
    "                     evaluate_word_pairs on vocabularies up to its default 300,000)\n"
    "  --json             print one JSON object instead of the report\n";

bool wantsHelp(const Args& args) {
    for (const std::string& arg : args)
        if (arg == "--help" || arg == "-h")
            return true;
    return false;
}

AnalogyMethod parseMethod(const CliArgs& args) {
    const std::string method = args.value("--method", "add");
    if (method == "add")
        return AnalogyMethod::CosAdd;
    if (method == "mul")
        return AnalogyMethod::CosMul;
    throw CliUsageError("--method expects add or mul, got '" + method + "'");
}

// Vectors plus their index and a word lookup. An exact match wins; otherwise the lower-case
// spelling is tried, since corpora are usually lower-cased but users type "Paris". A large file
// is opened from the reopen cache when it has one (VectorCache.h); the index references the
// table (parsed or mapped) instead of holding a normalised copy.
class LoadedVectors {
public:
    LoadedVectors(const std::string& path, bool useCache)
        : path_(path),
          cache_(cacheSettings(useCache)),
          opened_(openVectors(path, std::nullopt, cache_)),
          index_(opened_.source->table()) {
        if (opened_.fromCache)
            std::fprintf(stderr, "%s: opened from the reopen cache\n", path.c_str());
    }

    std::int32_t row(const std::string& word) const {
        std::int32_t found = source().indexOf(word);
        if (found < 0) {
            std::string lower = word;
            for (char& c : lower)
                if (c >= 'A' && c <= 'Z')
                    c = char(c - 'A' + 'a');
            found = source().indexOf(lower);
        }
        if (found < 0)
            throw Error(fileError(path_, "word '" + word + "' is not in the vocabulary"));
        return found;
    }

    const LoadedVectorSource& source() const { return *opened_.source; }
    const std::vector<std::string>& words() const { return source().words(); }
    const NeighbourIndex& index() const { return index_; }
    // Called once the answer is printed: writing a cache of a large file takes seconds.
    void writeCacheIfNew() const { writeVectorCacheQuietly(cache_, opened_); }

private:
    static VectorCacheSettings cacheSettings(bool useCache) {
        VectorCacheSettings settings = VectorCacheSettings::fromEnvironment();
        settings.enabled = settings.enabled && useCache;
        return settings;
    }

    std::string path_;
    VectorCacheSettings cache_;
    OpenedVectors opened_;
    NeighbourIndex index_;
};

void printNeighbours(const LoadedVectors& loaded, const std::vector<Neighbour>& neighbours) {
    for (const Neighbour& n : neighbours)
        std::printf("%s\t%.6f\n", loaded.words()[n.index].c_str(), double(n.similarity));
}

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject sectionJson(const AnalogySection& section) {
    QJsonObject json;
    json[QStringLiteral("name")] = fromStd(section.name);
    json[QStringLiteral("correct")] = section.correct;
    json[QStringLiteral("answered")] = section.total;
    json[QStringLiteral("skipped")] = section.skipped;
    json[QStringLiteral("skipped_not_in_vocabulary")] = section.skippedNotInVocabulary;
    json[QStringLiteral("skipped_outside_restriction")] = section.skippedOutsideRestriction;
    json[QStringLiteral("accuracy")] = section.accuracy();
    return json;
}

// printf into a string: the report is printed only once every file has been read, so that a
// failure leaves stdout empty.
template <typename... Values>
void appendf(std::string& out, const char* format, Values... values) {
    const int length = std::snprintf(nullptr, 0, format, values...);
    if (length <= 0)
        return;
    const std::size_t at = out.size();
    out.resize(at + std::size_t(length) + 1);
    std::snprintf(&out[at], std::size_t(length) + 1, format, values...);
    out.pop_back();  // the terminating zero
}

std::string percent(double fraction) {
    char text[32];
    std::snprintf(text, sizeof text, "%6.2f%%", 100.0 * fraction);
    return text;
}

void printSection(std::string& out, const AnalogySection& section) {
    appendf(out, "  %-32s %6d / %-6d %s   skipped %d\n", section.name.c_str(), section.correct,
            section.total, percent(section.accuracy()).c_str(), section.skipped);
}

// "3 for a word not in the vocabulary, 1 for a word outside the 30000 most frequent"; the second
// part only under a restriction. restrict larger than the vocabulary cut nothing: said, so that
// "the 30000 most frequent" does not suggest a vocabulary that large.
std::string skipReasons(int notInVocabulary, int outsideRestriction, std::int32_t restrict,
                        int vocabularySize) {
    std::string text = std::to_string(notInVocabulary) + " for a word not in the vocabulary";
    if (restrict > 0)
        text += ", " + std::to_string(outsideRestriction) + " for a word outside the " +
                std::to_string(restrict) + " most frequent";
    if (restrict > vocabularySize)
        text += " (the vocabulary has only " + std::to_string(vocabularySize) + " words)";
    return text;
}

}  // namespace

int runNeighbors(const Args& rawArgs) {
    if (wantsHelp(rawArgs)) {
        std::fputs(kNeighborsUsage, stdout);
        return 0;
    }
    const CliArgs args(rawArgs, {"-k", "--restrict"}, {"--no-cache"});
    args.expectPositionals(2, 2, "VECTORS WORD (see --help)");
    const int k = int(args.integer("-k", 10, 1, 1'000'000));
    const auto restrict = std::int32_t(args.integer("--restrict", 0, 0, 2'000'000'000));
    const LoadedVectors loaded(args.positionals()[0], !args.flag("--no-cache"));
    const std::int32_t row = loaded.row(args.positionals()[1]);
    printNeighbours(loaded, loaded.index().nearest(row, k, restrict));
    std::fflush(stdout);
    loaded.writeCacheIfNew();
    return 0;
}

int runAnalogy(const Args& rawArgs) {
    if (wantsHelp(rawArgs)) {
        std::fputs(kAnalogyUsage, stdout);
        return 0;
    }
    const CliArgs args(rawArgs, {"-k", "--method", "--restrict"}, {"--no-cache"});
    args.expectPositionals(4, 4, "VECTORS A B C (see --help)");
    const int k = int(args.integer("-k", 10, 1, 1'000'000));
    const auto restrict = std::int32_t(args.integer("--restrict", 0, 0, 2'000'000'000));
    const AnalogyMethod method = parseMethod(args);
    const LoadedVectors loaded(args.positionals()[0], !args.flag("--no-cache"));
    const std::int32_t a = loaded.row(args.positionals()[1]);
    const std::int32_t b = loaded.row(args.positionals()[2]);
    const std::int32_t c = loaded.row(args.positionals()[3]);
    printNeighbours(loaded, loaded.index().analogy(a, b, c, k, method, restrict));
    std::fflush(stdout);
    loaded.writeCacheIfNew();
    return 0;
}

int runEvaluate(const Args& rawArgs) {
    if (wantsHelp(rawArgs)) {
        std::fputs(kEvaluateUsage, stdout);
        return 0;
    }
    const CliArgs args(
        rawArgs, {"--analogies", "--similarity", "--restrict", "--similarity-restrict", "--method"},
        {"--json", "--no-cache"});
    args.expectPositionals(1, 1, "VECTORS [--analogies FILE] [--similarity FILE]... (see --help)");
    const auto restrict = std::int32_t(args.integer("--restrict", 30000, 0, 2'000'000'000));
    // Only the analogy test is usually restricted: a pair's rank near the cut depends on how a
    // trainer orders words of equal count, so a similarity cut would score trainers on
    // different pairs.
    const auto similarityRestrict =
        std::int32_t(args.integer("--similarity-restrict", 0, 0, 2'000'000'000));
    const AnalogyMethod method = parseMethod(args);
    const auto analogies = args.value("--analogies");
    const std::vector<std::string> similarities = args.values("--similarity");
    if (!analogies && similarities.empty())
        throw CliUsageError("nothing to evaluate: give --analogies FILE and/or --similarity FILE");
    const bool json = args.flag("--json");

    const std::string& path = args.positionals()[0];
    const LoadedVectors loaded(path, !args.flag("--no-cache"));
    QJsonObject report;
    std::string text;
    report[QStringLiteral("vectors")] = fromStd(path);
    report[QStringLiteral("words")] = loaded.source().rows();
    report[QStringLiteral("dim")] = loaded.source().dim();
    if (!json)
        appendf(text, "%s: %d words, dimension %d\n", path.c_str(), loaded.source().rows(),
                loaded.source().dim());

    if (analogies) {
        const auto start = std::chrono::steady_clock::now();
        const AnalogyResult result =
            evaluateAnalogies(*analogies, loaded.words(), loaded.index(), restrict, method);
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (json) {
            QJsonObject section = sectionJson(result.overall());
            section.remove(QStringLiteral("name"));
            section[QStringLiteral("file")] = fromStd(*analogies);
            section[QStringLiteral("restrict")] = restrict;
            section[QStringLiteral("method")] =
                method == AnalogyMethod::CosAdd ? QStringLiteral("add") : QStringLiteral("mul");
            section[QStringLiteral("questions")] = result.all;
            section[QStringLiteral("restricted_words")] = result.restrictedSize;
            section[QStringLiteral("semantic")] = sectionJson(result.semantic);
            section[QStringLiteral("syntactic")] = sectionJson(result.syntactic);
            QJsonArray sections;
            for (const AnalogySection& s : result.sections)
                sections.append(sectionJson(s));
            section[QStringLiteral("sections")] = sections;
            section[QStringLiteral("seconds")] = seconds;
            report[QStringLiteral("analogies")] = section;
            report[QStringLiteral("analogy_accuracy")] = result.accuracy();
            report[QStringLiteral("analogy_questions")] = result.total;
        } else {
            appendf(text, "\nanalogies: %s (%s, %s; %.2f s)\n", analogies->c_str(),
                    method == AnalogyMethod::CosAdd ? "3CosAdd" : "3CosMul",
                    restrict > 0 ? ("first " + std::to_string(restrict) + " words").c_str()
                                 : "all words",
                    seconds);
            for (const AnalogySection& section : result.sections)
                printSection(text, section);
            printSection(text, result.semantic);
            printSection(text, result.syntactic);
            appendf(text, "  %-32s %6d / %-6d %s   skipped %d of %d questions\n", "total",
                    result.correct, result.total, percent(result.accuracy()).c_str(),
                    result.skipped, result.all);
            if (result.skipped > 0)
                appendf(text, "  skipped: %s\n",
                        skipReasons(result.skippedNotInVocabulary, result.skippedOutsideRestriction,
                                    restrict, result.vocabularySize)
                            .c_str());
        }
    }

    QJsonArray similarityReports;
    if (!json && !similarities.empty())
        appendf(text, "\nword similarity:\n");
    for (const std::string& file : similarities) {
        const SimilarityResult result =
            evaluateSimilarity(file, loaded.words(), loaded.index(), similarityRestrict);
        if (json) {
            QJsonObject entry;
            entry[QStringLiteral("file")] = fromStd(file);
            entry[QStringLiteral("spearman")] = jsonNumber(result.spearman);
            entry[QStringLiteral("pearson")] = jsonNumber(result.pearson);
            entry[QStringLiteral("used")] = result.used;
            entry[QStringLiteral("skipped")] = result.skipped;
            entry[QStringLiteral("skipped_not_in_vocabulary")] = result.skippedNotInVocabulary;
            entry[QStringLiteral("skipped_outside_restriction")] = result.skippedOutsideRestriction;
            entry[QStringLiteral("restrict")] = similarityRestrict;
            similarityReports.append(entry);
            // The flat keys of bench/evaluate_vectors.py (gensim), so that either evaluator's
            // output feeds the same comparison.
            const QString name = QFileInfo(fromStd(file)).completeBaseName();
            report[name + QStringLiteral("_spearman")] = jsonNumber(result.spearman);
            const int pairs = result.used + result.skipped;
            report[name + QStringLiteral("_oov_percent")] =
                pairs ? 100.0 * result.skipped / pairs : 0.0;
        } else {
            appendf(text, "  %-32s Spearman %7.4f  Pearson %7.4f  pairs used %d, skipped %d",
                    file.c_str(), result.spearman, result.pearson, result.used, result.skipped);
            if (result.skipped > 0)
                appendf(text, " (%s)",
                        skipReasons(result.skippedNotInVocabulary, result.skippedOutsideRestriction,
                                    similarityRestrict, loaded.source().rows())
                            .c_str());
            text += '\n';
        }
    }
    if (json) {
        if (!similarities.empty())
            report[QStringLiteral("similarity")] = similarityReports;
        text = QJsonDocument(report).toJson(QJsonDocument::Compact).toStdString() + "\n";
    }
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    loaded.writeCacheIfNew();
    return 0;
}

}  // namespace embedscope::cli
