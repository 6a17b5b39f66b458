// Reading and writing word vectors in the formats users exchange them in.
//
//  csv           header "word,d0,...,d{D-1}", RFC 4180 quoting, floats as %.9g (round-trip exact)
//  word2vec      text: "ROWS DIM" header, then "word v1 ... vD" per line (gensim-compatible)
//  word2vec-bin  binary: "ROWS DIM\n", then per row "word " + D little-endian float32 + "\n"
//  glove         text without header: "word v1 ... vD"
//  projector     TensorFlow Embedding Projector: vectors as TSV (no words) in PATH, the words one
//                per line in metadataPathFor(PATH)
//  npy           NumPy .npy, a 2-D float32 or float64 array in C order (written as float32), the
//                words one per line in vocabPathFor(PATH)
//
// Every text format (and word2vec-bin) may be compressed: "NAME.vec.gz", "NAME.txt.xz"; the format
// is named by the extension before .gz or .xz, and the reader decompresses as it goes (gzip or xz,
// told by the file's signature; ByteStream.h). Writers do not compress.
//
// Every write goes through AtomicOutput: atomic for a regular file (a failed or cancelled write
// leaves the earlier file intact), written through for a FIFO or a character device.
// Readers validate everything (header against rows and dimension, non-numeric values, NaN/inf,
// truncated binary data, duplicate words) and never allocate from a header's claim before the
// data proves it. Errors name the file, the line (or byte offset) and the problem.
#pragma once

#include <string>
#include <string_view>

#include "JobControl.h"
#include "WordVectors.h"

namespace embedscope {

enum class VectorFormat { Csv, Word2VecText, Word2VecBinary, Glove, Projector, Npy };
// Every format, in the order above.
inline constexpr VectorFormat kVectorFormats[] = {
    VectorFormat::Csv,   VectorFormat::Word2VecText, VectorFormat::Word2VecBinary,
    VectorFormat::Glove, VectorFormat::Projector,    VectorFormat::Npy};

// "csv", "word2vec", "word2vec-bin", "glove", "projector", "npy".
std::string_view vectorFormatName(VectorFormat format);
// Throws Error for an unknown name.
VectorFormat parseVectorFormat(std::string_view name);
// .csv -> Csv, .txt/.vec -> Word2VecText, .bin -> Word2VecBinary, .tsv -> Projector, .npy -> Npy,
// each also with .gz or .xz after it. Throws Error naming the file when the extension says nothing.
VectorFormat vectorFormatFromPath(const std::string& path);

// vectorFormatFromPath, except that a .txt whose first line is not "ROWS DIM" is GloVe. Throws
// Error naming the file when the extension says nothing or a .txt cannot be read.
VectorFormat detectVectorFormat(const std::string& path);

// "dir/vectors.tsv" -> "dir/metadata.tsv"; "dir/NAME.tsv" -> "dir/NAME.metadata.tsv"; a .gz or
// .xz after the name is dropped first (the metadata file is read as it is, compressed or not).
std::string metadataPathFor(const std::string& vectorsPath);
// "dir/NAME.npy" -> "dir/NAME.vocab.txt" (any other name: NAME + ".vocab.txt").
std::string vocabPathFor(const std::string& vectorsPath);
// The second file a format keeps beside PATH (projector: metadataPathFor, npy: vocabPathFor), or
// "" for the single-file formats.
std::string companionPathFor(const std::string& vectorsPath, VectorFormat format);

// Progress: writers report rows written of all rows, readers bytes read of the file's size.
// Cancel throws Cancelled; a cancelled write leaves the earlier file intact.
void writeVectors(const std::string& path, const WordVectors& vectors, VectorFormat format,
                  const JobControl& control = {});
WordVectors readVectors(const std::string& path, VectorFormat format,
                        const JobControl& control = {});
// Format from the extension; a .txt that has no "ROWS DIM" header is read as GloVe.
WordVectors readVectors(const std::string& path, const JobControl& control = {});

}  // namespace embedscope
