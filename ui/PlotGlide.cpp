#include "PlotGlide.h"

#include <algorithm>
#include <cmath>

namespace embedscope {

void PlotGlide::reset(qsizetype count) {
    target_ = current_ = velocity_ = QVector<QPointF>(count, QPointF(0, 0));
}

void PlotGlide::jumpTo(const QVector<QPointF>& targets) {
    target_ = current_ = targets;
    velocity_.fill(QPointF(0, 0), targets.size());
}

void PlotGlide::glideTo(const QVector<QPointF>& targets, int glideMs) {
    if (targets.size() != current_.size()) {
        jumpTo(targets);
        return;
    }
    target_ = targets;
    omega_ = kGlideSettle / std::max(1, glideMs);
}

bool PlotGlide::step(double dtMs, double settleDistance) {
    const double omega = omega_;
    const double decay = std::exp(-omega * dtMs);
    double maxOffset2 = 0.0, maxVelocity2 = 0.0;
    const qsizetype n = current_.size();
    QPointF* current = current_.data();
    QPointF* velocity = velocity_.data();
    const QPointF* target = target_.constData();
    for (qsizetype i = 0; i < n; ++i) {
        QPointF offset = current[i] - target[i];
        springStep(offset, velocity[i], omega, dtMs, decay);
        current[i] = target[i] + offset;
        // NaN never compares greater, so a non-finite target cannot keep the glide going.
        maxOffset2 = std::max(maxOffset2, QPointF::dotProduct(offset, offset));
        maxVelocity2 = std::max(maxVelocity2, QPointF::dotProduct(velocity[i], velocity[i]));
    }
    const double settle2 = settleDistance * settleDistance;
    return maxOffset2 < settle2 && maxVelocity2 < settle2 * omega * omega;
}

void PlotGlide::snap() {
    current_ = target_;
    velocity_.fill(QPointF(0, 0));
}

void PlotViewGlide::retarget(const PlotTransform& fitted) {
    if (!active_) {
        centreVelocity_ = QPointF(0, 0);
        logScaleVelocity_ = 0.0;
    }
    active_ = true;
    targetCentre_ = fitted.dataCentre();
    targetLogScale_ = std::log(fitted.scale());
}

void PlotViewGlide::stop() {
    active_ = false;
    centreVelocity_ = QPointF(0, 0);
    logScaleVelocity_ = 0.0;
}

bool PlotViewGlide::step(PlotTransform& view, double omega, double dtMs, double settlePixels) {
    if (!active_)
        return true;
    const double decay = std::exp(-omega * dtMs);
    QPointF centreOffset = view.dataCentre() - targetCentre_;
    double logScaleOffset = std::log(view.scale()) - targetLogScale_;
    springStep(centreOffset, centreVelocity_, omega, dtMs, decay);
    springStep(logScaleOffset, logScaleVelocity_, omega, dtMs, decay);
    view.setDataCentre(targetCentre_ + centreOffset);
    view.setScale(std::exp(targetLogScale_ + logScaleOffset));
    const double pixels = std::hypot(centreOffset.x(), centreOffset.y()) * view.scale();
    return pixels < settlePixels && std::abs(logScaleOffset) < 1e-4 &&
           std::abs(logScaleVelocity_) / omega < 1e-4;
}

void PlotViewGlide::snap(PlotTransform& view) {
    if (active_) {
        view.setDataCentre(targetCentre_);
        view.setScale(std::exp(targetLogScale_));
    }
    stop();
}

}  // namespace embedscope
