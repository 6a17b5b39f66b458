// Helpers shared by the widget tests (main window, controller, inspector, exports, the 2-D and
// 3-D plots).
#pragma once

#include <QApplication>
#include <QCoreApplication>
#include <QMouseEvent>
#include <QPointF>
#include <QSettings>
#include <QSize>
#include <QStringList>
#include <QTemporaryDir>
#include <QVector>
#include <QWheelEvent>
#include <QWidget>
#include <QtTest>

#include <memory>

#include "MainWindow.h"
#include "ScatterPlot.h"  // PlotWord
#include "TokenizedCorpus.h"
#include "WordVectors.h"
#include "testutil.h"

namespace embedscope::test {

// A main window for tests: its error dialogs are collected in errors instead of shown, and its
// questions (discard the trained vectors?) are answered yes.
inline std::unique_ptr<MainWindow> newQuietWindow(QStringList& errors) {
    auto window = std::make_unique<MainWindow>();
    window->setErrorHandler(
        [&errors](const QString&, const QString& message) { errors << message; });
    window->setConfirmer([](const QString&) { return true; });
    return window;
}

// Points QSettings at dir so that tests never read or write the user's configuration.
inline void useTemporarySettings(const QTemporaryDir& dir) {
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("EmbedscopeTests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QSettings().clear();
}

// A corpus of three topics (animals, colours, numbers) with shared function words: sentences
// of one topic each, so that training separates the topics. Deterministic (a fixed LCG).
inline QByteArray topicCorpus(int sentences = 3000) {
    const QStringList topics[3] = {
        {QStringLiteral("dog"), QStringLiteral("cat"), QStringLiteral("horse"),
         QStringLiteral("cow"), QStringLiteral("sheep"), QStringLiteral("goat"),
         QStringLiteral("pig"), QStringLiteral("duck")},
        {QStringLiteral("red"), QStringLiteral("green"), QStringLiteral("blue"),
         QStringLiteral("yellow"), QStringLiteral("purple"), QStringLiteral("orange"),
         QStringLiteral("pink"), QStringLiteral("brown")},
        {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three"),
         QStringLiteral("four"), QStringLiteral("five"), QStringLiteral("six"),
         QStringLiteral("seven"), QStringLiteral("eight")}};
    const QStringList glue = {QStringLiteral("the"), QStringLiteral("and"), QStringLiteral("a"),
                              QStringLiteral("with")};
    std::uint64_t state = 12345;
    const auto next = [&state](int n) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
    };
    QByteArray text;
    for (int s = 0; s < sentences; ++s) {
        const QStringList& topic = topics[next(3)];
        QStringList words;
        for (int w = 0; w < 8; ++w)
            words << (w % 3 == 2 ? glue[next(glue.size())] : topic[next(topic.size())]);
        text += words.join(QLatin1Char(' ')).toUtf8() + '\n';
    }
    return text;
}

// topicCorpus() written into dir and loaded as the window would load it.
inline std::shared_ptr<const TokenizedCorpus> loadTopics(const QTemporaryDir& dir) {
    const QString path = writeFile(dir, QStringLiteral("topics.txt"), topicCorpus());
    return std::make_shared<TokenizedCorpus>(loadCorpus(path.toStdString(), CorpusOptions{}));
}

// Plotted words in priority order with falling counts (1000 / (rank + 1)), vocabIndex = rank.
inline QVector<PlotWord> makeWords(const QStringList& texts) {
    QVector<PlotWord> words;
    for (int i = 0; i < texts.size(); ++i)
        words.append({texts[i], quint64(1000 / (i + 1)), i});
    return words;
}

// n words "word0", "word1", ...
inline QVector<PlotWord> makeWords(int n) {
    QStringList texts;
    for (int i = 0; i < n; ++i)
        texts.append(QStringLiteral("word%1").arg(i));
    return makeWords(texts);
}

// Resizes and shows widget, and waits until it is exposed: its events and painting need a window.
inline void showExposed(QWidget& widget, QSize size) {
    widget.resize(size);
    widget.show();
    if (!QTest::qWaitForWindowExposed(&widget))
        qWarning("%s window not exposed", widget.metaObject()->className());
}

// A mouse event of type at pos (widget coordinates), sent straight to widget: button is the one
// that changed, buttons those held after the event.
inline void sendMouse(QWidget* widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
                      Qt::MouseButtons buttons) {
    QMouseEvent event(type, pos, widget->mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

// One wheel notch away from the user (zoom in) with the cursor at pos.
inline void sendWheelNotch(QWidget* widget, QPointF pos) {
    QWheelEvent wheel(pos, widget->mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &wheel);
}

// n words w0, w1, ... with deterministic vectors of dim columns in [-1, 1), from seed.
inline WordVectors someVectors(int n, int dim, std::uint64_t seed) {
    WordVectors result;
    result.vectors.resize(n, dim);
    std::uint64_t state = seed;
    for (int r = 0; r < n; ++r) {
        result.words.push_back("w" + std::to_string(r));
        for (int d = 0; d < dim; ++d) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            result.vectors(r, d) = static_cast<float>((state >> 40) % 2000) / 1000.0f - 1.0f;
        }
    }
    return result;
}

}  // namespace embedscope::test
