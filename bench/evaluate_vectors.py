#!/usr/bin/python3
"""Evaluates word vectors with gensim's evaluators, the same way for every trainer.

usage: evaluate_vectors.py VECTORS [--binary] [--analogies F] [--similarity F ...] [--restrict N]
       [--similarity-restrict N]

Prints one JSON object: analogy accuracy over the questions whose four words are among the first
N (30000) words of the file (gensim's restrict_vocab; vectors files list words by descending
frequency), and the Spearman correlation for each similarity file over the whole vocabulary, or
its first --similarity-restrict words (pairs with unknown words are skipped and counted). Comparing trainers with one evaluator keeps the figures comparable.
"""
import argparse
import json
import logging
import os
import sys

from gensim.models import KeyedVectors

DATA = "/work/shared/data/eval"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vectors")
    parser.add_argument("--binary", action="store_true", help="word2vec binary format")
    parser.add_argument("--analogies", default=os.path.join(DATA, "questions-words.txt"))
    parser.add_argument("--similarity", action="append",
                        help="similarity file(s) (default: wordsim353.tsv and simlex999.txt)")
    parser.add_argument("--restrict", type=int, default=30000, help="analogies only")
    parser.add_argument("--similarity-restrict", type=int, default=0, help="0: every word")
    args = parser.parse_args()
    similarity = args.similarity or [os.path.join(DATA, "wordsim353.tsv"),
                                     os.path.join(DATA, "simlex999.txt")]
    logging.disable(logging.WARNING)

    vectors = KeyedVectors.load_word2vec_format(args.vectors, binary=args.binary)
    result = {"vectors": args.vectors, "words": len(vectors.index_to_key),
              "dim": vectors.vector_size}
    score, sections = vectors.evaluate_word_analogies(args.analogies,
                                                      restrict_vocab=args.restrict)
    total = next(s for s in sections if s["section"] == "Total accuracy")
    result["analogy_accuracy"] = score
    result["analogy_questions"] = len(total["correct"]) + len(total["incorrect"])
    for path in similarity:
        pearson, spearman, oov = vectors.evaluate_word_pairs(
            path, restrict_vocab=args.similarity_restrict or len(vectors.index_to_key))
        name = os.path.splitext(os.path.basename(path))[0]
        result[name + "_spearman"] = spearman[0]
        result[name + "_oov_percent"] = oov
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
