#include "SessionJson.h"

#include <QJsonArray>

#include <string>

#include "Error.h"
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
    options.dims = static_cast<int>(number(json, "dims", options.dims));
    if (options.dims != 2 && options.dims != 3)
        badValue("dims");
    options.perplexity = number(json, "perplexity", options.perplexity);
    const QString repulsion = json.value(QStringLiteral("tsneRepulsion")).toString();
    if (repulsion == QLatin1String("barnes-hut"))
        options.tsneRepulsion = TsneRepulsion::BarnesHut;
    else if (repulsion == QLatin1String("fft"))
        options.tsneRepulsion = TsneRepulsion::Fft;
    else if (repulsion == QLatin1String("automatic"))
        options.tsneRepulsion = TsneRepulsion::Automatic;
    options.neighbors = static_cast<int>(number(json, "neighbors", options.neighbors));
    options.minDist = number(json, "minDist", options.minDist);
    options.seed = static_cast<std::uint64_t>(number(json, "seed", double(options.seed)));
    options.iterations = static_cast<int>(number(json, "iterations", options.iterations));
    options.maxLaidOutRows =
        static_cast<std::int64_t>(number(json, "maxLaidOutRows", double(options.maxLaidOutRows)));
    if (json.contains(QStringLiteral("components"))) {
        const QJsonValue components = json.value(QStringLiteral("components"));
        if (!components.isArray())
            badValue("components");
        options.components.clear();
        for (const QJsonValue& component : components.toArray()) {
            if (!component.isDouble())
                badValue("components");
            options.components.push_back(component.toInt());
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
