// Private helpers shared by the vector format readers and writers (CsvFormat.cpp,
// Word2VecFormat.cpp, GloveFormat.cpp, ProjectorFormat.cpp, NpyFormat.cpp): a block-buffered input
// file, an atomic buffered output file, exact float text conversion, a row store that grows only
// as data arrives, the words read with their lines, a words file beside a vectors file, and the
// checks every writer makes before it touches the disk.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "AtomicOutput.h"
#include "BlockPipeline.h"
#include "ByteStream.h"
#include "Error.h"
#include "JobControl.h"
#include "Types.h"
#include "WordRowSet.h"
#include "WordValidation.h"
#include "WordVectors.h"

namespace embedscope::formatio {

// Dimensions above this are refused: no real embedding comes close, and a header claiming more is
// far likelier to be a misread file than data.
constexpr long long kMaxDim = 100000;
// Reports progress and checks for cancel every this many rows.
constexpr long long kRowsPerCheckpoint = 4096;
// Lines longer than this are refused. The longest real row, kMaxDim values of ~25 characters each
// (numpy's %.18e) and a word of kMaxWordBytes, is under 3 MB; a longer line means the file is not
// a vectors file, and reading on would hold the whole line (and a token per value) in memory.
constexpr std::size_t kMaxLineBytes = 8 << 20;

// A file read in large blocks. Lines and raw bytes are handed out from the block, so a reader
// touches each byte once and never holds more than a block (or one overlong line) in memory.
class InputFile {
public:
    // Throws Error naming the file when it is missing, a directory, unreadable, empty or starts
    // with a UTF-16 or UTF-32 byte order mark. kind names what the file should be in messages
    // ("is a directory, not a vectors file"); lines longer than maxLineBytes are refused.
    explicit InputFile(const std::string& path, std::string_view kind = "vectors file",
                       std::size_t maxLineBytes = kMaxLineBytes);

    const std::string& path() const { return path_; }
    // The file's size on disk (compressed, for a compressed file).
    long long size() const { return size_; }
    // "gzip", "xz", or "" (ByteStream.h).
    std::string_view compression() const { return stream_->compression(); }
    // Bytes consumed so far: the byte offset of the next unread byte (of the decompressed content,
    // for a compressed file).
    long long offset() const { return bufferStart_ + static_cast<long long>(begin_); }
    // 1-based number of the line that nextLine() returned last.
    long long lineNumber() const { return line_; }

    // The next line without its '\n' (a '\r' before it is kept: CSV needs it inside quoted
    // fields; other callers drop it). The view is valid until the next call. False at the end.
    // Throws Error for a line longer than maxLineBytes (memory stays bounded by it).
    bool nextLine(std::string_view& line);

    // Binary access. peek() is -1 at the end of the file.
    int peek();
    void skip() { ++begin_; }
    // Copies up to n bytes; returns how many there were.
    std::size_t read(char* out, std::size_t n);
    // Appends the bytes before the next `delimiter` to out and consumes the delimiter. Returns
    // false when the file ends first or more than maxBytes come before it.
    bool readUntil(char delimiter, std::string& out, std::size_t maxBytes);

    // The next whole lines, about targetBytes of them (more when one line is longer), for the
    // parallel readers (BlockPipeline.h). A line longer than maxLineBytes gives a block marked
    // lineTooLong. False at the end of the file. Line numbers are then the caller's to count.
    bool nextBlock(TextBlock& block, std::size_t targetBytes);

    // Progress in bytes of the file (as stored, compressed or not), and cancel.
    void checkpoint(const JobControl& control) const;

private:
    [[noreturn]] void throwLineTooLong() const;
    // Puts n bytes that were just read back in front of the unread ones.
    void unread(const char* bytes, std::size_t n);
    // Moves the unread bytes to the front and reads another block after them. False at the end.
    bool fill();

    std::string path_;
    std::string kind_;
    std::size_t maxLineBytes_;
    std::unique_ptr<ByteStream> stream_;
    long long size_ = 0;
    std::vector<char> buffer_;
    std::size_t begin_ = 0;      // first unread byte in buffer_
    std::size_t end_ = 0;        // one past the last valid byte in buffer_
    long long bufferStart_ = 0;  // file offset of buffer_[0]
    bool atEnd_ = false;
    long long line_ = 0;
};

// The atomic block writer is public (AtomicOutput.h): the window's exports use it too.
using embedscope::AtomicOutput;

// Shortest decimal text that reads back as exactly the same float (std::to_chars), e.g. "0.1",
// "-0", "1e-45", "3.4028235e+38".
void appendFloat(std::string& out, float value);
// Appends word as one CSV field (RFC 4180): in double quotes, its quotes doubled, when it holds a
// comma, a quote, CR or LF (core/CsvFormat.cpp; the layout CSV of `embedscope-cli layout` too).
void appendCsvField(std::string& out, const std::string& word);

enum class ParsedFloat { Ok, NotANumber, NotFinite, OutOfRange };
// Parses the whole token as a float: decimal or scientific notation, optional sign. Values too
// small for a float become the nearest float (a denormal or zero), as strtof does.
ParsedFloat parseFloat(std::string_view token, float& value);
// "'abc' is not a number" and friends, for a token that failed parseFloat.
std::string describeBadFloat(std::string_view token, ParsedFloat result);

// "expected 3 values, found 2" when a row holds found values instead of dim, else "".
std::string valueCountProblem(long long found, int dim);
// The text readers' slow path, which words what their fast path refused: the problem with a row
// whose values are tokens[first] .. tokens[first + found - 1], or "" when they are dim good floats
// (then stored in row). The count is judged first, then each value, as "'abc' is not a number
// (value 2)".
template <class Tokens>
std::string valueTokensProblem(const Tokens& tokens, std::size_t first, long long found, int dim,
                               float* row) {
    if (std::string problem = valueCountProblem(found, dim); !problem.empty())
        return problem;
    for (int col = 0; col < dim; ++col) {
        const std::string_view token = tokens[first + static_cast<std::size_t>(col)];
        const ParsedFloat parsed = parseFloat(token, row[col]);
        if (parsed != ParsedFloat::Ok)
            return describeBadFloat(token, parsed) + " (value " + std::to_string(col + 1) + ")";
    }
    return {};
}

// Quoting words in messages is shared with the vocabulary reader (WordValidation.h).
using embedscope::quoteWord;

// Why a word just read cannot be loaded (WordValidation.h: not UTF-8, a NUL byte, too long), as
// "FILE: line N: problem"; "" when it can.
std::string lineWordProblem(const std::string& path, long long line, std::string_view word);

// Rows of a known width, appended as they are read. Memory grows with the rows that actually
// arrive (a row-major Eigen matrix whose width stays fixed grows by realloc), never with what a
// header claims.
class RowCollector {
public:
    // initialRows: a guess, already bounded by what the file's size can hold.
    RowCollector(int dim, long long initialRows);
    int dim() const { return dim_; }
    long long rows() const { return rows_; }
    // Storage for the next row's dim values.
    float* appendRow();
    // Storage for the next count rows, contiguous.
    float* appendRows(long long count);
    // The collected rows, exactly rows() by dim().
    RowMatrixXf take();

private:
    // Asks the kernel to back the next stretch of the table with memory before rows are copied
    // there: one call per 32 MB instead of a page fault per 4 kB, which on a virtual machine
    // costs more than parsing the rows (bench/README.md, open-vectors).
    void prepareMemory(long long upToRow);

    int dim_;
    long long rows_ = 0;
    long long preparedRows_ = 0;
    RowMatrixXf matrix_;
};

// How many rows it is worth reserving: the claim, but no more than the remaining bytes could hold
// at minBytesPerRow each.
long long plausibleRows(long long claimedRows, long long bytesLeft, long long minBytesPerRow);

// The words a text reader loads, one a row, with the line each came from, held once: add()
// refuses a word seen before and names the line where it first stood.
class LineWords {
public:
    void reserve(std::size_t rows) {
        words_.reserve(rows);
        lines_.reserve(rows);
    }
    std::size_t size() const { return words_.size(); }
    // Appends word, read on `line` of path; throws Error "PATH: line N: duplicate word 'w' (first
    // on line M)". hash: WordRowSet::hash(word), which the parallel readers compute on their
    // worker threads.
    void add(const std::string& path, long long line, std::string_view word, std::uint32_t hash);
    void add(const std::string& path, long long line, std::string_view word) {
        add(path, line, word, WordRowSet::hash(word));
    }
    const std::string& back() const { return words_.back(); }
    std::vector<std::string> take() { return std::move(words_); }

private:
    std::vector<std::string> words_;
    std::vector<long long> lines_;  // of each word, for "first on line N"
    WordRowSet seen_;
};

// A file of words, one a line in the order of the rows of the vectors file beside it (the
// projector's metadata, NumPy's NAME.vocab.txt).
struct WordFileLayout {
    std::string_view kind;       // for messages: "word list"
    std::string missingMessage;  // the problem when the file is missing
    // A first line with a tab is a header, and each word is the first tab-separated column (the
    // projector's metadata with several columns).
    bool tabbedHeader = false;
};
// Reads expectedRows words (a blank line is allowed only at the end), each valid and unique;
// errors name the file and the line.
std::vector<std::string> readWordFile(const std::string& path, const std::string& vectorsPath,
                                      long long expectedRows, const WordFileLayout& layout);

// What a format can hold in a word.
enum class WordRule {
    AnyText,           // csv: quoting carries anything
    NoWhitespace,      // word2vec, GloVe: words are separated by spaces and lines
    NoTabsOrNewlines,  // projector metadata: one word per line, tabs separate columns
};

// Whether every value is finite, by the exponent bits (all ones for NaN and infinity): a loop the
// compiler vectorises, where std::isfinite per value is a call and a branch (and Eigen's
// allFinite, x - x == x - x, runs one scalar subtraction per value: 26 ms for a 46k x 100 table).
bool allFinite(const float* values, std::size_t count);

// Everything a writer checks before it creates the file, so that an unwritable export fails with
// a message instead of leaving a file its reader would refuse: words match rows, at least one row
// and one dimension, every word non-empty, representable under `rule` and unique, every value
// finite. Errors name the file, the row and the word.
void checkWritable(const std::string& path, const WordVectors& vectors, std::string_view format,
                   WordRule rule);

// A writer's progress in rows, and cancel.
inline void rowCheckpoint(const JobControl& control, long long done, long long total) {
    control.throwIfCancelled();
    control.report(static_cast<std::uint64_t>(done), static_cast<std::uint64_t>(total));
}

// The row loop of a single-file writer: appendRow(buffer, row) adds one row's bytes to the
// output's buffer; full blocks go to the file, progress and cancel every kRowsPerCheckpoint rows.
template <typename AppendRow>
void writeRows(AtomicOutput& out, long long rowCount, const JobControl& control,
               AppendRow appendRow) {
    std::string& buffer = out.buffer();
    for (long long row = 0; row < rowCount; ++row) {
        appendRow(buffer, row);
        out.flushIfFull();
        if ((row + 1) % kRowsPerCheckpoint == 0)
            rowCheckpoint(control, row + 1, rowCount);
    }
    rowCheckpoint(control, rowCount, rowCount);
}

// The row loop of a writer of two files: the vectors (appendValues(buffer, row) adds a row's
// bytes to vectorsOut, after whatever header it holds) and their words one a line in wordsOut.
// Both files are fully written before either replaces its predecessor, so any write error leaves
// both old files in place. Only a failure of the second rename itself (after the first succeeded)
// could leave new vectors beside old words.
template <typename AppendValues>
void writeRowsAndWordFile(AtomicOutput& vectorsOut, AtomicOutput& wordsOut,
                          const WordVectors& vectors, const JobControl& control,
                          AppendValues appendValues) {
    writeRows(vectorsOut, vectors.rows(), control, [&](std::string& buffer, long long row) {
        appendValues(buffer, row);
        wordsOut.buffer() += vectors.words[static_cast<std::size_t>(row)];
        wordsOut.buffer() += '\n';
        wordsOut.flushIfFull();
    });
    vectorsOut.flush();
    wordsOut.flush();
    vectorsOut.commit();
    wordsOut.commit();
}

// "ROWS DIM" as word2vec text and binary files begin. False when the line is not two integers.
bool parseRowsDimHeader(std::string_view line, long long& rows, long long& dim);
// Why a header's claim is absurd (rows or dim below 1, dim above kMaxDim, more rows than a
// matrix can index), or "" when it is plausible.
std::string implausibleHeader(long long rows, long long dim);

// Splits at runs of ASCII whitespace; a trailing '\r' counts as whitespace.
void splitWhitespace(std::string_view line, std::vector<std::string_view>& tokens);

// Lines "word v1 ... vD", shared by word2vec text and GloVe (SpaceSeparatedRows.cpp). Reads from
// the current position to the end, parsing blocks of lines on every core (BlockPipeline.h).
// dim < 1: the first row decides. claimedRows < 0: no header claim; otherwise fewer or more rows
// than claimed is an error.
WordVectors readSpaceSeparatedRows(InputFile& in, int dim, long long claimedRows,
                                   const JobControl& control);
void writeSpaceSeparatedRows(AtomicOutput& out, const WordVectors& vectors,
                             const JobControl& control);

// The formats, one file each.
WordVectors readCsv(const std::string& path, const JobControl& control);
void writeCsv(const std::string& path, const WordVectors& vectors, const JobControl& control);
WordVectors readWord2VecText(const std::string& path, const JobControl& control);
void writeWord2VecText(const std::string& path, const WordVectors& vectors,
                       const JobControl& control);
WordVectors readWord2VecBinary(const std::string& path, const JobControl& control);
void writeWord2VecBinary(const std::string& path, const WordVectors& vectors,
                         const JobControl& control);
WordVectors readGlove(const std::string& path, const JobControl& control);
void writeGlove(const std::string& path, const WordVectors& vectors, const JobControl& control);
WordVectors readProjector(const std::string& path, const JobControl& control);
WordVectors readNpy(const std::string& path, const JobControl& control);
void writeNpy(const std::string& path, const WordVectors& vectors, const JobControl& control);
void writeProjector(const std::string& path, const WordVectors& vectors, const JobControl& control);

}  // namespace embedscope::formatio
