// The glide of the scatter plot's points between projection snapshots, without a widget: every
// point follows its target on a critically damped spring, so a single update eases out and a
// stream of updates (targets changing faster than the glide lasts) moves without stutter, since a
// point keeps its velocity when its target changes.
#pragma once

#include <QPointF>
#include <QVector>
#include <QtGlobal>

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

}  // namespace embedscope
