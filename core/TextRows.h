// Text vector files of one row per record, read on every core (BlockPipeline.h): word2vec text and
// GloVe ("word v1 ... vD", SpaceSeparatedRows.cpp), CSV ("word,v1,...,vD", CsvFormat.cpp) and the
// projector's TSV ("v1\t...\tvD", no word, ProjectorFormat.cpp) share the driver; each syntax
// brings the parse of a block, which runs on the worker threads.
//
// The calling thread reads blocks of whole records; workers turn a block into floats, words and
// their hashes; the calling thread then appends each block's rows in file order, which is where
// the checks that need the whole file so far are made (duplicate words, more rows than a header
// claims) and where line numbers become absolute. A bad record stops its worker's block there;
// the message is made when the block is committed, so the first problem in file order is the one
// reported, exactly as a line-by-line reader would.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "FormatIo.h"

namespace embedscope::formatio {

// What a worker makes of one block.
struct ParsedRows {
    std::vector<float> values;  // rows * dim, row-major; sized by capacity, see valueCount
    std::size_t valueCount = 0;
    std::string wordBytes;                  // the words, back to back (none without words)
    std::vector<std::uint32_t> wordEnds;    // end of word i in wordBytes
    std::vector<std::uint32_t> rowLines;    // 0-based line of row i within the block
    std::vector<std::uint32_t> wordHashes;  // WordRowSet::hash of word i
    std::uint32_t lines = 0;                // lines in the block
    // The first bad record, if any: where (0-based line within the block) and what.
    bool failed = false;
    bool failedOnWord = false;  // the word itself is bad (reported before a row-count problem)
    std::uint32_t failedLine = 0;
    std::string problem;

    void clear();
    std::size_t rows() const { return rowLines.size(); }
    std::string_view word(std::size_t i) const {
        const std::size_t start = i == 0 ? 0 : wordEnds[i - 1];
        return std::string_view(wordBytes).substr(start, wordEnds[i] - start);
    }
    // Storage for the next row's dim values; dropRow() takes it back.
    float* newRow(int dim);
    void dropRow(int dim) { valueCount -= static_cast<std::size_t>(dim); }
    // Records the row just parsed into newRow(): its word (when the syntax has words) and line.
    void addRow(std::uint32_t line, std::string_view word);
    void addRow(std::uint32_t line) { rowLines.push_back(line); }
    void fail(std::uint32_t line, std::string problemText, bool onWord = false) {
        failed = true;
        failedOnWord = onWord;
        failedLine = line;
        problem = std::move(problemText);
    }
};

struct TextRowSyntax {
    bool hasWords = true;
    // The message when the file holds no row.
    std::string noRows = "no vectors in the file";
    // Worker threads: parses block (whole records) into out, rows of dim values.
    std::function<void(const TextBlock& block, int dim, ParsedRows& out)> parseBlock;
    // The calling thread, while the width is unknown: the number of values in the row on line
    // lineNo, or 0 for a line that holds no row (blank). Throws Error naming the line for a bad
    // row. The reader takes the first row's count as the width (refused above kMaxDim).
    std::function<long long(std::string_view line, long long lineNo)> valuesInRow;
    // The calling thread, after each block is read: optional; appends the rest of a record cut at
    // the block's end (CSV's quoted line breaks) from in.
    std::function<void(InputFile& in, TextBlock& block)> completeBlock;
};

// Reads rows from the current position of in to its end. dim < 1: the first row decides (through
// syntax.valuesInRow). claimedRows < 0: no header claim; otherwise fewer or more rows
// than claimed is an error. Without words (syntax.hasWords false), the result's words are empty.
WordVectors readTextRows(InputFile& in, const TextRowSyntax& syntax, int dim, long long claimedRows,
                         const JobControl& control);

// The 0-based number of '\n' in [first, last).
std::uint32_t countNewlines(const char* first, const char* last);

}  // namespace embedscope::formatio
