"""Loads an Embedscope .npy export into torch.nn.Embedding.from_pretrained with the README's
three lines, then checks it against the words and float32 bit patterns the test wrote.

Usage: torch_from_pretrained.py DIR   (DIR holds vectors.npy, vectors.vocab.txt, expected.json)
"""
import json
import os
import struct
import sys

os.chdir(sys.argv[1])

# The README's three lines ("Into PyTorch"), verbatim:
import numpy, torch
embedding = torch.nn.Embedding.from_pretrained(torch.from_numpy(numpy.load("vectors.npy")))
words = open("vectors.vocab.txt", encoding="utf-8", newline="\n").read().split("\n")[:-1]

with open("expected.json", encoding="utf-8") as f:
    expected = json.load(f)
assert words == expected["words"], (words, expected["words"])
weight = embedding.weight
assert weight.dtype == torch.float32, weight.dtype
assert tuple(weight.shape) == (len(words), len(expected["bits"][0])), tuple(weight.shape)
assert not weight.requires_grad  # from_pretrained freezes by default
for row, values in enumerate(expected["bits"]):
    got = [struct.unpack("<I", struct.pack("<f", v))[0] for v in weight[row].tolist()]
    assert got == values, (row, got, values)
# A lookup is the row: one-hot x W = W[i].
index = torch.tensor([len(words) - 1])
assert torch.equal(embedding(index)[0], weight[-1])
print("ok", len(words), "rows")
