// Fuzzes the gzip and xz decompression under the word2vec text reader: the first byte chooses
// the container (even: gzip, odd: xz) and the rest, behind that container's signature, is the
// compressed stream. Damaged data must give a clean Error naming a byte offset, never a crash.
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const std::string gzipPath = embedscope::fuzz::inputPath("-vectors.vec.gz");
    static const std::string xzPath = embedscope::fuzz::inputPath("-vectors.vec.xz");
    const bool gzip = data[0] % 2 == 0;
    std::string bytes = gzip ? std::string("\x1f\x8b", 2)
                             : std::string(
                                   "\xFD"
                                   "7zXZ\0",
                                   6);
    bytes.append(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string& path = gzip ? gzipPath : xzPath;
    embedscope::fuzz::writeInput(path, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                 bytes.size());
    embedscope::fuzz::readVectorsChecked(path, embedscope::VectorFormat::Word2VecText);
    return 0;
}
