// The reopen cache (core/VectorCache.h): a reopen maps the same words and the same table bytes; a
// changed source (size, modification time, the words file of a .npy) is parsed again; a damaged,
// truncated or foreign cache file is ignored and the open still succeeds (and the cache is then
// rewritten); nothing is written when the cache is disabled or the file is small. Every test works
// in a temporary folder of its own (settings.folder), never in the user's cache.
#include <QtTest>

#include <sys/stat.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "VectorCache.h"
#include "VectorFormats.h"
#include "testutil.h"

using namespace embedscope;
using embedscope::test::toStd;

namespace {

// rows distinct words (some non-ASCII) and values that differ per row and column.
WordVectors sampleVectors(int rows, int dim, float offset = 0) {
    WordVectors vectors;
    vectors.vectors.resize(rows, dim);
    for (int r = 0; r < rows; ++r) {
        vectors.words.push_back((r % 7 == 3 ? "caf\xc3\xa9" : "w") + std::to_string(r));
        for (int d = 0; d < dim; ++d)
            vectors.vectors(r, d) = offset + 0.25f * static_cast<float>(r) - 0.5f * d;
    }
    return vectors;
}

VectorCacheSettings settingsIn(const QTemporaryDir& dir) {
    VectorCacheSettings settings;
    settings.folder = toStd(dir.filePath("cache"));
    settings.minimumSourceBytes = 0;
    return settings;
}

bool sameTableBytes(const TableView& a, const TableView& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

// Opens path, writes its cache if it was parsed, and returns what was opened.
OpenedVectors openAndCache(const std::string& path, const VectorCacheSettings& settings) {
    OpenedVectors opened = openVectors(path, std::nullopt, settings);
    writeVectorCacheQuietly(settings, opened);
    return opened;
}

std::string cacheFileOf(const std::string& path, const VectorCacheSettings& settings) {
    return vectorCachePathFor(settings,
                              identifyVectorFile(path, detectVectorFormat(path)).absolutePath);
}

void setMtimeNs(const std::string& path, std::int64_t ns) {
    const timespec times[2] = {{ns / 1000000000, ns % 1000000000},
                               {ns / 1000000000, ns % 1000000000}};
    QVERIFY(utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

void overwriteBytes(const std::string& path, qint64 at, const QByteArray& bytes) {
    QFile file(QString::fromStdString(path));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(at));
    QCOMPARE(file.write(bytes), bytes.size());
}

}  // namespace

class TestVectorCache : public QObject {
    Q_OBJECT

private slots:
    void reopenGivesTheSameWordsAndTableBytes_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("word2vec text") << "v.vec";
        QTest::newRow("word2vec binary") << "v.bin";
        QTest::newRow("npy and its words") << "v.npy";
        QTest::newRow("csv") << "v.csv";
    }
    void reopenGivesTheSameWordsAndTableBytes() {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        const std::string path = toStd(dir.filePath(name));
        writeVectors(path, sampleVectors(300, 17), vectorFormatFromPath(path));

        const OpenedVectors parsed = openAndCache(path, settings);
        QVERIFY(!parsed.fromCache);
        QVERIFY(parsed.toCache.has_value());
        QVERIFY(QFileInfo::exists(QString::fromStdString(cacheFileOf(path, settings))));

        OpenedVectors reopened = openVectors(path, std::nullopt, settings);
        QVERIFY(reopened.fromCache);
        QVERIFY(!reopened.toCache.has_value());
        QCOMPARE(reopened.source->path(), path);
        QVERIFY(reopened.source->words() == parsed.source->words());
        QVERIFY(sameTableBytes(*reopened.source->table(), *parsed.source->table()));
        QCOMPARE(reopened.source->indexOf("caf\xc3\xa9"
                                          "3"),
                 3);
        // Mapped where it lies in the file: page-aligned, not a copy of the parsed table.
        QVERIFY(reinterpret_cast<std::uintptr_t>(reopened.source->table()->data()) % 4096 == 0);

        // The table outlives the source that handed it out (the mapping goes with the last view).
        SharedTable table = reopened.source->table();
        const float last = parsed.source->table()->coeff(299, 16);
        reopened.source.reset();
        QCOMPARE(table->coeff(299, 16), last);
    }

    void aChangedSourceIsParsedAgain() {
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        const std::string path = toStd(dir.filePath("v.bin"));
        writeVectors(path, sampleVectors(200, 8), VectorFormat::Word2VecBinary);
        const std::int64_t mtime = identifyVectorFile(path, VectorFormat::Word2VecBinary).mtimeNs;
        const std::uint64_t size = identifyVectorFile(path, VectorFormat::Word2VecBinary).size;
        QVERIFY(!openAndCache(path, settings).fromCache);
        QVERIFY(openVectors(path, std::nullopt, settings).fromCache);

        // Same size (binary: 4 bytes a value, whatever the value), other values, another time.
        writeVectors(path, sampleVectors(200, 8, 1.0f), VectorFormat::Word2VecBinary);
        QCOMPARE(identifyVectorFile(path, VectorFormat::Word2VecBinary).size, size);
        setMtimeNs(path, mtime + 1000);
        OpenedVectors opened = openAndCache(path, settings);
        QVERIFY(!opened.fromCache);
        QCOMPARE(opened.source->table()->coeff(0, 0), 1.0f);
        QVERIFY(openVectors(path, std::nullopt, settings).fromCache);  // rewritten

        // Another size with the recorded modification time.
        writeVectors(path, sampleVectors(201, 8, 1.0f), VectorFormat::Word2VecBinary);
        setMtimeNs(path, mtime + 1000);
        opened = openVectors(path, std::nullopt, settings);
        QVERIFY(!opened.fromCache);
        QCOMPARE(opened.source->rows(), 201);
    }

    void aChangedWordsFileOfAnNpyIsParsedAgain() {
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        const std::string path = toStd(dir.filePath("v.npy"));
        WordVectors vectors = sampleVectors(50, 4);
        writeVectors(path, vectors, VectorFormat::Npy);
        QVERIFY(!openAndCache(path, settings).fromCache);
        QVERIFY(openVectors(path, std::nullopt, settings).fromCache);
        vectors.words[0] = "changed";
        writeVectors(path, vectors, VectorFormat::Npy);  // the .npy itself is byte-identical
        const OpenedVectors opened = openVectors(path, std::nullopt, settings);
        QVERIFY(!opened.fromCache);
        QCOMPARE(opened.source->words()[0], std::string("changed"));
    }

    void anNpyOpenedThroughALinkIsCached() {
        // The words file is looked up beside the link (l.vocab.txt), not beside its target.
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        QVERIFY(QDir(dir.path()).mkdir("real"));
        const std::string real = toStd(dir.filePath("real/v.npy"));
        WordVectors vectors = sampleVectors(40, 3);
        writeVectors(real, vectors, VectorFormat::Npy);
        const std::string link = toStd(dir.filePath("l.npy"));
        QVERIFY(QFile::link(QString::fromStdString(real), QString::fromStdString(link)));
        vectors.words[0] = "beside the link";
        writeVectors(toStd(dir.filePath("l.npy.tmp.npy")), vectors, VectorFormat::Npy);
        QVERIFY(QFile::rename(dir.filePath("l.npy.tmp.vocab.txt"), dir.filePath("l.vocab.txt")));

        QVERIFY(!openAndCache(link, settings).fromCache);
        const OpenedVectors reopened = openVectors(link, std::nullopt, settings);
        QVERIFY(reopened.fromCache);
        QCOMPARE(reopened.source->words()[0], std::string("beside the link"));
    }

    void aDamagedCacheIsIgnored_data() {
        QTest::addColumn<QString>("damage");
        for (const char* damage :
             {"empty", "truncated by one byte", "truncated to the header", "zeros", "magic",
              "version", "row count", "word length", "duplicate words", "other path"})
            QTest::newRow(damage) << damage;
    }
    void aDamagedCacheIsIgnored() {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        const std::string path = toStd(dir.filePath("v.vec"));
        const WordVectors vectors = sampleVectors(120, 6);
        writeVectors(path, vectors, VectorFormat::Word2VecText);
        const OpenedVectors parsed = openAndCache(path, settings);
        const std::string cache = cacheFileOf(path, settings);
        const qint64 cacheBytes = QFileInfo(QString::fromStdString(cache)).size();
        QVERIFY(cacheBytes > 4096);
        QFile file(QString::fromStdString(cache));
        // Header: magic 8 bytes, version at 8, ..., rows at 56 (VectorCache.cpp's CacheHeader).
        if (damage == "empty") {
            QVERIFY(file.resize(0));
        } else if (damage == "truncated by one byte") {
            QVERIFY(file.resize(cacheBytes - 1));
        } else if (damage == "truncated to the header") {
            QVERIFY(file.resize(4096));
        } else if (damage == "zeros") {
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray(static_cast<int>(cacheBytes), '\0'));
            file.close();
        } else if (damage == "magic") {
            overwriteBytes(cache, 0, "X");
        } else if (damage == "version") {
            overwriteBytes(cache, 8, QByteArray("\x63\0\0\0", 4));
        } else if (damage == "row count") {
            overwriteBytes(cache, 56, QByteArray("\x79\0\0\0", 4));  // 121 rows
        } else if (damage == "word length") {
            // The last word's length prefix, made to reach past the end.
            const qint64 at = cacheBytes - qint64(vectors.words.back().size()) - 4;
            overwriteBytes(cache, at, QByteArray("\xff\0\0\0", 4));
        } else if (damage == "duplicate words") {
            // "w1" becomes "w2" (same length): a well-formed file this program would not write.
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            file.close();
            const qint64 at = bytes.indexOf(QByteArray("\x02\0\0\0w1", 6));
            QVERIFY(at > 0);
            overwriteBytes(cache, at + 5, "2");
        } else if (damage == "other path") {
            // A cache for another file at this name (a hash collision): same layout, other path.
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray bytes = file.readAll();
            file.close();
            const QByteArray own = QByteArray::fromStdString(
                identifyVectorFile(path, VectorFormat::Word2VecText).absolutePath);
            const qint64 at = bytes.indexOf(own);
            QVERIFY(at > 0);
            overwriteBytes(cache, at + own.size() - 1, "x");  // "v.vec" -> "v.vex"
        }

        const OpenedVectors opened = openVectors(path, std::nullopt, settings);
        QVERIFY(!opened.fromCache);
        QVERIFY(opened.source->words() == vectors.words);
        QVERIFY(sameTableBytes(*opened.source->table(), *parsed.source->table()));
        // The damaged cache is replaced by a good one.
        QVERIFY(writeVectorCacheQuietly(settings, opened));
        QVERIFY(openVectors(path, std::nullopt, settings).fromCache);
    }

    void nothingIsWrittenWhenDisabledOrSmall() {
        QTemporaryDir dir;
        VectorCacheSettings settings = settingsIn(dir);
        const std::string path = toStd(dir.filePath("v.vec"));
        writeVectors(path, sampleVectors(100, 4), VectorFormat::Word2VecText);

        settings.enabled = false;
        OpenedVectors opened = openVectors(path, std::nullopt, settings);
        QVERIFY(!opened.toCache.has_value());
        QVERIFY(!writeVectorCacheQuietly(settings, opened));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(settings.folder)));

        settings.enabled = true;
        settings.minimumSourceBytes = identifyVectorFile(path, VectorFormat::Word2VecText).size + 1;
        opened = openVectors(path, std::nullopt, settings);
        QVERIFY(!opened.toCache.has_value());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(settings.folder)));

        // A cache written meanwhile is not read while disabled.
        settings.minimumSourceBytes = 0;
        QVERIFY(!openAndCache(path, settings).fromCache);
        QVERIFY(openVectors(path, std::nullopt, settings).fromCache);
        settings.enabled = false;
        QVERIFY(!openVectors(path, std::nullopt, settings).fromCache);
    }

    void settingsComeFromTheEnvironment() {
        const QByteArray savedXdg = qgetenv("XDG_CACHE_HOME");
        const QByteArray savedOff = qgetenv("EMBEDSCOPE_NO_VECTOR_CACHE");
        qputenv("XDG_CACHE_HOME", "/some/cache");
        qunsetenv("EMBEDSCOPE_NO_VECTOR_CACHE");
        VectorCacheSettings settings = VectorCacheSettings::fromEnvironment();
        QVERIFY(settings.enabled);
        QCOMPARE(settings.folder, std::string("/some/cache/embedscope/vectors"));
        QCOMPARE(settings.minimumSourceBytes, kVectorCacheMinimumBytes);
        qputenv("EMBEDSCOPE_NO_VECTOR_CACHE", "1");
        QVERIFY(!VectorCacheSettings::fromEnvironment().enabled);
        qputenv("EMBEDSCOPE_NO_VECTOR_CACHE", "0");
        QVERIFY(VectorCacheSettings::fromEnvironment().enabled);
        qputenv("XDG_CACHE_HOME", "relative/ignored");  // invalid by the XDG spec: HOME's
        settings = VectorCacheSettings::fromEnvironment();
        QVERIFY(settings.folder != "relative/ignored/embedscope/vectors");
        QVERIFY(QString::fromStdString(settings.folder).endsWith("/.cache/embedscope/vectors"));
        qputenv("XDG_CACHE_HOME", savedXdg);
        if (savedXdg.isNull())
            qunsetenv("XDG_CACHE_HOME");
        if (savedOff.isNull())
            qunsetenv("EMBEDSCOPE_NO_VECTOR_CACHE");
        else
            qputenv("EMBEDSCOPE_NO_VECTOR_CACHE", savedOff);
    }

    void onlyTheNewestCachesAreKept() {
        QTemporaryDir dir;
        const VectorCacheSettings settings = settingsIn(dir);
        std::vector<std::string> paths;
        for (int i = 0; i < kVectorCacheKeep + 2; ++i) {
            paths.push_back(toStd(dir.filePath(QString("v%1.vec").arg(i))));
            writeVectors(paths.back(), sampleVectors(20, 3, float(i)), VectorFormat::Word2VecText);
            QVERIFY(!openAndCache(paths.back(), settings).fromCache);
            // Distinct modification times for the pruning's order, whatever the clock's grain.
            const std::string cache = cacheFileOf(paths.back(), settings);
            setMtimeNs(cache, (1700000000LL + i) * 1000000000LL);
        }
        // The last write pruned with the times as they were then; one more write prunes again.
        QVERIFY(!openAndCache(paths.front(), settings).fromCache);
        const QStringList caches =
            QDir(QString::fromStdString(settings.folder)).entryList({"*.vcache"}, QDir::Files);
        QCOMPARE(caches.size(), kVectorCacheKeep);
        QVERIFY(openVectors(paths.front(), std::nullopt, settings).fromCache);  // just written
        QVERIFY(openVectors(paths.back(), std::nullopt, settings).fromCache);   // the newest
        QVERIFY(!openVectors(paths[1], std::nullopt, settings).fromCache);      // the oldest
    }
};

EMBEDSCOPE_TEST_MAIN(TestVectorCache)
#include "tst_vectorcache.moc"
