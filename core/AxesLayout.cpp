#include "AxesLayout.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "Error.h"
#include "Trainer.h"
#include "VectorSource.h"

namespace embedscope {

namespace {

std::vector<std::string> splitWords(const std::string& text) {
    std::vector<std::string> words;
    std::stringstream stream(text);
    std::string word;
    while (std::getline(stream, word, ',')) {
        const auto first = word.find_first_not_of(' ');
        const auto last = word.find_last_not_of(' ');
        if (first != std::string::npos)
            words.push_back(word.substr(first, last - first + 1));
    }
    return words;
}

std::string joinWords(const std::vector<std::string>& words) {
    if (words.size() == 1)
        return words.front();
    std::string joined = "mean(";
    for (std::size_t i = 0; i < words.size(); ++i)
        joined += (i ? ", " : "") + words[i];
    return joined + ")";
}

// Mean of the unit vectors of the given rows of vectors (a zero row adds nothing).
Eigen::VectorXf meanUnitVector(const RowMatrixXf& vectors, Eigen::Index first, Eigen::Index count) {
    Eigen::VectorXf mean = Eigen::VectorXf::Zero(vectors.cols());
    for (Eigen::Index i = first; i < first + count; ++i) {
        const float norm = vectors.row(i).norm();
        if (norm > 0)
            mean += vectors.row(i).transpose() / norm;
    }
    return mean / static_cast<float>(count);
}

}  // namespace

std::string AxisSpec::name() const {
    return joinWords(from) + " → " + joinWords(to);
}

AxisSpec parseAxisSpec(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos)
        throw Error("axis \"" + text +
                    "\": expected FROM:TO, e.g. man:woman or poor,poorer:rich,richer");
    AxisSpec axis{splitWords(text.substr(0, colon)), splitWords(text.substr(colon + 1))};
    if (axis.from.empty() || axis.to.empty())
        throw Error("axis \"" + text + "\": both ends need at least one word");
    return axis;
}

std::vector<std::string> unknownAxisWords(const std::vector<AxisSpec>& axes,
                                          const VectorSource& source) {
    std::vector<std::string> unknown;
    for (const AxisSpec& axis : axes)
        for (const auto* side : {&axis.from, &axis.to})
            for (const std::string& word : *side)
                if (source.indexOf(word) < 0 &&
                    std::find(unknown.begin(), unknown.end(), word) == unknown.end())
                    unknown.push_back(word);
    return unknown;
}

AxesLayout::AxesLayout(std::vector<AxisSpec> axes, const VectorSource& source)
    : axes_(std::move(axes)) {
    if (axes_.size() < 2 || axes_.size() > 3)
        throw Error("custom axes: give 2 or 3 axes, not " + std::to_string(axes_.size()));
    const std::vector<std::string> unknown = unknownAxisWords(axes_, source);
    if (!unknown.empty()) {
        std::string list;
        for (const std::string& word : unknown)
            list += (list.empty() ? "" : ", ") + word;
        throw Error("custom axes: not in the vocabulary: " + list);
    }
    // All the axes' words in one snapshot, side after side.
    std::vector<std::int32_t> rows;
    for (const AxisSpec& axis : axes_)
        for (const auto* side : {&axis.from, &axis.to})
            for (const std::string& word : *side)
                rows.push_back(source.indexOf(word));
    const std::shared_ptr<const Snapshot> snapshot = source.snapshot(rows);
    directions_.resize(snapshot->vectors.cols(), static_cast<Eigen::Index>(axes_.size()));
    Eigen::Index at = 0;
    for (std::size_t a = 0; a < axes_.size(); ++a) {
        const auto fromCount = static_cast<Eigen::Index>(axes_[a].from.size());
        const auto toCount = static_cast<Eigen::Index>(axes_[a].to.size());
        const Eigen::VectorXf from = meanUnitVector(snapshot->vectors, at, fromCount);
        const Eigen::VectorXf to = meanUnitVector(snapshot->vectors, at + fromCount, toCount);
        at += fromCount + toCount;
        const Eigen::VectorXf direction = to - from;
        // Ends closer than this in direction give an axis of noise.
        if (!(direction.norm() > 1e-4f))
            throw Error("custom axes: " + axes_[a].name() +
                        " has no direction (its two ends point the same way)");
        directions_.col(static_cast<Eigen::Index>(a)) = direction.normalized();
    }
}

double AxesLayout::axisCosine(int i, int j) const {
    return directions_.col(i).dot(directions_.col(j));
}

LayoutResult AxesLayout::run(const Eigen::Ref<const RowMatrixXf>& rows, const RowMatrixXf&,
                             const JobControl& control, const LayoutSink&) {
    if (rows.cols() != directions_.rows())
        throw Error("custom axes: the vectors have " + std::to_string(rows.cols()) +
                    " dimensions, the axes " + std::to_string(directions_.rows()));
    LayoutResult result;
    const Eigen::Index n = rows.rows();
    const Eigen::Index k = directions_.cols();
    result.positions.resize(n, k);
    // By blocks, so that a million rows need no unit copy of the table.
    constexpr Eigen::Index kBlock = 16384;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(k), sumSquares = Eigen::VectorXd::Zero(k);
    double totalSquares = 0;
    Eigen::RowVectorXd meanRow = Eigen::RowVectorXd::Zero(rows.cols());
    for (Eigen::Index first = 0; first < n; first += kBlock) {
        control.throwIfCancelled();
        const Eigen::Index count = std::min(kBlock, n - first);
        RowMatrixXf unit = rows.middleRows(first, count);
        for (Eigen::Index i = 0; i < count; ++i) {
            const float norm = unit.row(i).norm();
            if (norm > 0)
                unit.row(i) /= norm;
        }
        result.positions.middleRows(first, count).noalias() = unit * directions_;
        const RowMatrixXd block = result.positions.middleRows(first, count).cast<double>();
        sum += block.colwise().sum().transpose();
        sumSquares += block.colwise().squaredNorm().transpose();
        totalSquares += unit.cast<double>().squaredNorm();
        meanRow += unit.cast<double>().colwise().sum();
        control.report(static_cast<std::uint64_t>(first + count), static_cast<std::uint64_t>(n));
    }
    // Fraction of the total variance of the unit rows along each axis:
    // var_a = E[x_a^2] - E[x_a]^2 over total = E[|u|^2] - |E[u]|^2.
    if (n > 1) {
        meanRow /= double(n);
        const double total = totalSquares / double(n) - meanRow.squaredNorm();
        for (Eigen::Index a = 0; a < k; ++a) {
            const double mean = sum[a] / double(n);
            const double variance = sumSquares[a] / double(n) - mean * mean;
            result.explained.push_back(total > 0 ? std::max(0.0, variance / total) : 0.0);
        }
    }
    result.sampledRows = n;
    result.progress = {1, 1};
    return result;
}

}  // namespace embedscope
