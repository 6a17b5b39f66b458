// What the application remembers between runs (QSettings): recent corpora, the tokenizer and
// trainer parameters. Window geometry and dock state are saved by MainWindow itself.
//
// Tests point QSettings at a temporary directory (QSettings::setPath) before creating a window.
#pragma once

#include <QSettings>
#include <QStringList>

#include "PlotRegion.h"
#include "TokenizedCorpus.h"
#include "Trainer.h"

namespace embedscope::settings {

constexpr int kMaxRecentFiles = 8;

QStringList recentFiles(const QSettings& settings);
// Moves path to the front (adding it if new), keeps at most kMaxRecentFiles; returns the list.
QStringList addRecentFile(QSettings& settings, const QString& path);
QStringList removeRecentFile(QSettings& settings, const QString& path);

void saveCorpusOptions(QSettings& settings, const CorpusOptions& options);
// Values missing from settings (or unreadable) come from fallback.
CorpusOptions loadCorpusOptions(const QSettings& settings, const CorpusOptions& fallback);

void saveTrainerOptions(QSettings& settings, const TrainerOptions& options);
TrainerOptions loadTrainerOptions(const QSettings& settings, const TrainerOptions& fallback);

int loadTrackedCount(const QSettings& settings, int fallback);
void saveTrackedCount(QSettings& settings, int count);

// The training timeline's memory budget, in MB (1..65536).
int loadTimelineBudgetMb(const QSettings& settings, int fallback);
void saveTimelineBudgetMb(QSettings& settings, int megabytes);

// The outline Shift+drag draws on the plot (Selection > Selection tool), stored by name
// ("rectangle", "lasso"); an unknown name gives fallback.
PlotRegion::Shape loadSelectionTool(const QSettings& settings, PlotRegion::Shape fallback);
void saveSelectionTool(QSettings& settings, PlotRegion::Shape shape);

// The Evaluate dialog's remembered choices, which TrainingEvaluator scores a run with too: the
// analogy file (a string), the word-pair files (a string list) and the vocabulary restriction.
inline const QString kEvaluationAnalogiesKey = QStringLiteral("evaluation/analogies");
inline const QString kEvaluationSimilarityKey = QStringLiteral("evaluation/similarity");
inline const QString kEvaluationRestrictKey = QStringLiteral("evaluation/restrict");

// Whether the timeline bar replays each frame aligned as live (true) or on fixed axes (false).
bool loadReplayAligned(const QSettings& settings);
void saveReplayAligned(QSettings& settings, bool aligned);

}  // namespace embedscope::settings
