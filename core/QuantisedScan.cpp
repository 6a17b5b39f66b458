#include "QuantisedScan.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <stdexcept>
#include <thread>
#include <utility>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMBEDSCOPE_AVX2_SCAN 1
#include <immintrin.h>
#endif

namespace embedscope {

namespace {

constexpr int kCodeMax = 127;  // 8-bit codes, and the query's codes
constexpr int kNibbleMax = 7;  // 4-bit codes, stored as code + kNibbleOffset
constexpr int kNibbleOffset = 8;
// Rows are stored as code + 128 in [1, 255], unsigned bytes, so that an AVX-512 VNNI kernel
// (vpdpbusd multiplies unsigned by signed bytes) can read them as they are; the dot product with
// the query's codes q is sum (c + 128) q = c . q + 128 sum q, corrected once per query. (Such a
// kernel was measured: no faster than AVX2's, as the scan is bound by memory bandwidth, see
// bench/README.md "Neighbours", so it is not kept.)
constexpr int kCodeOffset = 128;
constexpr int kStrideMultiple = 16;  // one 128-bit load of codes
constexpr std::int32_t kBlockRows = 256;

int threadCount(int requested, std::int64_t work, std::int64_t perThreadMinimum) {
    const int cores =
        requested > 0 ? requested : std::max(1, int(std::thread::hardware_concurrency()));
    return int(
        std::clamp<std::int64_t>(work / std::max<std::int64_t>(perThreadMinimum, 1), 1, cores));
}

// Runs body(t) for t in [0, threads) on threads - 1 new threads and this one; rethrows the first
// failure after all have joined.
void onThreads(int threads, const std::function<void(int)>& body) {
    std::vector<std::exception_ptr> failures(threads);
    auto guarded = [&](int t) {
        try {
            body(t);
        } catch (...) {
            failures[t] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t)
        workers.emplace_back(guarded, t);
    guarded(0);
    for (std::thread& worker : workers)
        worker.join();
    for (const std::exception_ptr& failure : failures)
        if (failure)
            std::rethrow_exception(failure);
}

// The query's codes in the two widths the kernels read, zero padded to the stride.
struct QueryCodes {
    std::vector<std::int8_t> narrow;
    std::vector<std::int16_t> wide;
    // For 4-bit rows: per 32 bytes of codes, the 32 query codes of their low nibbles, then the 32
    // of their high nibbles (byte l of the 32 is block 2 c + l / 16, position l % 16).
    std::vector<std::int8_t> nibbleOrdered;
    std::int32_t offsetCorrection = 0;  // kCodeOffset * (sum of the codes)
};

// The two layouts of a row's codes. Each gives the integer dot product of one row with the query,
// sum over d of (c[d] + offset) * q[d], portably (portableDot) and, on AVX2, as int32 lanes to be
// summed, step by step of kStepBytes bytes (queryStep loads the query's part once for two rows,
// avx2Step multiplies one row's bytes by it).
//
// Bytes: one code + 128 a byte, zero-extended to int16, multiplied by the query's int16 codes and
// summed in pairs to int32 (vpmaddwd). A pair sums to at most 2 * 255 * 127 and a row of
// D <= 10^5 values to less than 2^31.
struct ByteCodes {
    static constexpr int kStepBytes = 16;

    static std::int32_t portableDot(const std::uint8_t* row, int stride, const QueryCodes& query) {
        std::int32_t sum = 0;
        for (int d = 0; d < stride; ++d)
            sum += std::int32_t(row[d]) * std::int32_t(query.wide[std::size_t(d)]);
        return sum;
    }

#ifdef EMBEDSCOPE_AVX2_SCAN
    using QueryStep = __m256i;
    __attribute__((target("avx2"))) static QueryStep queryStep(const QueryCodes& query, int byte) {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(query.wide.data() + byte));
    }
    __attribute__((target("avx2"))) static __m256i avx2Step(const std::uint8_t* bytes,
                                                            const QueryStep& q) {
        const __m256i x =
            _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)));
        return _mm256_madd_epi16(x, q);
    }
#endif
};

// Nibbles: 16 bytes hold 32 codes, byte j of block b the code of dimension 32 b + j in its low
// nibble and that of 32 b + 16 + j in its high nibble, each as code + 8. On AVX2, 64 codes a step:
// 32 bytes split into their low and high nibbles (in [1, 15]), each multiplied by the query's
// signed bytes and summed in pairs by vpmaddubsw (unsigned x signed; a pair is at most
// 2 * 15 * 127, the two halves together 7620: no saturation), then in fours into int32 by
// vpmaddwd. The query bytes are laid out in the nibbles' order (nibbleOrdered).
struct NibbleCodes {
    static constexpr int kStepBytes = 32;

    static std::int32_t portableDot(const std::uint8_t* row, int stride, const QueryCodes& query) {
        std::int32_t sum = 0;
        for (int byte = 0; byte < stride; ++byte) {
            const int block = byte / 16, j = byte % 16;
            sum += std::int32_t(row[byte] & 15) * query.wide[std::size_t(32 * block + j)] +
                   std::int32_t(row[byte] >> 4) * query.wide[std::size_t(32 * block + 16 + j)];
        }
        return sum;
    }

#ifdef EMBEDSCOPE_AVX2_SCAN
    struct QueryStep {
        __m256i low, high;
    };
    __attribute__((target("avx2"))) static QueryStep queryStep(const QueryCodes& query, int byte) {
        const std::int8_t* ordered = query.nibbleOrdered.data() + 2 * byte;
        return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(ordered)),
                _mm256_loadu_si256(reinterpret_cast<const __m256i*>(ordered + 32))};
    }
    __attribute__((target("avx2"))) static __m256i avx2Step(const std::uint8_t* bytes,
                                                            const QueryStep& q) {
        const __m256i nibble = _mm256_set1_epi8(15);
        const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes));
        const __m256i pairs = _mm256_add_epi16(
            _mm256_maddubs_epi16(_mm256_and_si256(v, nibble), q.low),
            _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(v, 4), nibble), q.high));
        return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
    }
#endif
};

// The integer dot products of `count` rows of codes (stride bytes apart) with the query codes,
// into out: sum over d of code[d] * query[d], computed as the layout's sum minus the query's
// offsetCorrection.
template <class Codes>
void portableDots(const std::uint8_t* codes, int stride, std::int32_t count,
                  const QueryCodes& query, std::int32_t* out) {
    for (std::int32_t r = 0; r < count; ++r)
        out[r] = Codes::portableDot(codes + std::ptrdiff_t(r) * stride, stride, query) -
                 query.offsetCorrection;
}

#ifdef EMBEDSCOPE_AVX2_SCAN
__attribute__((target("avx2"))) inline std::int32_t horizontalSum(__m256i v) {
    __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, _MM_SHUFFLE(1, 0, 3, 2)));
    sum = _mm_add_epi32(sum, _mm_shuffle_epi32(sum, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(sum);
}

// The same on AVX2. Two rows at a time keep two independent chains in flight and share the
// query's loads; an odd last row goes the portable way.
template <class Codes>
__attribute__((target("avx2"))) void avx2Dots(const std::uint8_t* codes, int stride,
                                              std::int32_t count, const QueryCodes& query,
                                              std::int32_t* out) {
    std::int32_t r = 0;
    for (; r + 2 <= count; r += 2) {
        const std::uint8_t* row0 = codes + std::ptrdiff_t(r) * stride;
        const std::uint8_t* row1 = row0 + stride;
        __m256i sum0 = _mm256_setzero_si256();
        __m256i sum1 = _mm256_setzero_si256();
        for (int byte = 0; byte < stride; byte += Codes::kStepBytes) {
            const typename Codes::QueryStep q = Codes::queryStep(query, byte);
            sum0 = _mm256_add_epi32(sum0, Codes::avx2Step(row0 + byte, q));
            sum1 = _mm256_add_epi32(sum1, Codes::avx2Step(row1 + byte, q));
        }
        out[r] = horizontalSum(sum0) - query.offsetCorrection;
        out[r + 1] = horizontalSum(sum1) - query.offsetCorrection;
    }
    if (r < count)
        portableDots<Codes>(codes + std::ptrdiff_t(r) * stride, stride, count - r, query, out + r);
}

#endif

using DotsFunction = void (*)(const std::uint8_t*, int, std::int32_t, const QueryCodes&,
                              std::int32_t*);

DotsFunction dotsFunction(int bits) {
#ifdef EMBEDSCOPE_AVX2_SCAN
    static const bool avx2 = __builtin_cpu_supports("avx2");
    if (avx2)
        return bits == 4 ? avx2Dots<NibbleCodes> : avx2Dots<ByteCodes>;
#endif
    return bits == 4 ? portableDots<NibbleCodes> : portableDots<ByteCodes>;
}

// Codes of the unit vector u (n values) into codes, returning the scale s with u ~ s codes.
template <typename Code>
float quantise(const float* u, int n, float unitScale, int codeMax, int offset, Code* codes) {
    float largest = 0.0f;
    for (int d = 0; d < n; ++d)
        largest = std::max(largest, std::abs(u[d] * unitScale));
    if (!(largest > 0.0f) || !std::isfinite(largest)) {
        std::fill(codes, codes + n, static_cast<Code>(offset));
        return 0.0f;
    }
    const float toCode = float(codeMax) / largest * unitScale;
    for (int d = 0; d < n; ++d) {
        const float scaled = u[d] * toCode;  // in [-codeMax, codeMax]; rounded half away from 0
        codes[d] = static_cast<Code>(offset + int(scaled + (scaled >= 0.0f ? 0.5f : -0.5f)));
    }
    return largest / float(codeMax);
}

struct Candidate {
    float score;
    std::int32_t row;
};

// A higher score, or the same at a lower row. As the order of a std heap it puts the worst on top.
bool ranksAbove(const Candidate& x, const Candidate& y) {
    return x.score > y.score || (x.score == y.score && x.row < y.row);
}

}  // namespace

std::shared_ptr<const QuantisedScan> QuantisedScan::build(
    SharedTable table, std::shared_ptr<const Eigen::VectorXf> inverseNorms,
    const JobControl& control, int threads, int bits) {
    if (bits != 8 && bits != 4)
        throw std::invalid_argument("QuantisedScan::build: codes of 8 or 4 bits");
    if (!table)
        throw std::invalid_argument("QuantisedScan::build: no table");
    if (inverseNorms && inverseNorms->size() != table->rows())
        throw std::invalid_argument("QuantisedScan::build: one inverse norm per row expected");
    if (table->rows() > Eigen::Index(INT32_MAX) || table->cols() > 100000)
        throw std::invalid_argument("QuantisedScan::build: the table is too large");
    std::shared_ptr<QuantisedScan> scan(new QuantisedScan());
    scan->rows_ = std::int32_t(table->rows());
    scan->dim_ = int(table->cols());
    scan->bits_ = bits;
    // Dimensions padded to 16 (8 bits: one 16-byte load of codes a step) or 64 (4 bits: 32 bytes).
    scan->paddedDim_ = bits == 4
                           ? (scan->dim_ + 63) / 64 * 64
                           : (scan->dim_ + kStrideMultiple - 1) / kStrideMultiple * kStrideMultiple;
    scan->stride_ = bits == 4 ? scan->paddedDim_ / 2 : scan->paddedDim_;
    // The padding holds the code 0 (code + offset); the query's padding is 0: it adds nothing.
    scan->codes_.assign(std::size_t(scan->rows_) * std::size_t(scan->stride_),
                        bits == 4 ? kNibbleOffset * 17 : kCodeOffset);
    scan->scales_.assign(std::size_t(scan->rows_), 0.0f);

    const std::int32_t rows = scan->rows_;
    const int workers = threadCount(threads, rows, 4096);
    const std::int32_t perThread = (rows + workers - 1) / workers;
    std::atomic<std::int64_t> done{0};
    std::atomic<bool> stop{false};
    constexpr std::int32_t kReportEvery = 16384;
    onThreads(workers, [&](int t) {
        const std::int32_t begin = std::min(rows, std::int32_t(t * std::int64_t(perThread)));
        const std::int32_t end = std::min(rows, std::int32_t(begin + std::int64_t(perThread)));
        std::vector<std::uint8_t> nibbles;
        for (std::int32_t first = begin; first < end; first += kReportEvery) {
            if (stop.load(std::memory_order_relaxed) || control.cancelled()) {
                stop = true;
                return;
            }
            const std::int32_t last = std::min(end, first + kReportEvery);
            for (std::int32_t r = first; r < last; ++r) {
                const float unitScale = inverseNorms ? (*inverseNorms)[r] : 1.0f;
                std::uint8_t* codes = scan->codes_.data() + std::ptrdiff_t(r) * scan->stride_;
                if (bits == 8) {
                    scan->scales_[r] = quantise(table->row(r).data(), scan->dim_, unitScale,
                                                kCodeMax, kCodeOffset, codes);
                    continue;
                }
                nibbles.assign(std::size_t(scan->paddedDim_), std::uint8_t(kNibbleOffset));
                scan->scales_[r] = quantise(table->row(r).data(), scan->dim_, unitScale, kNibbleMax,
                                            kNibbleOffset, nibbles.data());
                for (int byte = 0; byte < scan->stride_; ++byte) {
                    const int block = byte / 16, j = byte % 16;
                    codes[byte] = std::uint8_t(nibbles[std::size_t(32 * block + j)] |
                                               nibbles[std::size_t(32 * block + 16 + j)] << 4);
                }
            }
            done += last - first;
            // Only the calling thread reports (JobControl's callback need not be thread-safe).
            if (t == 0)
                control.report(std::uint64_t(done.load()), std::uint64_t(rows));
        }
    });
    if (stop)
        throw Cancelled();
    control.report(std::uint64_t(rows), std::uint64_t(rows));
    scan->table_ = std::move(table);
    scan->inverseNorms_ = std::move(inverseNorms);
    return scan;
}

std::vector<Neighbour> QuantisedScan::nearest(const Eigen::Ref<const Eigen::RowVectorXf>& unitQuery,
                                              int k, const std::vector<std::int32_t>& exclude,
                                              std::int32_t restrictTo, int rerank,
                                              int threads) const {
    assert(unitQuery.size() == dim_ && "QuantisedScan::nearest: query has the wrong dimension");
    if (k <= 0 || rows_ == 0)
        return {};
    const std::int32_t rows = restrictTo > 0 ? std::min(rows_, restrictTo) : rows_;
    const std::size_t pool =
        std::size_t(std::max(rerank > 0 ? rerank : kDefaultRerank, k)) + exclude.size();

    QueryCodes queryCodes;
    queryCodes.narrow.assign(std::size_t(paddedDim_), 0);
    quantise(unitQuery.data(), dim_, 1.0f, kCodeMax, 0, queryCodes.narrow.data());
    queryCodes.wide.assign(queryCodes.narrow.begin(), queryCodes.narrow.end());
    if (bits_ == 4) {
        queryCodes.nibbleOrdered.resize(std::size_t(paddedDim_));
        for (int chunk = 0; chunk < stride_ / 32; ++chunk)
            for (int lane = 0; lane < 32; ++lane) {
                const int dim = 32 * (2 * chunk + lane / 16) + lane % 16;
                queryCodes.nibbleOrdered[std::size_t(64 * chunk + lane)] =
                    queryCodes.narrow[std::size_t(dim)];
                queryCodes.nibbleOrdered[std::size_t(64 * chunk + 32 + lane)] =
                    queryCodes.narrow[std::size_t(dim + 16)];
            }
    }
    const int offset = bits_ == 4 ? kNibbleOffset : kCodeOffset;
    for (const std::int8_t code : queryCodes.narrow)
        queryCodes.offsetCorrection += offset * std::int32_t(code);
    const bool excluding = !exclude.empty();
    auto excluded = [&](std::int32_t row) {
        return std::find(exclude.begin(), exclude.end(), row) != exclude.end();
    };

    // Each thread keeps the pool best of its contiguous range; the pool best of their union are
    // then the pool best overall, whatever the number of threads.
    const int workers = threadCount(threads, rows, 65536);
    const std::int32_t perThread = (rows + workers - 1) / workers;
    std::vector<std::vector<Candidate>> best(workers);
    const DotsFunction dots = dotsFunction(bits_);
    onThreads(workers, [&](int t) {
        std::vector<Candidate>& heap = best[t];
        heap.reserve(pool + 1);
        std::int32_t products[kBlockRows];
        const std::int32_t begin = std::min(rows, std::int32_t(t * std::int64_t(perThread)));
        const std::int32_t end = std::min(rows, std::int32_t(begin + std::int64_t(perThread)));
        float threshold = -std::numeric_limits<float>::infinity();
        for (std::int32_t first = begin; first < end; first += kBlockRows) {
            const std::int32_t count = std::min(kBlockRows, end - first);
            dots(codes_.data() + std::ptrdiff_t(first) * stride_, stride_, count, queryCodes,
                 products);
            for (std::int32_t j = 0; j < count; ++j) {
                const float score = float(products[j]) * scales_[std::size_t(first + j)];
                if (!(score > threshold) && heap.size() == pool)
                    continue;
                const std::int32_t row = first + j;
                if (excluding && excluded(row))
                    continue;
                heap.push_back({score, row});
                std::push_heap(heap.begin(), heap.end(), ranksAbove);
                if (heap.size() > pool) {
                    std::pop_heap(heap.begin(), heap.end(), ranksAbove);
                    heap.pop_back();
                }
                if (heap.size() == pool)
                    threshold = heap.front().score;
            }
        }
    });

    std::vector<Candidate> candidates;
    for (const std::vector<Candidate>& part : best)
        candidates.insert(candidates.end(), part.begin(), part.end());
    if (candidates.size() > pool) {
        std::nth_element(candidates.begin(), candidates.begin() + std::ptrdiff_t(pool) - 1,
                         candidates.end(),
                         [](const Candidate& x, const Candidate& y) { return ranksAbove(x, y); });
        candidates.resize(pool);
    }

    // Exact re-ranking: the same cosine the exact path computes, (x . q) / |x|.
    std::vector<Neighbour> scored;
    scored.reserve(candidates.size());
    for (const Candidate& candidate : candidates) {
        const float dot = table_->row(candidate.row).dot(unitQuery);
        const float similarity = inverseNorms_ ? dot * (*inverseNorms_)[candidate.row] : dot;
        if (!std::isnan(similarity))
            scored.push_back({candidate.row, similarity});
    }
    const std::size_t keep = std::min(scored.size(), std::size_t(k));
    std::partial_sort(scored.begin(), scored.begin() + std::ptrdiff_t(keep), scored.end(),
                      [](const Neighbour& x, const Neighbour& y) {
                          return x.similarity > y.similarity ||
                                 (x.similarity == y.similarity && x.index < y.index);
                      });
    scored.resize(keep);
    return scored;
}

std::size_t QuantisedScan::memoryBytes() const {
    return codes_.capacity() * sizeof(std::uint8_t) + scales_.capacity() * sizeof(float);
}

}  // namespace embedscope
