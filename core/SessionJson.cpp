#include "SessionJson.h"

#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <QJsonArray>

#include <string>

#include "Error.h"
#include "Projection.h"
#include "Tokenizer.h"

namespace embedscope {

namespace {

const char* repulsionName(TsneRepulsion repulsion) {
    switch (repulsion) {
        case TsneRepulsion::BarnesHut:
            return "barnes-hut";
        case TsneRepulsion::Fft:
            return "fft";
        case TsneRepulsion::Automatic:
            break;
    }
    return "automatic";
}

QJsonArray wordsJson(const std::vector<std::string>& words) {
    QJsonArray array;
    for (const std::string& word : words)
        array.append(QString::fromStdString(word));
    return array;
}

// Which part of the session a value came from, for the messages: "layout", "training options"...
[[noreturn]] void badValue(const char* section, const char* key) {
    throw Error(std::string("\"") + key + "\" in the saved " + section + " is not valid");
}

// json[key] when the file has it, checked to be of the kind `isKind` tests (a QJsonValue
// predicate such as &QJsonValue::isDouble); nullopt when absent.
std::optional<QJsonValue> valueOfKind(const char* section, const QJsonObject& json, const char* key,
                                      bool (QJsonValue::*isKind)() const) {
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined())
        return std::nullopt;
    if (!(value.*isKind)())
        badValue(section, key);
    return value;
}

double number(const char* section, const QJsonObject& json, const char* key, double fallback) {
    const auto value = valueOfKind(section, json, key, &QJsonValue::isDouble);
    return value ? value->toDouble() : fallback;
}

// A number read from a file, as the program will use it: finite, within [lo, hi], and whole when
// integral is set. Out of range it would be cast into nonsense (undefined for 1e300 or -1).
double checkedNumber(const char* section, const QJsonObject& json, const char* key, double fallback,
                     double lo, double hi, bool integral) {
    const double value = number(section, json, key, fallback);
    if (!std::isfinite(value) || value < lo || value > hi ||
        (integral && value != std::floor(value))) {
        std::ostringstream range;
        range << std::setprecision(15) << "[" << lo << ", " << hi << "]";
        QString shown = QString::number(value, 'g', 6);
        throw Error(std::string("\"") + key + "\" in the saved " + section + " is " +
                    shown.toStdString() + ", expected " +
                    (integral ? "a whole number in " : "a number in ") + range.str());
    }
    return value;
}

int checkedInt(const char* section, const QJsonObject& json, const char* key, int fallback, int lo,
               int hi) {
    return static_cast<int>(checkedNumber(section, json, key, fallback, lo, hi, true));
}

bool boolean(const char* section, const QJsonObject& json, const char* key, bool fallback) {
    const auto value = valueOfKind(section, json, key, &QJsonValue::isBool);
    return value ? value->toBool() : fallback;
}

// A name among those `parse` knows (it returns an empty optional for others); fallback if absent.
template <typename T, typename Parse>
T named(const char* section, const QJsonObject& json, const char* key, T fallback, Parse parse) {
    const auto value = valueOfKind(section, json, key, &QJsonValue::isString);
    if (!value)
        return fallback;
    const auto parsed = parse(value->toString().toStdString());
    if (!parsed)
        badValue(section, key);
    return *parsed;
}

// A double holds every integer up to 2^53 exactly: the seeds the JSON writers write.
constexpr double kLargestExactInteger = 9007199254740992.0;
constexpr const char* kLayout = "layout";

std::vector<std::string> words(const QJsonValue& value) {
    if (!value.isArray())
        badValue(kLayout, "axes");
    std::vector<std::string> result;
    for (const QJsonValue& word : value.toArray()) {
        if (!word.isString())
            badValue(kLayout, "axes");
        result.push_back(word.toString().toStdString());
    }
    return result;
}

}  // namespace

QJsonObject corpusOptionsJson(const CorpusOptions& options) {
    QJsonObject json;
    json[QStringLiteral("tokenize")] =
        QString::fromStdString(std::string(tokenizeModeName(options.tokenizer.mode)));
    json[QStringLiteral("lowercase")] = options.tokenizer.lowercase;
    json[QStringLiteral("keepApostrophes")] = options.tokenizer.keepApostrophes;
    json[QStringLiteral("keepHyphens")] = options.tokenizer.keepHyphens;
    json[QStringLiteral("digitsToToken")] = options.tokenizer.digitsToToken;
    json[QStringLiteral("normalize")] = options.tokenizer.normalize;
    json[QStringLiteral("minCount")] = static_cast<double>(options.minCount);
    json[QStringLiteral("maxSize")] = static_cast<double>(options.maxSize);
    return json;
}

QJsonObject trainerOptionsJson(const TrainerOptions& options) {
    QJsonObject json;
    json[QStringLiteral("model")] =
        QLatin1String(options.model == TrainingModel::Cbow ? "cbow" : "sg");
    json[QStringLiteral("kernel")] = QLatin1String(trainingKernelName(options.effectiveKernel()));
    json[QStringLiteral("init")] = QLatin1String(embeddingInitName(options.effectiveInit()));
    json[QStringLiteral("dim")] = options.dim;
    json[QStringLiteral("window")] = options.window;
    json[QStringLiteral("negative")] = options.negative;
    json[QStringLiteral("epochs")] = options.epochs;
    json[QStringLiteral("learningRate")] = options.effectiveLearningRate();
    json[QStringLiteral("minLearningRateFactor")] = options.minLearningRateFactor;
    json[QStringLiteral("sample")] = options.sample;
    json[QStringLiteral("noiseExponent")] = options.noiseExponent;
    json[QStringLiteral("threads")] = options.threads;
    json[QStringLiteral("seed")] = static_cast<double>(options.seed);
    json[QStringLiteral("order")] = QLatin1String(options.shuffleLines ? "shuffled" : "file");
    json[QStringLiteral("initFrom")] = QString::fromStdString(options.pretrained.source);
    json[QStringLiteral("freeze")] = options.pretrained.freeze;
    return json;
}

QJsonObject layoutJson(const LayoutOptions& options, const std::vector<AxisSpec>& axes) {
    QJsonObject json;
    json[QStringLiteral("method")] = QLatin1String(layoutMethodName(options.method));
    json[QStringLiteral("dims")] = options.dims;
    json[QStringLiteral("perplexity")] = options.perplexity;
    json[QStringLiteral("tsneRepulsion")] = QLatin1String(repulsionName(options.tsneRepulsion));
    json[QStringLiteral("neighbors")] = options.neighbors;
    json[QStringLiteral("minDist")] = options.minDist;
    // A double holds every integer below 2^53: the seeds a user types.
    json[QStringLiteral("seed")] = static_cast<double>(options.seed);
    json[QStringLiteral("iterations")] = options.iterations;
    QJsonArray components;
    for (const int component : options.components)
        components.append(component);
    json[QStringLiteral("components")] = components;
    json[QStringLiteral("maxLaidOutRows")] = static_cast<double>(options.maxLaidOutRows);
    QJsonArray axesJson;
    for (const AxisSpec& axis : axes)
        axesJson.append(QJsonObject{{QStringLiteral("from"), wordsJson(axis.from)},
                                    {QStringLiteral("to"), wordsJson(axis.to)}});
    json[QStringLiteral("axes")] = axesJson;
    return json;
}

SavedLayout parseLayoutJson(const QJsonObject& json, const LayoutOptions& base) {
    SavedLayout saved;
    LayoutOptions& options = saved.options;
    options = base;
    if (json.contains(QStringLiteral("method"))) {
        const auto method =
            parseLayoutMethod(json.value(QStringLiteral("method")).toString().toStdString());
        if (!method)
            badValue(kLayout, "method");
        options.method = *method;
    }
    options.dims = checkedInt(kLayout, json, "dims", options.dims, 2, 3);
    options.perplexity =
        checkedNumber(kLayout, json, "perplexity", options.perplexity, 1e-3, 1e6, false);
    const QString repulsion = json.value(QStringLiteral("tsneRepulsion")).toString();
    if (repulsion == QLatin1String("barnes-hut"))
        options.tsneRepulsion = TsneRepulsion::BarnesHut;
    else if (repulsion == QLatin1String("fft"))
        options.tsneRepulsion = TsneRepulsion::Fft;
    else if (repulsion == QLatin1String("automatic"))
        options.tsneRepulsion = TsneRepulsion::Automatic;
    // The ranges embedscope-cli layout accepts for the same options.
    options.neighbors = checkedInt(kLayout, json, "neighbors", options.neighbors, 1, 100000);
    options.minDist = checkedNumber(kLayout, json, "minDist", options.minDist, 0, 1e6, false);
    options.seed = static_cast<std::uint64_t>(
        checkedNumber(kLayout, json, "seed", double(options.seed), 0, kLargestExactInteger, true));
    options.iterations = checkedInt(kLayout, json, "iterations", options.iterations, 0, 100000000);
    options.maxLaidOutRows = static_cast<std::int64_t>(checkedNumber(
        kLayout, json, "maxLaidOutRows", double(options.maxLaidOutRows), 1, 1099511627776.0, true));
    if (json.contains(QStringLiteral("components"))) {
        const QJsonValue components = json.value(QStringLiteral("components"));
        if (!components.isArray())
            badValue(kLayout, "components");
        options.components.clear();
        for (const QJsonValue& component : components.toArray()) {
            const double value = component.toDouble(-1);
            // 0-based principal components, as the PC chooser offers them.
            if (!component.isDouble() || value != std::floor(value) || value < 0 ||
                value >= Projection::kMaxComponents)
                badValue(kLayout, "components");
            options.components.push_back(static_cast<int>(value));
        }
    }
    if (json.contains(QStringLiteral("axes"))) {
        const QJsonValue axes = json.value(QStringLiteral("axes"));
        if (!axes.isArray())
            badValue(kLayout, "axes");
        for (const QJsonValue& axis : axes.toArray()) {
            if (!axis.isObject())
                badValue(kLayout, "axes");
            const QJsonObject object = axis.toObject();
            saved.axes.push_back({words(object.value(QStringLiteral("from"))),
                                  words(object.value(QStringLiteral("to")))});
        }
    }
    return saved;
}

TrainerOptions parseTrainerOptionsJson(const QJsonObject& json, const TrainerOptions& base) {
    constexpr const char* section = "training options";
    TrainerOptions options = base;
    options.model = named(section, json, "model", options.model,
                          [](const std::string& name) -> std::optional<TrainingModel> {
                              if (name == "sg")
                                  return TrainingModel::SkipGram;
                              if (name == "cbow")
                                  return TrainingModel::Cbow;
                              return std::nullopt;
                          });
    // Written as the kernel and initialisation the run used, so they come back by name.
    if (json.contains(QStringLiteral("kernel")))
        options.kernel =
            named(section, json, "kernel", options.effectiveKernel(), trainingKernelFromName);
    if (json.contains(QStringLiteral("init")))
        options.init = named(section, json, "init", options.effectiveInit(),
                             [](const std::string& name) -> std::optional<EmbeddingInit> {
                                 return embeddingInitFromName(name);
                             });
    // The file names the kernel and initialisation the run used, the model's defaults too; those
    // read back as "the default", which follows a later change of model as the panel's does.
    if (options.kernel == defaultKernel(options.model))
        options.kernel.reset();
    if (options.init == defaultInit(options.model))
        options.init.reset();
    // The ranges the trainer accepts.
    options.dim = checkedInt(section, json, "dim", options.dim, 1, 10000);
    options.window = checkedInt(section, json, "window", options.window, 1, 1000);
    options.negative = checkedInt(section, json, "negative", options.negative, 1, 1000);
    options.epochs = checkedInt(section, json, "epochs", options.epochs, 1, 1000000);
    options.learningRate =
        checkedNumber(section, json, "learningRate", options.learningRate, 1e-9, 1e3, false);
    options.minLearningRateFactor = checkedNumber(section, json, "minLearningRateFactor",
                                                  options.minLearningRateFactor, 0, 1, false);
    options.sample = checkedNumber(section, json, "sample", options.sample, 0, 1, false);
    options.noiseExponent =
        checkedNumber(section, json, "noiseExponent", options.noiseExponent, -10, 10, false);
    options.threads = checkedInt(section, json, "threads", options.threads, 0, 4096);
    options.seed = static_cast<std::uint64_t>(
        checkedNumber(section, json, "seed", double(options.seed), 0, kLargestExactInteger, true));
    options.shuffleLines =
        named(section, json, "order", options.shuffleLines, shuffleLinesFromName);
    return options;
}

CorpusOptions parseCorpusOptionsJson(const QJsonObject& json, const CorpusOptions& base) {
    constexpr const char* section = "corpus options";
    CorpusOptions options = base;
    TokenizerOptions& tokenizer = options.tokenizer;
    tokenizer.mode = named(section, json, "tokenize", tokenizer.mode,
                           [](const std::string& name) -> std::optional<TokenizeMode> {
                               try {
                                   return parseTokenizeMode(name);
                               } catch (const std::invalid_argument&) {
                                   return std::nullopt;
                               }
                           });
    tokenizer.lowercase = boolean(section, json, "lowercase", tokenizer.lowercase);
    tokenizer.keepApostrophes =
        boolean(section, json, "keepApostrophes", tokenizer.keepApostrophes);
    tokenizer.keepHyphens = boolean(section, json, "keepHyphens", tokenizer.keepHyphens);
    tokenizer.digitsToToken = boolean(section, json, "digitsToToken", tokenizer.digitsToToken);
    tokenizer.normalize = boolean(section, json, "normalize", tokenizer.normalize);
    options.minCount = static_cast<std::uint64_t>(checkedNumber(
        section, json, "minCount", double(options.minCount), 1, kLargestExactInteger, true));
    options.maxSize = static_cast<std::size_t>(checkedNumber(
        section, json, "maxSize", double(options.maxSize), 0, kLargestExactInteger, true));
    return options;
}

}  // namespace embedscope
