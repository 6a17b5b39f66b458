// GloVe's text format: "word v1 ... vD" per line and no header; the first row sets the dimension.
#include "FormatIo.h"

namespace embedscope::formatio {

WordVectors readGlove(const std::string& path, const JobControl& control) {
    InputFile in(path);
    return readSpaceSeparatedRows(in, 0, -1, control);
}

void writeGlove(const std::string& path, const WordVectors& vectors, const JobControl& control) {
    checkWritable(path, vectors, "glove", WordRule::NoWhitespace);
    control.throwIfCancelled();
    AtomicOutput out(path);
    writeSpaceSeparatedRows(out, vectors, control);
    out.commit();
}

}  // namespace embedscope::formatio
