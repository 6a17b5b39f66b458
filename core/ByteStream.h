// Where a file's bytes come from (vector files' InputFile, the corpus reader): the file itself, or
// the file decompressed on the fly when it is gzip (.gz, zlib), xz (.xz, liblzma), bzip2 (.bz2,
// libbz2), zstd (.zst, libzstd) or a zip archive holding exactly one file (.zip, libzip).
// Concatenated gzip, xz and bzip2 streams and multi-frame zstd files are read whole. The
// compression is told by the file's signature, so a compressed file opens whatever its name; a
// name ending in one of those suffixes without the signature is an error. Decompression streams on
// a thread of its own, a few MB ahead of the reader (ByteStream.cpp's ReadAheadStream): memory
// stays at a handful of blocks, whatever the size.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace embedscope {

class ByteStream {
public:
    virtual ~ByteStream() = default;
    // Up to n bytes of the (decompressed) content; 0 only at its end. Throws Error naming the file
    // and the byte offset in it for damaged compressed data or a read error.
    virtual std::size_t read(char* out, std::size_t n) = 0;
    // Bytes of the file itself read so far, for progress against its size.
    virtual long long consumed() const = 0;
    // "gzip", "xz", "bzip2", "zstd", "zip", or "" for a file read as it is.
    virtual std::string_view compression() const = 0;
};

// Opens path (already checked to exist and be a regular file) and chooses by its first bytes.
// Throws Error naming the file when it cannot be opened.
std::unique_ptr<ByteStream> openByteStream(const std::string& path);

// "vectors.vec.gz" -> "vectors.vec"; a name without .gz, .xz, .bz2, .zst or .zip as it is.
std::string withoutCompressionSuffix(const std::string& path);

}  // namespace embedscope
