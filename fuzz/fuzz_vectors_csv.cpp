// Fuzzes the csv vectors reader (see readVectorsChecked in FuzzInput.h).
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return embedscope::fuzz::fuzzVectorsFile(data, size, embedscope::VectorFormat::Csv, ".csv");
}
