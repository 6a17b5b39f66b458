#!/usr/bin/python3
"""Trains gensim's Word2Vec with word2vec's settings, for the side-by-side comparison.

usage: train_gensim.py CORPUS OUT.txt --model sg|cbow [--dim 100] [--window 5] [--negative 5]
       [--min-count 5] [--sample 1e-4] [--epochs 5] [--lr X] [--threads N] [--seed 1]
       [--init gensim|uniform]

--init gensim (the default) keeps gensim's initial range U(-1/d, 1/d); --init uniform halves the
freshly drawn vectors to word2vec's (and Embedscope's default) U(-0.5/d, 0.5/d), so that both
trainers can be compared from the same starting range.

Prints one JSON object like embedscope-bench train: load_ms (vocabulary scan), train_ms and
words_per_s = in-vocabulary corpus words x epochs / training wall time.
"""
import argparse
import json
import logging
import sys
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("output")
    parser.add_argument("--model", choices=["sg", "cbow"], default="sg")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--window", type=int, default=5)
    parser.add_argument("--negative", type=int, default=5)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--sample", type=float, default=1e-4)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--init", choices=["gensim", "uniform"], default="gensim")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    lr = args.lr or (0.05 if args.model == "cbow" else 0.025)

    # Lines longer than 10000 words are cut into 10000-word pieces (gensim's limit).
    sentences = LineSentence(args.corpus)
    model = Word2Vec(vector_size=args.dim, window=args.window, negative=args.negative, hs=0,
                     min_count=args.min_count, sample=args.sample, sg=1 if args.model == "sg" else 0,
                     alpha=lr, min_alpha=lr * 1e-4, workers=args.threads, cbow_mean=1, seed=args.seed)
    start = time.monotonic()
    model.build_vocab(sentences)
    if args.init == "uniform":
        model.wv.vectors *= 0.5  # build_vocab drew U(-1/d, 1/d); the output table is still zero
    load_ms = (time.monotonic() - start) * 1000
    words = int(sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key))
    start = time.monotonic()
    model.train(sentences, total_examples=model.corpus_count, epochs=args.epochs)
    train_ms = (time.monotonic() - start) * 1000
    model.wv.save_word2vec_format(args.output, binary=False)
    json.dump({"trainer": "gensim", "model": args.model, "threads": args.threads, "init": args.init,
               "vocabulary": len(model.wv.index_to_key), "corpus_words": words,
               "load_ms": load_ms, "train_ms": train_ms,
               "words_per_s": words * args.epochs / (train_ms / 1000)}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
