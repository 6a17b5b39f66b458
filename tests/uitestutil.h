// Helpers shared by the widget tests (main window, controller, inspector, exports).
#pragma once

#include <QCoreApplication>
#include <QSettings>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

#include "TokenizedCorpus.h"
#include "testutil.h"

namespace embedscope::test {

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

}  // namespace embedscope::test
