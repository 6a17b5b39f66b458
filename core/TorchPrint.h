// Text as PyTorch prints it, so that the lesson shows an embedding table the way a reader will
// see it in Python: repr() of a float32 tensor, of an nn.Parameter, and of a dict {word: index}.
//
// The layout is torch/_tensor_str.py's with the default print options: every value is written
// with the same format, chosen from the non-zero finite values (integers only: "1."; all within
// a ratio of 1000 and in [1e-4, 1e8]: fixed with `precision` decimals; else scientific), and
// right-aligned to the widest of them, so positive numbers get the space a minus sign takes.
// Rows wrap at `lineWidth` columns; a tensor of more than `threshold` values is summarised to
// `edgeItems` values (or rows) at each end around "...".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "Types.h"

namespace embedscope {

// torch.set_printoptions()'s defaults.
struct TorchPrintOptions {
    int precision = 4;
    std::int64_t threshold = 1000;
    int edgeItems = 3;
    int lineWidth = 80;
};

// repr(torch.tensor(values)): "tensor([ 0.3367, -1.1229])".
std::string torchVectorRepr(const Eigen::RowVectorXf& values,
                            const TorchPrintOptions& options = {});
// repr of a 2-D tensor: "tensor([[1., 0.],\n        [0., 1.]])".
std::string torchMatrixRepr(const RowMatrixXf& values, const TorchPrintOptions& options = {});
// repr(nn.Parameter(values)), e.g. nn.Embedding(3, 5).weight:
//   Parameter containing:
//   tensor([[ 0.3367, ...],
//           ...], requires_grad=True)
std::string torchParameterRepr(const RowMatrixXf& values, const TorchPrintOptions& options = {});

// Python's repr() of a str: single quotes unless the text holds ' and no ", backslash escapes
// for the quote, the backslash and control characters; other characters as they are.
std::string pythonStringRepr(std::string_view text);
// repr() of the dict {words[0]: 0, words[1]: 1, ...}: "{'I': 0, 'like': 1, 'dogs': 2}".
std::string pythonIndexDictRepr(const std::vector<std::string>& words);

}  // namespace embedscope
