// The memory page hints (HugePages.h): advice never changes what a buffer holds, and releasing a
// buffer's tail frees whole pages only.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
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
        for (std::size_t i = 0; i < bytes; ++i)
            QCOMPARE(buffer[i], static_cast<unsigned char>(i * 7 + 3));
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
