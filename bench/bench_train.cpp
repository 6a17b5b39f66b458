// embedscope-bench train CORPUS [trainer flags] [-o VECTORS]: loads the corpus, trains, and prints
// one JSON object with the load and training times, the throughput and the peak memory.
//
// words_per_s is corpus words (in-vocabulary tokens) times epochs over the training wall time, the
// figure fastText reports as words/sec (times its thread count).
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "BenchArgs.h"
#include "BenchCommands.h"
#include "BenchReport.h"
#include "Trainer.h"
#include "TrainingKernel.h"
#include "VectorFormats.h"

namespace embedscope::bench {

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The process's peak resident set (VmHWM) in MiB, 0 where /proc is unavailable.
double peakResidentMegabytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    }
    return 0;
}

const char* const kUsage =
    "usage: embedscope-bench train CORPUS [--model sg|cbow] [--kernel classic|batched] [--dim N] "
    "[--window N] [--negative N] [--min-count N] [--max-vocab N] [--sample T] [--epochs N] "
    "[--lr X] [--threads N] [--seed N] [--init uniform|gensim|normal] [--order file|shuffled] "
    "[--isa auto|generic|avx2|avx512] [--init-from VECTORS [--freeze no|yes]] "
    "[-o VECTORS [--format F]]";

}  // namespace

int benchTrain(const Args& args) {
    auto [corpusPath, values] = parseCorpusAndOptions(args, kUsage);
    auto take = [&](const std::string& name, const std::string& fallback) {
        const auto found = values.find(name);
        if (found == values.end())
            return fallback;
        std::string value = found->second;
        values.erase(found);
        return value;
    };

    TrainerOptions options;
    const std::string model = take("--model", "sg");
    if (model != "sg" && model != "cbow")
        throw std::runtime_error("--model expects sg or cbow");
    options.model = model == "cbow" ? TrainingModel::Cbow : TrainingModel::SkipGram;
    // Without --kernel or --init the model's defaults apply, as in the CLI and the app.
    if (const std::string kernel = take("--kernel", ""); !kernel.empty()) {
        options.kernel = trainingKernelFromName(kernel);
        if (!options.kernel)
            throw std::runtime_error("--kernel expects " + std::string(kTrainingKernelNames));
    }
    if (const std::string init = take("--init", ""); !init.empty()) {
        options.init = embeddingInitFromName(init);
        if (!options.init)
            throw std::runtime_error("--init expects " + std::string(kEmbeddingInitNames));
    }
    const auto shuffleLines = shuffleLinesFromName(take("--order", "file"));
    if (!shuffleLines)
        throw std::runtime_error("--order expects " + std::string(kLineOrderNames));
    options.shuffleLines = *shuffleLines;
    options.dim = std::stoi(take("--dim", "100"));
    options.window = std::stoi(take("--window", "5"));
    options.negative = std::stoi(take("--negative", "5"));
    options.sample = std::stod(take("--sample", "1e-3"));
    options.epochs = std::stoi(take("--epochs", "5"));
    options.learningRate = std::stod(take("--lr", "0"));
    options.threads = std::stoi(take("--threads", "0"));
    options.seed = std::stoull(take("--seed", "1"));
    CorpusOptions corpusOptions;
    corpusOptions.minCount = std::stoull(take("--min-count", "5"));
    corpusOptions.maxSize = std::stoull(take("--max-vocab", "0"));
    const std::string isa = take("--isa", "auto");
    if (isa == "generic" || isa == "avx2" || isa == "avx512") {
        const KernelIsa wanted = isa == "avx512" ? KernelIsa::Avx512
                                 : isa == "avx2" ? KernelIsa::Avx2Fma
                                                 : KernelIsa::Generic;
        if (!selectKernelIsa(wanted))
            throw std::runtime_error("this CPU has no " + isa);
    } else if (isa != "auto") {
        throw std::runtime_error("--isa expects auto, generic, avx2 or avx512");
    }
    // As the CLI's train --init-from [--freeze], with the dimension given by --dim.
    if (const std::string initFrom = take("--init-from", ""); !initFrom.empty()) {
        options.pretrained.vectors = std::make_shared<const WordVectors>(readVectors(initFrom));
        options.pretrained.source = initFrom;
    }
    const std::string freeze = take("--freeze", "no");
    if (freeze != "no" && freeze != "yes")
        throw std::runtime_error("--freeze expects no or yes");
    options.pretrained.freeze = freeze == "yes";
    const std::string outputPath = take("-o", "");
    const std::string format = take("--format", "");
    if (!values.empty())
        throw std::runtime_error("unknown option " + values.begin()->first);

    const auto loadStart = Clock::now();
    auto corpus = std::make_shared<TokenizedCorpus>(loadCorpus(corpusPath, corpusOptions));
    const double loadMs = millisecondsSince(loadStart);

    Trainer trainer(corpus, options);
    std::string failure;
    trainer.setFinishedCallback([&](TrainerState, const std::string& error) { failure = error; });
    const auto trainStart = Clock::now();
    const double cpuStart = 1e3 * processCpuSeconds();
    trainer.start();
    trainer.wait();
    const double trainMs = millisecondsSince(trainStart);
    const double trainCpuMs = 1e3 * processCpuSeconds() - cpuStart;
    if (trainer.state() != TrainerState::Finished)
        throw std::runtime_error(failure);
    const TrainingProgress progress = trainer.progress();

    if (!outputPath.empty()) {
        const WordVectors vectors = trainer.wordVectors();
        writeVectors(outputPath, vectors,
                     format.empty() ? vectorFormatFromPath(outputPath) : parseVectorFormat(format));
    }

    const int threads = trainer.workerCount();
    const double wordsPerSecond = double(progress.totalWords) / (trainMs / 1000.0);
    std::printf(
        "{\"benchmark\": \"train\", \"corpus\": %s, \"model\": \"%s\", \"kernel\": \"%s\", "
        "\"init\": \"%s\", \"init_from\": %s, \"freeze\": %s, \"isa\": \"%s\", \"order\": \"%s\", "
        "\"seed\": %llu, "
        "\"threads\": %d, \"dim\": %d, \"window\": %d, \"negative\": %d, \"sample\": %g, "
        "\"epochs\": %d, \"lr\": %g, \"vocabulary\": %d, \"corpus_words\": %llu, "
        "\"load_ms\": %.1f, \"train_ms\": %.1f, \"words_per_s\": %.0f, "
        "\"words_per_s_per_thread\": %.0f, \"train_cpu_ms\": %.1f, \"words_per_cpu_s\": %.0f, "
        "\"loss\": %.4f, \"peak_rss_mb\": %.1f, %s}\n",
        jsonString(corpusPath).c_str(), model.c_str(),
        trainingKernelName(options.effectiveKernel()), embeddingInitName(options.effectiveInit()),
        options.pretrained.vectors ? jsonString(options.pretrained.source).c_str() : "null",
        options.pretrained.freeze ? "true" : "false", kernelIsaName(kernelIsa()),
        options.shuffleLines ? "shuffled" : "file", static_cast<unsigned long long>(options.seed),
        threads, options.dim, options.window, options.negative, options.sample, options.epochs,
        options.effectiveLearningRate(), corpus->vocabulary.size(),
        static_cast<unsigned long long>(progress.totalWords / std::uint64_t(options.epochs)),
        loadMs, trainMs, wordsPerSecond, wordsPerSecond / threads, trainCpuMs,
        double(progress.totalWords) / (trainCpuMs / 1000.0), progress.loss, peakResidentMegabytes(),
        cpuJsonField().c_str());
    return 0;
}

}  // namespace embedscope::bench
