#include "TrainingKernel.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

#include "FastSigmoid.h"

namespace embedscope {

namespace {

using RowView = Eigen::Map<Eigen::RowVectorXf>;

RowView tableRow(float* table, std::int32_t id, int dim) {
    return RowView(table + static_cast<std::ptrdiff_t>(id) * dim, dim);
}

// -log s(f) for the true word, -log s(-f) for a noise word.
float pairLoss(float logit, bool isTrueWord) {
    return isTrueWord ? -FastSigmoid::logSigmoid(logit) : -FastSigmoid::logSigmoid(-logit);
}

}  // namespace

KernelScratch::KernelScratch(int dim, int maxInputs, int maxOutputs)
    : inputGrad(maxInputs, dim),
      outputGrad(maxOutputs, dim),
      hidden(maxInputs, dim),
      gradient(maxInputs, maxOutputs) {}

double sgnsLossAndGradient(const float* input, const std::vector<const float*>& outputs, int dim,
                           double* gradInput, double* gradOutputs) {
    double loss = 0;
    for (int d = 0; d < dim; ++d)
        gradInput[d] = 0;
    for (std::size_t j = 0; j < outputs.size(); ++j) {
        const double label = j == 0 ? 1.0 : 0.0;
        double logit = 0;
        for (int d = 0; d < dim; ++d)
            logit += double(input[d]) * double(outputs[j][d]);
        const double s = 1.0 / (1.0 + std::exp(-logit));
        // -log s(f) = log(1 + e^-f); -log s(-f) = log(1 + e^f)
        loss += j == 0 ? std::log1p(std::exp(-logit)) : std::log1p(std::exp(logit));
        const double coefficient = -(label - s);
        for (int d = 0; d < dim; ++d) {
            gradInput[d] += coefficient * outputs[j][d];
            gradOutputs[j * dim + d] = coefficient * input[d];
        }
    }
    return loss;
}

void hogwildSkipGramClassic(const KernelTables& tables, std::int32_t context, std::int32_t target,
                            const std::int32_t* negatives, int negativeCount, float lr,
                            KernelScratch& scratch, KernelLoss& loss) {
    const int dim = tables.dim;
    RowView input = tableRow(tables.input, context, dim);
    auto inputGrad = scratch.inputGrad.row(0);
    inputGrad.setZero();
    double tupleLoss = 0;
    for (int j = 0; j <= negativeCount; ++j) {
        RowView output = tableRow(tables.output, j == 0 ? target : negatives[j - 1], dim);
        const float logit = input.dot(output);
        if (!std::isfinite(logit)) {
            ++loss.nonFinite;
            return;
        }
        const float g = lr * ((j == 0 ? 1.0f : 0.0f) - FastSigmoid::sigmoid(logit));
        tupleLoss += pairLoss(logit, j == 0);
        inputGrad += g * output;
        output += g * input;
    }
    input += inputGrad;
    loss.sum += tupleLoss;
    ++loss.pairs;
}

void hogwildSkipGramBatched(const KernelTables& tables, const std::int32_t* contexts,
                            int contextCount, std::int32_t target, const std::int32_t* negatives,
                            int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss) {
    const int dim = tables.dim;
    const int outputCount = 1 + negativeCount;
    auto outputId = [&](int j) { return j == 0 ? target : negatives[j - 1]; };
    auto& gradient = scratch.gradient;

    // F = U V^T and G = lr (Y - s(F)), row by row; nothing is written before every logit is known
    // to be finite.
    double tupleLoss = 0;
    for (int i = 0; i < contextCount; ++i) {
        const RowView input = tableRow(tables.input, contexts[i], dim);
        for (int j = 0; j < outputCount; ++j) {
            const float logit = input.dot(tableRow(tables.output, outputId(j), dim));
            if (!std::isfinite(logit)) {
                ++loss.nonFinite;
                return;
            }
            gradient(i, j) = lr * ((j == 0 ? 1.0f : 0.0f) - FastSigmoid::sigmoid(logit));
            tupleLoss += pairLoss(logit, j == 0);
        }
    }
    // dU = G V (contexts' gradients from the output rows as read) ...
    for (int i = 0; i < contextCount; ++i) {
        auto inputGrad = scratch.inputGrad.row(i);
        inputGrad.noalias() = gradient(i, 0) * tableRow(tables.output, target, dim);
        for (int j = 1; j < outputCount; ++j)
            inputGrad.noalias() += gradient(i, j) * tableRow(tables.output, outputId(j), dim);
    }
    // ... and dV = G^T U (output rows' gradients from the context rows as read) ...
    for (int j = 0; j < outputCount; ++j) {
        auto outputGrad = scratch.outputGrad.row(j);
        outputGrad.noalias() = gradient(0, j) * tableRow(tables.input, contexts[0], dim);
        for (int i = 1; i < contextCount; ++i)
            outputGrad.noalias() += gradient(i, j) * tableRow(tables.input, contexts[i], dim);
    }
    // ... then both are added back (repeated ids simply receive both additions).
    for (int j = 0; j < outputCount; ++j)
        tableRow(tables.output, outputId(j), dim) += scratch.outputGrad.row(j);
    for (int i = 0; i < contextCount; ++i)
        tableRow(tables.input, contexts[i], dim) += scratch.inputGrad.row(i);
    loss.sum += tupleLoss;
    loss.pairs += static_cast<std::uint64_t>(contextCount);
}

void hogwildCbowClassic(const KernelTables& tables, const std::int32_t* contexts, int contextCount,
                        std::int32_t target, const std::int32_t* negatives, int negativeCount,
                        float lr, KernelScratch& scratch, KernelLoss& loss) {
    const int dim = tables.dim;
    auto hidden = scratch.hidden.row(0);
    hidden = tableRow(tables.input, contexts[0], dim);
    for (int c = 1; c < contextCount; ++c)
        hidden += tableRow(tables.input, contexts[c], dim);
    hidden *= 1.0f / static_cast<float>(contextCount);
    auto hiddenGrad = scratch.inputGrad.row(0);
    hiddenGrad.setZero();
    double tupleLoss = 0;
    for (int j = 0; j <= negativeCount; ++j) {
        RowView output = tableRow(tables.output, j == 0 ? target : negatives[j - 1], dim);
        const float logit = hidden.dot(output);
        if (!std::isfinite(logit)) {
            ++loss.nonFinite;
            return;
        }
        const float g = lr * ((j == 0 ? 1.0f : 0.0f) - FastSigmoid::sigmoid(logit));
        tupleLoss += pairLoss(logit, j == 0);
        hiddenGrad += g * output;
        output += g * hidden;
    }
    for (int c = 0; c < contextCount; ++c)
        tableRow(tables.input, contexts[c], dim) += hiddenGrad;
    loss.sum += tupleLoss;
    ++loss.pairs;
}

void hogwildCbowBatched(const KernelTables& tables, const CbowExample* examples, int exampleCount,
                        const std::int32_t* contexts, const std::int32_t* negatives,
                        int negativeCount, float lr, KernelScratch& scratch, KernelLoss& loss) {
    const int dim = tables.dim;
    auto& gradient = scratch.gradient;  // column 0: each example's own target; 1..k: negatives
    double tupleLoss = 0;
    for (int b = 0; b < exampleCount; ++b) {
        const CbowExample& example = examples[b];
        const std::int32_t* exampleContexts = contexts + example.contextBegin;
        auto hidden = scratch.hidden.row(b);
        hidden = tableRow(tables.input, exampleContexts[0], dim);
        for (int c = 1; c < example.contextCount; ++c)
            hidden += tableRow(tables.input, exampleContexts[c], dim);
        hidden *= 1.0f / static_cast<float>(example.contextCount);
        for (int j = 0; j <= negativeCount; ++j) {
            const std::int32_t id = j == 0 ? example.target : negatives[j - 1];
            if (j > 0 && id == example.target) {
                gradient(b, j) = 0;  // the true word cannot be its own noise word
                continue;
            }
            const float logit = hidden.dot(tableRow(tables.output, id, dim));
            if (!std::isfinite(logit)) {
                ++loss.nonFinite;
                return;
            }
            gradient(b, j) = lr * ((j == 0 ? 1.0f : 0.0f) - FastSigmoid::sigmoid(logit));
            tupleLoss += pairLoss(logit, j == 0);
        }
    }
    // dH = G V, with V_b = [target_b; negatives].
    for (int b = 0; b < exampleCount; ++b) {
        auto hiddenGrad = scratch.inputGrad.row(b);
        hiddenGrad.noalias() = gradient(b, 0) * tableRow(tables.output, examples[b].target, dim);
        for (int j = 1; j <= negativeCount; ++j)
            hiddenGrad.noalias() += gradient(b, j) * tableRow(tables.output, negatives[j - 1], dim);
    }
    // dV: each target row from its own example, each negative row from all examples (G^T H).
    for (int j = 1; j <= negativeCount; ++j) {
        auto outputGrad = scratch.outputGrad.row(j - 1);
        outputGrad.noalias() = gradient(0, j) * scratch.hidden.row(0);
        for (int b = 1; b < exampleCount; ++b)
            outputGrad.noalias() += gradient(b, j) * scratch.hidden.row(b);
    }
    for (int b = 0; b < exampleCount; ++b)
        tableRow(tables.output, examples[b].target, dim) += gradient(b, 0) * scratch.hidden.row(b);
    for (int j = 1; j <= negativeCount; ++j)
        tableRow(tables.output, negatives[j - 1], dim) += scratch.outputGrad.row(j - 1);
    for (int b = 0; b < exampleCount; ++b) {
        const std::int32_t* exampleContexts = contexts + examples[b].contextBegin;
        for (int c = 0; c < examples[b].contextCount; ++c)
            tableRow(tables.input, exampleContexts[c], dim) += scratch.inputGrad.row(b);
    }
    loss.sum += tupleLoss;
    loss.pairs += static_cast<std::uint64_t>(exampleCount);
}

void hogwildCopyRows(const float* table, int dim, const std::int32_t* rows, std::size_t rowCount,
                     float* out) {
    for (std::size_t i = 0; i < rowCount; ++i)
        std::memcpy(out + i * std::size_t(dim), table + std::size_t(rows[i]) * std::size_t(dim),
                    sizeof(float) * std::size_t(dim));
}

void hogwildCopy(const float* table, std::size_t count, float* out) {
    std::memcpy(out, table, sizeof(float) * count);
}

float hogwildLargestMagnitude(const float* table, std::size_t count) {
    float largest = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const float magnitude = std::fabs(table[i]);
        if (std::isnan(magnitude))
            return magnitude;
        largest = std::max(largest, magnitude);
    }
    return largest;
}

}  // namespace embedscope
