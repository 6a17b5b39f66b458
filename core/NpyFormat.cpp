// NumPy's .npy (format versions 1.0, 2.0 and 3.0) for a 2-D float32 or float64 array in C order,
// the words one per line in vocabPathFor(PATH) (NAME.vocab.txt), as numpy.save and a Python line
// writing the words make them:
//   "\x93NUMPY" major minor, header length (2 bytes little-endian in 1.0, 4 in 2.0 and 3.0),
//   a Python dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (ROWS, DIM), }
//   padded with spaces and a '\n' to a multiple of 64 bytes, then ROWS * DIM values.
// The header is checked key by key; anything the reader cannot take (big-endian, Fortran order,
// another type, not 2-D, data shorter or longer than the shape) is refused with its byte offset.
#include <QFileInfo>
#include <QtEndian>

#include <charconv>

#include <cmath>
#include <cstring>
#include <limits>

#include "FormatIo.h"
#include "VectorFormats.h"

namespace embedscope::formatio {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicBytes = 6;
// No real header comes close; a larger claim means a damaged file.
constexpr std::size_t kMaxHeaderBytes = 1 << 16;

struct NpyHeader {
    std::string descr;
    bool fortranOrder = false;
    std::vector<long long> shape;
    long long dataOffset = 0;
};

// A cursor over the header's dict literal. Errors name the byte offset in the file.
class DictParser {
public:
    DictParser(const std::string& path, std::string_view text, long long offset)
        : path_(path), text_(text), offset_(offset) {}

    void skipSpaces() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n'))
            ++pos_;
    }
    bool accept(char c) {
        skipSpaces();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    void expect(char c, const char* what) {
        if (!accept(c))
            fail(std::string("expected ") + what);
    }
    std::string quoted() {
        skipSpaces();
        if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
            fail("expected a quoted string");
        const char quote = text_[pos_++];
        const std::size_t end = text_.find(quote, pos_);
        if (end == std::string_view::npos)
            fail("string never closed");
        std::string value(text_.substr(pos_, end - pos_));
        pos_ = end + 1;
        return value;
    }
    bool boolean() {
        skipSpaces();
        for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
            const std::size_t length = std::strlen(word);
            if (text_.substr(pos_, length) == word) {
                pos_ += length;
                return value;
            }
        }
        fail("expected True or False");
    }
    std::vector<long long> tuple() {
        expect('(', "'(' to start the shape");
        std::vector<long long> values;
        while (!accept(')')) {
            skipSpaces();
            long long value = 0;
            const char* first = text_.data() + pos_;
            const auto [end, error] = std::from_chars(first, text_.data() + text_.size(), value);
            if (error != std::errc() || end == first)
                fail("expected a whole number in the shape");
            pos_ += static_cast<std::size_t>(end - first);
            values.push_back(value);
            if (!accept(',')) {
                expect(')', "',' or ')' in the shape");
                break;
            }
        }
        return values;
    }
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(
            offsetError(path_, offset_ + static_cast<long long>(pos_), "NumPy header: " + problem));
    }
    bool atEnd() {
        skipSpaces();
        return pos_ == text_.size();
    }

private:
    const std::string& path_;
    std::string_view text_;
    long long offset_;
    std::size_t pos_ = 0;
};

NpyHeader readHeader(InputFile& in) {
    const std::string& path = in.path();
    char start[kMagicBytes + 2];
    if (in.read(start, sizeof start) < sizeof start || std::memcmp(start, kMagic, kMagicBytes) != 0)
        throw Error(offsetError(path, 0, "not a NumPy .npy file (no \\x93NUMPY signature)"));
    const int major = static_cast<unsigned char>(start[kMagicBytes]);
    if (major < 1 || major > 3)
        throw Error(offsetError(path, kMagicBytes,
                                "NumPy format version " + std::to_string(major) +
                                    " is not supported (1, 2 and 3 are)"));
    unsigned char lengthBytes[4] = {0, 0, 0, 0};
    const std::size_t lengthSize = major == 1 ? 2 : 4;
    if (in.read(reinterpret_cast<char*>(lengthBytes), lengthSize) < lengthSize)
        throw Error(offsetError(path, in.offset(), "truncated in the NumPy header"));
    const std::size_t headerBytes = lengthBytes[0] | (std::size_t(lengthBytes[1]) << 8) |
                                    (std::size_t(lengthBytes[2]) << 16) |
                                    (std::size_t(lengthBytes[3]) << 24);
    const long long headerStart = in.offset();
    if (headerBytes > kMaxHeaderBytes)
        throw Error(offsetError(path, headerStart - static_cast<long long>(lengthSize),
                                "NumPy header length " + std::to_string(headerBytes) +
                                    " is implausible (a damaged file?)"));
    std::string text(headerBytes, '\0');
    if (in.read(text.data(), headerBytes) < headerBytes)
        throw Error(offsetError(path, headerStart, "truncated in the NumPy header"));

    NpyHeader header;
    header.dataOffset = headerStart + static_cast<long long>(headerBytes);
    DictParser dict(path, text, headerStart);
    dict.expect('{', "'{' to start the header");
    bool haveDescr = false, haveOrder = false, haveShape = false;
    while (!dict.accept('}')) {
        const std::string key = dict.quoted();
        dict.expect(':', "':' after a key");
        if (key == "descr") {
            header.descr = dict.quoted();
            haveDescr = true;
        } else if (key == "fortran_order") {
            header.fortranOrder = dict.boolean();
            haveOrder = true;
        } else if (key == "shape") {
            header.shape = dict.tuple();
            haveShape = true;
        } else {
            dict.fail("unknown key '" + key + "'");
        }
        if (!dict.accept(',')) {
            dict.expect('}', "',' or '}'");
            break;
        }
    }
    if (!dict.atEnd())
        dict.fail("unexpected text after the dict");
    if (!haveDescr || !haveOrder || !haveShape)
        throw Error(offsetError(path, headerStart,
                                "NumPy header lacks '" +
                                    std::string(!haveDescr   ? "descr"
                                                : !haveOrder ? "fortran_order"
                                                             : "shape") +
                                    "'"));
    return header;
}

// 4 for '<f4', 8 for '<f8'; throws for what cannot be loaded.
int itemBytes(const std::string& path, const NpyHeader& header, long long headerStart) {
    const std::string& descr = header.descr;
    if (descr == "<f4" || descr == "=f4")
        return 4;
    if (descr == "<f8" || descr == "=f8")
        return 8;
    std::string why = "element type '" + descr + "' is not supported; save float32 or float64";
    if (descr == ">f4" || descr == ">f8")
        why = "element type '" + descr + "' is big-endian; save it little-endian (astype('<f4'))";
    throw Error(offsetError(path, headerStart, "NumPy header: " + why));
}

}  // namespace

WordVectors readNpy(const std::string& path, const JobControl& control) {
    InputFile in(path, "NumPy .npy file");
    const NpyHeader header = readHeader(in);
    const long long headerStart = kMagicBytes + 2;
    const int bytes = itemBytes(path, header, headerStart);
    if (header.fortranOrder)
        throw Error(offsetError(path, headerStart,
                                "NumPy header: the array is in Fortran order; save "
                                "numpy.ascontiguousarray(array)"));
    if (header.shape.size() != 2)
        throw Error(offsetError(path, headerStart,
                                "NumPy header: the array has " +
                                    std::to_string(header.shape.size()) +
                                    " dimensions; expected 2 (rows, dimension)"));
    const long long rows = header.shape[0], dim = header.shape[1];
    if (const std::string problem = implausibleHeader(rows, dim); !problem.empty())
        throw Error(offsetError(path, headerStart, "NumPy " + problem));
    // Checked before allocating: the data must be exactly what the shape says.
    const long long dataBytes = in.size() - header.dataOffset;
    const long long rowBytes = dim * bytes;
    if (dataBytes / rowBytes < rows)
        throw Error(offsetError(path, in.size(),
                                "truncated: the shape claims " + std::to_string(rows) +
                                    " rows of " + std::to_string(rowBytes) +
                                    " bytes, the file holds " +
                                    std::to_string(dataBytes / rowBytes)));
    if (dataBytes != rows * rowBytes)
        throw Error(
            offsetError(path, header.dataOffset + rows * rowBytes,
                        "more data after the " + std::to_string(rows) + " rows the shape claims"));

    // The collector asks for the table's memory ahead of the copies (RowCollector).
    RowCollector table(static_cast<int>(dim), rows);
    std::vector<double> wide(bytes == 8 ? static_cast<std::size_t>(dim) : 0);
    for (long long row = 0; row < rows; row += kRowsPerCheckpoint) {
        const long long count = std::min<long long>(kRowsPerCheckpoint, rows - row);
        float* out = table.appendRows(count);
        const auto readExactly = [&](char* into, std::size_t n) {
            if (in.read(into, n) < n)  // the file shrank since its size was checked
                throw Error(offsetError(path, in.offset(), "truncated: the file ends early"));
        };
        if (bytes == 4) {
            readExactly(reinterpret_cast<char*>(out), static_cast<std::size_t>(count * rowBytes));
            if constexpr (Q_BYTE_ORDER != Q_LITTLE_ENDIAN) {
                for (long long i = 0; i < count * dim; ++i) {
                    quint32 bits;
                    std::memcpy(&bits, out + i, sizeof bits);
                    bits = qFromLittleEndian(bits);
                    std::memcpy(out + i, &bits, sizeof bits);
                }
            }
        } else {
            for (long long i = 0; i < count * dim; i += dim) {
                readExactly(reinterpret_cast<char*>(wide.data()),
                            static_cast<std::size_t>(rowBytes));
                if constexpr (Q_BYTE_ORDER != Q_LITTLE_ENDIAN)
                    for (double& value : wide)
                        value = qFromLittleEndian(value);
                for (long long col = 0; col < dim; ++col) {
                    const double value = wide[static_cast<std::size_t>(col)];
                    if (std::isfinite(value) &&
                        std::fabs(value) > double(std::numeric_limits<float>::max()))
                        throw Error(offsetError(
                            path, header.dataOffset + ((row + i / dim) * dim + col) * 8,
                            "row " + std::to_string(row + i / dim + 1) + ": value " +
                                std::to_string(col + 1) + " is outside the float range"));
                    out[i + col] = static_cast<float>(value);
                }
            }
        }
        for (long long i = 0; i < count * dim; ++i)
            if (!std::isfinite(out[i]))
                throw Error(offsetError(path, header.dataOffset + (row * dim + i) * bytes,
                                        "row " + std::to_string(row + i / dim + 1) + ": value " +
                                            std::to_string(i % dim + 1) +
                                            " is not finite (NaN and infinity are refused)"));
        in.checkpoint(control);
    }
    const std::string vocabPath = vocabPathFor(path);
    std::vector<std::string> words = readWordFile(
        vocabPath, path, rows,
        {"word list", "no such file; the words of " + path + " are read from there, one per line",
         false});
    control.throwIfCancelled();
    return WordVectors{std::move(words), table.take()};
}

void writeNpy(const std::string& path, const WordVectors& vectors, const JobControl& control) {
    const std::string vocabPath = vocabPathFor(path);
    checkWritable(vocabPath, vectors, "npy", WordRule::NoTabsOrNewlines);
    control.throwIfCancelled();
    AtomicOutput vectorsOut(path);
    AtomicOutput wordsOut(vocabPath);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(vectors.rows()) + ", " + std::to_string(vectors.dim()) +
                         "), }";
    // numpy pads magic, version, length and header to a multiple of 64 bytes, ending in '\n'.
    const std::size_t unpadded = kMagicBytes + 2 + 2 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::string& out = vectorsOut.buffer();
    out.append(kMagic, kMagicBytes);
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    out += header;
    writeRowsAndWordFile(vectorsOut, wordsOut, vectors, control,
                         [&](std::string& buffer, long long row) {
                             const float* values = vectors.vectors.row(row).data();
                             for (int col = 0; col < vectors.dim(); ++col) {
                                 quint32 bits;
                                 std::memcpy(&bits, values + col, sizeof bits);
                                 bits = qToLittleEndian(bits);
                                 buffer.append(reinterpret_cast<const char*>(&bits), sizeof bits);
                             }
                         });
}

}  // namespace embedscope::formatio
