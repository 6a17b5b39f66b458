#include "FormatIo.h"

#include <sys/mman.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace embedscope::formatio {

namespace {

constexpr std::size_t kReadBlockBytes = 1 << 20;
// Reads at least this large skip the buffer (the parallel readers' blocks, .npy data); smaller
// ones (a binary row) are served from it.
constexpr std::size_t kDirectReadBytes = 64 << 10;
#ifdef MADV_POPULATE_WRITE
constexpr int kPopulateWrite = MADV_POPULATE_WRITE;
#else
constexpr int kPopulateWrite = 23;  // Linux 5.14; older kernels refuse it harmlessly
#endif

}  // namespace

// ---- InputFile ----

InputFile::InputFile(const std::string& path, std::string_view kind, std::size_t maxLineBytes)
    : path_(path), kind_(kind), maxLineBytes_(maxLineBytes) {
    const QFileInfo info(QString::fromStdString(path));
    if (!info.exists())
        throw Error(fileError(path, "no such file"));
    if (info.isDir())
        throw Error(fileError(path, "is a directory, not a " + kind_));
    stream_ = openByteStream(path);
    size_ = info.size();
    if (size_ == 0)
        throw Error(fileError(path, "file is empty"));
    // A small file gets a buffer its size (a metadata file, a test's few rows); a large one a
    // block that is refilled.
    buffer_.resize(static_cast<std::size_t>(
        std::clamp<long long>(size_ + 1, 4096, static_cast<long long>(kReadBlockBytes))));
    // Text in another Unicode encoding would otherwise be reported as a strange word or number.
    fill();
    if (const char* encoding =
            foreignByteOrderMark(std::string_view(buffer_.data(), std::min<std::size_t>(end_, 4))))
        throw Error(offsetError(path, 0,
                                std::string("not UTF-8 text (the byte order mark says ") +
                                    encoding + "); save the file as UTF-8"));
}

bool InputFile::fill() {
    if (atEnd_)
        return false;
    const std::size_t unread = end_ - begin_;
    if (begin_ > 0) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, unread);
        bufferStart_ += static_cast<long long>(begin_);
        begin_ = 0;
        end_ = unread;
    }
    // A line longer than half the buffer: grow rather than split it or read in small pieces.
    if (unread > 0 && buffer_.size() - end_ < buffer_.size() / 2)
        buffer_.resize(buffer_.size() * 2);
    const std::size_t got = stream_->read(buffer_.data() + end_, buffer_.size() - end_);
    if (got == 0) {
        atEnd_ = true;
        return false;
    }
    end_ += got;
    return true;
}

bool InputFile::nextLine(std::string_view& line) {
    std::size_t searchFrom = begin_;
    for (;;) {
        const void* newline = std::memchr(buffer_.data() + searchFrom, '\n', end_ - searchFrom);
        if (newline) {
            const std::size_t at =
                static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data());
            if (at - begin_ > maxLineBytes_)
                throwLineTooLong();
            line = std::string_view(buffer_.data() + begin_, at - begin_);
            begin_ = at + 1;
            ++line_;
            return true;
        }
        const std::size_t scanned = end_ - begin_;
        if (scanned > maxLineBytes_)
            throwLineTooLong();
        if (!fill()) {
            if (begin_ == end_)
                return false;
            // The last line has no '\n'.
            line = std::string_view(buffer_.data() + begin_, end_ - begin_);
            begin_ = end_;
            ++line_;
            return true;
        }
        searchFrom = begin_ + scanned;
    }
}

void InputFile::throwLineTooLong() const {
    const std::string limit = maxLineBytes_ % (1 << 20) == 0
                                  ? std::to_string(maxLineBytes_ >> 20) + " MB"
                                  : std::to_string(maxLineBytes_ >> 10) + " KB";
    throw Error(lineError(
        path_, line_ + 1,
        "line longer than " + limit + "; this is not a " + kind_ + " (or it is damaged)"));
}

int InputFile::peek() {
    if (begin_ == end_ && !fill())
        return -1;
    return static_cast<unsigned char>(buffer_[begin_]);
}

std::size_t InputFile::read(char* out, std::size_t n) {
    std::size_t copied = 0;
    while (copied < n) {
        if (begin_ == end_) {
            if (atEnd_)
                break;
            if (n - copied >= kDirectReadBytes) {
                // A large read goes straight into out instead of through the buffer.
                bufferStart_ += static_cast<long long>(end_);
                begin_ = end_ = 0;
                const std::size_t got = stream_->read(out + copied, n - copied);
                if (got == 0) {
                    atEnd_ = true;
                    break;
                }
                bufferStart_ += static_cast<long long>(got);
                copied += got;
                continue;
            }
            if (!fill())
                break;
        }
        const std::size_t take = std::min(n - copied, end_ - begin_);
        std::memcpy(out + copied, buffer_.data() + begin_, take);
        begin_ += take;
        copied += take;
    }
    return copied;
}

void InputFile::unread(const char* bytes, std::size_t n) {
    // buffer_[i] holds the byte at offset bufferStart_ + i, so the n bytes before begin_ are the
    // ones just read: when they are still there, stepping back is enough.
    if (n <= begin_) {
        begin_ -= n;
        std::memcpy(buffer_.data() + begin_, bytes, n);
        return;
    }
    const std::size_t rest = end_ - begin_;
    const long long start = offset() - static_cast<long long>(n);
    if (rest == 0) {
        if (buffer_.size() < n)
            buffer_.resize(n);
        std::memcpy(buffer_.data(), bytes, n);
    } else {
        std::vector<char> merged(std::max(buffer_.size(), n + rest));
        std::memcpy(merged.data(), bytes, n);
        std::memcpy(merged.data() + n, buffer_.data() + begin_, rest);
        buffer_.swap(merged);
    }
    bufferStart_ = start;
    begin_ = 0;
    end_ = n + rest;
}

bool InputFile::nextBlock(TextBlock& block, std::size_t targetBytes) {
    block.size = 0;
    block.lineTooLong = false;
    if (block.bytes.size() < targetBytes)
        block.bytes.resize(targetBytes);
    std::size_t searchFrom = 0;
    for (;;) {
        const std::size_t wanted = block.bytes.size() - block.size;
        const std::size_t got = read(block.bytes.data() + block.size, wanted);
        block.size += got;
        if (block.size == 0)
            return false;
        if (got < wanted)
            return true;  // the rest of the file; its last line may lack the '\n'
        const void* newline =
            memrchr(block.bytes.data() + searchFrom, '\n', block.size - searchFrom);
        if (newline) {
            const std::size_t cut =
                static_cast<std::size_t>(static_cast<const char*>(newline) - block.bytes.data()) +
                1;
            unread(block.bytes.data() + cut, block.size - cut);
            block.size = cut;
            return true;
        }
        if (block.size > maxLineBytes_) {
            block.lineTooLong = true;
            return true;
        }
        searchFrom = block.size;
        block.bytes.resize(block.bytes.size() * 2);
    }
}

bool InputFile::readUntil(char delimiter, std::string& out, std::size_t maxBytes) {
    for (;;) {
        if (begin_ == end_ && !fill())
            return false;
        const std::size_t available = end_ - begin_;
        const void* found = std::memchr(buffer_.data() + begin_, delimiter, available);
        const std::size_t take = found ? static_cast<std::size_t>(static_cast<const char*>(found) -
                                                                  (buffer_.data() + begin_))
                                       : available;
        out.append(buffer_.data() + begin_, take);
        begin_ += take;
        if (out.size() > maxBytes)
            return false;
        if (found) {
            ++begin_;
            return true;
        }
    }
}

void InputFile::checkpoint(const JobControl& control) const {
    control.throwIfCancelled();
    control.report(static_cast<std::uint64_t>(std::min(stream_->consumed(), size_)),
                   static_cast<std::uint64_t>(size_));
}

// ---- Floats ----

void appendFloat(std::string& out, float value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    out.append(text, result.ptr);
}

ParsedFloat parseFloat(std::string_view token, float& value) {
    const char* first = token.data();
    const char* const last = first + token.size();
    // from_chars takes no '+', other writers (and people) do.
    if (first != last && *first == '+') {
        ++first;
        if (first != last && (*first == '+' || *first == '-'))
            return ParsedFloat::NotANumber;
    }
    if (first == last)
        return ParsedFloat::NotANumber;
    auto [end, error] = std::from_chars(first, last, value);
    if (error == std::errc::invalid_argument || end != last)
        return ParsedFloat::NotANumber;
    if (error == std::errc::result_out_of_range) {
        // Underflow and overflow look alike here. Through double: a value below the float range
        // rounds to a denormal or zero, as strtof would; one above it is refused.
        double wide = 0;
        const auto asDouble = std::from_chars(first, last, wide);
        if (asDouble.ec != std::errc() ||
            std::fabs(wide) > static_cast<double>(std::numeric_limits<float>::max()))
            return ParsedFloat::OutOfRange;
        value = static_cast<float>(wide);
    }
    if (!std::isfinite(value))
        return ParsedFloat::NotFinite;
    return ParsedFloat::Ok;
}

std::string describeBadFloat(std::string_view token, ParsedFloat result) {
    switch (result) {
        case ParsedFloat::NotFinite:
            return quoteWord(token) + " is not a finite number (NaN and infinity are refused)";
        case ParsedFloat::OutOfRange:
            return quoteWord(token) + " is outside the float range";
        case ParsedFloat::NotANumber:
        case ParsedFloat::Ok:
            break;
    }
    return quoteWord(token) + " is not a number";
}

std::string valueCountProblem(long long found, int dim) {
    if (found == dim)
        return {};
    return "expected " + std::to_string(dim) + " values, found " + std::to_string(found);
}

std::string lineWordProblem(const std::string& path, long long line, std::string_view word) {
    const std::string problem = wordProblem(word);
    return problem.empty() ? problem : lineError(path, line, problem);
}

// ---- RowCollector ----

RowCollector::RowCollector(int dim, long long initialRows)
    : dim_(dim), matrix_(std::max(1LL, initialRows), dim) {}

float* RowCollector::appendRow() {
    if (rows_ == matrix_.rows()) {
        matrix_.conservativeResize(std::max<Eigen::Index>(matrix_.rows() * 2, 64), dim_);
        preparedRows_ = rows_;  // the table may have moved
    }
    prepareMemory(rows_ + 1);
    return matrix_.row(rows_++).data();
}

void RowCollector::prepareMemory(long long upToRow) {
    constexpr long long kStretchBytes = 32 << 20;
    const long long rowBytes = static_cast<long long>(sizeof(float)) * dim_;
    if (upToRow <= preparedRows_)
        return;
    const long long end = std::min<long long>(
        matrix_.rows(), std::max(upToRow, preparedRows_ + kStretchBytes / rowBytes));
    const auto pageSize = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto first = reinterpret_cast<std::uintptr_t>(matrix_.data() + preparedRows_ * dim_);
    const auto last = reinterpret_cast<std::uintptr_t>(matrix_.data() + end * dim_);
    // Whole pages inside the range only; failure (an older kernel) just leaves page faults.
    const std::uintptr_t from = (first + pageSize - 1) & ~(pageSize - 1);
    const std::uintptr_t to = last & ~(pageSize - 1);
    if (to > from)
        madvise(reinterpret_cast<void*>(from), to - from, kPopulateWrite);
    preparedRows_ = end;
}

float* RowCollector::appendRows(long long count) {
    if (count == 0)
        return nullptr;
    if (rows_ + count > matrix_.rows()) {
        matrix_.conservativeResize(std::max<Eigen::Index>({matrix_.rows() * 2, 64, rows_ + count}),
                                   dim_);
        preparedRows_ = rows_;  // the table may have moved
    }
    prepareMemory(rows_ + count);
    float* first = matrix_.row(rows_).data();
    rows_ += count;
    return first;
}

RowMatrixXf RowCollector::take() {
    matrix_.conservativeResize(rows_, dim_);
    return std::move(matrix_);
}

long long plausibleRows(long long claimedRows, long long bytesLeft, long long minBytesPerRow) {
    const long long fit = bytesLeft / std::max(1LL, minBytesPerRow) + 1;
    return std::max(1LL, std::min(claimedRows, fit));
}

// ---- Words ----

void LineWords::add(const std::string& path, long long line, std::string_view word,
                    std::uint32_t hash) {
    words_.emplace_back(word);
    lines_.push_back(line);
    if (const long long first = seen_.insert(words_, words_.size() - 1, hash); first >= 0)
        throw Error(lineError(path, line,
                              "duplicate word " + quoteWord(word) + " (first on line " +
                                  std::to_string(lines_[static_cast<std::size_t>(first)]) + ")"));
}

std::vector<std::string> readWordFile(const std::string& path, const std::string& vectorsPath,
                                      long long expectedRows, const WordFileLayout& layout) {
    if (!QFileInfo::exists(QString::fromStdString(path)))
        throw Error(fileError(path, layout.missingMessage));
    InputFile in(path, layout.kind);
    LineWords words;
    words.reserve(static_cast<std::size_t>(std::max(0LL, expectedRows)));
    bool hasHeader = false;
    long long blankLine = 0;  // a blank line is fine only at the very end
    std::string_view line;
    while (in.nextLine(line)) {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const long long lineNo = in.lineNumber();
        if (layout.tabbedHeader && lineNo == 1 && line.find('\t') != std::string_view::npos) {
            hasHeader = true;
            continue;
        }
        if (hasHeader)
            line = line.substr(0, line.find('\t'));
        if (line.empty()) {
            if (!blankLine)
                blankLine = lineNo;
            continue;
        }
        if (blankLine)
            throw Error(lineError(path, blankLine, "empty word"));
        if (const std::string problem = lineWordProblem(path, lineNo, line); !problem.empty())
            throw Error(problem);
        if (static_cast<long long>(words.size()) == expectedRows)
            throw Error(lineError(
                path, lineNo,
                "more words than the " + std::to_string(expectedRows) + " rows of " + vectorsPath));
        words.add(path, lineNo, line);
    }
    if (static_cast<long long>(words.size()) != expectedRows)
        throw Error(fileError(path, "has " + std::to_string(words.size()) + " words, but " +
                                        vectorsPath + " has " + std::to_string(expectedRows) +
                                        " rows of vectors"));
    return words.take();
}

// ---- Writer checks ----

namespace {

// The name of the first character `rule` forbids in word, or nullptr when there is none.
const char* forbiddenCharacter(const std::string& word, WordRule rule) {
    for (const char c : word) {
        switch (c) {
            case '\n':
                if (rule != WordRule::AnyText)
                    return "a line break";
                break;
            case '\r':
                if (rule != WordRule::AnyText)
                    return "a carriage return";
                break;
            case '\t':
                if (rule != WordRule::AnyText)
                    return "a tab";
                break;
            case ' ':
                if (rule == WordRule::NoWhitespace)
                    return "a space";
                break;
            case '\v':
            case '\f':
                if (rule == WordRule::NoWhitespace)
                    return "whitespace";
                break;
            default:
                break;
        }
    }
    return nullptr;
}

}  // namespace

bool allFinite(const float* values, std::size_t count) {
    std::uint32_t bad = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, values + i, sizeof bits);
        bad |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
    }
    return bad == 0;
}

void checkWritable(const std::string& path, const WordVectors& vectors, std::string_view format,
                   WordRule rule) {
    const auto rows = static_cast<long long>(vectors.vectors.rows());
    const std::string formatName(format);
    if (static_cast<long long>(vectors.words.size()) != rows)
        throw Error(fileError(path, "cannot write: " + std::to_string(vectors.words.size()) +
                                        " words but " + std::to_string(rows) + " vectors"));
    if (rows == 0)
        throw Error(fileError(path, "cannot write: there are no vectors"));
    if (vectors.vectors.cols() == 0)
        throw Error(fileError(path, "cannot write: the vectors have no dimensions"));
    if (vectors.vectors.cols() > kMaxDim)
        throw Error(fileError(path, "cannot write: dimension " +
                                        std::to_string(vectors.vectors.cols()) +
                                        " is above the limit of " + std::to_string(kMaxDim)));
    WordRowSet seen;
    for (long long row = 0; row < rows; ++row) {
        const std::string& word = vectors.words[static_cast<std::size_t>(row)];
        const std::string where = "row " + std::to_string(row + 1) + ": ";
        if (word.empty())
            throw Error(fileError(
                path, where + "empty word; the " + formatName + " format cannot hold it"));
        if (const std::string problem = wordProblem(word); !problem.empty())
            throw Error(fileError(
                path, "cannot write " + where + problem + ", and readers would refuse it"));
        if (const char* what = forbiddenCharacter(word, rule))
            throw Error(fileError(path, where + "word " + quoteWord(word) + " contains " + what +
                                            ", which the " + formatName + " format cannot hold"));
        if (const long long first =
                seen.insert(vectors.words, static_cast<std::size_t>(row), WordRowSet::hash(word));
            first >= 0)
            throw Error(fileError(path, where + "duplicate word " + quoteWord(word) +
                                            " (first in row " + std::to_string(first + 1) + ")"));
    }
    if (!allFinite(vectors.vectors.data(), static_cast<std::size_t>(vectors.vectors.size()))) {
        for (long long row = 0; row < rows; ++row)
            for (Eigen::Index col = 0; col < vectors.vectors.cols(); ++col)
                if (!std::isfinite(vectors.vectors(row, col)))
                    throw Error(fileError(
                        path, "row " + std::to_string(row + 1) + ": word " +
                                  quoteWord(vectors.words[static_cast<std::size_t>(row)]) +
                                  ": value " + std::to_string(col + 1) +
                                  " is not finite (NaN or infinity); training may have diverged"));
    }
}

}  // namespace embedscope::formatio
