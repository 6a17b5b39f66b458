// Our files through other people's readers, and theirs through ours (tests/python/
// check_interop.py): Python's csv module reads every awkward word and every float32 exactly;
// gensim's KeyedVectors loads our word2vec text, binary and GloVe files, and what gensim's
// save_word2vec_format writes loads bit for bit here. Without python3 or gensim the parts that
// need them are skipped with a message.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

#include <cstring>
#include <limits>
#include <random>

#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

QString script() {
    return QDir::cleanPath(QStringLiteral(EMBEDSCOPE_TEST_DATA "/../python/check_interop.py"));
}

using Run = embedscope::test::CliRun;

Run run(const QString& program, const QStringList& arguments) {
    return embedscope::test::runCaptured(program, arguments, 120000);
}

// python3 on PATH first, then the distribution's: a pyenv or virtualenv python3 on PATH often
// lacks the python3-gensim that the system interpreter has.
QStringList interpreters() {
    QStringList found;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (!onPath.isEmpty())
        found << onPath;
    const QString system = QStringLiteral("/usr/bin/python3");
    if (QFileInfo(system).isExecutable() && !found.contains(system))
        found << system;
    return found;
}

QString interpreterWith(const QString& module) {
    for (const QString& python : interpreters())
        if (run(python, {QStringLiteral("-c"), QStringLiteral("import ") + module}).exitCode == 0)
            return python;
    return {};
}

std::uint32_t bitsOf(float value) {
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

WordVectors makeVectors(const std::vector<std::string>& words, int dim) {
    WordVectors out;
    out.words = words;
    out.vectors.resize(static_cast<Eigen::Index>(words.size()), dim);
    std::mt19937 rng(17);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < out.vectors.size(); ++i)
        out.vectors.data()[i] = normal(rng);
    const float awkward[] = {0.0f,
                             -0.0f,
                             1e-38f,
                             std::numeric_limits<float>::denorm_min(),
                             -3e-41f,
                             1e30f,
                             -std::numeric_limits<float>::max(),
                             0.1f,
                             1.0f / 3.0f};
    for (std::size_t i = 0; i < sizeof awkward / sizeof awkward[0]; ++i)
        out.vectors.data()[i * 3] = awkward[i];
    return out;
}

// Words and float32 bit patterns, which no JSON number formatting can blur.
void writeExpected(const QString& path, const WordVectors& vectors) {
    QJsonArray words, bits;
    for (const std::string& word : vectors.words)
        words.append(QString::fromStdString(word));
    for (int row = 0; row < vectors.rows(); ++row) {
        QJsonArray values;
        for (int col = 0; col < vectors.dim(); ++col)
            values.append(static_cast<qint64>(bitsOf(vectors.vectors(row, col))));
        bits.append(values);
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        QJsonDocument(QJsonObject{{QStringLiteral("words"), words}, {QStringLiteral("bits"), bits}})
            .toJson(QJsonDocument::Compact));
}

}  // namespace

class TestPythonInterop : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) const {
        return toStd(dir_.filePath(QString::fromUtf8(name)));
    }

private slots:
    void initTestCase() {
        QVERIFY(QFileInfo::exists(script()));
        // Words a whitespace tokenizer produces; "all" adds what only CSV's quoting can carry.
        const std::vector<std::string> tokens = {
            "the", ",", "\"hi\",", "naïve", "日本語", "a,b", "quote\"inside", "😀", "</s>",
            "'",   "-", "Zürich",  "\"",    "\"\"",   "x"};
        std::vector<std::string> all = tokens;
        for (const char* word : {"line\nbreak", "cr\rword", "crlf\r\nword", "two words", "tab\tx"})
            all.push_back(word);
        const WordVectors allVectors = makeVectors(all, 8);
        const WordVectors tokenVectors = makeVectors(tokens, 8);
        writeVectors(path("all.csv"), allVectors, VectorFormat::Csv);
        writeExpected(dir_.filePath(QStringLiteral("all.json")), allVectors);
        writeVectors(path("tokens.csv"), tokenVectors, VectorFormat::Csv);
        writeVectors(path("tokens.txt"), tokenVectors, VectorFormat::Word2VecText);
        writeVectors(path("tokens.bin"), tokenVectors, VectorFormat::Word2VecBinary);
        writeVectors(path("tokens.glove.txt"), tokenVectors, VectorFormat::Glove);
        writeVectors(path("tokens.tsv"), tokenVectors, VectorFormat::Projector);
        writeExpected(dir_.filePath(QStringLiteral("tokens.json")), tokenVectors);
    }

    void pythonReadsOurCsvAndTsv() {
        const QString python = interpreterWith(QStringLiteral("csv"));
        if (python.isEmpty())
            QSKIP("no python3 found");
        const Run result = run(python, {script(), QStringLiteral("stdlib"), dir_.path()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));
        qInfo().noquote() << result.out.trimmed();
    }

    void gensimLoadsOurWord2VecFiles() {
        const QString python = interpreterWith(QStringLiteral("gensim"));
        if (python.isEmpty())
            QSKIP(
                "gensim is not installed for python3 (Debian: python3-gensim); skipping the "
                "gensim checks");
        const Run result = run(python, {script(), QStringLiteral("gensim-read"), dir_.path()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));
        qInfo().noquote() << result.out.trimmed();
    }

    void weReadGensimsWord2VecFiles() {
        const QString python = interpreterWith(QStringLiteral("gensim"));
        if (python.isEmpty())
            QSKIP(
                "gensim is not installed for python3 (Debian: python3-gensim); skipping the "
                "gensim checks");
        const Run result = run(python, {script(), QStringLiteral("gensim-write"), dir_.path()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));

        QFile json(dir_.filePath(QStringLiteral("from_gensim.json")));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(json.readAll()).object();
        const QJsonArray words = expected.value(QStringLiteral("words")).toArray();
        const QJsonArray bits = expected.value(QStringLiteral("bits")).toArray();
        QVERIFY(!words.isEmpty());
        for (const char* name : {"from_gensim.txt", "from_gensim.bin"}) {
            const WordVectors read = readVectors(path(name));
            QCOMPARE(read.rows(), words.size());
            for (int row = 0; row < read.rows(); ++row) {
                QCOMPARE(QString::fromStdString(read.words[static_cast<std::size_t>(row)]),
                         words.at(row).toString());
                const QJsonArray values = bits.at(row).toArray();
                QCOMPARE(read.dim(), values.size());
                for (int col = 0; col < read.dim(); ++col)
                    if (bitsOf(read.vectors(row, col)) !=
                        static_cast<std::uint32_t>(values.at(col).toInteger()))
                        QFAIL(qPrintable(QStringLiteral("%1: row %2 value %3: %4")
                                             .arg(QString::fromUtf8(name))
                                             .arg(row + 1)
                                             .arg(col + 1)
                                             .arg(double(read.vectors(row, col)), 0, 'g', 10)));
            }
        }
    }

    // Issue 16: the README's three lines load an .npy export into nn.Embedding.from_pretrained
    // bit for bit (Debian: python3-torch; skipped without it).
    void torchLoadsOurNpyExport() {
        const QString python = interpreterWith(QStringLiteral("torch"));
        if (python.isEmpty())
            QSKIP("PyTorch is not installed for python3 (Debian: python3-torch); skipping");
        QTemporaryDir torchDir;
        const std::vector<std::string> words = {"the", "naïve", "日本語", "a,b", "😀", "x y"};
        const WordVectors vectors = makeVectors(words, 8);
        writeVectors(toStd(torchDir.filePath(QStringLiteral("vectors.npy"))), vectors,
                     VectorFormat::Npy);
        writeExpected(torchDir.filePath(QStringLiteral("expected.json")), vectors);
        const QString check = QDir::cleanPath(
            QStringLiteral(EMBEDSCOPE_TEST_DATA "/../python/torch_from_pretrained.py"));
        const Run result = run(python, {check, torchDir.path()});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err + result.out));
        QVERIFY2(result.out.startsWith(QStringLiteral("ok 6 rows")), qPrintable(result.out));
    }
};

EMBEDSCOPE_TEST_MAIN(TestPythonInterop)
#include "tst_python_interop.moc"
