// Fuzzes the NumPy .npy reader: the first byte chooses where the rest splits into the array file
// and its word list (NAME.vocab.txt). Any bytes must give consistent vectors or a clean Error.
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const std::string path = embedscope::fuzz::inputPath("-vectors.npy");
    static const std::string vocab = embedscope::vocabPathFor(path);
    const std::size_t rest = size - 1;
    const std::size_t split = rest * data[0] / 255;
    embedscope::fuzz::writeInput(path, data + 1, split);
    embedscope::fuzz::writeInput(vocab, data + 1 + split, rest - split);
    embedscope::fuzz::readVectorsChecked(path, embedscope::VectorFormat::Npy);
    return 0;
}
