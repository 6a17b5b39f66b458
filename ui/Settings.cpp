#include "Settings.h"

#include <algorithm>
#include <iterator>

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

// The initialisations by their stored number; the order is the one earlier versions wrote (0 and
// 1), so new entries go at the end.
constexpr EmbeddingInit kStoredInits[] = {EmbeddingInit::Word2VecUniform, EmbeddingInit::Normal,
                                          EmbeddingInit::GensimUniform};

int storedInitIndex(EmbeddingInit init) {
    const auto* found = std::find(std::begin(kStoredInits), std::end(kStoredInits), init);
    return found == std::end(kStoredInits) ? 0 : static_cast<int>(found - std::begin(kStoredInits));
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
    settings.setValue(QStringLiteral("kernel"),
                      options.kernel == TrainingKernelKind::Classic ? 0 : 1);
    settings.setValue(QStringLiteral("dim"), options.dim);
    settings.setValue(QStringLiteral("window"), options.window);
    settings.setValue(QStringLiteral("negative"), options.negative);
    settings.setValue(QStringLiteral("epochs"), options.epochs);
    settings.setValue(QStringLiteral("learningRate"), options.learningRate);
    settings.setValue(QStringLiteral("sample"), options.sample);
    settings.setValue(QStringLiteral("threads"), options.threads);
    settings.setValue(QStringLiteral("seed"), static_cast<qulonglong>(options.seed));
    settings.setValue(QStringLiteral("init"), storedInitIndex(options.init));
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
    options.kernel = clampedValue(settings, key("kernel"),
                                  fallback.kernel == TrainingKernelKind::Classic ? 0 : 1, 0, 1) == 0
                         ? TrainingKernelKind::Classic
                         : TrainingKernelKind::Batched;
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
    const int lastInit = static_cast<int>(std::size(kStoredInits)) - 1;
    options.init = kStoredInits[clampedValue(settings, key("init"), storedInitIndex(fallback.init),
                                             0, lastInit)];
    options.shuffleLines = settings.value(key("shuffleLines"), fallback.shuffleLines).toBool();
    return options;
}

int loadTrackedCount(const QSettings& settings, int fallback) {
    return clampedValue(settings, QStringLiteral("view/trackedCount"), fallback, 2, 20000);
}

void saveTrackedCount(QSettings& settings, int count) {
    settings.setValue(QStringLiteral("view/trackedCount"), count);
}

}  // namespace embedscope::settings
