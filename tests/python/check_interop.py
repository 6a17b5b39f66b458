#!/usr/bin/env python3
"""Checks Embedscope's vector files against Python's own readers and writers.

Usage: check_interop.py COMMAND DIR
  stdlib        DIR/NAME.json holds the words and float32 bit patterns that tst_python_interop wrote
                as DIR/NAME.csv (and DIR/tokens.tsv + tokens.metadata.tsv, DIR/tokens.glove.txt):
                Python's csv module must read every word intact and every value exactly.
  gensim-read   gensim's KeyedVectors.load_word2vec_format must load DIR/tokens.txt,
                DIR/tokens.bin (binary=True) and DIR/tokens.glove.txt (no_header=True) with the
                words and values of DIR/tokens.csv.
  gensim-write  gensim's save_word2vec_format writes DIR/from_gensim.txt and .bin, and
                DIR/from_gensim.json holds the words and the values' float32 bit patterns for
                the C++ side to compare.
Exit status: 0 passed, 1 failed (the reason on stderr), 77 gensim is not installed.
"""
import csv
import json
import os
import struct
import sys

GENSIM_MISSING = 77


def as_float32(x):
    """The float32 nearest to x, as a Python float (what a float32 reader would hold)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def same_float32(a, b):
    """Exact float32 equality, telling -0.0 from 0.0."""
    return struct.pack("<f", a) == struct.pack("<f", b)


class Failure(Exception):
    pass


def compare(label, words, rows, expected_words, expected_rows, tolerance=0.0):
    if words != expected_words:
        for i, (got, want) in enumerate(zip(words, expected_words)):
            if got != want:
                raise Failure(f"{label}: row {i + 1}: word {got!r}, expected {want!r}")
        raise Failure(f"{label}: {len(words)} words, expected {len(expected_words)}")
    worst = 0.0
    for i, (row, want_row) in enumerate(zip(rows, expected_rows)):
        if len(row) != len(want_row):
            raise Failure(f"{label}: row {i + 1}: {len(row)} values, expected {len(want_row)}")
        for j, (got, want) in enumerate(zip(row, want_row)):
            exact = same_float32(got, want)
            diff = abs(got - want)
            worst = max(worst, diff)
            if not exact and not (tolerance > 0 and diff <= tolerance * max(1.0, abs(want))):
                raise Failure(f"{label}: row {i + 1} ({words[i]!r}) value {j + 1}: "
                              f"{got!r}, expected {want!r}")
    print(f"{label}: {len(words)} words x {len(expected_rows[0])} values match "
          f"(largest difference {worst:g})")


def from_bits(bits):
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def load_expected(directory, name):
    """Words and values as the C++ side wrote them; values as float32 bit patterns, so that
    nothing (not even the sign of zero) depends on how JSON prints numbers."""
    with open(os.path.join(directory, name + ".json"), encoding="utf-8") as f:
        data = json.load(f)
    return data["words"], [[from_bits(b) for b in row] for row in data["bits"]]


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    dim = len(header) - 1
    if header != ["word"] + [f"d{i}" for i in range(dim)]:
        raise Failure(f"{path}: header {header[:4]}... is not word,d0,...")
    for line, row in enumerate(body, start=2):
        if len(row) != dim + 1:
            raise Failure(f"{path}: record {line}: {len(row)} fields, expected {dim + 1}")
    return [r[0] for r in body], [[as_float32(float(v)) for v in r[1:]] for r in body]


def check_stdlib(directory):
    for name in ("all", "tokens"):
        words, rows = load_expected(directory, name)
        got_words, got_rows = read_csv(os.path.join(directory, name + ".csv"))
        compare(f"csv module on {name}.csv", got_words, got_rows, words, rows)

    words, rows = load_expected(directory, "tokens")
    with open(os.path.join(directory, "tokens.tsv"), newline="", encoding="utf-8") as f:
        tsv_rows = [[as_float32(float(v)) for v in r] for r in csv.reader(f, delimiter="\t")]
    with open(os.path.join(directory, "tokens.metadata.tsv"), newline="", encoding="utf-8") as f:
        tsv_words = f.read().split("\n")
    if tsv_words and tsv_words[-1] == "":
        tsv_words.pop()
    compare("projector tokens.tsv + tokens.metadata.tsv", tsv_words, tsv_rows, words, rows)

    glove_words, glove_rows = [], []
    with open(os.path.join(directory, "tokens.glove.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ")
            glove_words.append(parts[0])
            glove_rows.append([as_float32(float(v)) for v in parts[1:]])
    compare("split(' ') on tokens.glove.txt", glove_words, glove_rows, words, rows)


def import_gensim():
    try:
        from gensim.models import KeyedVectors
    except ImportError as e:
        print(f"gensim is not installed ({e})", file=sys.stderr)
        sys.exit(GENSIM_MISSING)
    return KeyedVectors


def check_gensim_read(directory):
    KeyedVectors = import_gensim()
    words, rows = read_csv(os.path.join(directory, "tokens.csv"))
    for name, options in (("tokens.txt", {}), ("tokens.bin", {"binary": True}),
                          ("tokens.glove.txt", {"no_header": True})):
        kv = KeyedVectors.load_word2vec_format(os.path.join(directory, name), **options)
        got_rows = [[float(v) for v in kv[w]] for w in kv.index_to_key]
        compare(f"gensim load_word2vec_format({name}, {options})", list(kv.index_to_key),
                got_rows, words, rows, tolerance=1e-6)


def check_gensim_write(directory):
    KeyedVectors = import_gensim()
    import numpy as np

    words = ["the", ",", '"hi",', "naïve", "日本語", "a,b", "😀", "</s>", "'", "-", "Zürich"]
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((len(words), 6)).astype(np.float32)
    awkward = np.array([0.0, -0.0, 1e-38, np.finfo(np.float32).tiny, 1.4e-45, -3e-41,
                        np.finfo(np.float32).max, 0.1, 1 / 3, 1e30], dtype=np.float32)
    vectors.reshape(-1)[: len(awkward)] = awkward
    kv = KeyedVectors(vector_size=vectors.shape[1])
    kv.add_vectors(words, vectors)
    kv.save_word2vec_format(os.path.join(directory, "from_gensim.txt"))
    kv.save_word2vec_format(os.path.join(directory, "from_gensim.bin"), binary=True)
    with open(os.path.join(directory, "from_gensim.json"), "w", encoding="utf-8") as f:
        json.dump({"words": words, "bits": vectors.view(np.uint32).tolist()}, f)
    print(f"gensim wrote from_gensim.txt and from_gensim.bin: {len(words)} words x "
          f"{vectors.shape[1]} values")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("stdlib", "gensim-read", "gensim-write"):
        print(__doc__, file=sys.stderr)
        return 2
    command, directory = sys.argv[1], sys.argv[2]
    try:
        {"stdlib": check_stdlib, "gensim-read": check_gensim_read,
         "gensim-write": check_gensim_write}[command](directory)
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
