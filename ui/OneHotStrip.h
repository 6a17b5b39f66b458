// The one-hot vector e_i of a V-word vocabulary drawn as a strip of V cells with cell i lit.
// When V cells do not fit (fewer than kMinCellPixels each), consecutive words share a bin and the
// bin holding i is lit and marked, so the picture stays honest: one lit place among V.
#pragma once

#include <QWidget>

#include <cstdint>

namespace embedscope {

class OneHotStrip : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMinCellPixels = 3;
    explicit OneHotStrip(QWidget* parent = nullptr);

    void setVector(std::int64_t index, std::int64_t size);  // index -1: nothing selected
    std::int64_t index() const { return index_; }
    std::int64_t size() const { return size_; }
    // Words per cell at the current width (1 when every word has its own cell).
    std::int64_t wordsPerBin() const;
    // The line under the strip, e.g. "1 at 172 (bin of 4 words), 0 in the other 517"; empty when
    // nothing is selected.
    QString caption() const;

    QSize sizeHint() const override { return {400, 46}; }
    QSize minimumSizeHint() const override { return {120, 46}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::int64_t index_ = -1;
    std::int64_t size_ = 0;
};

}  // namespace embedscope
