// embedscope-cli layout VECTORS --method pca|tsne|umap|axes [options] -o layout.csv: lays the
// vectors out in 2 or 3 dimensions (core/Layout.h) and writes "word,x,y[,z]" in vocabulary order.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "AtomicOutput.h"
#include "AxesLayout.h"
#include "CliArgs.h"
#include "CliCommands.h"
#include "FormatIo.h"
#include "Layout.h"
#include "Projection.h"
#include "VectorCache.h"
#include "VectorFormats.h"
#include "VectorSource.h"

namespace embedscope::cli {

namespace {

const char kLayoutUsage[] =
    "usage: embedscope-cli layout VECTORS --method pca|tsne|umap|axes -o LAYOUT.csv [options]\n"
    "  Lays the vectors out in 2 or 3 dimensions and writes word,x,y[,z] with a header, in the\n"
    "  file's (vocabulary) order.\n"
    "  --method M       pca, tsne, umap or axes (required)\n"
    "  --dims 2|3       (2)\n"
    "  --components A,B[,C]\n"
    "                   pca: the principal components on x, y (and z), 1-based (PC1 to PC10);\n"
    "                   their count sets --dims (default: 1,2 or 1,2,3)\n"
    "  --rows N         lay out the first N rows only (default: all)\n"
    "  --perplexity P   t-SNE (30)\n"
    "  --neighbors K    UMAP's n_neighbors (15)\n"
    "  --min-dist D     UMAP (0.1)\n"
    "  --iterations N   optimisation steps (default: the method's, t-SNE 1000)\n"
    "  --seed N (1)     --threads N (all cores)\n"
    "  --from F         the vectors' format (default: from the extension)\n"
    "  --no-cache       neither read nor write the reopen cache (also: environment\n"
    "                   EMBEDSCOPE_NO_VECTOR_CACHE=1); see README, \"The reopen cache\"\n"
    "  --x FROM:TO --y FROM:TO [--z FROM:TO]\n"
    "                   axes: from one word, or the mean of a comma list, to another\n"
    "                   (--x man:woman --y poor,poorer:rich,richer)\n"
    "  With a fixed seed and --threads 1 the layout is the same on every run.\n";

// One line of progress: on a terminal rewritten in place, otherwise every 5 seconds.
class ProgressPrinter {
public:
    ProgressPrinter() : terminal_(isatty(fileno(stderr)) != 0) {}
    void print(const char* method, const LayoutProgress& progress) {
        const auto now = std::chrono::steady_clock::now();
        if (!terminal_ && now - last_ < std::chrono::seconds(5))
            return;
        last_ = now;
        std::fprintf(
            stderr,
            terminal_ ? "\r%s: iteration %d of %d (%.0f%%)" : "%s: iteration %d of %d (%.0f%%)\n",
            method, progress.iteration, progress.iterations, 100.0 * progress.fraction());
        printed_ = true;
    }
    void finish() {
        if (terminal_ && printed_)
            std::fputc('\n', stderr);
    }

private:
    bool terminal_;
    bool printed_ = false;
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// "1,3" -> {0, 2}, checked as the projection checks it (2 or 3 distinct, PC1 to PC10).
std::vector<int> parseComponentList(const std::string& text) {
    std::vector<int> components;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string part = text.substr(start, comma - start);
        int pc = 0;
        const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), pc);
        if (part.empty() || error != std::errc() || end != part.data() + part.size())
            throw CliUsageError(
                "--components expects 1-based numbers separated by commas, such "
                "as 1,3; got '" +
                text + "'");
        components.push_back(pc - 1);
        start = comma + 1;
    }
    try {
        Projection().setComponents(components);
    } catch (const Error& e) {
        throw CliUsageError(std::string("--components: ") + e.what());
    }
    return components;
}

}  // namespace

int runLayout(const Args& rawArgs) {
    const CliArgs args(
        rawArgs,
        {"-o", "--method", "--dims", "--components", "--rows", "--perplexity", "--neighbors",
         "--min-dist", "--iterations", "--seed", "--threads", "--from", "--x", "--y", "--z"},
        {"--help", "-h", "--no-cache"});
    if (args.flag("--help") || args.flag("-h")) {
        std::fputs(kLayoutUsage, stdout);
        return 0;
    }
    args.expectPositionals(1, 1,
                           "VECTORS; usage: embedscope-cli layout VECTORS --method M -o OUT.csv");
    const std::string& path = args.positionals()[0];
    const auto outputPath = args.value("-o");
    if (!outputPath)
        throw CliUsageError("-o LAYOUT.csv is required");
    const auto methodName = args.value("--method");
    if (!methodName)
        throw CliUsageError("--method pca|tsne|umap|axes is required");
    LayoutOptions options;
    if (const auto method = parseLayoutMethod(*methodName))
        options.method = *method;
    else
        throw CliUsageError("--method expects pca, tsne, umap or axes, got '" + *methodName + "'");
    options.dims = static_cast<int>(args.integer("--dims", 2, 2, 3));
    if (const auto text = args.value("--components")) {
        if (options.method != LayoutMethod::Pca)
            throw CliUsageError("--components applies to --method pca only");
        options.components = parseComponentList(*text);
        if (args.value("--dims") && int(options.components.size()) != options.dims)
            throw CliUsageError("--components names " + std::to_string(options.components.size()) +
                                " components but --dims is " + std::to_string(options.dims));
        options.dims = static_cast<int>(options.components.size());
    }
    const long long rowLimit = args.integer("--rows", 0, 1, 1LL << 40);
    options.perplexity = args.real("--perplexity", 30, 1e-3, 1e6);
    options.neighbors = static_cast<int>(args.integer("--neighbors", 15, 1, 100000));
    options.minDist = args.real("--min-dist", 0.1, 0, 1e6);
    options.iterations = static_cast<int>(args.integer("--iterations", 0, 1, 100000000));
    options.seed = static_cast<std::uint64_t>(args.integer("--seed", 1, 0, (1LL << 62)));
    const unsigned cores = std::thread::hardware_concurrency();
    options.threads = static_cast<int>(args.integer("--threads", cores > 0 ? cores : 1, 1, 1024));
    VectorFormat format = VectorFormat::Csv;
    if (const auto from = args.value("--from")) {
        try {
            format = parseVectorFormat(*from);
        } catch (const Error& e) {
            throw CliUsageError(std::string("--from: ") + e.what());
        }
    } else {
        format = detectVectorFormat(path);
    }
    std::vector<AxisSpec> axes;
    if (options.method != LayoutMethod::Axes) {
        // As --components for a method other than PCA: refused rather than silently ignored.
        for (const char* option : {"--x", "--y", "--z"})
            if (args.value(option))
                throw CliUsageError(std::string(option) + " applies to --method axes only");
    } else {
        for (const char* option : {"--x", "--y", "--z"})
            if (const auto text = args.value(option)) {
                try {
                    axes.push_back(parseAxisSpec(*text));
                } catch (const Error& e) {
                    throw CliUsageError(std::string(option) + ": " + e.what());
                }
            }
        if (axes.size() < 2 || !args.value("--x") || !args.value("--y"))
            throw CliUsageError(
                "--method axes needs --x FROM:TO and --y FROM:TO (and --z for 3-D)");
        options.dims = static_cast<int>(axes.size());
    }
    std::unique_ptr<Layout> layout;
    if (options.method != LayoutMethod::Axes) {
        try {
            layout = makeLayout(options);
        } catch (const std::invalid_argument& e) {
            throw Error(std::string("--method ") + *methodName + ": " + e.what());
        }
    }
    AtomicOutput::checkCreatable(*outputPath);

    const InterruptGuard interruptGuard;  // Ctrl-C: Cancelled, exit 130 (cli_main.cpp)
    JobControl control;
    control.cancel = &interruptGuard.flag();
    const auto start = std::chrono::steady_clock::now();
    VectorCacheSettings cache = VectorCacheSettings::fromEnvironment();
    if (args.flag("--no-cache"))
        cache.enabled = false;
    const OpenedVectors opened = openVectors(path, format, cache, control);
    const std::shared_ptr<const LoadedVectorSource> source = opened.source;
    if (opened.fromCache)
        std::fprintf(stderr, "%s: opened from the reopen cache\n", path.c_str());
    const TableView& table = *source->table();
    const Eigen::Index rows =
        rowLimit > 0 ? std::min<Eigen::Index>(rowLimit, table.rows()) : table.rows();
    if (options.method == LayoutMethod::Axes)
        layout = std::make_unique<AxesLayout>(axes, *source);  // names unknown words
    const char* method = layoutMethodName(options.method);
    std::fprintf(stderr, "%s: %lld rows x %d dims, %s in %d dimensions, %d threads\n", path.c_str(),
                 static_cast<long long>(rows), source->dim(), method, options.dims,
                 options.threads);
    ProgressPrinter printer;
    const LayoutResult result =
        layout->run(table.topRows(rows), RowMatrixXf(), control,
                    [&](const RowMatrixXf&, const LayoutProgress& progress) {
                        printer.print(method, progress);
                    });
    printer.finish();

    AtomicOutput out(*outputPath);
    std::string& buffer = out.buffer();
    buffer += options.dims == 3 ? "word,x,y,z\n" : "word,x,y\n";
    for (Eigen::Index i = 0; i < rows; ++i) {
        formatio::appendCsvField(buffer, source->words()[static_cast<std::size_t>(i)]);
        for (Eigen::Index d = 0; d < result.positions.cols(); ++d) {
            buffer += ',';
            formatio::appendFloat(buffer, result.positions(i, d));
        }
        buffer += '\n';
        out.flushIfFull();
    }
    out.commit();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string sampled;
    if (result.sampledRows < rows)
        sampled = " (" + std::to_string(result.sampledRows) +
                  " laid out, the rest placed by their nearest sampled neighbours)";
    std::fprintf(stderr, "laid out %lld rows%s in %.1f s -> %s\n", static_cast<long long>(rows),
                 sampled.c_str(), seconds, outputPath->c_str());
    // After the result, so that the layout does not wait for it.
    writeVectorCacheQuietly(cache, opened, control);
    return 0;
}

}  // namespace embedscope::cli
