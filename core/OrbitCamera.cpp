#include "OrbitCamera.h"

#include <cmath>
#include <limits>

namespace embedscope {

OrbitCamera::OrbitCamera() {
    updateFrame();
}

void OrbitCamera::setViewport(double width, double height) {
    width_ = std::isfinite(width) && width > 1.0 ? width : 1.0;
    height_ = std::isfinite(height) && height > 1.0 ? height : 1.0;
    updateFrame();
}

void OrbitCamera::setTarget(const Eigen::Vector3d& target) {
    if (target.allFinite())
        target_ = target;
    updateFrame();
}

void OrbitCamera::setYaw(double radians) {
    if (!std::isfinite(radians))
        return;
    // Into (-pi, pi]: remainder keeps it exact for small angles and bounded for long drags.
    double wrapped = std::remainder(radians, 2.0 * kPi);
    if (wrapped <= -kPi)
        wrapped += 2.0 * kPi;
    yaw_ = wrapped;
    updateFrame();
}

void OrbitCamera::setPitch(double radians) {
    if (!std::isfinite(radians))
        return;
    pitch_ = std::clamp(radians, -kMaxPitch, kMaxPitch);
    updateFrame();
}

void OrbitCamera::setDistance(double distance) {
    if (std::isnan(distance))
        return;
    distance_ = std::clamp(distance, kMinDistance, kMaxDistance);
    updateFrame();
}

void OrbitCamera::setFieldOfView(double verticalDegrees) {
    if (!std::isfinite(verticalDegrees))
        return;
    fovDegrees_ = std::clamp(verticalDegrees, 5.0, 120.0);
    updateFrame();
}

void OrbitCamera::updateFrame() {
    const double ca = std::cos(yaw_), sa = std::sin(yaw_);
    const double cb = std::cos(pitch_), sb = std::sin(pitch_);
    back_ = Eigen::Vector3d(cb * sa, sb, cb * ca);
    right_ = Eigen::Vector3d(ca, 0.0, -sa);
    up_ = Eigen::Vector3d(-sb * sa, cb, -sb * ca);
    eye_ = target_ + distance_ * back_;
    focal_ = 0.5 * height_ / std::tan(0.5 * fovDegrees_ * kPi / 180.0);
}

void OrbitCamera::projectAll(const float* xyz, std::size_t n, ScreenPoint* out) const {
    for (std::size_t i = 0; i < n; ++i)
        out[i] = project(Eigen::Vector3d(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]));
}

void OrbitCamera::rotateByPixels(double dx, double dy) {
    if (!std::isfinite(dx) || !std::isfinite(dy))
        return;
    setYaw(yaw_ - dx * kRadiansPerPixel);
    setPitch(pitch_ + dy * kRadiansPerPixel);
}

void OrbitCamera::zoomBySteps(double steps) {
    // pow may overflow to infinity or underflow to 0: setDistance clamps either.
    if (std::isfinite(steps))
        setDistance(distance_ * std::pow(kWheelZoom, -steps));
}

void OrbitCamera::zoomBy(double factor) {
    if (factor > 0.0)  // also refuses NaN
        setDistance(distance_ / factor);
}

void OrbitCamera::panByPixels(double dx, double dy) {
    if (!std::isfinite(dx) || !std::isfinite(dy))
        return;
    // At the target's depth (the distance) a pixel spans distance / f world units. Content moving
    // right and down means the target moving left and up.
    const double unitsPerPixel = distance_ / focal_;
    setTarget(target_ - unitsPerPixel * (dx * right_ - dy * up_));
}

void OrbitCamera::fit(const float* xyz, std::size_t n, double margin) {
    yaw_ = kDefaultYaw;
    pitch_ = kDefaultPitch;
    fitKeepingOrientation(xyz, n, margin);
}

void OrbitCamera::fitKeepingOrientation(const float* xyz, std::size_t n, double margin) {
    const double inf = std::numeric_limits<double>::infinity();
    Eigen::Vector3d low(inf, inf, inf), high(-inf, -inf, -inf);
    for (std::size_t i = 0; i < n; ++i) {
        const Eigen::Vector3d p(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        if (!p.allFinite())
            continue;
        low = low.cwiseMin(p);
        high = high.cwiseMax(p);
    }
    Eigen::Vector3d centre = Eigen::Vector3d::Zero();
    double radius = 1.0;
    if (low.x() <= high.x()) {
        centre = 0.5 * (low + high);
        double farthest2 = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const Eigen::Vector3d p(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
            if (p.allFinite())
                farthest2 = std::max(farthest2, (p - centre).squaredNorm());
        }
        // One point (or all at one place) still gets a finite, non-zero view.
        radius = std::sqrt(farthest2);
        if (!(radius > 1e-12))
            radius = std::max(1.0, centre.norm()) * 1e-3;
    }
    // A sphere of radius r seen from distance D fills a cone of half-angle asin(r / D); it lies
    // inside the field of view when that is at most the narrower half-angle. The margin narrows
    // the usable half-angle so that points keep off the edges.
    const double halfY = 0.5 * fovDegrees_ * kPi / 180.0;
    const double halfX = std::atan(std::tan(halfY) * width_ / height_);
    const double usable =
        std::atan(std::tan(std::min(halfX, halfY)) * (1.0 - 2.0 * std::clamp(margin, 0.0, 0.4)));
    target_ = centre;
    distance_ = std::clamp(radius / std::sin(usable), kMinDistance, kMaxDistance);
    updateFrame();
}

}  // namespace embedscope
