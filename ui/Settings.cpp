#include "Settings.h"

#include <algorithm>
#include <optional>
#include <string>

namespace embedscope::settings {

namespace {

const QString kRecentKey = QStringLiteral("recentFiles");

template <typename T>
T clampedValue(const QSettings& settings, const QString& key, T fallback, T min, T max) {
    bool ok = false;
    const QVariant value = settings.value(key);
    if (!value.isValid())
        return fallback;
    const double number = value.toDouble(&ok);
    if (!ok)
        return fallback;
    return std::clamp(static_cast<T>(number), min, max);
}

// The kernel and the initialisation are stored by their command-line names, or "default" for the
// model's default (TrainerOptions' nullopt), under "kernelChoice" and "initChoice".
const QString kModelDefaultName = QStringLiteral("default");

// Versions before the per-model defaults wrote "kernel" (0 classic, 1 batched) and "init" (0
// word2vec's range, 1 normal, 2 gensim's) on every save, whether the user had picked them or not.
// Their defaults (batched, word2vec's range) cannot be told from a choice, so they read as the
// model's default; anything else was picked and stays.
std::optional<TrainingKernelKind> legacyKernel(const QSettings& settings) {
    bool ok = false;
    const int stored = settings.value(QStringLiteral("trainer/kernel")).toInt(&ok);
    if (ok && stored <= 0)
        return TrainingKernelKind::Classic;
    return std::nullopt;
}

std::optional<EmbeddingInit> legacyInit(const QSettings& settings) {
    bool ok = false;
    const int stored = settings.value(QStringLiteral("trainer/init")).toInt(&ok);
    if (ok && stored == 1)
        return EmbeddingInit::Normal;
    if (ok && stored >= 2)
        return EmbeddingInit::GensimUniform;
    return std::nullopt;
}

// A stored choice: nullopt for the model's default, the named value, or fallback when the file
// holds something else (an edited file, a later version's name).
template <typename T>
std::optional<T> storedChoice(const QString& stored,
                              std::optional<T> (*fromName)(const std::string&),
                              std::optional<T> fallback) {
    if (stored == kModelDefaultName)
        return std::nullopt;
    const auto named = fromName(stored.toStdString());
    return named ? named : fallback;
}

}  // namespace

QStringList recentFiles(const QSettings& settings) {
    QStringList files = settings.value(kRecentKey).toStringList();
    files.removeAll(QString());
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    return files;
}

QStringList addRecentFile(QSettings& settings, const QString& path) {
    QStringList files = recentFiles(settings);
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    settings.setValue(kRecentKey, files);
    return files;
}

QStringList removeRecentFile(QSettings& settings, const QString& path) {
    QStringList files = recentFiles(settings);
    files.removeAll(path);
    settings.setValue(kRecentKey, files);
    return files;
}

void saveCorpusOptions(QSettings& settings, const CorpusOptions& options) {
    settings.beginGroup(QStringLiteral("corpus"));
    settings.setValue(QStringLiteral("tokenize"),
                      QString::fromUtf8(tokenizeModeName(options.tokenizer.mode).data()));
    settings.setValue(QStringLiteral("lowercase"), options.tokenizer.lowercase);
    settings.setValue(QStringLiteral("apostrophes"), options.tokenizer.keepApostrophes);
    settings.setValue(QStringLiteral("hyphens"), options.tokenizer.keepHyphens);
    settings.setValue(QStringLiteral("digitsToToken"), options.tokenizer.digitsToToken);
    settings.setValue(QStringLiteral("normalize"), options.tokenizer.normalize);
    settings.setValue(QStringLiteral("minCount"), static_cast<qulonglong>(options.minCount));
    settings.setValue(QStringLiteral("maxSize"), static_cast<qulonglong>(options.maxSize));
    settings.endGroup();
}

CorpusOptions loadCorpusOptions(const QSettings& settings, const CorpusOptions& fallback) {
    CorpusOptions options = fallback;
    const auto key = [](const char* name) {
        return QStringLiteral("corpus/") + QLatin1String(name);
    };
    const QString mode = settings.value(key("tokenize")).toString();
    try {
        if (!mode.isEmpty())
            options.tokenizer.mode = parseTokenizeMode(mode.toStdString());
    } catch (const std::exception&) {
        // An unknown name from an older or edited file: keep the fallback.
    }
    options.tokenizer.lowercase =
        settings.value(key("lowercase"), fallback.tokenizer.lowercase).toBool();
    options.tokenizer.keepApostrophes =
        settings.value(key("apostrophes"), fallback.tokenizer.keepApostrophes).toBool();
    options.tokenizer.keepHyphens =
        settings.value(key("hyphens"), fallback.tokenizer.keepHyphens).toBool();
    options.tokenizer.digitsToToken =
        settings.value(key("digitsToToken"), fallback.tokenizer.digitsToToken).toBool();
    options.tokenizer.normalize =
        settings.value(key("normalize"), fallback.tokenizer.normalize).toBool();
    options.minCount =
        clampedValue<std::uint64_t>(settings, key("minCount"), fallback.minCount, 1, 1000000);
    options.maxSize =
        clampedValue<std::size_t>(settings, key("maxSize"), fallback.maxSize, 0, 100000000);
    return options;
}

void saveTrainerOptions(QSettings& settings, const TrainerOptions& options) {
    settings.beginGroup(QStringLiteral("trainer"));
    settings.setValue(QStringLiteral("model"), options.model == TrainingModel::Cbow ? 1 : 0);
    settings.setValue(QStringLiteral("kernelChoice"),
                      options.kernel ? QString::fromLatin1(trainingKernelName(*options.kernel))
                                     : kModelDefaultName);
    settings.setValue(
        QStringLiteral("initChoice"),
        options.init ? QString::fromLatin1(embeddingInitName(*options.init)) : kModelDefaultName);
    // The keys of earlier versions (see legacyKernel) are superseded.
    settings.remove(QStringLiteral("kernel"));
    settings.remove(QStringLiteral("init"));
    settings.setValue(QStringLiteral("dim"), options.dim);
    settings.setValue(QStringLiteral("window"), options.window);
    settings.setValue(QStringLiteral("negative"), options.negative);
    settings.setValue(QStringLiteral("epochs"), options.epochs);
    settings.setValue(QStringLiteral("learningRate"), options.learningRate);
    settings.setValue(QStringLiteral("sample"), options.sample);
    settings.setValue(QStringLiteral("threads"), options.threads);
    settings.setValue(QStringLiteral("seed"), static_cast<qulonglong>(options.seed));
    settings.setValue(QStringLiteral("shuffleLines"), options.shuffleLines);
    settings.endGroup();
}

TrainerOptions loadTrainerOptions(const QSettings& settings, const TrainerOptions& fallback) {
    TrainerOptions options = fallback;
    const auto key = [](const char* name) {
        return QStringLiteral("trainer/") + QLatin1String(name);
    };
    options.model = clampedValue(settings, key("model"),
                                 fallback.model == TrainingModel::Cbow ? 1 : 0, 0, 1) == 1
                        ? TrainingModel::Cbow
                        : TrainingModel::SkipGram;
    if (settings.contains(key("kernelChoice")))
        options.kernel = storedChoice(settings.value(key("kernelChoice")).toString(),
                                      trainingKernelFromName, fallback.kernel);
    else if (settings.contains(key("kernel")))
        options.kernel = legacyKernel(settings);
    if (settings.contains(key("initChoice")))
        options.init = storedChoice(settings.value(key("initChoice")).toString(),
                                    embeddingInitFromName, fallback.init);
    else if (settings.contains(key("init")))
        options.init = legacyInit(settings);
    options.dim = clampedValue(settings, key("dim"), fallback.dim, 1, 1000);
    options.window = clampedValue(settings, key("window"), fallback.window, 1, 50);
    options.negative = clampedValue(settings, key("negative"), fallback.negative, 1, 50);
    options.epochs = clampedValue(settings, key("epochs"), fallback.epochs, 1, 1000);
    options.learningRate =
        clampedValue(settings, key("learningRate"), fallback.learningRate, 0.0, 1.0);
    options.sample = clampedValue(settings, key("sample"), fallback.sample, 0.0, 1.0);
    options.threads = clampedValue(settings, key("threads"), fallback.threads, 0, 256);
    options.seed = clampedValue<std::uint64_t>(settings, key("seed"), fallback.seed, 0,
                                               std::uint64_t(1) << 53);
    options.shuffleLines = settings.value(key("shuffleLines"), fallback.shuffleLines).toBool();
    return options;
}

int loadTrackedCount(const QSettings& settings, int fallback) {
    return clampedValue(settings, QStringLiteral("view/trackedCount"), fallback, 2, 20000);
}

void saveTrackedCount(QSettings& settings, int count) {
    settings.setValue(QStringLiteral("view/trackedCount"), count);
}

int loadTimelineBudgetMb(const QSettings& settings, int fallback) {
    return clampedValue(settings, QStringLiteral("timeline/budgetMb"), fallback, 1, 65536);
}

void saveTimelineBudgetMb(QSettings& settings, int megabytes) {
    settings.setValue(QStringLiteral("timeline/budgetMb"), megabytes);
}

PlotRegion::Shape loadSelectionTool(const QSettings& settings, PlotRegion::Shape fallback) {
    const QString name = settings.value(QStringLiteral("view/selectionTool")).toString();
    if (name == QLatin1String("lasso"))
        return PlotRegion::Shape::Lasso;
    if (name == QLatin1String("rectangle"))
        return PlotRegion::Shape::Rectangle;
    return fallback;
}

void saveSelectionTool(QSettings& settings, PlotRegion::Shape shape) {
    settings.setValue(QStringLiteral("view/selectionTool"), shape == PlotRegion::Shape::Lasso
                                                                ? QStringLiteral("lasso")
                                                                : QStringLiteral("rectangle"));
}

bool loadReplayAligned(const QSettings& settings) {
    return settings.value(QStringLiteral("timeline/replayAxes")).toString() ==
           QLatin1String("aligned");
}

void saveReplayAligned(QSettings& settings, bool aligned) {
    settings.setValue(QStringLiteral("timeline/replayAxes"),
                      QLatin1String(aligned ? "aligned" : "fixed"));
}

}  // namespace embedscope::settings
