// Fuzzes the vocabulary TSV reader: any bytes must give a valid vocabulary (distinct words,
// positive counts in descending order) or a clean Error.
#include <cstdlib>

#include "Error.h"
#include "FuzzInput.h"
#include "Vocabulary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = embedscope::fuzz::inputPath(".tsv");
    embedscope::fuzz::writeInput(path, data, size);
    try {
        const embedscope::Vocabulary vocabulary = embedscope::Vocabulary::load(path);
        for (std::int32_t i = 0; i < vocabulary.size(); ++i) {
            if (vocabulary.count(i) == 0 || vocabulary.indexOf(vocabulary.word(i)) != i)
                std::abort();
            if (i > 0 && vocabulary.count(i) > vocabulary.count(i - 1))
                std::abort();
        }
    } catch (const embedscope::Error&) {
    }
    return 0;
}
