// An embedding row drawn as D coloured cells (diverging map, symmetric about zero), with the value
// of the cell under the cursor as a tooltip.
#pragma once

#include <QVector>
#include <QWidget>

namespace embedscope {

class HeatStrip : public QWidget {
    Q_OBJECT
public:
    explicit HeatStrip(QWidget* parent = nullptr);

    void setValues(const QVector<float>& values);
    const QVector<float>& values() const { return values_; }
    // The colour scale: |value| >= range is full colour. 0 picks max |value| of the row.
    void setRange(double range);
    double effectiveRange() const;
    // The cell under a widget x coordinate, or -1.
    int cellAt(double x) const;

    QSize sizeHint() const override { return {400, 22}; }
    QSize minimumSizeHint() const override { return {120, 22}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QVector<float> values_;
    double range_ = 0;
};

}  // namespace embedscope
