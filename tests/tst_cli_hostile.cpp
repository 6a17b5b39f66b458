// Hostile and awkward input for every loader the CLI has: the corpus (vocab, train), vectors in
// each format (convert, neighbors, evaluate) and the evaluation files (evaluate --analogies,
// --similarity); and the vocabulary TSV, which only the library reads. Each row is one command on
// one kind of bad file. A refused file must end the CLI normally (no crash, abort or hang) with a
// non-zero exit code and exactly one line on stderr that names the file, the problem and, where
// there is one, the position ("line N" or "byte offset N").
//
// Messages stay valid UTF-8 whatever bytes the file holds. Every run is under an address-space
// limit (prlimit --as), so a loader that allocates from a header's claim or grows without bound
// fails here with bad_alloc instead of passing quietly. Unreadable files are tried as user nobody
// when the tests run as root (root ignores permissions). EMBEDSCOPE_SANITIZER_BUILD set: the 64 MB
// rows are skipped and no memory limit is applied (sanitizers reserve terabytes of address space
// and run big files slowly).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <unistd.h>

#include <cstring>
#include <random>

#include "Error.h"
#include "Vocabulary.h"
#include "WordValidation.h"
#include "testutil.h"

using namespace embedscope;

namespace {

// Address space for a run: enough for the CLI and Qt at rest (about 250 MB, mostly mapped
// libraries), far below what a header that claims a million rows of 300 floats (1.2 GB) would take
// if it were believed. Training gets more: every worker thread maps a stack and a malloc arena.
constexpr qint64 kAddressSpaceLimit = 400LL * 1000 * 1000;
constexpr qint64 kTrainingAddressSpaceLimit = 1000LL * 1000 * 1000;
constexpr int kBigBytes = 64 << 20;
constexpr int kTokenBytes = 1 << 20;

using namespace embedscope::test;

// What reads the hostile file.
enum class Loader { Corpus, Vectors, Analogies, Similarity };

struct Target {
    const char* name;     // row name prefix
    const char* command;  // CLI command
    Loader loader;
    const char* format;  // vectors: the format name; "" otherwise
    const char* ext;     // input file extension
};

const Target kTargets[] = {
    {"vocab", "vocab", Loader::Corpus, "", "txt"},
    {"train", "train", Loader::Corpus, "", "txt"},
    {"convert csv", "convert", Loader::Vectors, "csv", "csv"},
    {"convert word2vec", "convert", Loader::Vectors, "word2vec", "txt"},
    {"convert word2vec-bin", "convert", Loader::Vectors, "word2vec-bin", "bin"},
    {"convert glove", "convert", Loader::Vectors, "glove", "txt"},
    {"convert projector", "convert", Loader::Vectors, "projector", "tsv"},
    {"neighbors", "neighbors", Loader::Vectors, "word2vec", "vec"},
    {"evaluate", "evaluate", Loader::Vectors, "word2vec", "vec"},
    {"evaluate --analogies", "evaluate", Loader::Analogies, "", "txt"},
    {"evaluate --similarity", "evaluate", Loader::Similarity, "", "tsv"},
};

QByteArray floatBytes(std::initializer_list<float> values) {
    QByteArray out;
    for (const float v : values)
        out.append(reinterpret_cast<const char*>(&v), sizeof v);  // little-endian hosts only
    return out;
}

QByteArray binaryRow(const QByteArray& word, std::initializer_list<float> values) {
    return word + ' ' + floatBytes(values) + '\n';
}

// A small valid file for the loader, holding the given words (vectors: 3 dims).
QByteArray validFile(const Target& target, const QList<QByteArray>& words) {
    const QByteArray format = target.format;
    QByteArray out;
    switch (target.loader) {
        case Loader::Corpus:
            for (int i = 0; i < 6; ++i)
                out += words.join(' ') + '\n';
            return out;
        case Loader::Analogies:
            return ": section\n" + words.join(' ') + '\n';
        case Loader::Similarity:
            return words.value(0) + '\t' + words.value(1) + "\t7.5\n";
        case Loader::Vectors:
            break;
    }
    if (format == "word2vec-bin") {
        out = QByteArray::number(words.size()) + " 3\n";
        for (const QByteArray& w : words)
            out += binaryRow(w, {0.5f, -1.0f, 2.0f});
        return out;
    }
    if (format == "csv")
        out = "word,d0,d1,d2\n";
    else if (format == "word2vec")
        out = QByteArray::number(words.size()) + " 3\n";
    for (const QByteArray& w : words) {
        if (format == "csv")
            out += w + ",0.5,-1,2\n";
        else if (format == "projector")
            out += "0.5\t-1\t2\n";
        else
            out += w + " 0.5 -1 2\n";
    }
    return out;
}

// Projector vectors keep their words in a second file.
QByteArray metadataFor(int rows) {
    QByteArray out;
    for (int i = 0; i < rows; ++i)
        out += "w" + QByteArray::number(i) + '\n';
    return out;
}

QByteArray utf16LittleEndianWithBom(const QByteArray& utf8) {
    const QString text = QString::fromUtf8(utf8);
    QByteArray out("\xFF\xFE", 2);
    out.append(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
    return out;
}

QByteArray randomBytes(int size) {
    std::mt19937 generator(11);
    QByteArray out(size, '\0');
    for (char& c : out)
        c = static_cast<char>(generator() & 0xFF);
    return out;
}

// One line of kBigBytes without a newline, shaped to hurt the loader most: for vector files a row
// of millions of values (every one a token to split), for text files millions of words.
QByteArray bigLine(const Target& target) {
    const QByteArray format = target.format;
    QByteArray out;
    out.reserve(kBigBytes + 64);
    if (target.loader == Loader::Vectors) {
        if (format == "word2vec-bin") {
            out = QByteArray(kBigBytes, '1');  // a header line that never ends
            return out;
        }
        const char separator = format == "csv" ? ',' : format == "projector" ? '\t' : ' ';
        if (format == "csv")
            out = "word,d0,d1,d2\nw";
        else if (format == "word2vec")
            out = "1 3\nw";
        else if (format == "glove")
            out = "w";
        else
            out += "0.5";
        while (out.size() < kBigBytes) {
            out += separator;
            out += "0.5";
        }
        return out;
    }
    if (target.loader == Loader::Analogies)
        out = ": section\n";
    while (out.size() < kBigBytes)
        out += "the quick brown fox jumps over the lazy dog ";
    return out;
}

// What a row expects: failure with a message matching `problem` (case-insensitive) and, when
// `position`, a "line N" or "byte offset N"; or success with `problem` on stderr (a warning).
struct Expect {
    bool fails = true;
    QString problem;
    bool position = false;
};

struct Case {
    QByteArray content;
    QByteArray metadata;  // projector: the metadata file (empty: a valid one for 2 rows)
    Expect expect;
    bool namesMetadata = false;  // the message names the projector metadata file
    bool skip = false;           // the kind does not apply to this loader
};

Case hostileCase(const Target& target, const QString& kind) {
    const QByteArray format = target.format;
    const bool corpus = target.loader == Loader::Corpus;
    const bool vectors = target.loader == Loader::Vectors;
    const bool binary = format == "word2vec-bin";
    const bool projector = format == "projector";
    const bool headerFormat = format == "word2vec" || binary;
    Case c;
    const auto expect = [&c](const char* problem, bool position) {
        c.expect = {true, QString::fromLatin1(problem), position};
    };

    if (kind == QLatin1String("empty")) {
        expect("empty", false);
    } else if (kind == QLatin1String("whitespace only")) {
        c.content = "  \n\t\n \r\n";
        if (headerFormat || format == "csv")
            expect("header", true);
        else
            expect("no words|no vectors|no questions|no pairs|empty", false);
    } else if (kind == QLatin1String("random binary")) {
        c.content = randomBytes(64 << 10);
        expect(vectors && !binary ? "binary|UTF-8|not a number|header|values" : "binary|header",
               true);
    } else if (kind == QLatin1String("NUL byte")) {
        if (projector) {
            c.content = validFile(target, {"a", "b"});
            c.metadata = QByteArray("a\nb\0c\n", 6);
            c.namesMetadata = true;
        } else {
            c.content = validFile(target, {"alpha", QByteArray("be\0ta", 5), "gamma", "delta"});
        }
        expect("binary|NUL", true);
    } else if (kind == QLatin1String("Latin-1")) {
        if (projector) {
            c.content = validFile(target, {"a", "b"});
            c.metadata = "caf\xE9\nna\xEFve\n";
            c.namesMetadata = true;
        } else {
            c.content = validFile(target, {"caf\xE9", "na\xEFve", "\xE9t\xE9", "gar\xE7on"});
        }
        expect("UTF-8|Latin-1", true);
    } else if (kind == QLatin1String("UTF-16 with BOM")) {
        c.content =
            utf16LittleEndianWithBom(validFile(target, {"alpha", "beta", "gamma", "delta"}));
        expect("UTF-16", true);
    } else if (kind == QLatin1String("64 MB line")) {
        c.content = bigLine(target);
        if (corpus)
            c.expect = {false, QString(), false};  // a long line of words is a fine corpus
        else if (binary)
            expect("header", true);
        else
            expect("line|values|words|fields", true);
    } else if (kind == QLatin1String("1 MB token")) {
        const QByteArray token(kTokenBytes, 'x');
        if (corpus) {
            c.content = validFile(target, {"alpha", "beta", "gamma", "delta"}) + token + '\n';
            c.expect = {false, QStringLiteral("cut 1 token"), false};
        } else if (vectors) {
            if (projector) {
                c.content = validFile(target, {"a", "b"});
                c.metadata = "a\n" + token + '\n';
                c.namesMetadata = true;
            } else {
                c.content = validFile(target, {"alpha", token});
            }
            expect("long|bytes", true);
        } else {
            // gensim would skip the question (no vocabulary holds such a word: the vector loaders
            // refuse words over 64 KB), but evaluation lines are capped at 64 KB to bound memory,
            // so a 1 MB line is refused like the 64 MB one.
            c.content = target.loader == Loader::Analogies
                            ? validFile(target, {"alpha", "beta", "gamma", token})
                            : validFile(target, {"alpha", token});
            expect("line longer than 64 KB", true);
        }
    } else if (kind == QLatin1String("too few distinct words")) {
        c.skip = !corpus;
        c.content = "one two three\none two\n";
        expect("min-count", false);
    } else if (kind == QLatin1String("missing file")) {
        expect("no such file", false);
    } else if (kind == QLatin1String("directory")) {
        expect("directory", false);
    } else if (kind == QLatin1String("no read permission")) {
        c.content = validFile(target, {"alpha", "beta", "gamma", "delta"});
        expect("permission", false);
    } else if (kind == QLatin1String("header claims more rows")) {
        c.skip = !headerFormat;
        c.content = binary ? "3 3\n" + binaryRow("a", {1, 2, 3}) + binaryRow("b", {1, 2, 3})
                           : "3 3\na 1 2 3\nb 1 2 3\n";
        expect("ends after 2 of the 3 rows", true);
    } else if (kind == QLatin1String("header claims fewer rows")) {
        c.skip = !headerFormat;
        c.content = binary ? "1 3\n" + binaryRow("a", {1, 2, 3}) + binaryRow("b", {1, 2, 3})
                           : "1 3\na 1 2 3\nb 1 2 3\n";
        expect("more (rows|data)", true);
    } else if (kind == QLatin1String("header lies about dimension")) {
        c.skip = !headerFormat && format != "csv";
        if (binary)
            c.content = "2 4\n" + binaryRow("a", {1, 2, 3}) + binaryRow("b", {1, 2, 3});
        else if (format == "csv")
            c.content = "word,d0,d1,d2,d3\na,1,2,3\nb,1,2,3\n";
        else
            c.content = "2 4\na 1 2 3\nb 1 2 3\n";
        expect(binary ? "truncated" : "expected 4 values, found 3", true);
    } else if (kind == QLatin1String("a header of a million rows")) {
        // Memory stays bounded: nothing is allocated for rows that are not there.
        c.skip = !headerFormat;
        QByteArray rows;
        for (int r = 0; r < 2; ++r) {
            rows += "w" + QByteArray::number(r);
            if (binary) {
                rows += ' ' + QByteArray(300 * 4, '\0') + '\n';
            } else {
                for (int i = 0; i < 300; ++i)
                    rows += " 0.25";
                rows += '\n';
            }
        }
        c.content = "1000000 300\n" + rows;
        expect("ends after 2 of the 1000000 rows", true);
    } else if (kind == QLatin1String("missing value") || kind == QLatin1String("extra value") ||
               kind == QLatin1String("not a number") || kind == QLatin1String("NaN") ||
               kind == QLatin1String("infinity")) {
        const bool missing = kind == QLatin1String("missing value");
        const bool extra = kind == QLatin1String("extra value");
        const bool nonNumeric = kind == QLatin1String("not a number");
        c.skip = !vectors || (binary && (missing || extra || nonNumeric));
        const QByteArray bad = nonNumeric ? "abc" : kind == QLatin1String("NaN") ? "nan" : "inf";
        if (binary) {
            const float value = bad == "nan" ? std::numeric_limits<float>::quiet_NaN()
                                             : std::numeric_limits<float>::infinity();
            c.content = "2 3\n" + binaryRow("a", {1, 2, 3}) + binaryRow("b", {1, value, 3});
        } else {
            const char sep = format == "csv" ? ',' : projector ? '\t' : ' ';
            const QByteArray second = missing ? QByteArray("1") + sep + "2"
                                      : extra ? QByteArray("1") + sep + "2" + sep + "3" + sep + "4"
                                              : QByteArray("1") + sep + bad + sep + "3";
            const QByteArray first = QByteArray("1") + sep + "2" + sep + "3";
            if (projector)
                c.content = first + '\n' + second + '\n';
            else
                c.content = QByteArray(format == "csv"        ? "word,d0,d1,d2\n"
                                       : format == "word2vec" ? "2 3\n"
                                                              : "") +
                            "a" + sep + first + "\nb" + sep + second + '\n';
        }
        if (missing)
            expect("expected 3 values, found 2", true);
        else if (extra)
            expect("expected 3 values, found 4", true);
        else if (nonNumeric)
            expect("not a number", true);
        else
            expect("not finite|not a finite", true);
    } else if (kind == QLatin1String("truncated binary")) {
        c.skip = !binary;
        const QByteArray whole = "2 3\n" + binaryRow("a", {1, 2, 3}) + binaryRow("b", {1, 2, 3});
        c.content = whole.left(whole.size() - 7);
        expect("truncated", true);
    } else if (kind == QLatin1String("duplicate word")) {
        c.skip = !vectors;
        if (projector) {
            c.content = validFile(target, {"a", "b"});
            c.metadata = "a\na\n";
            c.namesMetadata = true;
        } else {
            c.content = validFile(target, {"alpha", "beta", "alpha"});
        }
        expect("duplicate word", true);
    } else if (kind == QLatin1String("malformed question")) {
        c.skip = target.loader != Loader::Analogies;
        c.content = ": section\na b c d\na b c\n";
        expect("expected 4 words", true);
    } else if (kind == QLatin1String("score not a number")) {
        c.skip = target.loader != Loader::Similarity;
        c.content = "a\tb\t1.5\nc\td\tabc\n";
        expect("not a number", true);
    } else {
        qFatal("unknown kind %s", qPrintable(kind));
    }
    if (projector && c.metadata.isEmpty()) {
        // As many words as the content has lines (the error must come from the vectors file).
        c.metadata = metadataFor(std::max<int>(1, c.content.count('\n')));
    }
    return c;
}

const char* const kKinds[] = {
    "empty",
    "whitespace only",
    "random binary",
    "NUL byte",
    "Latin-1",
    "UTF-16 with BOM",
    "64 MB line",
    "1 MB token",
    "too few distinct words",
    "missing file",
    "directory",
    "no read permission",
    "header claims more rows",
    "header claims fewer rows",
    "header lies about dimension",
    "a header of a million rows",
    "missing value",
    "extra value",
    "not a number",
    "NaN",
    "infinity",
    "truncated binary",
    "duplicate word",
    "malformed question",
    "score not a number",
};

bool runningAsRoot() {
    return ::geteuid() == 0;
}

ProcessRun runCli(const QStringList& arguments, bool asNobody, qint64 addressSpace,
                  int timeoutMs = 120000) {
    QStringList command;
    if (asNobody)
        command += asNobodyPrefix();
    const QString prlimit = QStandardPaths::findExecutable(QStringLiteral("prlimit"));
    if (!sanitizerBuild() && !prlimit.isEmpty())
        command += {prlimit, QStringLiteral("--as=%1").arg(addressSpace), QStringLiteral("--")};
    command += QStringLiteral(EMBEDSCOPE_CLI_PATH);
    command += arguments;
    return runProcess(command.takeFirst(), command, timeoutMs);
}

QString describe(const ProcessRun& run) {
    return QStringLiteral("exit %1 (%2), stderr:\n%3")
        .arg(run.code)
        .arg(run.status == QProcess::NormalExit ? QStringLiteral("normal")
                                                : QStringLiteral("crash"))
        .arg(QString::fromUtf8(run.err.left(2000)));
}

}  // namespace

class TestCliHostile : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString goodVectors_;     // for evaluate with a hostile evaluation file
    QString goodSimilarity_;  // for evaluate with hostile vectors

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // Let nobody into the folder for the permission rows.
        QVERIFY(QFile::setPermissions(
            dir_.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                             QFileDevice::ReadOther | QFileDevice::ExeOther |
                             QFileDevice::ReadGroup | QFileDevice::ExeGroup));
        goodVectors_ = test::writeFile(dir_, QStringLiteral("good.vec"),
                                       "4 3\nalpha 1 0 0\nbeta 0 1 0\ngamma 0 0 1\ndelta 1 1 0\n");
        goodSimilarity_ = test::writeFile(dir_, QStringLiteral("good-sim.tsv"),
                                          "alpha\tbeta\t1\ngamma\tdelta\t2\n");
    }

    void refusedWithOneLine_data() {
        QTest::addColumn<int>("target");
        QTest::addColumn<QString>("kind");
        for (int t = 0; t < int(std::size(kTargets)); ++t)
            for (const char* kind : kKinds)
                if (!hostileCase(kTargets[t], QString::fromLatin1(kind)).skip)
                    QTest::newRow(qPrintable(QStringLiteral("%1: %2").arg(
                        QString::fromLatin1(kTargets[t].name), QString::fromLatin1(kind))))
                        << t << QString::fromLatin1(kind);
    }

    void refusedWithOneLine() {
        QFETCH(int, target);
        QFETCH(QString, kind);
        const Target& t = kTargets[target];
        const bool big = kind == QLatin1String("64 MB line") || kind == QLatin1String("1 MB token");
        if (big && sanitizerBuild())
            QSKIP("big inputs are skipped in sanitizer builds (EMBEDSCOPE_SANITIZER_BUILD)");
        const Case c = hostileCase(t, kind);

        // Each row gets its own folder, so files of one row never meet another's. Its name is a
        // number: a name holding the kind would match the expected problem by itself.
        static int rowNumber = 0;
        const QString folder = dir_.filePath(QStringLiteral("row%1").arg(++rowNumber));
        QVERIFY(QDir().mkpath(folder));
        // Writable by nobody too: the CLI checks that it can create its output before it reads.
        QFile::setPermissions(folder, QFileDevice::Permissions(0x7777));
        const QString input = folder + QStringLiteral("/input.") + QString::fromLatin1(t.ext);
        QString named = input;
        bool asNobody = false;
        if (kind == QLatin1String("directory")) {
            QVERIFY(QDir().mkpath(input));
        } else if (kind != QLatin1String("missing file")) {
            QFile file(input);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(c.content), qint64(c.content.size()));
        }
        if (QByteArray(t.format) == "projector") {
            const QString metadata = folder + QStringLiteral("/input.metadata.tsv");
            QFile file(metadata);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(c.metadata);
            if (c.namesMetadata)
                named = metadata;
        }
        if (kind == QLatin1String("no read permission")) {
            QVERIFY(QFile::setPermissions(input, QFileDevice::WriteOwner));
            if (runningAsRoot()) {
                if (asNobodyPrefix().isEmpty())
                    QSKIP("running as root without setpriv or runuser to drop privileges");
                asNobody = true;
            }
        }

        const QString output = folder + QStringLiteral("/output");
        QStringList arguments{QString::fromLatin1(t.command)};
        switch (t.loader) {
            case Loader::Corpus:
                arguments << input << QStringLiteral("-o");
                if (QByteArray(t.command) == "vocab") {
                    arguments << output + QStringLiteral(".tsv");
                } else {
                    arguments << output + QStringLiteral(".txt") << QStringLiteral("--epochs")
                              << QStringLiteral("1") << QStringLiteral("--dim")
                              << QStringLiteral("8") << QStringLiteral("--threads")
                              << QStringLiteral("2");
                }
                break;
            case Loader::Vectors:
                if (QByteArray(t.command) == "convert")
                    arguments << input << output + QStringLiteral(".csv")
                              << QStringLiteral("--from") << QString::fromLatin1(t.format);
                else if (QByteArray(t.command) == "neighbors")
                    arguments << input << QStringLiteral("alpha");
                else
                    arguments << input << QStringLiteral("--similarity") << goodSimilarity_;
                break;
            case Loader::Analogies:
                arguments << goodVectors_ << QStringLiteral("--analogies") << input;
                break;
            case Loader::Similarity:
                arguments << goodVectors_ << QStringLiteral("--similarity") << input;
                break;
        }

        const ProcessRun run = runCli(
            arguments, asNobody,
            QByteArray(t.command) == "train" ? kTrainingAddressSpaceLimit : kAddressSpaceLimit);
        QVERIFY2(run.finished, "the CLI hung (no exit within 120 s)");
        if (run.code == 2 && run.err.contains("not implemented yet"))
            QSKIP("this command is not implemented in this build yet");
        QVERIFY2(run.status == QProcess::NormalExit, qPrintable(describe(run)));
        QVERIFY2(run.code != 134 && run.code != 139, qPrintable(describe(run)));
        const QString err = QString::fromUtf8(run.err);
        QString message = err;  // without the paths, which must not answer for the problem
        message.remove(named).remove(input);
        const QRegularExpression problem(c.expect.problem,
                                         QRegularExpression::CaseInsensitiveOption);
        if (!c.expect.fails) {
            QVERIFY2(run.code == 0, qPrintable(describe(run)));
            if (!c.expect.problem.isEmpty()) {
                bool warned = false;
                for (const QString& line : err.split(QLatin1Char('\n')))
                    warned = warned || (line.contains(input) &&
                                        problem.match(QString(line).remove(input)).hasMatch());
                QVERIFY2(warned, qPrintable(describe(run)));
            }
            return;
        }
        // The checks are gathered into one verdict: the first one that fails explains it.
        QString failure;
        if (run.code == 0)
            failure = QStringLiteral("accepted: ");
        else if (!run.err.endsWith('\n') || run.err.count('\n') != 1)
            failure = QStringLiteral("not exactly one line: ");
        // Bytes of the bad file are escaped in the message: it stays valid UTF-8.
        else if (firstInvalidUtf8(std::string_view(run.err.constData(),
                                                   static_cast<std::size_t>(run.err.size()))) !=
                 std::string_view::npos)
            failure = QStringLiteral("not UTF-8: ");
        else if (!err.contains(named))
            failure = QStringLiteral("does not name ") + named + QStringLiteral(": ");
        else if (!problem.match(message).hasMatch())
            failure = QStringLiteral("no /") + c.expect.problem + QStringLiteral("/: ");
        else if (c.expect.position && !QRegularExpression(QStringLiteral("(line|byte offset) \\d+"))
                                           .match(message)
                                           .hasMatch())
            failure = QStringLiteral("no position: ");
        QVERIFY2(failure.isEmpty(), qPrintable(failure + describe(run)));
        // A refused input never leaves an output behind.
        const QStringList leftovers =
            QDir(folder).entryList({QStringLiteral("output*")}, QDir::AllEntries | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char(' '))));
    }

    // The vocabulary TSV is read by the library only (no CLI command loads one): the same kinds,
    // through Vocabulary::load, which must throw one Error line naming the file.
    void vocabularyFileRefused_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<bool>("position");
        QTest::newRow("empty") << QByteArray() << "empty|no words" << false;
        QTest::newRow("whitespace only") << QByteArray("  \n\t\n") << "tab|empty|word" << true;
        QTest::newRow("random binary") << randomBytes(4096) << "binary|UTF-8|tab|count" << true;
        QTest::newRow("NUL byte") << QByteArray("alpha\t3\nbe\0ta\t2\n", 16) << "binary|NUL"
                                  << true;
        QTest::newRow("Latin-1") << QByteArray("caf\xE9\t3\nna\xEFve\t2\n") << "UTF-8|Latin-1"
                                 << true;
        QTest::newRow("UTF-16 with BOM")
            << utf16LittleEndianWithBom("alpha\t3\nbeta\t2\n") << "UTF-16" << true;
        QTest::newRow("1 MB word")
            << QByteArray("alpha\t3\n") + QByteArray(kTokenBytes, 'x') + "\t2\n"
            << "long|bytes" << true;
        QTest::newRow("not a count") << QByteArray("alpha\t3\nbeta\tmany\n") << "count" << true;
        QTest::newRow("duplicate") << QByteArray("alpha\t3\nalpha\t2\n") << "duplicate" << true;
        QTest::newRow("ascending") << QByteArray("alpha\t2\nbeta\t3\n") << "descending" << true;
        QTest::newRow("missing file") << QByteArray("<missing>") << "no such file" << false;
        QTest::newRow("directory") << QByteArray("<directory>") << "directory" << false;
    }
    void vocabularyFileRefused() {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QFETCH(bool, position);
        static int rowNumber = 0;
        const QString path = dir_.filePath(QStringLiteral("vocab%1.tsv").arg(++rowNumber));
        if (content == "<directory>")
            QVERIFY(QDir().mkpath(path));
        else if (content != "<missing>")
            test::writeFile(dir_, QFileInfo(path).fileName(), content);
        try {
            Vocabulary::load(test::toStd(path));
            QFAIL("loaded");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(!message.contains(QLatin1Char('\n')), e.what());
            QVERIFY2(message.startsWith(path + QStringLiteral(": ")), e.what());
            QVERIFY2(QRegularExpression(problem, QRegularExpression::CaseInsensitiveOption)
                         .match(message.mid(path.size()))
                         .hasMatch(),
                     e.what());
            if (position)
                QVERIFY2(
                    message.mid(path.size())
                        .contains(QRegularExpression(QStringLiteral("(line|byte offset) \\d+"))),
                    e.what());
        }
    }
};

EMBEDSCOPE_TEST_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
