#include "ByteStream.h"

#include <QFile>

#include <bzlib.h>
#include <lzma.h>
#include <zip.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "Error.h"

namespace embedscope {

namespace {

constexpr std::size_t kCompressedBlockBytes = 1 << 20;

bool endsWith(const std::string& text, std::string_view suffix) {
    if (text.size() < suffix.size())
        return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char c = text[text.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

// The file's own bytes.
class FileStream : public ByteStream {
public:
    explicit FileStream(const std::string& path)
        : path_(path), file_(QString::fromStdString(path)) {
        // Unbuffered: InputFile buffers, and its large reads go straight into the caller's memory.
        if (!file_.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            throw Error(
                fileError(path, "cannot open for reading: " + file_.errorString().toStdString()));
    }
    std::size_t read(char* out, std::size_t n) override {
        const qint64 got = file_.read(out, static_cast<qint64>(n));
        if (got < 0)
            throw Error(
                offsetError(path_, consumed_, "read error: " + file_.errorString().toStdString()));
        consumed_ += got;
        return static_cast<std::size_t>(got);
    }
    long long consumed() const override { return consumed_; }
    std::string_view compression() const override { return {}; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    QFile file_;
    long long consumed_ = 0;
};

// The compressed input side shared by both decompressors: a block of the file at a time.
class CompressedInput {
public:
    explicit CompressedInput(std::unique_ptr<FileStream> file)
        : file_(std::move(file)), buffer_(kCompressedBlockBytes) {}
    // Refills when everything was used; false at the end of the file.
    bool refill(const unsigned char*& next, std::size_t& available) {
        if (available > 0)
            return true;
        const std::size_t got =
            file_->read(reinterpret_cast<char*>(buffer_.data()), buffer_.size());
        next = buffer_.data();
        available = got;
        return got > 0;
    }
    const FileStream& file() const { return *file_; }

private:
    std::unique_ptr<FileStream> file_;
    std::vector<unsigned char> buffer_;
};

class GzipStream : public ByteStream {
public:
    explicit GzipStream(std::unique_ptr<FileStream> file) : input_(std::move(file)) {
        std::memset(&z_, 0, sizeof z_);
        // 15 + 32: a window of 32 kB, gzip or zlib header detected automatically.
        if (inflateInit2(&z_, 15 + 32) != Z_OK)
            throw Error(fileError(input_.file().path(), "cannot start gzip decompression"));
    }
    ~GzipStream() override { inflateEnd(&z_); }

    std::size_t read(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !finished_) {
            std::size_t available = z_.avail_in;
            const unsigned char* next = z_.next_in;
            if (!input_.refill(next, available)) {
                if (!betweenMembers_)
                    throw Error(offsetError(input_.file().path(), compressedOffset(),
                                            "truncated gzip data: the file ends inside the "
                                            "compressed stream"));
                finished_ = true;
                break;
            }
            z_.next_in = const_cast<unsigned char*>(next);
            z_.avail_in = static_cast<uInt>(available);
            betweenMembers_ = false;
            z_.next_out = reinterpret_cast<unsigned char*>(out + produced);
            z_.avail_out = static_cast<uInt>(std::min<std::size_t>(n - produced, 1u << 30));
            const uInt before = z_.avail_out;
            const int status = inflate(&z_, Z_NO_FLUSH);
            produced += before - z_.avail_out;
            if (status == Z_STREAM_END) {
                // Another gzip member may follow (as `cat a.gz b.gz` makes); trailing zero
                // padding is not one.
                betweenMembers_ = true;
                inflateReset(&z_);
                continue;
            }
            if (status != Z_OK && status != Z_BUF_ERROR)
                throw Error(offsetError(
                    input_.file().path(), compressedOffset(),
                    std::string("damaged gzip data (") + (z_.msg ? z_.msg : "zlib error") + ")"));
        }
        return produced;
    }
    long long consumed() const override { return input_.file().consumed(); }
    std::string_view compression() const override { return "gzip"; }

private:
    // The offset in the file of the next compressed byte zlib has not taken yet.
    long long compressedOffset() const {
        return input_.file().consumed() - static_cast<long long>(z_.avail_in);
    }

    CompressedInput input_;
    z_stream z_;
    bool betweenMembers_ = true;  // nothing of a member read yet: the end of input is fine here
    bool finished_ = false;
};

class XzStream : public ByteStream {
public:
    explicit XzStream(std::unique_ptr<FileStream> file) : input_(std::move(file)) {
        // LZMA_CONCATENATED: several .xz streams back to back, as xz itself reads them.
        if (lzma_stream_decoder(&lzma_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
            throw Error(fileError(input_.file().path(), "cannot start xz decompression"));
    }
    ~XzStream() override { lzma_end(&lzma_); }

    std::size_t read(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !finished_) {
            lzma_action action = LZMA_RUN;
            if (lzma_.avail_in == 0) {
                std::size_t available = 0;
                const unsigned char* next = nullptr;
                if (input_.refill(next, available)) {
                    lzma_.next_in = next;
                    lzma_.avail_in = available;
                } else {
                    action = LZMA_FINISH;
                }
            }
            lzma_.next_out = reinterpret_cast<std::uint8_t*>(out + produced);
            lzma_.avail_out = n - produced;
            const std::size_t before = lzma_.avail_out;
            const lzma_ret status = lzma_code(&lzma_, action);
            produced += before - lzma_.avail_out;
            if (status == LZMA_STREAM_END) {
                finished_ = true;
                break;
            }
            if (status == LZMA_OK)
                continue;
            const char* what = status == LZMA_FORMAT_ERROR    ? "not xz data"
                               : status == LZMA_DATA_ERROR    ? "damaged xz data"
                               : status == LZMA_BUF_ERROR     ? "truncated xz data: the file ends "
                                                                "inside the compressed stream"
                               : status == LZMA_MEM_ERROR     ? "out of memory decompressing xz"
                               : status == LZMA_OPTIONS_ERROR ? "unsupported xz options"
                                                              : "xz decompression failed";
            throw Error(offsetError(input_.file().path(), compressedOffset(), what));
        }
        return produced;
    }
    long long consumed() const override { return input_.file().consumed(); }
    std::string_view compression() const override { return "xz"; }

private:
    long long compressedOffset() const {
        return input_.file().consumed() - static_cast<long long>(lzma_.avail_in);
    }

    CompressedInput input_;
    lzma_stream lzma_ = LZMA_STREAM_INIT;
    bool finished_ = false;
};

class Bzip2Stream : public ByteStream {
public:
    explicit Bzip2Stream(std::unique_ptr<FileStream> file) : input_(std::move(file)) { start(); }
    ~Bzip2Stream() override { BZ2_bzDecompressEnd(&bz_); }

    std::size_t read(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !finished_) {
            std::size_t available = bz_.avail_in;
            const unsigned char* next = reinterpret_cast<const unsigned char*>(bz_.next_in);
            if (!input_.refill(next, available)) {
                if (!betweenMembers_)
                    throw Error(offsetError(input_.file().path(), compressedOffset(),
                                            "truncated bzip2 data: the file ends inside the "
                                            "compressed stream"));
                finished_ = true;
                break;
            }
            bz_.next_in = const_cast<char*>(reinterpret_cast<const char*>(next));
            bz_.avail_in = static_cast<unsigned>(available);
            betweenMembers_ = false;
            bz_.next_out = out + produced;
            bz_.avail_out = static_cast<unsigned>(std::min<std::size_t>(n - produced, 1u << 30));
            const unsigned before = bz_.avail_out;
            const int status = BZ2_bzDecompress(&bz_);
            produced += before - bz_.avail_out;
            if (status == BZ_STREAM_END) {
                // Another stream may follow (pbzip2 and `cat a.bz2 b.bz2` make several).
                const unsigned leftover = bz_.avail_in;
                char* leftoverAt = bz_.next_in;
                BZ2_bzDecompressEnd(&bz_);
                start();
                bz_.next_in = leftoverAt;
                bz_.avail_in = leftover;
                betweenMembers_ = true;
                continue;
            }
            if (status != BZ_OK)
                throw Error(offsetError(input_.file().path(), compressedOffset(),
                                        status == BZ_DATA_ERROR_MAGIC ? "not bzip2 data"
                                        : status == BZ_MEM_ERROR
                                            ? "out of memory decompressing bzip2"
                                            : "damaged bzip2 data"));
        }
        return produced;
    }
    long long consumed() const override { return input_.file().consumed(); }
    std::string_view compression() const override { return "bzip2"; }

private:
    void start() {
        std::memset(&bz_, 0, sizeof bz_);
        if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK)
            throw Error(fileError(input_.file().path(), "cannot start bzip2 decompression"));
    }
    long long compressedOffset() const {
        return input_.file().consumed() - static_cast<long long>(bz_.avail_in);
    }

    CompressedInput input_;
    bz_stream bz_;
    bool betweenMembers_ = true;
    bool finished_ = false;
};

class ZstdStream : public ByteStream {
public:
    explicit ZstdStream(std::unique_ptr<FileStream> file)
        : input_(std::move(file)), zstd_(ZSTD_createDStream()) {
        if (!zstd_)
            throw Error(fileError(input_.file().path(), "cannot start zstd decompression"));
    }
    ~ZstdStream() override { ZSTD_freeDStream(zstd_); }

    std::size_t read(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !finished_) {
            std::size_t available = in_.size - in_.pos;
            const unsigned char* next = static_cast<const unsigned char*>(in_.src) + in_.pos;
            if (!input_.refill(next, available)) {
                // ZSTD_decompressStream returns 0 exactly when a frame is complete and flushed.
                if (!frameDone_)
                    throw Error(offsetError(input_.file().path(), compressedOffset(),
                                            "truncated zstd data: the file ends inside a frame"));
                finished_ = true;
                break;
            }
            in_ = {next, available, 0};
            ZSTD_outBuffer output{out + produced, n - produced, 0};
            // Frames back to back (zstd -T, `cat a.zst b.zst`) are decoded one after another.
            const std::size_t status = ZSTD_decompressStream(zstd_, &output, &in_);
            produced += output.pos;
            if (ZSTD_isError(status))
                throw Error(offsetError(
                    input_.file().path(), compressedOffset(),
                    std::string("damaged zstd data (") + ZSTD_getErrorName(status) + ")"));
            frameDone_ = status == 0;
        }
        return produced;
    }
    long long consumed() const override { return input_.file().consumed(); }
    std::string_view compression() const override { return "zstd"; }

private:
    long long compressedOffset() const {
        return input_.file().consumed() - static_cast<long long>(in_.size - in_.pos);
    }

    CompressedInput input_;
    ZSTD_DStream* zstd_;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    bool frameDone_ = true;
    bool finished_ = false;
};

// A .zip holding one file (text8.zip), through libzip. libzip seeks (the directory is at the end)
// and reads the file through a FILE* of ours (it owns it once the source exists): its position
// after a read is the progress, and the byte offset an error names (libzip does not tell where
// it failed). A source of our own (zip_source_function_create) leaked two blocks per archive
// in Debian's libzip 1.7.3; its FILE* source does not.
class ZipStream : public ByteStream {
public:
    explicit ZipStream(const std::string& path) : path_(path) {
        try {
            open();
        } catch (...) {
            close();  // the destructor does not run for a constructor that throws
            throw;
        }
    }
    ~ZipStream() override { close(); }

    std::size_t read(char* out, std::size_t n) override {
        std::size_t produced = 0;
        while (produced < n && !finished_) {
            const zip_int64_t got = zip_fread(entry_, out + produced, n - produced);
            notePosition();
            if (got < 0)
                fail("damaged zip data", zip_error_strerror(zip_file_get_error(entry_)));
            if (got == 0)
                finished_ = true;
            produced += static_cast<std::size_t>(got);
        }
        return produced;
    }
    long long consumed() const override { return furthest_; }
    std::string_view compression() const override { return "zip"; }

private:
    void open() {
        std::FILE* file = std::fopen(path_.c_str(), "rb");
        if (!file)
            throw Error(fileError(path_, "cannot open for reading"));
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_filep_create(file, 0, -1, &error);
        if (!source) {
            std::fclose(file);
            const std::string detail = zip_error_strerror(&error);
            zip_error_fini(&error);
            fail("cannot read the zip archive", detail);
        }
        file_ = file;  // now the source's
        archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
        if (!archive_) {
            notePosition();
            file_ = nullptr;
            zip_source_free(source);  // closes the file
            const std::string detail = zip_error_strerror(&error);
            zip_error_fini(&error);
            fail("not a readable zip archive", detail);
        }
        zip_error_fini(&error);
        notePosition();
        // Directories ("folder/") are not files; anything else counts.
        const zip_int64_t entries = zip_get_num_entries(archive_, 0);
        zip_int64_t fileIndex = -1, files = 0;
        for (zip_int64_t i = 0; i < entries; ++i) {
            const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), 0);
            if (name && *name && name[std::strlen(name) - 1] == '/')
                continue;
            ++files;
            fileIndex = i;
        }
        if (files != 1)
            throw Error(offsetError(path_, 0,
                                    "a zip corpus must hold exactly one file, this one holds " +
                                        std::to_string(files)));
        entry_ = zip_fopen_index(archive_, static_cast<zip_uint64_t>(fileIndex), 0);
        if (!entry_)
            fail("cannot open the file in the zip archive",
                 zip_error_strerror(zip_get_error(archive_)));
    }
    void close() {
        if (entry_)
            zip_fclose(entry_);
        if (archive_)
            zip_discard(archive_);  // frees the source, which closes the file
        entry_ = nullptr;
        archive_ = nullptr;
        file_ = nullptr;
    }
    void notePosition() {
        if (file_)
            furthest_ = std::max(furthest_, static_cast<long long>(std::ftell(file_)));
    }
    [[noreturn]] void fail(const std::string& what, const std::string& detail) {
        throw Error(
            offsetError(path_, furthest_, what + (detail.empty() ? "" : " (" + detail + ")")));
    }

    std::string path_;
    std::FILE* file_ = nullptr;  // owned by archive_'s source; for its position only
    zip_t* archive_ = nullptr;
    zip_file_t* entry_ = nullptr;
    long long furthest_ = 0;
    bool finished_ = false;
};

// Decompression running ahead of the reader on a thread of its own, so that it overlaps with
// parsing: inflating gzip (~150-250 MB/s out) or xz (~50-100 MB/s) costs as much as parsing the
// text, and on the reading thread it also held up the block pipeline's hand-outs. The thread fills
// blocks of kAheadBlockBytes and queues them; kAheadBlocks blocks exist in all, so at most that
// much decompressed data waits, whatever the file's size. The thread starts at the first read():
// opening a stream only to ask its compression() costs nothing.
//
// An error of the decompressor (a damaged archive, already naming the file and the compressed
// byte offset) is caught on the thread and rethrown by the read() that reaches it, after the
// bytes before it: the reader sees the same sequence as without the thread. Destroying the stream
// (a cancelled or failed read) stops the thread after the block it is filling.
class ReadAheadStream : public ByteStream {
public:
    explicit ReadAheadStream(std::unique_ptr<ByteStream> inner)
        : inner_(std::move(inner)), compression_(inner_->compression()) {}
    ~ReadAheadStream() override {
        if (!thread_.joinable())
            return;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }

    std::size_t read(char* out, std::size_t n) override {
        if (!thread_.joinable())
            start();
        std::size_t copied = 0;
        while (copied < n) {
            if (current_ && current_->error)
                std::rethrow_exception(current_->error);  // and again at every later read()
            if (current_ && currentPos_ < current_->size) {
                const std::size_t take = std::min(n - copied, current_->size - currentPos_);
                std::memcpy(out + copied, current_->bytes.data() + currentPos_, take);
                currentPos_ += take;
                copied += take;
                continue;
            }
            if (finished_)
                break;
            std::unique_lock<std::mutex> lock(mutex_);
            if (current_) {
                free_.push_back(current_);
                current_ = nullptr;
                changed_.notify_all();
            }
            changed_.wait(lock, [&] { return !ready_.empty(); });
            current_ = ready_.front();
            ready_.pop_front();
            currentPos_ = 0;
            if (current_->size == 0 && !current_->error)
                finished_ = true;
        }
        return copied;
    }
    long long consumed() const override { return consumed_.load(std::memory_order_relaxed); }
    std::string_view compression() const override { return compression_; }

private:
    // 4 MB ahead in all. Small blocks, so that the copy out of them hits the cache: the same
    // 4 MB as 4 blocks of 1 MB ran 5-10% slower than no thread at all (bench/README.md).
    static constexpr std::size_t kAheadBlockBytes = 256 << 10;
    static constexpr int kAheadBlocks = 16;

    struct Block {
        std::vector<char> bytes;
        std::size_t size = 0;  // 0: the end of the content
        std::exception_ptr error;
    };

    void start() {
        blocks_.resize(kAheadBlocks);
        for (Block& block : blocks_)
            free_.push_back(&block);
        thread_ = std::thread([this] { fillBlocks(); });
    }

    void fillBlocks() {
        for (;;) {
            Block* block = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return stop_ || !free_.empty(); });
                if (stop_)
                    return;
                block = free_.front();
                free_.pop_front();
            }
            block->bytes.resize(kAheadBlockBytes);
            block->size = 0;
            try {
                // The decompressors fill the whole request unless the content ends first.
                block->size = inner_->read(block->bytes.data(), block->bytes.size());
            } catch (...) {
                block->error = std::current_exception();
            }
            consumed_.store(inner_->consumed(), std::memory_order_relaxed);
            const bool last = block->size == 0 || block->error;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                ready_.push_back(block);
            }
            changed_.notify_all();
            if (last)
                return;
        }
    }

    std::unique_ptr<ByteStream> inner_;
    const std::string_view compression_;
    std::atomic<long long> consumed_{0};
    std::vector<Block> blocks_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Block*> free_;   // blocks the thread may fill
    std::deque<Block*> ready_;  // filled blocks in content order
    bool stop_ = false;
    std::thread thread_;
    // The reader's side, touched only by read().
    Block* current_ = nullptr;
    std::size_t currentPos_ = 0;
    bool finished_ = false;
};

}  // namespace

std::string withoutCompressionSuffix(const std::string& path) {
    if (endsWith(path, ".gz") || endsWith(path, ".xz"))
        return path.substr(0, path.size() - 3);
    if (endsWith(path, ".bz2") || endsWith(path, ".zst") || endsWith(path, ".zip"))
        return path.substr(0, path.size() - 4);
    return path;
}

std::unique_ptr<ByteStream> openByteStream(const std::string& path) {
    // The signature, read through a separate handle so that the stream starts at byte 0.
    unsigned char head[6] = {0, 0, 0, 0, 0, 0};
    qint64 headBytes = 0;
    {
        QFile probe(QString::fromStdString(path));
        if (probe.open(QIODevice::ReadOnly))
            headBytes = probe.read(reinterpret_cast<char*>(head), sizeof head);
    }
    const bool gzip = headBytes >= 2 && head[0] == 0x1f && head[1] == 0x8b;
    const bool xz = headBytes >= 6 && std::memcmp(head,
                                                  "\xFD"
                                                  "7zXZ\0",
                                                  6) == 0;
    const bool bzip2 =
        headBytes >= 4 && std::memcmp(head, "BZh", 3) == 0 && head[3] >= '1' && head[3] <= '9';
    // A zstd frame, or a skippable frame (magic 0x184D2A5?) that zstd skips before one.
    const bool zstd =
        headBytes >= 4 &&
        ((std::memcmp(head, "\x28\xB5\x2F\xFD", 4) == 0) ||
         ((head[0] & 0xF0) == 0x50 && head[1] == 0x2A && head[2] == 0x4D && head[3] == 0x18));
    // A local file header, or the end of central directory record of an empty archive.
    const bool zip = headBytes >= 4 && (std::memcmp(head, "PK\x03\x04", 4) == 0 ||
                                        std::memcmp(head, "PK\x05\x06", 4) == 0);
    if (zip)
        return std::make_unique<ReadAheadStream>(std::make_unique<ZipStream>(path));
    auto file = std::make_unique<FileStream>(path);
    if (bzip2)
        return std::make_unique<ReadAheadStream>(std::make_unique<Bzip2Stream>(std::move(file)));
    if (zstd)
        return std::make_unique<ReadAheadStream>(std::make_unique<ZstdStream>(std::move(file)));
    if (gzip)
        return std::make_unique<ReadAheadStream>(std::make_unique<GzipStream>(std::move(file)));
    if (xz)
        return std::make_unique<ReadAheadStream>(std::make_unique<XzStream>(std::move(file)));
    if (endsWith(path, ".gz"))
        throw Error(offsetError(path, 0, "not gzip data (no 1f 8b signature), though named .gz"));
    if (endsWith(path, ".xz"))
        throw Error(offsetError(path, 0,
                                "not xz data (no FD 37 7A 58 5A 00 signature), though "
                                "named .xz"));
    if (endsWith(path, ".bz2"))
        throw Error(offsetError(path, 0, "not bzip2 data (no BZh signature), though named .bz2"));
    if (endsWith(path, ".zst"))
        throw Error(
            offsetError(path, 0, "not zstd data (no 28 B5 2F FD signature), though named .zst"));
    if (endsWith(path, ".zip"))
        throw Error(offsetError(path, 0, "not a zip archive (no PK signature), though named .zip"));
    return file;
}

}  // namespace embedscope
