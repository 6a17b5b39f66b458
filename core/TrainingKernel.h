// The training kernels: one SGD step of skip-gram or CBOW with negative sampling (SGNS), the only
// code that writes the embedding tables while training runs.
//
// The maths. For an input vector u (a context word's row of the input table in skip-gram, the mean
// of the context rows in CBOW) and output rows v_0 (the true word, label 1) and v_1..v_k (noise
// words, label 0), with logits f_j = u . v_j and s the logistic function:
//
//   loss  L = -log s(f_0) - sum_{j>=1} log s(-f_j)
//   dL/du   = -sum_j (label_j - s(f_j)) v_j
//   dL/dv_j = -(label_j - s(f_j)) u
//
// A step with learning rate lr adds g_j = lr (label_j - s(f_j)) times the other vector to each.
//
// Classic kernel (word2vec's): for each (input, true word) pair its own k negatives; output rows
// are updated one after the other, the input row once at the end with the accumulated gradient.
//
// Batched kernel (Ji et al. 2016, "Parallelizing Word2Vec in Shared and Distributed Memory",
// arXiv:1604.04661, "HogBatch"): all C context words of one window share the true word and one
// set of k negatives, so the C x (k+1) logits are one small matrix product F = U V^T (U: C x D
// context rows, V: (k+1) x D output rows); the gradient matrix G = lr (Y - s(F)) (Y: labels)
// gives both updates as two more products, dU = G V and dV = G^T U, computed from the rows as
// they were read and then added back. Each random output row is then read and written once per
// window instead of once per (context, output) pair, which is where the time goes. CBOW batches
// several consecutive targets the same way (each with its own hidden vector and true word, all
// sharing the k negatives).
//
// HOGWILD RACE (by design, documented here and nowhere else). Worker threads call these kernels
// concurrently on the same tables without locks (Recht et al. 2011, "Hogwild!"): two threads may
// read a row while a third adds to it, and two additions to one row may interleave so that one is
// partly lost. Updates are sparse (a few rows of a large table), so collisions are rare and SGD
// tolerates the resulting noise; word2vec, fastText and gensim all train this way. Every racy
// read-modify-write of the tables happens inside the functions named hogwild* below, so that
// ThreadSanitizer can suppress exactly those (race:embedscope::hogwild*). Divergence protection:
// a kernel that meets a non-finite logit counts it and leaves the tables untouched.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "Types.h"

namespace embedscope {

// The two tables the kernels train: row-major, rows of `dim` floats `stride` floats apart (0:
// dense, stride = dim; the trainer pads rows to whole cache lines, PaddedTable.h), indexed by
// vocabulary id.
struct KernelTables {
    float* input = nullptr;   // V by dim: the word vectors users get (word2vec's syn0)
    float* output = nullptr;  // V by dim: the context/output vectors (word2vec's syn1neg)
    int dim = 0;
    // Optional, V flags: the input rows flagged 1 are never updated (frozen pretrained vectors,
    // PretrainedVectors::freeze in Trainer.h); their gradients still train the output rows.
    // Null: every row learns (one well-predicted branch per input row update).
    const std::uint8_t* frozenInput = nullptr;
    int stride = 0;
};

// Per-thread loss accounting, in double so that long runs do not lose precision.
struct KernelLoss {
    double sum = 0;               // sum of L over the (input, true word) pairs trained
    std::uint64_t pairs = 0;      // number of such pairs
    std::uint64_t nonFinite = 0;  // tuples skipped because a logit was NaN or infinite
};

// Per-thread scratch, sized once: no allocation in the kernels.
class KernelScratch {
public:
    // maxInputs: most input vectors in one batched call (2 * window for skip-gram, the CBOW batch
    // size for CBOW); maxOutputs: most output rows (1 + negatives); maxContexts: most context
    // words of one CBOW example (2 * window).
    KernelScratch(int dim, int maxInputs, int maxOutputs, int maxContexts = 0);

    RowMatrixXf inputGrad;                 // maxInputs by dim: dU (skip-gram), dH (CBOW)
    RowMatrixXf hidden;                    // maxInputs by dim (CBOW: mean of the context rows)
    RowMatrixXf gradient;                  // maxInputs by maxOutputs: G = lr (Y - s(F))
    std::vector<const float*> inputRows;   // rows of the block being trained
    std::vector<const float*> outputRows;  // maxOutputs
    std::vector<float> coefficients;       // a column of G, or 1/C for a mean
    // The register-blocked batched kernels (TrainingKernelBlocked.inc): the distinct input and
    // output rows of a call, how often each occurs, and whether each input row learns.
    std::vector<float*> mutableInputRows;
    std::vector<float*> mutableOutputRows;
    std::vector<std::int32_t> inputIds;
    std::vector<std::int32_t> outputIds;
    std::vector<float> inputMultiplicity;
    std::vector<float> outputMultiplicity;
    std::vector<std::uint8_t> inputLearns;
};

// The instruction set the kernels run with: AVX-512 (F, DQ, VL) or else AVX2 + FMA when the CPU
// has them (detected at run time; the library itself is built for the baseline), else Eigen's
// baseline code. All compute the same maths; the float sums may differ in the last bits. The
// SIMD builds compute the batched kernels as register-blocked matrix products
// (TrainingKernelBlocked.inc). Ordered by capability.
enum class KernelIsa { Generic, Avx2Fma, Avx512 };
KernelIsa kernelIsa();
const char* kernelIsaName(KernelIsa isa);
// Switches the kernels (for tests and benchmarks; call while no trainer runs). Returns false,
// changing nothing, when the CPU lacks the instruction set.
bool selectKernelIsa(KernelIsa isa);

// One CBOW example inside a batch: contexts[contextBegin .. contextBegin + contextCount) predict
// target.
struct CbowExample {
    std::int32_t target = 0;
    int contextBegin = 0;
    int contextCount = 0;
};

// The exact loss and gradient of one (input u, true word v_0, negatives v_1..v_k) tuple in double,
// with the exact logistic function: the reference the tests check against finite differences and
// the kernels against. outputs[0] is the true word. gradInput: dim values; gradOutputs:
// outputs.size() * dim values (row j is dL/dv_j). Returns L.
double sgnsLossAndGradient(const float* input, const std::vector<const float*>& outputs, int dim,
                           double* gradInput, double* gradOutputs);

// Skip-gram, classic: one (context, target) pair with its own negatives (none equal to target).
void hogwildSkipGramClassic(const KernelTables& tables, std::int32_t context, std::int32_t target,
                            const std::int32_t* negatives, int negativeCount, float lr,
                            KernelScratch& scratch, KernelLoss& loss);

// Skip-gram, batched: all contextCount (<= maxInputs) contexts of one window against target and
// the shared negatives (none equal to target).
void hogwildSkipGramBatched(const KernelTables& tables, const std::int32_t* contexts,
                            int contextCount, std::int32_t target, const std::int32_t* negatives,
                            int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss);

// CBOW, classic (word2vec's): hidden = mean of the context rows; each context row receives the
// full gradient of the hidden vector, as in word2vec.
void hogwildCbowClassic(const KernelTables& tables, const std::int32_t* contexts, int contextCount,
                        std::int32_t target, const std::int32_t* negatives, int negativeCount,
                        float lr, KernelScratch& scratch, KernelLoss& loss);

// CBOW, batched: exampleCount (<= maxInputs) examples sharing the negatives. A negative equal to
// an example's target is ignored for that example.
void hogwildCbowBatched(const KernelTables& tables, const CbowExample* examples, int exampleCount,
                        const std::int32_t* contexts, const std::int32_t* negatives,
                        int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss);

// Asks the CPU to start loading rows[0..count) of table (V rows of dim floats, stride floats
// apart) into its caches, so that a
// later kernel call finds them there: the worker calls it with the next window's true word, its
// negatives and the context word entering the window while the current window computes (most of
// a window's time was waiting for these random rows). A hint only: no effect on any value, and
// not a read in the sense of the race below.
// Inline: the worker calls it a dozen times per CBOW batch, a few rows each.
inline void prefetchKernelRows(const float* table, int dim, int stride, const std::int32_t* rows,
                               int count) {
#if defined(__GNUC__) || defined(__clang__)
    constexpr int kLineFloats = 64 / int(sizeof(float));
    for (int r = 0; r < count; ++r) {
        const float* row = table + static_cast<std::ptrdiff_t>(rows[r]) * stride;
        for (int d = 0; d < dim; d += kLineFloats)
            __builtin_prefetch(row + d, 0, 3);
    }
#else
    (void)table, (void)dim, (void)stride, (void)rows, (void)count;
#endif
}

// Reads of the live tables from other threads while workers write them (snapshots, exports, the
// divergence check): a row may be caught halfway through an update, which is harmless for display
// and analysis. Part of the same documented race.
// Copies rows[i] of table (rows of dim floats, stride floats apart) into row i of out (rowCount by
// dim, dense).
void hogwildCopyRows(const float* table, int dim, int stride, const std::int32_t* rows,
                     std::size_t rowCount, float* out);
// Copies the first rowCount rows of table (rows of dim floats, stride floats apart) into out
// (rowCount by dim, dense).
void hogwildCopy(const float* table, std::size_t rowCount, int dim, int stride, float* out);
// The largest |value| among the first count floats; NaN if any is NaN or infinite.
float hogwildLargestMagnitude(const float* table, std::size_t count);
// How many times the three functions above have run in this process. A plain read of a live
// table outside them is a data race that ThreadSanitizer cannot report here (it suppresses every
// race whose other side is a hogwild write), so the tests check that reads of a running trainer's
// tables go through these functions by this count.
std::uint64_t hogwildReadCount();

}  // namespace embedscope
