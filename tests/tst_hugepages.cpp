// The memory page hints (HugePages.h): they never change what a buffer holds, an advice for later
// faults populates nothing, and releasing a buffer's tail frees whole pages only.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>

#include "HugePages.h"
#include "testutil.h"

using namespace embedscope;

namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<unsigned char[], FreeDeleter>;

Buffer allocate(std::size_t alignment, std::size_t bytes) {
    return Buffer(static_cast<unsigned char*>(std::aligned_alloc(alignment, bytes)));
}

// This process's resident memory in bytes (/proc/self/statm, second field, in pages).
std::size_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace

class TestHugePages : public QObject {
    Q_OBJECT

private slots:
    void adviceKeepsTheContents() {
        const std::size_t bytes = 3 * kHugePage;
        Buffer buffer = allocate(kHugePage, bytes);
        QVERIFY(buffer);
        for (std::size_t i = 0; i < bytes; ++i)
            buffer[i] = static_cast<unsigned char>(i * 7 + 3);
        adviseHugePages(buffer.get() + 100, bytes - 200);
        adviseHugePagesOnFault(buffer.get(), bytes);
        for (std::size_t i = 0; i < bytes; ++i)
            QCOMPARE(buffer[i], static_cast<unsigned char>(i * 7 + 3));
    }

    void adviceForLaterFaultsPopulatesNothing() {
#ifndef __linux__
        QSKIP("page advice is Linux only");
#endif
        // A 256 MB reservation of which one byte is written costs at most one huge page.
        const std::size_t bytes = 128 * kHugePage;
        Buffer buffer = allocate(kHugePage, bytes);
        QVERIFY(buffer);
        const std::size_t before = residentBytes();
        adviseHugePagesOnFault(buffer.get(), bytes);
        buffer[5 * kHugePage + 17] = 1;
        QCOMPARE(buffer[5 * kHugePage + 17], 1);
        QVERIFY2(residentBytes() - before <= 2 * kHugePage,
                 qPrintable(QString::number(residentBytes() - before)));
    }

    void releaseFreesWholePagesInsideOnly() {
#ifndef __linux__
        QSKIP("page release is Linux only");
#endif
        const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
        const std::size_t bytes = 64 * page;
        Buffer buffer = allocate(page, bytes);
        QVERIFY(buffer);
        std::memset(buffer.get(), 0xAB, bytes);
        // From the middle of page 10: page 10 keeps its bytes, pages 11.. read as zeros.
        const std::size_t from = 10 * page + page / 2;
        releasePages(buffer.get() + from, bytes - from);
        for (std::size_t i = 0; i < 11 * page; ++i)
            QCOMPARE(buffer[i], static_cast<unsigned char>(0xAB));
        for (std::size_t i = 11 * page; i < bytes; ++i)
            QCOMPARE(buffer[i], static_cast<unsigned char>(0));
    }
};

EMBEDSCOPE_TEST_MAIN(TestHugePages)
#include "tst_hugepages.moc"
