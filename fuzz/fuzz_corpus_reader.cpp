// Fuzzes the corpus reader and tokenizer in both modes: any bytes must give tokens that are valid
// UTF-8 of at most kMaxTokenBytes bytes, or a clean Error.
#include <QBuffer>
#include <QByteArray>

#include <cstdlib>

#include "CorpusReader.h"
#include "Error.h"

namespace {

bool validUtf8(std::string_view s) {
    const QByteArray bytes(s.data(), static_cast<qsizetype>(s.size()));
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

class CheckingSink : public embedscope::TokenSink {
public:
    void onToken(std::string_view word) override {
        if (word.empty() || word.size() > embedscope::kMaxTokenBytes || !validUtf8(word))
            std::abort();
    }
    void onSentenceEnd() override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    for (const auto mode :
         {embedscope::TokenizeMode::Words, embedscope::TokenizeMode::Whitespace}) {
        QBuffer buffer;
        buffer.setData(bytes);
        buffer.open(QIODevice::ReadOnly);
        embedscope::TokenizerOptions options;
        options.mode = mode;
        options.digitsToToken = size % 2 == 1;
        CheckingSink sink;
        try {
            embedscope::readCorpus(buffer, "fuzz-input", options, sink);
        } catch (const embedscope::Error&) {
        }
    }
    return 0;
}
