#!/usr/bin/env python3
"""Prints the cases of tests/tst_torchprint.cpp: tensors, their float32 values, and what PyTorch
prints for them (repr of a tensor, of an nn.Parameter, of a dict).

Usage: /usr/bin/python3 tests/python/torch_print_cases.py > cases.inc   (needs python3-torch;
the cases in tst_torchprint.cpp were printed by Debian 12's python3-torch 1.13.1). The test does
not run this script: its expected strings are PyTorch's, pasted, so the test needs no Python.
"""
import math
import torch
from torch import nn


def cxx_float(x):
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)  # shortest text that reads back as the same double (exactly a float32 here)


def cxx_string(text):
    return 'R"torch(' + text + ')torch"'


def case(name, tensor, kind="tensor"):
    tensor = tensor.float()
    shape = list(tensor.shape)
    values = [cxx_float(v) for v in tensor.reshape(-1).tolist()]
    printed = repr(nn.Parameter(tensor)) if kind == "parameter" else repr(tensor)
    rows = shape[0] if len(shape) == 2 else 1
    cols = shape[1] if len(shape) == 2 else shape[0]
    print("    {%s, %s, %d, %d, %d, {%s},\n     %s}," % (
        cxx_string(name), "true" if kind == "parameter" else "false", len(shape), rows, cols,
        ", ".join(values), cxx_string(printed)))


torch.manual_seed(42)
case("nn.Embedding(3, 5) after manual_seed(42)", torch.randn(3, 5), "parameter")
case("one-hot", torch.eye(3)[2])
case("one-hot matrix", torch.eye(4))
case("20-entry one-hot wraps after 18", torch.eye(20)[5])
case("12 columns wrap after 8", torch.randn(2, 12))
case("all positive: no sign space", torch.tensor([0.5, 1.25, 3.0625]))
case("ratio over 1000: scientific", torch.tensor([1e-2, 20.0, -3.5]))
case("below 1e-4: scientific", torch.tensor([5e-5, 0.5]))
case("above 1e8: scientific", torch.tensor([1e9, 1.5]))
case("integers far apart: scientific", torch.tensor([1.0, 5000.0]))
case("integers", torch.tensor([-3.0, 0.0, 12.0]))
case("not finite", torch.tensor([float("nan"), 1.5, -float("inf")]))
case("integers and infinity", torch.tensor([2.0, float("inf")]))
case("negative zero", torch.tensor([-0.0, 1.0]))
case("all zero", torch.zeros(3))
case("all zero matrix", torch.zeros(2, 2), "parameter")
case("empty vector", torch.zeros(0))
case("empty matrix", torch.zeros(0, 5))
case("empty parameter", torch.zeros(0, 5), "parameter")
case("suffix on a line of its own", torch.randn(1, 8) * 10, "parameter")
case("one long row", torch.randn(1, 7) * 10, "parameter")



def patterned(n):
    """Values the C++ side makes alike: ((i * 37) % 1001 - 500) / 250 in float32."""
    return torch.tensor([float((i * 37) % 1001 - 500) for i in range(n)]) / 250


# Summarised tensors: their values are made, not listed.
print("    // summarised")
print("    %s," % cxx_string(repr(torch.arange(2000.0) / 7)))
print("    %s," % cxx_string(repr(nn.Parameter(patterned(2000).reshape(400, 5)))))
print("    %s," % cxx_string(repr(patterned(1500).reshape(5, 300))))
print("    // dictionaries")
for words in (["I", "like", "dogs"], ["don't", 'say "hi"', "both ' and \"", "back\\slash",
                                      "tab\there", "line\nbreak", "bell\x07", "c1\x85", "naïve"]):
    print("    %s," % cxx_string(repr({w: i for i, w in enumerate(words)})))
