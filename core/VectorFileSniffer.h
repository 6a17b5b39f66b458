// Recognising a file of word vectors from its first bytes, so that one opened by mistake as a
// corpus is refused with a message saying what it is, instead of being tokenized into number
// fragments and failing with "no word occurs at least 5 times" (or, worse, training on them).
//
// A file is taken for vectors only on consistent evidence over several lines, never on one line
// that happens to hold numbers:
//  word2vec      "ROWS DIM" header, then every following line "word v1 ... vDIM" (at least two,
//                or every row the header claims when it claims fewer)
//  word2vec-bin  "ROWS DIM" header, then "word " and DIM float32 that are not text (a control
//                byte or invalid UTF-8 among them)
//  csv           header "word,d0,...,d{D-1}" exactly, then lines "word,v1,...,vD"
//  projector     at least kMinRowsWithoutHeader lines of the same number (>= 2) of tab-separated
//                numbers and nothing else
//  npy           NumPy's "\x93NUMPY" signature (rows and dim are not read)
//  glove         at least kMinRowsWithoutHeader lines of a word and the same number (>= 2) of
//                numbers
// Only the first kSniffedLines lines are looked at, and a line stops being read at its first
// token that breaks the rule, so sniffing a large corpus costs next to nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "VectorFormats.h"

namespace embedscope {

struct VectorFileGuess {
    VectorFormat format = VectorFormat::Glove;
    long long rows = -1;  // claimed by a "ROWS DIM" header; -1 when the format has none
    long long dim = 0;
    int rowsChecked = 0;  // rows seen to follow the format
};

inline constexpr int kSniffedLines = 20;
inline constexpr int kMinRowsWithoutHeader = 3;

// head: the first bytes of a file. Lines cut off at its end are not judged unless wholeFile says
// that head is all of the file. nullopt when it does not look like vectors.
std::optional<VectorFileGuess> sniffVectorFile(std::string_view head, bool wholeFile);

// What the file looks like and what to do with it, for an error message after "FILE: ", e.g.
// "looks like a word2vec text vector file (400000 rows x 300 dimensions, line 1 is the header),
// not a text corpus; open it with embedscope-cli neighbors, analogy or evaluate (the app cannot
// open vector files yet)".
std::string describeVectorFileGuess(const VectorFileGuess& guess);

}  // namespace embedscope
