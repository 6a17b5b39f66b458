#!/usr/bin/env python3
"""Writes a realistic synthetic word vector file for the opening benchmarks (never commit one).

    bench/make-vectors.py OUT.vec [--rows 1000000] [--dim 300] [--seed 1] [--binary]

fastText .vec layout: a "ROWS DIM" header, then "word v1 ... vD" per line, values with 4 decimals
(as wiki-news-300d-1M.vec), 1M x 300 is about 2.3 GB. The vectors are clustered so that nearest
neighbours mean something: each row is a centre of a mixture of 1,000 Gaussians in a 32-dimensional
subspace, plus a spread within its cluster, mapped into DIM dimensions, plus isotropic noise.
Words are unique (a bijective spelling of the row number in consonant-vowel syllables) and about
one in six holds a non-ASCII letter (é, ü, ж, 日...). The same seed gives the same rows, so the
100k-row file is the prefix of the 1M-row one. --binary writes word2vec's binary layout instead
("ROWS DIM\n", then "word " + DIM little-endian float32 + "\n"), the values rounded to 4 decimals as
in the text, so that a 3M x 300 .bin (3.6 GB) needs no 7 GB text file first; `embedscope-cli
convert` of the text gives the same rows.
"""
import argparse
import sys

import numpy as np

CONSONANTS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ж", "ß"]
VOWELS = ["a", "e", "i", "o", "u", "y", "é", "ü"]
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]  # 128, each one consonant + one vowel
CHUNK_ROWS = 20000
LATENT = 32
CLUSTERS = 1000


def word(index):
    """Bijective base-128 numeration of index + 1 in syllables: distinct numbers, distinct words
    (every syllable is one consonant then one vowel, so a spelling splits one way only)."""
    n = index + 1
    parts = []
    while n > 0:
        n -= 1
        parts.append(SYLLABLES[n % len(SYLLABLES)])
        n //= len(SYLLABLES)
    text = "".join(reversed(parts))
    return text + "日" if index % 97 == 5 else text


def format_rows(values):
    """Rows of floats as text with 4 decimals, single spaces, no padding; |v| < 10. Built with
    array arithmetic (Python string formatting would take minutes for 300M values)."""
    rows, dim = values.shape
    scaled = np.rint(np.clip(values, -9.9999, 9.9999) * 10000).astype(np.int64)
    magnitude = np.abs(scaled)
    field = np.empty((rows, dim, 8), dtype=np.uint8)  # " -d.dddd", sign byte 0 when positive
    field[:, :, 0] = ord(" ")
    field[:, :, 1] = np.where(scaled < 0, ord("-"), 0)
    field[:, :, 2] = ord("0") + magnitude // 10000
    field[:, :, 3] = ord(".")
    for i, divisor in enumerate((1000, 100, 10, 1)):
        field[:, :, 4 + i] = ord("0") + (magnitude // divisor) % 10
    flat = field.reshape(rows, dim * 8)
    keep = flat != 0
    return flat, keep


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", action="store_true")
    args = parser.parse_args()

    setup = np.random.default_rng(args.seed)
    centres = setup.normal(0.0, 1.0, (CLUSTERS, LATENT)).astype(np.float32)
    basis = (setup.normal(0.0, 1.0, (LATENT, args.dim)) / np.sqrt(LATENT)).astype(np.float32)
    weights = setup.zipf(1.5, CLUSTERS).astype(np.float64)
    weights /= weights.sum()

    with open(args.out, "wb") as out:
        out.write(f"{args.rows} {args.dim}\n".encode())
        for start in range(0, args.rows, CHUNK_ROWS):
            count = min(CHUNK_ROWS, args.rows - start)
            rng = np.random.default_rng([args.seed, start])
            cluster = rng.choice(CLUSTERS, size=count, p=weights)
            latent = centres[cluster] + rng.normal(0.0, 0.35, (count, LATENT)).astype(np.float32)
            values = 0.12 * (latent @ basis) + rng.normal(0.0, 0.04, (count, args.dim))
            values = values.astype(np.float32)
            lines = []
            if args.binary:
                rounded = (np.rint(np.clip(values, -9.9999, 9.9999) * 10000) / 10000).astype("<f4")
                for row in range(count):
                    lines.append(word(start + row).encode() + b" " + rounded[row].tobytes() + b"\n")
            else:
                flat, keep = format_rows(values)
                for row in range(count):
                    lines.append(word(start + row).encode() + flat[row][keep[row]].tobytes() + b"\n")
            out.write(b"".join(lines))
            if start // CHUNK_ROWS % 10 == 0:
                print(f"{start + count} rows", file=sys.stderr)


if __name__ == "__main__":
    main()
