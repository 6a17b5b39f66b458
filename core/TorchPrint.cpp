#include "TorchPrint.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

namespace embedscope {

namespace {

// Python's str.format of a float with "{:.Nf}" / "{:.Ne}": the same digits as printf, but NaN is
// "nan" whatever its sign bit (glibc writes "-nan").
std::string pythonFormat(double value, int precision, char conversion) {
    if (std::isnan(value))
        return "nan";
    char buffer[400];  // "%.*f" of 3.4e38 with a few decimals fits easily
    const char format[] = {'%', '.', '*', conversion, '\0'};
    std::snprintf(buffer, sizeof buffer, format, precision, value);
    return buffer;
}

// torch/_tensor_str.py's _Formatter for a floating-point tensor: one format for every value,
// chosen from the non-zero finite values that will be printed, and the width of the widest.
class ValueFormatter {
public:
    ValueFormatter(const std::vector<float>& shown, int precision) : precision_(precision) {
        std::vector<double> values;
        for (float v : shown)
            if (std::isfinite(v) && v != 0.0f)
                values.push_back(v);
        if (values.empty())
            return;  // all zero (or not finite): "0." at width 1
        double minAbs = std::abs(values.front()), maxAbs = minAbs;
        for (double v : values) {
            minAbs = std::min(minAbs, std::abs(v));
            maxAbs = std::max(maxAbs, std::abs(v));
            if (v != std::ceil(v))
                intMode_ = false;
        }
        // Integers print as "3."; anything else as fixed unless the magnitudes are too far apart.
        sciMode_ = maxAbs / minAbs > 1000.0 || maxAbs > 1.0e8 || (!intMode_ && minAbs < 1.0e-4);
        for (double v : values) {
            const std::size_t length = sciMode_   ? pythonFormat(v, precision_, 'e').size()
                                       : intMode_ ? pythonFormat(v, 0, 'f').size() + 1
                                                  : pythonFormat(v, precision_, 'f').size();
            width_ = std::max(width_, length);
        }
    }

    std::size_t width() const { return width_; }

    std::string format(float value) const {
        std::string text;
        if (sciMode_) {
            text = pythonFormat(value, precision_, 'e');
        } else if (intMode_) {
            text = pythonFormat(value, 0, 'f');
            if (std::isfinite(value))
                text += '.';  // marks the tensor as floating point
        } else {
            text = pythonFormat(value, precision_, 'f');
        }
        return std::string(width_ > text.size() ? width_ - text.size() : 0, ' ') + text;
    }

private:
    int precision_;
    bool intMode_ = true;
    bool sciMode_ = false;
    std::size_t width_ = 1;
};

// A row-major tensor of one or two dimensions and the walk over what is printed of it.
class TensorPrinter {
public:
    TensorPrinter(const float* data, std::vector<std::int64_t> shape,
                  const TorchPrintOptions& options)
        : data_(data), shape_(std::move(shape)), options_(options) {
        numel_ = 1;
        for (std::int64_t size : shape_)
            numel_ *= size;
        strides_.assign(shape_.size(), 1);
        for (std::size_t d = shape_.size(); d-- > 1;)
            strides_[d - 1] = strides_[d] * shape_[d];
        summarize_ = numel_ > options_.threshold;
    }

    // repr(tensor) with the given suffixes ("requires_grad=True"), as _str_intern writes it.
    std::string repr(std::vector<std::string> suffixes) const {
        const std::string prefix = "tensor(";
        const int indent = static_cast<int>(prefix.size());
        std::string body;
        if (numel_ == 0) {
            body = "[]";
            if (shape_.size() != 1) {
                std::string size = "size=(";
                for (std::size_t d = 0; d < shape_.size(); ++d)
                    size += (d ? ", " : "") + std::to_string(shape_[d]);
                suffixes.insert(suffixes.begin(), size + ")");
            }
        } else {
            std::vector<float> shown;
            visitShown(0, 0, [&](float v) { shown.push_back(v); });
            const ValueFormatter formatter(shown, options_.precision);
            body = tensorString(0, 0, indent, formatter);
        }
        // _add_suffixes: a suffix that would pass the line width goes on a line of its own.
        std::string text = prefix + body;
        const std::size_t newline = text.rfind('\n');
        std::int64_t lastLineLength = static_cast<std::int64_t>(text.size()) -
                                      (newline == std::string::npos ? -1 : std::int64_t(newline)) +
                                      1;
        for (const std::string& suffix : suffixes) {
            const auto length = static_cast<std::int64_t>(suffix.size());
            if (lastLineLength + length + 2 > options_.lineWidth) {
                text += ",\n" + std::string(indent, ' ') + suffix;
                lastLineLength = indent + length;
            } else {
                text += ", " + suffix;
                lastLineLength += length + 2;
            }
        }
        return text + ")";
    }

private:
    // The indices printed along dimension dim: all, or edgeItems at each end when summarising.
    std::vector<std::int64_t> shownIndices(std::size_t dim) const {
        std::vector<std::int64_t> indices;
        const std::int64_t size = shape_[dim];
        const std::int64_t edge = options_.edgeItems;
        if (summarize_ && size > 2 * edge) {
            for (std::int64_t i = 0; i < edge; ++i)
                indices.push_back(i);
            indices.push_back(-1);  // the "..."
            for (std::int64_t i = size - edge; i < size; ++i)
                indices.push_back(i);
        } else {
            for (std::int64_t i = 0; i < size; ++i)
                indices.push_back(i);
        }
        return indices;
    }

    // get_summarized_data: the formatter sees only the values that are printed.
    void visitShown(std::size_t dim, std::int64_t offset,
                    const std::function<void(float)>& visit) const {
        for (std::int64_t i : shownIndices(dim)) {
            if (i < 0)
                continue;
            const std::int64_t at = offset + i * strides_[dim];
            if (dim + 1 == shape_.size())
                visit(data_[at]);
            else
                visitShown(dim + 1, at, visit);
        }
    }

    // _tensor_str_with_formatter and _vector_str.
    std::string tensorString(std::size_t dim, std::int64_t offset, int indent,
                             const ValueFormatter& formatter) const {
        std::vector<std::string> items;
        const bool innermost = dim + 1 == shape_.size();
        for (std::int64_t i : shownIndices(dim)) {
            const std::int64_t at = offset + i * strides_[dim];
            if (i < 0)
                items.push_back(innermost ? " ..." : "...");
            else if (innermost)
                items.push_back(formatter.format(data_[at]));
            else
                items.push_back(tensorString(dim + 1, at, indent + 1, formatter));
        }
        std::string text = "[";
        if (innermost) {
            // As many values per line as fit in the line width, each taking its width and ", ".
            const auto elementLength = static_cast<std::int64_t>(formatter.width()) + 2;
            const std::int64_t perLine =
                std::max<std::int64_t>(1, (options_.lineWidth - indent) / elementLength);
            for (std::size_t k = 0; k < items.size(); ++k) {
                if (k > 0)
                    text += std::int64_t(k) % perLine == 0 ? ",\n" + std::string(indent + 1, ' ')
                                                           : ", ";
                text += items[k];
            }
        } else {
            // Rows of a matrix are separated by one newline, matrices of a 3-D tensor by two.
            const std::string separator =
                "," + std::string(shape_.size() - dim - 1, '\n') + std::string(indent + 1, ' ');
            for (std::size_t k = 0; k < items.size(); ++k)
                text += (k ? separator : "") + items[k];
        }
        return text + "]";
    }

    const float* data_;
    std::vector<std::int64_t> shape_;
    std::vector<std::int64_t> strides_;
    TorchPrintOptions options_;
    std::int64_t numel_ = 0;
    bool summarize_ = false;
};

}  // namespace

std::string torchVectorRepr(const Eigen::RowVectorXf& values, const TorchPrintOptions& options) {
    return TensorPrinter(values.data(), {values.size()}, options).repr({});
}

std::string torchMatrixRepr(const RowMatrixXf& values, const TorchPrintOptions& options) {
    return TensorPrinter(values.data(), {values.rows(), values.cols()}, options).repr({});
}

std::string torchParameterRepr(const RowMatrixXf& values, const TorchPrintOptions& options) {
    return "Parameter containing:\n" +
           TensorPrinter(values.data(), {values.rows(), values.cols()}, options)
               .repr({"requires_grad=True"});
}

std::string pythonStringRepr(std::string_view text) {
    const bool hasSingle = text.find('\'') != std::string_view::npos;
    const bool hasDouble = text.find('"') != std::string_view::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        char escaped[8];
        if (c == quote || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            out += escaped;
        } else if (c == 0xc2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) < 0xa0) {
            // U+0080..U+009F (UTF-8 C2 80..C2 9F) are control characters too.
            std::snprintf(escaped, sizeof escaped, "\\x%02x",
                          static_cast<unsigned char>(text[i + 1]));
            out += escaped;
            ++i;
        } else {
            out += char(c);
        }
    }
    return out + quote;
}

std::string pythonIndexDictRepr(const std::vector<std::string>& words) {
    std::string out = "{";
    for (std::size_t i = 0; i < words.size(); ++i)
        out += (i ? ", " : "") + pythonStringRepr(words[i]) + ": " + std::to_string(i);
    return out + "}";
}

}  // namespace embedscope
