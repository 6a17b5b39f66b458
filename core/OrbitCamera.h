// The camera of the 3-D view, without a widget: it orbits a target point, looking at it from a
// direction given by yaw and pitch, at a distance, with a perspective of a given vertical field
// of view.
//
// With yaw a and pitch b, the eye sits at target + distance * back, where
//     back  = (cos b sin a, sin b, cos b cos a)       (from the target towards the eye)
//     right = (cos a, 0, -sin a)
//     up    = (-sin b sin a, cos b, -sin b cos a)
// an orthonormal, right-handed frame (right x up = back). At yaw 0 and pitch 0 the camera looks
// down -z with +x to the right and +y up; yaw 90 degrees moves the eye to the +x side, so +x
// comes towards the viewer. A point p has camera coordinates (q.right, q.up, -q.back) with
// q = p - eye; the last is its depth in front of the eye. On a viewport of w by h pixels it is
// drawn at
//     x = w/2 + f (q.right) / depth,    y = h/2 - f (q.up) / depth,    f = (h/2) / tan(fov/2)
// (y pointing down as on screen), and one world unit at that depth spans f / depth pixels.
//
// Pitch stays kMaxPitch short of the poles: at +-90 degrees "right" would be undefined and the
// view would spin about the line of sight.
#pragma once

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>

namespace embedscope {

struct ScreenPoint {
    double x = 0.0, y = 0.0;  // pixels, y down
    double depth = 0.0;       // distance in front of the eye along the line of sight
    bool visible = false;     // in front of the near plane (x, y may still be off the viewport)
};

class OrbitCamera {
public:
    static constexpr double kPi = 3.14159265358979323846;
    static constexpr double kMaxPitch = 85.0 * kPi / 180.0;
    static constexpr double kRadiansPerPixel = 0.01;  // a drag across 314 pixels turns 180 degrees
    static constexpr double kWheelZoom = 1.2;         // distance divided by this per wheel step
    // Points nearer to the eye than this fraction of the distance to the target are not drawn.
    static constexpr double kNearFraction = 1e-3;
    // The orientation reset() and fit() return to: a little from the right and from above, so
    // that the cloud shows its depth, with PC1 (x) still mostly across and PC2 (y) mostly up.
    static constexpr double kDefaultYaw = 25.0 * kPi / 180.0;
    static constexpr double kDefaultPitch = 15.0 * kPi / 180.0;

    OrbitCamera();

    void setViewport(double width, double height);
    double viewportWidth() const { return width_; }
    double viewportHeight() const { return height_; }

    void setTarget(const Eigen::Vector3d& target);
    const Eigen::Vector3d& target() const { return target_; }
    void setYaw(double radians);  // any angle, kept in (-pi, pi]
    double yaw() const { return yaw_; }
    void setPitch(double radians);  // clamped to [-kMaxPitch, kMaxPitch]
    double pitch() const { return pitch_; }
    void setDistance(double distance);  // clamped to [kMinDistance, kMaxDistance]; NaN ignored
    double distance() const { return distance_; }
    void setFieldOfView(double verticalDegrees);  // clamped to [5, 120]
    double fieldOfView() const { return fovDegrees_; }
    static constexpr double kMinDistance = 1e-6;
    static constexpr double kMaxDistance = 1e9;

    const Eigen::Vector3d& eye() const { return eye_; }
    const Eigen::Vector3d& right() const { return right_; }
    const Eigen::Vector3d& up() const { return up_; }
    const Eigen::Vector3d& back() const { return back_; }
    double focalPixels() const { return focal_; }  // f above

    ScreenPoint project(const Eigen::Vector3d& point) const {
        const Eigen::Vector3d q = point - eye_;
        ScreenPoint s;
        s.depth = -q.dot(back_);
        s.visible = s.depth > kNearFraction * distance_;
        const double perDepth = focal_ / (s.visible ? s.depth : kNearFraction * distance_);
        s.x = 0.5 * width_ + perDepth * q.dot(right_);
        s.y = 0.5 * height_ - perDepth * q.dot(up_);
        return s;
    }
    // Pixels one world unit spans at depth (the size cue of a point there).
    double pixelsPerUnitAt(double depth) const {
        return focal_ / std::max(depth, kNearFraction * distance_);
    }
    // n points of xyz (x0, y0, z0, x1, ...) into out[0 .. n).
    void projectAll(const float* xyz, std::size_t n, ScreenPoint* out) const;

    // A drag of (dx, dy) pixels turns the scene with the cursor: right turns the front of the
    // cloud to the right (the eye moves left, yaw decreases), down tips its top towards the viewer
    // (the eye rises, pitch increases).
    void rotateByPixels(double dx, double dy);
    // steps > 0 (the wheel turned away from the user) moves closer: distance / kWheelZoom^steps.
    void zoomBySteps(double steps);
    void zoomBy(double factor);  // distance / factor; factor > 0
    // Moves the target in the view plane so that what is at the target's depth follows a drag of
    // (dx, dy) pixels (right and down on screen).
    void panByPixels(double dx, double dy);

    // The default orientation (kDefaultYaw, kDefaultPitch), the target at the centre of the
    // points' bounding box, and the distance at which the sphere around the target through the
    // farthest point fills the narrower field of view but for `margin` (a fraction) on each side.
    // A sphere looks the same from every side: the points stay in view however the camera turns
    // afterwards (a wide, flat cloud leaves some room across in exchange).
    // Non-finite points are skipped; no finite point: the unit sphere at the origin.
    void fit(const float* xyz, std::size_t n, double margin = 0.06);
    // Fit to the points keeping the current orientation.
    void fitKeepingOrientation(const float* xyz, std::size_t n, double margin = 0.06);

private:
    void updateFrame();

    double width_ = 100.0, height_ = 100.0;
    Eigen::Vector3d target_ = Eigen::Vector3d::Zero();
    double yaw_ = kDefaultYaw, pitch_ = kDefaultPitch;
    double distance_ = 3.0;
    double fovDegrees_ = 40.0;
    // Derived by updateFrame().
    Eigen::Vector3d eye_, right_, up_, back_;
    double focal_ = 1.0;
};

}  // namespace embedscope
