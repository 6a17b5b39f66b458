#include "TextRows.h"

#include <atomic>
#include <cstring>
#include <limits>
#include <optional>

#include "WordRowSet.h"

namespace embedscope::formatio {

namespace {

// Blocks of about this many bytes: large enough that a block's overhead (a hand-over between
// threads, ~10 us) vanishes, small enough that a small file still makes several blocks (progress
// and cancel work on it too) and that the buffers in flight stay small: fresh memory is slow to
// touch on a virtual machine (bench/README.md, open-vectors).
std::size_t blockBytesFor(long long fileSize, int threads) {
    const long long perBlock = fileSize / (8LL * threads);
    return static_cast<std::size_t>(std::clamp<long long>(perBlock, 64 << 10, 1 << 20));
}

// Lines in the block, a last one without '\n' included.
long long countLines(const TextBlock& block) {
    long long lines = countNewlines(block.begin(), block.end());
    if (block.size > 0 && block.end()[-1] != '\n')
        ++lines;
    return lines;
}

}  // namespace

std::uint32_t countNewlines(const char* first, const char* last) {
    std::uint32_t lines = 0;
    while (first != last) {
        const void* newline = std::memchr(first, '\n', static_cast<std::size_t>(last - first));
        if (!newline)
            break;
        ++lines;
        first = static_cast<const char*>(newline) + 1;
    }
    return lines;
}

void ParsedRows::clear() {
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

float* ParsedRows::newRow(int dim) {
    if (valueCount + static_cast<std::size_t>(dim) > values.size())
        values.resize(std::max<std::size_t>(values.size() * 2, 64 * static_cast<std::size_t>(dim)));
    float* row = values.data() + valueCount;
    valueCount += static_cast<std::size_t>(dim);
    return row;
}

void ParsedRows::addRow(std::uint32_t line, std::string_view word) {
    wordBytes.append(word);
    wordEnds.push_back(static_cast<std::uint32_t>(wordBytes.size()));
    rowLines.push_back(line);
    wordHashes.push_back(WordRowSet::hash(word));
}

namespace {

// The values in the block's first row, or 0 when the block holds none (only blank lines).
// firstLine: the block's first line number.
int dimensionFromFirstRow(const std::string& path, const TextBlock& block, long long firstLine,
                          const TextRowSyntax& syntax) {
    const char* p = block.begin();
    for (long long lineNo = firstLine; p != block.end(); ++lineNo) {
        const BlockLine line = lineAt(p, block.end());
        p = line.next;
        const long long found = syntax.valuesInRow(line.text(), lineNo);
        if (found == 0)
            continue;
        if (found > kMaxDim)
            throw Error(lineError(
                path, lineNo,
                std::to_string(found) + " values, above the limit of " + std::to_string(kMaxDim)));
        return static_cast<int>(found);
    }
    return 0;
}

}  // namespace

WordVectors readTextRows(InputFile& in, const TextRowSyntax& syntax, int dim, long long claimedRows,
                         const JobControl& control) {
    const std::string& path = in.path();
    const int threads = parsingThreads();
    const std::size_t blockBytes = blockBytesFor(in.size(), threads);
    std::optional<RowCollector> rows;
    LineWords words;
    // The shortest row of D values is "w 0 0 ... 0": 1 + 2D bytes. Reserving no more than the
    // rest of the file could hold keeps a lying header from allocating anything.
    // The words are reserved only for a header's claim: without one, the guess for a narrow table
    // (3 values a row: 7 bytes) is far above any real row count, and 40 bytes a word of it would
    // hold more address space than the table itself.
    const auto startRows = [&](int width, long long claim) {
        const long long guess =
            plausibleRows(claim >= 0 ? claim : std::numeric_limits<long long>::max(),
                          in.size() - in.offset(), 1 + 2LL * width);
        rows.emplace(width, guess);
        if (syntax.hasWords && claim >= 0)
            words.reserve(static_cast<std::size_t>(guess));
    };
    if (dim > 0)
        startRows(dim, claimedRows);

    long long firstLine = in.lineNumber() + 1;  // of the next block to commit
    long long linesRead = in.lineNumber();      // before the next block to read (until dim is set)
    long long rowCount = 0;
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
        if (syntax.completeBlock && !block.lineTooLong)
            syntax.completeBlock(in, block);
        if (dim <= 0 && !block.lineTooLong) {
            // The first row sets the width, before any worker parses a row.
            const int found = dimensionFromFirstRow(in.path(), block, linesRead + 1, syntax);
            if (found > 0) {
                dim = found;
                workerDim.store(dim, std::memory_order_relaxed);
                startRows(dim, -1);
            } else {
                linesRead += countLines(block);
            }
        }
        return true;
    };
    const auto parse = [&](const TextBlock& block, ParsedRows& parsed) {
        parsed.clear();
        const int width = workerDim.load(std::memory_order_relaxed);
        if (width > 0)
            syntax.parseBlock(block, width, parsed);
        else
            parsed.lines = static_cast<std::uint32_t>(countLines(block));  // blank lines only
    };
    const auto commit = [&](const TextBlock& block, ParsedRows& parsed) {
        if (block.lineTooLong)
            throw Error(lineError(path, firstLine,
                                  "line longer than " + std::to_string(kMaxLineBytes >> 20) +
                                      " MB; this is not a vectors file (or it is damaged)"));
        const std::size_t count = parsed.rows();
        for (std::size_t i = 0; i < count; ++i) {
            const long long lineNo = firstLine + parsed.rowLines[i];
            if (claimedRows >= 0 && rowCount == claimedRows)
                throw moreRowsThanClaimed(lineNo);
            if (syntax.hasWords)
                words.add(path, lineNo, parsed.word(i), parsed.wordHashes[i]);
            ++rowCount;
        }
        if (count > 0)
            std::memcpy(rows->appendRows(static_cast<long long>(count)), parsed.values.data(),
                        parsed.valueCount * sizeof(float));
        if (parsed.failed) {
            const long long lineNo = firstLine + parsed.failedLine;
            if (!parsed.failedOnWord && claimedRows >= 0 && rowCount == claimedRows)
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
        throw Error(fileError(path, syntax.noRows));
    }
    if (claimedRows >= 0 && rows->rows() < claimedRows)
        throw Error(lineError(path, firstLine,
                              "file ends after " + std::to_string(rows->rows()) + " of the " +
                                  std::to_string(claimedRows) + " rows the header claims"));
    in.checkpoint(control);
    return WordVectors{words.take(), rows->take()};
}

}  // namespace embedscope::formatio
