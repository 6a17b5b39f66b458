// Custom axes: x = scalar projection of unit(v) onto unit(mean(to) - mean(from)).
#include <QtTest>

#include <cmath>

#include "AxesLayout.h"
#include "Error.h"
#include "VectorSource.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Six words in 4-D: gender on dimension 0, wealth on dimension 1, length varying (a long vector
// must land where a short one of the same direction does).
std::shared_ptr<LoadedVectorSource> toyVectors() {
    WordVectors vectors;
    vectors.words = {"man", "woman", "poor", "rich", "queen", "beggar"};
    vectors.vectors.resize(6, 4);
    vectors.vectors << -1, 0, 0, 0.1f,  //
        1, 0, 0, 0.1f,                  //
        0, -1, 0, 0.1f,                 //
        0, 1, 0, 0.1f,                  //
        5, 5, 0, 0,                     // queen: female and rich, a long vector
        -0.5f, -0.5f, 0.2f, 0;          // beggar: male and poor
    return std::make_shared<LoadedVectorSource>("toy.vec", std::move(vectors));
}

}  // namespace

class TestAxesLayout : public QObject {
    Q_OBJECT
private slots:
    void parsesWordsAndLists() {
        const AxisSpec axis = parseAxisSpec("poor, poorer:rich,richer");
        QCOMPARE(axis.from, (std::vector<std::string>{"poor", "poorer"}));
        QCOMPARE(axis.to, (std::vector<std::string>{"rich", "richer"}));
        QCOMPARE(QString::fromStdString(parseAxisSpec("man:woman").name()),
                 QStringLiteral("man → woman"));
        QCOMPARE(QString::fromStdString(axis.name()),
                 QStringLiteral("mean(poor, poorer) → mean(rich, richer)"));
    }

    void badSpecsSayWhatIsWrong() {
        for (const char* text : {"manwoman", ":woman", "man:", " , :x"}) {
            const QString message = test::errorMessage([&] { parseAxisSpec(text); });
            QVERIFY2(message.contains(QLatin1String(text)), qPrintable(message));
        }
    }

    void placesWordsByDirection() {
        const auto source = toyVectors();
        AxesLayout layout({parseAxisSpec("man:woman"), parseAxisSpec("poor:rich")}, *source);
        const LayoutResult result = layout.run(*source->table(), {}, {}, {});
        QCOMPARE(result.positions.rows(), Eigen::Index(6));
        QCOMPARE(result.positions.cols(), Eigen::Index(2));
        // queen: female and rich, by direction (its length does not matter): cos 45° on each.
        const float expected = std::sqrt(0.5f);
        QVERIFY(std::abs(result.positions(4, 0) - expected) < 1e-5f);
        QVERIFY(std::abs(result.positions(4, 1) - expected) < 1e-5f);
        QVERIFY(result.positions(5, 0) < 0 && result.positions(5, 1) < 0);  // beggar
        QVERIFY(result.positions(1, 0) > 0.9f && std::abs(result.positions(1, 1)) < 1e-5f);
        QCOMPARE(result.explained.size(), std::size_t(2));
        QVERIFY(result.explained[0] > 0 && result.explained[0] < 1);
        QVERIFY(std::abs(layout.axisCosine(0, 1)) < 1e-6);
    }

    void unknownWordsAreNamed() {
        const auto source = toyVectors();
        const std::vector<AxisSpec> axes{parseAxisSpec("man:womyn"), parseAxisSpec("pauper:rich")};
        QCOMPARE(unknownAxisWords(axes, *source), (std::vector<std::string>{"womyn", "pauper"}));
        const QString message = test::errorMessage([&] { AxesLayout layout(axes, *source); });
        QVERIFY2(
            message.contains(QLatin1String("womyn")) && message.contains(QLatin1String("pauper")),
            qPrintable(message));
    }

    void anAxisWithoutDirectionIsRefused() {
        const auto source = toyVectors();
        const QString message = test::errorMessage([&] {
            AxesLayout layout({parseAxisSpec("man:man"), parseAxisSpec("poor:rich")}, *source);
        });
        QVERIFY2(message.contains(QLatin1String("no direction")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestAxesLayout)
#include "tst_axeslayout.moc"
