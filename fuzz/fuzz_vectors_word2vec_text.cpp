// Fuzzes the word2vec text vectors reader: any bytes must give consistent vectors (one finite row
// per distinct word, all of one dimension) or a clean Error.
#include <cmath>
#include <cstdlib>
#include <set>

#include "FuzzInput.h"
#include "VectorFormats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = embedscope::fuzz::inputPath(".txt");
    embedscope::fuzz::writeInput(path, data, size);
    try {
        const embedscope::WordVectors vectors =
            embedscope::readVectors(path, embedscope::VectorFormat::Word2VecText);
        if (static_cast<std::size_t>(vectors.rows()) != vectors.words.size()) std::abort();
        if (!vectors.vectors.allFinite()) std::abort();
        if (std::set<std::string>(vectors.words.begin(), vectors.words.end()).size() !=
            vectors.words.size())
            std::abort();
    } catch (const embedscope::Error&) {
    }
    return 0;
}
