// The glide of the scatter plot's points between projection snapshots, without a widget: every
// point follows its target on a critically damped spring, so a single update eases out and a
// stream of updates (targets changing faster than the glide lasts) moves without stutter, since a
// point keeps its velocity when its target changes. PlotViewGlide moves the view the same way.
#pragma once

#include <QPointF>
#include <QVector>
#include <QtGlobal>

#include "PlotTransform.h"

namespace embedscope {

// One step of a critically damped spring x'' = -2w x' - w^2 x (x: offset from the target),
// solved exactly over dt so that any frame rate gives the same motion:
//     x(t) = (x0 + (v0 + w x0) t) e^(-wt),    v(t) = (v0 - w (v0 + w x0) t) e^(-wt).
// decay is e^(-w dt), computed once per frame by the caller.
template <typename T>
void springStep(T& offset, T& velocity, double omega, double dt, double decay) {
    const T carried = (velocity + offset * omega) * dt;
    velocity = (velocity - carried * omega) * decay;
    offset = (offset + carried) * decay;
}

class PlotGlide {
public:
    // A step response (1 + wt) e^(-wt) is below 2% at wt = 6: glideMs = kGlideSettle / w.
    static constexpr double kGlideSettle = 6.0;

    // count points at the origin, at rest.
    void reset(qsizetype count);
    // Every point at its target, at rest.
    void jumpTo(const QVector<QPointF>& targets);
    // New targets (same size); points keep where they are and their velocity. The spring rate
    // becomes kGlideSettle / glideMs (glideMs > 0).
    void glideTo(const QVector<QPointF>& targets, int glideMs);

    // Advances every point by dtMs milliseconds. Returns whether all of them are within
    // settleDistance (data units) of their targets and would coast no further than that
    // (|v| / w); a non-finite target or position never keeps the glide from settling.
    bool step(double dtMs, double settleDistance);
    // Puts every point at its target, at rest.
    void snap();

    const QVector<QPointF>& current() const { return current_; }
    const QVector<QPointF>& target() const { return target_; }
    double springRate() const { return omega_; }  // per millisecond

private:
    QVector<QPointF> target_;    // where the glide ends
    QVector<QPointF> velocity_;  // data units per millisecond
    QVector<QPointF> current_;   // as drawn now
    double omega_ = 0.06;
};

// The view following the data: a PlotTransform's centre and log(scale) follow a fitted
// transform on the points' spring. log(scale), so that zooming in and out by the same factor
// take the same time.
class PlotViewGlide {
public:
    bool active() const { return active_; }
    // Glide towards fitted's centre and scale. A glide under way keeps its velocity (as a point
    // does when its target changes); a new one starts at rest.
    void retarget(const PlotTransform& fitted);
    // At rest, inactive: the view stays where it is.
    void stop();
    // Moves view by dtMs milliseconds at spring rate omega (per millisecond). Returns whether the
    // view is settled: the centre within settlePixels of the target and the scale within 1e-4
    // of it in log, with no more than that left to coast. True while inactive.
    bool step(PlotTransform& view, double omega, double dtMs, double settlePixels);
    // Puts view at the target (if active) and stops.
    void snap(PlotTransform& view);

private:
    bool active_ = false;
    QPointF targetCentre_, centreVelocity_;
    double targetLogScale_ = 0.0, logScaleVelocity_ = 0.0;
};

}  // namespace embedscope
