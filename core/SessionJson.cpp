#include "SessionJson.h"

#include <cmath>
#include <iomanip>
#include <sstream>

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

[[noreturn]] void badValue(const char* key) {
    throw Error(std::string("the saved layout's \"") + key + "\" is not valid");
}

double number(const QJsonObject& json, const char* key, double fallback) {
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    if (!value.isDouble())
        badValue(key);
    return value.toDouble();
}

// A number read from a file, as the layout will use it: finite, within [lo, hi], and whole when
// integral is set. Out of range it would be cast into nonsense (undefined for 1e300 or -1).
double checkedNumber(const QJsonObject& json, const char* key, double fallback, double lo,
                     double hi, bool integral) {
    const double value = number(json, key, fallback);
    if (!std::isfinite(value) || value < lo || value > hi ||
        (integral && value != std::floor(value))) {
        std::ostringstream range;
        range << std::setprecision(15) << "[" << lo << ", " << hi << "]";
        QString shown = QString::number(value, 'g', 6);
        throw Error(std::string("the saved layout's \"") + key + "\" is " + shown.toStdString() +
                    ", expected " + (integral ? "a whole number in " : "a number in ") +
                    range.str());
    }
    return value;
}

int checkedInt(const QJsonObject& json, const char* key, int fallback, int lo, int hi) {
    return static_cast<int>(checkedNumber(json, key, fallback, lo, hi, true));
}

std::vector<std::string> words(const QJsonValue& value) {
    if (!value.isArray())
        badValue("axes");
    std::vector<std::string> result;
    for (const QJsonValue& word : value.toArray()) {
        if (!word.isString())
            badValue("axes");
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
            badValue("method");
        options.method = *method;
    }
    options.dims = checkedInt(json, "dims", options.dims, 2, 3);
    options.perplexity = checkedNumber(json, "perplexity", options.perplexity, 1e-3, 1e6, false);
    const QString repulsion = json.value(QStringLiteral("tsneRepulsion")).toString();
    if (repulsion == QLatin1String("barnes-hut"))
        options.tsneRepulsion = TsneRepulsion::BarnesHut;
    else if (repulsion == QLatin1String("fft"))
        options.tsneRepulsion = TsneRepulsion::Fft;
    else if (repulsion == QLatin1String("automatic"))
        options.tsneRepulsion = TsneRepulsion::Automatic;
    // The ranges embedscope-cli layout accepts for the same options.
    options.neighbors = checkedInt(json, "neighbors", options.neighbors, 1, 100000);
    options.minDist = checkedNumber(json, "minDist", options.minDist, 0, 1e6, false);
    // A double holds every integer up to 2^53 exactly: the seeds layoutJson writes.
    options.seed = static_cast<std::uint64_t>(
        checkedNumber(json, "seed", double(options.seed), 0, 9007199254740992.0, true));
    options.iterations = checkedInt(json, "iterations", options.iterations, 0, 100000000);
    options.maxLaidOutRows = static_cast<std::int64_t>(checkedNumber(
        json, "maxLaidOutRows", double(options.maxLaidOutRows), 1, 1099511627776.0, true));
    if (json.contains(QStringLiteral("components"))) {
        const QJsonValue components = json.value(QStringLiteral("components"));
        if (!components.isArray())
            badValue("components");
        options.components.clear();
        for (const QJsonValue& component : components.toArray()) {
            const double value = component.toDouble(-1);
            // 0-based principal components, as the PC chooser offers them.
            if (!component.isDouble() || value != std::floor(value) || value < 0 ||
                value >= Projection::kMaxComponents)
                badValue("components");
            options.components.push_back(static_cast<int>(value));
        }
    }
    if (json.contains(QStringLiteral("axes"))) {
        const QJsonValue axes = json.value(QStringLiteral("axes"));
        if (!axes.isArray())
            badValue("axes");
        for (const QJsonValue& axis : axes.toArray()) {
            if (!axis.isObject())
                badValue("axes");
            const QJsonObject object = axis.toObject();
            saved.axes.push_back({words(object.value(QStringLiteral("from"))),
                                  words(object.value(QStringLiteral("to")))});
        }
    }
    return saved;
}

}  // namespace embedscope
