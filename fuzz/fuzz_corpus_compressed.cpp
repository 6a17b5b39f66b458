// Fuzzes the corpus reader's decompression (bzip2, zstd, zip, gzip, xz) and the vocabulary pass
// over it: the first byte chooses the container and the rest, behind that container's
// signature, is the archive. Damaged data must give a clean Error naming the file and a byte
// offset (or the text's own problem), never a crash or a hang. (The two readers may disagree
// about a borderline Latin-1 judgement: they cut the text into chunks at different places.)
#include <cstdlib>
#include <cstring>

#include "CorpusReader.h"
#include "FuzzInput.h"
#include "TokenizedCorpus.h"

namespace {

struct NullSink : embedscope::TokenSink {
    void onToken(std::string_view) override {}
    void onSentenceEnd() override {}
};

struct Container {
    const char* suffix;
    std::string signature;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static const Container containers[] = {{".bz2", "BZh9"},
                                           {".zst", std::string("\x28\xB5\x2F\xFD", 4)},
                                           {".zip", std::string("PK\x03\x04", 4)},
                                           {".gz", std::string("\x1f\x8b", 2)},
                                           {".xz", std::string("\xFD"
                                                               "7zXZ\0",
                                                               6)}};
    const Container& container = containers[data[0] % 5];
    static std::string paths[5];
    std::string& path = paths[data[0] % 5];
    if (path.empty())
        path = embedscope::fuzz::inputPath((std::string("-corpus.txt") + container.suffix).c_str());
    std::string bytes = container.signature;
    bytes.append(reinterpret_cast<const char*>(data + 1), size - 1);
    embedscope::fuzz::writeInput(path, reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                 bytes.size());
    std::string readerError, countError;
    try {
        NullSink sink;
        embedscope::readCorpus(path, {}, sink);
    } catch (const embedscope::Error& e) {
        readerError = e.what();
    }
    try {
        embedscope::CorpusOptions options;
        options.minCount = 1;
        options.counting.threads = 2;
        embedscope::countVocabulary(path, options);
    } catch (const embedscope::Error& e) {
        countError = e.what();
    }
    // Every error names the file.
    for (const std::string& error : {readerError, countError})
        if (!error.empty() && error.compare(0, path.size(), path) != 0)
            std::abort();
    return 0;
}
