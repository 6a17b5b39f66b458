#!/usr/bin/python3
"""Trains Embedscope (classic and batched kernels), fastText and gensim on one corpus with the same
settings, in one run on one machine, evaluates every model with the same evaluator
(evaluate_vectors.py) and prints a markdown table.

usage: compare_trainers.py [--corpus /tmp/wiki-17m.txt] [--epochs 5] [--threads 1,2]
       [--models sg,cbow] [--trainers embedscope,fasttext,gensim] [--kernels classic,batched]
       [--build build] [--out /tmp/embedscope-compare] [--json results.json]
       [--evaluator cli|gensim] [--seeds 1[,2,...]] [--inits default[,uniform,gensim]]
       [--gensim-inits gensim[,uniform]] [--orders file[,shuffled]]
       compare_trainers.py --report results.json   (the tables of an earlier --json run, no training)

Settings (word2vec's): dim 100, window 5, negative 5, min-count 5, sample 1e-4, lr 0.025 (sg) /
0.05 (cbow). words/s is each trainer's own training throughput (in-vocabulary words x epochs over
the training time, vocabulary scan excluded: fastText's words/sec/thread x threads); wall s, CPU
s (user + system, all threads) and peak MB are the whole process, from /usr/bin/time -v, and
words/CPU-s = in-vocabulary corpus words x epochs / CPU s: on a shared machine the wall clock
counts the time other processes held the cores, the CPU time does not. words/wall-s is the issue's
definition: in-vocabulary corpus words x epochs / the whole process's wall time (vocabulary scan,
loading and saving included). Vectors are written under --out (not the
repository).

--seeds 1,2,3 trains every row once per seed (Embedscope's --seed, gensim's seed, fastText's
-seed; fastText gives the same run for seeds 0 and 1) and adds a table of means: single runs
differ by about +-0.5 analogy points and +-0.007 WordSim-353 on wiki-17m.

--inits uniform,gensim trains Embedscope from word2vec's initial range U(-0.5/d, 0.5/d) and from
gensim's U(-1/d, 1/d) (the kernel column then reads e.g. "classic, gensim init"); the default,
"default", passes no --init, so Embedscope starts from its default for the model (README.md:
gensim's range for CBOW). The range alone moves CBOW's analogy score by about 0.3 points.
--gensim-inits gensim,uniform likewise adds gensim rows started from word2vec's range (gensim's
vectors halved after build_vocab; the kernel column reads "uniform init"), so that the two trainers
can be compared from the same start both ways.
--orders file,shuffled also trains Embedscope with its lines in a new random order every epoch
(`--order shuffled`; the kernel column reads e.g. "classic, shuffled order"); file order, as
word2vec, fastText and gensim read them, is Embedscope's default.

With several seeds the means table gives the standard deviation of single runs beside each mean,
followed by a table of differences: each Embedscope row against each reference trainer at the same
model and thread count, mean minus mean with the standard error of that difference
(sqrt(sd_a^2/n_a + sd_b^2/n_b)), and a table of paired differences: each two Embedscope rows of
the same model and thread count (e.g. two starting ranges, or two kernels) seed by seed, with the
standard error of the mean paired difference and the number of seeds on which the first is higher.
With one thread the same seed gives the same vectors, so pairing removes the seed's share of the
spread; with two, Hogwild makes each run differ anyway and the pairing gains less.

Every row records the CPU model ("cpu", /proc/cpuinfo's "model name"), and the tables name it.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # the system interpreter, which has python3-gensim


def timed(command, env=None):
    """Runs command under /usr/bin/time -v; returns (stdout, stderr, wall seconds, peak MB, CPU
    seconds (user + system, all threads))."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True,
                            env=env)
    if result.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(command), result.returncode,
                                                   result.stderr[-2000:]))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", result.stderr)
    parts = [float(p) for p in wall.group(1).split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    cpu = sum(float(re.search(r"%s time \(seconds\): (\S+)" % kind, result.stderr).group(1))
              for kind in ("User", "System"))
    return result.stdout, result.stderr, seconds, peak_kb / 1024, cpu


def cpu_model():
    """The CPU's model name from /proc/cpuinfo (as `embedscope-bench` reports it), or "unknown"."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def learning_rate(model):
    return 0.05 if model == "cbow" else 0.025


def run_embedscope(args, model, kernel, init, order, threads, seed):
    out = os.path.join(args.out, "embedscope-%s-%s-%s-%s-t%d-s%d.txt" % (model, kernel, init, order,
                                                                          threads, seed))
    bench = os.path.join(args.build, "bench", "embedscope-bench")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    init_flag = [] if init == "default" else ["--init", init]
    stdout, _, wall, peak, cpu = timed(
        [bench, "train", args.corpus, "--model", model, "--kernel", kernel, "--threads",
         str(threads), "--dim", "100", "--window", "5", "--negative", "5", "--min-count", "5",
         "--sample", "1e-4", "--epochs", str(args.epochs), "--lr", str(learning_rate(model)),
         "--seed", str(seed)] + init_flag + ["--order", order, "-o", out, "--format", "word2vec"],
        env=env)
    report = json.loads(stdout.strip().splitlines()[-1])
    return (out, report["words_per_s"], wall, peak, cpu, report["corpus_words"],
            report.get("init", init))


def run_fasttext(args, model, threads, seed):
    prefix = os.path.join(args.out, "fasttext-%s-t%d-s%d" % (model, threads, seed))
    _, stderr, wall, peak, cpu = timed(
        ["fasttext", "skipgram" if model == "sg" else "cbow", "-input", args.corpus, "-output",
         prefix, "-minn", "0", "-maxn", "0", "-dim", "100", "-ws", "5", "-neg", "5", "-minCount",
         "5", "-t", "1e-4", "-epoch", str(args.epochs), "-lr", str(learning_rate(model)),
         "-thread", str(threads), "-seed", str(seed)])
    rates = re.findall(r"words/sec/thread:\s*(\d+)", stderr)
    os.remove(prefix + ".bin")
    return prefix + ".vec", float(rates[-1]) * threads, wall, peak, cpu, None


def run_gensim(args, model, init, threads, seed):
    out = os.path.join(args.out, "gensim-%s-%s-t%d-s%d.txt" % (model, init, threads, seed))
    stdout, _, wall, peak, cpu = timed(
        [PYTHON, os.path.join(HERE, "train_gensim.py"), args.corpus, out, "--model", model,
         "--threads", str(threads), "--epochs", str(args.epochs), "--sample", "1e-4",
         "--lr", str(learning_rate(model)), "--seed", str(seed), "--init", init])
    report = json.loads(stdout.strip().splitlines()[-1])
    return out, report["words_per_s"], wall, peak, cpu, report["corpus_words"]


EVAL = "/work/shared/data/eval"


def evaluate(args, path):
    """Scores one vectors file with the chosen evaluator; both report the same figures (the CLI
    reimplements gensim's evaluate_word_analogies / evaluate_word_pairs, restrict_vocab 30000)."""
    if args.evaluator == "cli":
        command = [os.path.join(args.build, "app", "embedscope-cli"), "evaluate", path,
                   "--analogies", os.path.join(EVAL, "questions-words.txt"),
                   "--similarity", os.path.join(EVAL, "wordsim353.tsv"),
                   "--similarity", os.path.join(EVAL, "simlex999.txt"),
                   "--restrict", "30000", "--json"]
    else:
        command = [PYTHON, os.path.join(HERE, "evaluate_vectors.py"), path]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="/tmp/wiki-17m.txt")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--models", default="sg,cbow")
    parser.add_argument("--trainers", default="embedscope,fasttext,gensim")
    parser.add_argument("--kernels", default="classic,batched")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(HERE), "build"))
    parser.add_argument("--out", default="/tmp/embedscope-compare")
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--evaluator", choices=["cli", "gensim"], default="cli",
                        help="embedscope-cli evaluate (default, fast) or evaluate_vectors.py")
    parser.add_argument("--seeds", default="1", help="comma-separated seeds, one run each")
    parser.add_argument("--inits", default="default",
                        help="Embedscope's initial ranges: default (the model's, no --init), "
                             "uniform (word2vec's), gensim")
    parser.add_argument("--gensim-inits", default="gensim",
                        help="gensim's initial ranges: gensim (its default), uniform (word2vec's)")
    parser.add_argument("--orders", default="file",
                        help="Embedscope's line orders: file (its default, word2vec's), shuffled")
    parser.add_argument("--report", metavar="JSON",
                        help="print the tables of an earlier run's --json file; train nothing")
    args = parser.parse_args()
    if args.report:
        with open(args.report) as f:
            rows = json.load(f)
        print_tables(rows, rows[0].get("epochs", args.epochs), "(from %s)" % args.report)
        return
    os.makedirs(args.out, exist_ok=True)

    runs = []
    for model in args.models.split(","):
        for threads in [int(t) for t in args.threads.split(",")]:
            for trainer in args.trainers.split(","):
                for seed in [int(x) for x in args.seeds.split(",")]:
                    if trainer == "embedscope":
                        for kernel in args.kernels.split(","):
                            for init in args.inits.split(","):
                                for order in args.orders.split(","):
                                    runs.append((trainer, model, kernel, init, order, threads,
                                                 seed))
                    elif trainer == "gensim":
                        for init in args.gensim_inits.split(","):
                            runs.append((trainer, model, "", init, "", threads, seed))
                    else:
                        runs.append((trainer, model, "", "", "", threads, seed))

    rows = []
    corpus_words = None  # in-vocabulary tokens, the same for every trainer at min-count 5
    cpu_name = cpu_model()
    for trainer, model, kernel, init, order, threads, seed in runs:
        print("training %s %s %s %s %s, %d thread(s), seed %d ..." % (trainer, model, kernel, init,
                                                                      order, threads, seed),
              file=sys.stderr, flush=True)
        if trainer == "embedscope":
            path, rate, wall, peak, cpu, words, trained_init = run_embedscope(
                args, model, kernel, init, order, threads, seed)
            corpus_words = corpus_words or words
        elif trainer == "fasttext":
            path, rate, wall, peak, cpu, words = run_fasttext(args, model, threads, seed)
        else:
            path, rate, wall, peak, cpu, words = run_gensim(args, model, init, threads, seed)
            corpus_words = corpus_words or words
        scores = evaluate(args, path)
        if trainer == "embedscope" and init != "default":
            kernel = "%s, %s init" % (kernel, init)
        if trainer == "embedscope" and order != "file":
            kernel = "%s, %s order" % (kernel, order)
        if trainer == "gensim" and init != "gensim":
            kernel = "%s init" % init
        row = {"trainer": trainer, "model": model, "kernel": kernel or "-", "threads": threads,
               "seed": seed, "cpu": cpu_name,
               "init": trained_init if trainer == "embedscope" else (init or None),
               "words_per_s": rate, "wall_s": wall, "cpu_s": cpu, "peak_mb": peak,
               "analogy": scores["analogy_accuracy"], "ws353": scores["wordsim353_spearman"],
               "simlex": scores["simlex999_spearman"], "vectors": path}
        print(json.dumps(row), file=sys.stderr, flush=True)
        rows.append(row)

    for row in rows:
        row["corpus_words"] = corpus_words
        row["epochs"] = args.epochs
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)
    print_tables(rows, args.epochs, "corpus %s, evaluator: %s" % (args.corpus, args.evaluator))


def print_tables(rows, epochs, source):
    """The table of single runs; with several seeds, the means and the differences."""
    cpus = sorted({r.get("cpu", "not recorded") for r in rows})
    print("%s; %d epoch(s), dim 100, window 5, negative 5, min-count 5, sample 1e-4; CPU: %s\n"
          % (source, epochs, ", ".join(cpus)))
    corpus_words = next((r["corpus_words"] for r in rows if r.get("corpus_words")), None)
    print("| trainer | model | kernel | threads | seed | words/s | words/wall-s | words/CPU-s "
          "| wall s | CPU s | peak MB | analogy % | WS353 rho | SimLex rho |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    work = corpus_words * epochs if corpus_words else float("nan")
    for r in rows:
        print("| %s | %s | %s | %d | %d | %.0f | %.0f | %.0f | %.1f | %.1f | %.0f | %.1f | %.3f "
              "| %.3f |" % (r["trainer"], r["model"], r["kernel"], r["threads"], r["seed"],
                            r["words_per_s"], work / r["wall_s"], work / r["cpu_s"], r["wall_s"],
                            r["cpu_s"], r["peak_mb"], 100 * r["analogy"], r["ws353"],
                            r["simlex"]))
    if len({r["seed"] for r in rows}) > 1:
        groups = print_means(rows, work)
        print_differences(groups)
        print_paired_differences(groups)


def mean_and_spread(group, key):
    """The mean of key over a group of runs and the standard deviation of single runs."""
    mean = sum(r[key] for r in group) / len(group)
    if len(group) < 2:
        return mean, 0.0
    return mean, (sum((r[key] - mean) ** 2 for r in group) / (len(group) - 1)) ** 0.5


def print_means(rows, work):
    """One line per trainer, model, kernel and thread count: the mean over its seeds. Returns the
    groups."""
    groups = {}
    for r in rows:
        groups.setdefault((r["trainer"], r["model"], r["kernel"], r["threads"]), []).append(r)
    print("\nMeans over seeds (+- the standard deviation of single runs; the standard error of a "
          "mean is that over sqrt(runs)):\n")
    print("| trainer | model | kernel | threads | runs | words/wall-s | analogy % | WS353 rho "
          "| SimLex rho |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for (trainer, model, kernel, threads), group in groups.items():
        wall, _ = mean_and_spread(group, "wall_s")
        analogy, analogy_sd = mean_and_spread(group, "analogy")
        ws353, ws353_sd = mean_and_spread(group, "ws353")
        simlex, simlex_sd = mean_and_spread(group, "simlex")
        print("| %s | %s | %s | %d | %d | %.0f | %.2f +- %.2f | %.4f +- %.4f | %.4f +- %.4f |"
              % (trainer, model, kernel, threads, len(group), work / wall, 100 * analogy,
                 100 * analogy_sd, ws353, ws353_sd, simlex, simlex_sd))
    return groups


def print_differences(groups):
    """Each Embedscope group against each reference group of the same model and thread count:
    difference of the means, and its standard error."""
    lines = []
    for (trainer, model, kernel, threads), ours in groups.items():
        if trainer != "embedscope":
            continue
        for (other, other_model, other_kernel, other_threads), theirs in groups.items():
            if other == "embedscope" or (other_model, other_threads) != (model, threads):
                continue
            cells = []
            for key, scale, digits in (("analogy", 100, 2), ("ws353", 1, 4)):
                a, a_sd = mean_and_spread(ours, key)
                b, b_sd = mean_and_spread(theirs, key)
                se = (a_sd ** 2 / len(ours) + b_sd ** 2 / len(theirs)) ** 0.5
                cells.append("%+.*f (SE %.*f)" % (digits, scale * (a - b), digits, scale * se))
            reference = other if other_kernel == "-" else "%s, %s" % (other, other_kernel)
            lines.append("| %s | %d | %s | %s | %s | %s |"
                         % (model, threads, kernel, reference, cells[0], cells[1]))
    if not lines:
        return
    print("\nEmbedscope minus each reference (difference of the means; SE: its standard error):\n")
    print("| model | threads | Embedscope kernel | reference | analogy points | WS353 rho |")
    print("|---|---:|---|---|---:|---:|")
    for line in lines:
        print(line)


def print_paired_differences(groups):
    """Each two Embedscope groups of the same model and thread count, seed by seed: the mean of
    the per-seed differences, its standard error (sd of the differences / sqrt(pairs)) and on how
    many seeds the first group scored higher."""
    ours = [(key, group) for key, group in groups.items() if key[0] == "embedscope"]
    lines = []
    for i, ((_, model, kernel, threads), first) in enumerate(ours):
        for (_, other_model, other_kernel, other_threads), second in ours[i + 1:]:
            if (other_model, other_threads) != (model, threads):
                continue
            by_seed = {r["seed"]: r for r in second}
            pairs = [(r, by_seed[r["seed"]]) for r in first if r["seed"] in by_seed]
            if len(pairs) < 2:
                continue
            cells = []
            for key, scale, digits in (("analogy", 100, 2), ("ws353", 1, 4)):
                differences = [{"d": scale * (a[key] - b[key])} for a, b in pairs]
                mean, sd = mean_and_spread(differences, "d")
                higher = sum(1 for d in differences if d["d"] > 0)
                cells.append("%+.*f (SE %.*f), higher on %d of %d" % (
                    digits, mean, digits, sd / len(pairs) ** 0.5, higher, len(pairs)))
            lines.append("| %s | %d | %s | %s | %s | %s |"
                         % (model, threads, kernel, other_kernel, cells[0], cells[1]))
    if not lines:
        return
    print("\nEmbedscope rows against each other, seed by seed (first minus second: mean of the "
          "per-seed differences; SE: its standard error):\n")
    print("| model | threads | first | second | analogy points | WS353 rho |")
    print("|---|---:|---|---|---:|---:|")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
