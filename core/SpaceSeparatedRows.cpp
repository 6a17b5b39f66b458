// The row syntax word2vec text and GloVe share: "word v1 ... vD", one word per line.
//
// Reading runs on every core (BlockPipeline.h): workers turn blocks of lines into floats, words
// and their hashes; the calling thread then appends each block's rows in file order, which is
// where the checks that need the whole file so far are made (duplicate words, more rows than the
// header claims) and where line numbers become absolute. A bad line stops its worker's block
// there; the message is made when the block is committed, so the first problem in file order is
// the one reported, exactly as a line-by-line reader would.
#include <atomic>
#include <cstring>
#include <limits>
#include <optional>

#include "FastDecimal.h"
#include "FormatIo.h"
#include "WordRowSet.h"

namespace embedscope::formatio {

namespace {

bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// Blocks of about this many bytes: large enough that a block's overhead (a hand-over between
// threads, ~10 us) vanishes, small enough that a small file still makes several blocks (progress
// and cancel work on it too) and that the buffers in flight stay small: fresh memory is slow to
// touch on a virtual machine (bench/README.md, open-vectors).
std::size_t blockBytesFor(long long fileSize, int threads) {
    const long long perBlock = fileSize / (8LL * threads);
    return static_cast<std::size_t>(std::clamp<long long>(perBlock, 64 << 10, 1 << 20));
}

// What a worker makes of one block.
struct ParsedRows {
    std::vector<float> values;  // rows * dim, row-major; sized by capacity, see valueCount
    std::size_t valueCount = 0;
    std::string wordBytes;                  // the words, back to back
    std::vector<std::uint32_t> wordEnds;    // end of word i in wordBytes
    std::vector<std::uint32_t> rowLines;    // 0-based line of row i within the block
    std::vector<std::uint32_t> wordHashes;  // WordRowSet::hash of word i
    std::uint32_t lines = 0;                // lines in the block
    // The first bad line, if any: where (0-based within the block) and what.
    bool failed = false;
    bool failedOnWord = false;  // the word itself is bad (reported before a row-count problem)
    std::uint32_t failedLine = 0;
    std::string problem;

    void clear() {
        valueCount = 0;
        wordBytes.clear();
        wordEnds.clear();
        rowLines.clear();
        wordHashes.clear();
        lines = 0;
        failed = false;
        failedOnWord = false;
        problem.clear();
    }
    std::size_t rows() const { return wordEnds.size(); }
    std::string_view word(std::size_t i) const {
        const std::size_t start = i == 0 ? 0 : wordEnds[i - 1];
        return std::string_view(wordBytes).substr(start, wordEnds[i] - start);
    }
    float* newRow(int dim) {
        if (valueCount + static_cast<std::size_t>(dim) > values.size())
            values.resize(
                std::max<std::size_t>(values.size() * 2, 64 * static_cast<std::size_t>(dim)));
        float* row = values.data() + valueCount;
        valueCount += static_cast<std::size_t>(dim);
        return row;
    }
};

// The values of one line the slow, general way (any token syntax parseFloat takes); the problem
// as a message, "" when the line is a good row.
std::string parseValuesSlowly(std::string_view line, int dim, float* row,
                              std::vector<std::string_view>& tokens) {
    splitWhitespace(line, tokens);
    const long long found = static_cast<long long>(tokens.size()) - 1;
    if (found != dim)
        return "expected " + std::to_string(dim) + " values, found " + std::to_string(found);
    for (int col = 0; col < dim; ++col) {
        const std::string_view token = tokens[static_cast<std::size_t>(col) + 1];
        const ParsedFloat parsed = parseFloat(token, row[col]);
        if (parsed != ParsedFloat::Ok)
            return describeBadFloat(token, parsed) + " (value " + std::to_string(col + 1) + ")";
    }
    return {};
}

// The values after the word: plain decimals on the fast path (FastDecimal.h), any other token
// through parseFloat. False when the line is not a good row; the slow path then finds the
// problem and words it.
bool parseValuesQuickly(const char* p, const char* end, int dim, float* row) {
    for (int col = 0; col < dim; ++col) {
        while (p != end && (*p == ' ' || *p == '\t'))
            ++p;
        const char* const tokenStart = p;
        if (parseFastDecimal(p, end, row[col]) && (p == end || isAsciiSpace(*p)))
            continue;
        p = tokenStart;  // e.g. "1.5+2": the fast path took "1.5"; the whole token is judged
        const char* tokenEnd = p;
        while (tokenEnd != end && !isAsciiSpace(*tokenEnd))
            ++tokenEnd;
        if (tokenEnd == p || parseFloat(std::string_view(p, static_cast<std::size_t>(tokenEnd - p)),
                                        row[col]) != ParsedFloat::Ok)
            return false;
        p = tokenEnd;
    }
    while (p != end && isAsciiSpace(*p))
        ++p;
    return p == end;
}

void parseBlock(const TextBlock& block, int dim, ParsedRows& out) {
    out.clear();
    std::vector<std::string_view> tokens;
    const char* p = block.begin();
    const char* const end = block.end();
    for (std::uint32_t line = 0; p != end; ++line) {
        const char* lineEnd = static_cast<const char*>(std::memchr(p, '\n', end - p));
        if (!lineEnd)
            lineEnd = end;
        const char* q = p;
        const char* const next = lineEnd == end ? end : lineEnd + 1;
        ++out.lines;
        while (q != lineEnd && isAsciiSpace(*q))
            ++q;
        if (q == lineEnd) {  // blank lines carry nothing
            p = next;
            continue;
        }
        const char* wordEnd = q;
        while (wordEnd != lineEnd && !isAsciiSpace(*wordEnd))
            ++wordEnd;
        const std::string_view word(q, static_cast<std::size_t>(wordEnd - q));
        if (std::string problem = wordProblem(word); !problem.empty()) {
            out.failed = out.failedOnWord = true;
            out.failedLine = line;
            out.problem = std::move(problem);
            return;
        }
        float* row = out.newRow(dim);
        if (!parseValuesQuickly(wordEnd, lineEnd, dim, row)) {
            std::string problem = parseValuesSlowly(
                std::string_view(p, static_cast<std::size_t>(lineEnd - p)), dim, row, tokens);
            if (!problem.empty()) {
                out.failed = true;
                out.failedLine = line;
                out.problem = std::move(problem);
                out.valueCount -= static_cast<std::size_t>(dim);
                return;
            }
        }
        out.wordBytes.append(word);
        out.wordEnds.push_back(static_cast<std::uint32_t>(out.wordBytes.size()));
        out.rowLines.push_back(line);
        out.wordHashes.push_back(WordRowSet::hash(word));
        p = next;
    }
}

// GloVe: the first row sets the dimension. Looks for it in a block read before any is parsed;
// returns 0 when the block has only blank lines. firstLine: the block's first line number.
int dimensionFromFirstRow(const std::string& path, const TextBlock& block, long long firstLine) {
    std::vector<std::string_view> tokens;
    const char* p = block.begin();
    for (long long lineNo = firstLine; p != block.end(); ++lineNo) {
        const char* lineEnd = static_cast<const char*>(std::memchr(p, '\n', block.end() - p));
        if (!lineEnd)
            lineEnd = block.end();
        splitWhitespace(std::string_view(p, static_cast<std::size_t>(lineEnd - p)), tokens);
        p = lineEnd == block.end() ? lineEnd : lineEnd + 1;
        if (tokens.empty())
            continue;
        // The word first: a file in another encoding is best told by its words.
        if (const std::string problem = lineWordProblem(path, lineNo, tokens[0]); !problem.empty())
            throw Error(problem);
        const long long found = static_cast<long long>(tokens.size()) - 1;
        if (found < 1)
            throw Error(lineError(path, lineNo,
                                  "word " + quoteWord(tokens[0]) + " has no values after it"));
        if (found > kMaxDim)
            throw Error(lineError(
                path, lineNo,
                std::to_string(found) + " values, above the limit of " + std::to_string(kMaxDim)));
        return static_cast<int>(found);
    }
    return 0;
}

long long countLines(const TextBlock& block) {
    long long lines = 0;
    for (const char* p = block.begin(); p != block.end();) {
        const void* newline = std::memchr(p, '\n', static_cast<std::size_t>(block.end() - p));
        ++lines;
        p = newline ? static_cast<const char*>(newline) + 1 : block.end();
    }
    return lines;
}

}  // namespace

void splitWhitespace(std::string_view line, std::vector<std::string_view>& tokens) {
    tokens.clear();
    std::size_t pos = 0;
    const std::size_t size = line.size();
    for (;;) {
        while (pos < size && isAsciiSpace(line[pos]))
            ++pos;
        if (pos == size)
            return;
        const std::size_t start = pos;
        while (pos < size && !isAsciiSpace(line[pos]))
            ++pos;
        tokens.push_back(line.substr(start, pos - start));
    }
}

WordVectors readSpaceSeparatedRows(InputFile& in, int dim, long long claimedRows,
                                   const JobControl& control) {
    const std::string& path = in.path();
    const int threads = parsingThreads();
    const std::size_t blockBytes = blockBytesFor(in.size(), threads);
    std::optional<RowCollector> rows;
    LineWords words;
    // The shortest row of D values is "w 0 0 ... 0": 1 + 2D bytes. Reserving no more than the
    // rest of the file could hold keeps a lying header from allocating anything.
    const auto startRows = [&](int width, long long claim) {
        const long long guess = plausibleRows(claim, in.size() - in.offset(), 1 + 2LL * width);
        rows.emplace(width, guess);
        words.reserve(static_cast<std::size_t>(guess));
    };
    if (dim > 0)
        startRows(dim, claimedRows);

    long long firstLine = in.lineNumber() + 1;  // of the next block to commit
    long long linesRead = in.lineNumber();      // before the next block to read (until dim is set)
    const auto moreRowsThanClaimed = [&](long long lineNo) {
        return Error(
            lineError(path, lineNo,
                      "more rows than the " + std::to_string(claimedRows) + " the header claims"));
    };

    // The workers' copy of dim: set before the first block holding a row is handed over.
    std::atomic<int> workerDim{dim};
    const auto read = [&](TextBlock& block) {
        if (!in.nextBlock(block, blockBytes))
            return false;
        if (dim <= 0 && !block.lineTooLong) {
            // GloVe: the first row sets the width, before any worker parses a row.
            const int found = dimensionFromFirstRow(path, block, linesRead + 1);
            if (found > 0) {
                dim = found;
                workerDim.store(dim, std::memory_order_relaxed);
                startRows(dim, std::numeric_limits<long long>::max());
            } else {
                linesRead += countLines(block);
            }
        }
        return true;
    };
    const auto parse = [&](const TextBlock& block, ParsedRows& parsed) {
        parseBlock(block, workerDim.load(std::memory_order_relaxed), parsed);
    };
    const auto commit = [&](const TextBlock& block, ParsedRows& parsed) {
        if (block.lineTooLong)
            throw Error(lineError(path, firstLine,
                                  "line longer than " + std::to_string(kMaxLineBytes >> 20) +
                                      " MB; this is not a vectors file (or it is damaged)"));
        const std::size_t count = parsed.rows();
        for (std::size_t i = 0; i < count; ++i) {
            const long long lineNo = firstLine + parsed.rowLines[i];
            if (claimedRows >= 0 && static_cast<long long>(words.size()) == claimedRows)
                throw moreRowsThanClaimed(lineNo);
            words.add(path, lineNo, parsed.word(i), parsed.wordHashes[i]);
        }
        if (count > 0)
            std::memcpy(rows->appendRows(static_cast<long long>(count)), parsed.values.data(),
                        parsed.valueCount * sizeof(float));
        if (parsed.failed) {
            const long long lineNo = firstLine + parsed.failedLine;
            if (!parsed.failedOnWord && claimedRows >= 0 &&
                static_cast<long long>(words.size()) == claimedRows)
                throw moreRowsThanClaimed(lineNo);
            throw Error(lineError(path, lineNo, parsed.problem));
        }
        firstLine += parsed.lines;
        in.checkpoint(control);
    };
    runBlockPipeline<ParsedRows>(threads, read, parse, commit);

    if (!rows || rows->rows() == 0) {
        if (claimedRows > 0)
            throw Error(lineError(path, firstLine,
                                  "file ends after 0 of the " + std::to_string(claimedRows) +
                                      " rows the header claims"));
        throw Error(fileError(path, "no vectors in the file"));
    }
    if (claimedRows >= 0 && rows->rows() < claimedRows)
        throw Error(lineError(path, firstLine,
                              "file ends after " + std::to_string(rows->rows()) + " of the " +
                                  std::to_string(claimedRows) + " rows the header claims"));
    in.checkpoint(control);
    return WordVectors{words.take(), rows->take()};
}

void writeSpaceSeparatedRows(AtomicOutput& out, const WordVectors& vectors,
                             const JobControl& control) {
    const int dim = vectors.dim();
    writeRows(out, vectors.rows(), control, [&](std::string& buffer, long long row) {
        buffer += vectors.words[static_cast<std::size_t>(row)];
        const float* values = vectors.vectors.row(row).data();
        for (int col = 0; col < dim; ++col) {
            buffer += ' ';
            appendFloat(buffer, values[col]);
        }
        buffer += '\n';
    });
}

}  // namespace embedscope::formatio
