// One embedding lookup on screen: word i's one-hot vector e_i (a strip of V cells, one lit), its
// row W[i] (a heat strip), and the identity e_i · W = W[i] written out with the actual numbers.
// The Inspector shows the selected word's lookup in the live table with it; the lesson shows the
// tiny "I like dogs" table's.
#pragma once

#include <QVector>
#include <QWidget>

#include <cstdint>

class QLabel;

namespace embedscope {

class OneHotStrip;
class HeatStrip;

class LookupView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kIdentityValuesShown = 8;

    explicit LookupView(QWidget* parent = nullptr);

    // Word index of a vocabulary of size, and its row (empty: there is no table yet).
    void showLookup(std::int64_t index, std::int64_t size, const QVector<float>& row);
    // No word: size empty cells, no row, no identity.
    void showNothing(std::int64_t size);

    std::int64_t oneHotIndex() const;
    std::int64_t oneHotSize() const;
    QVector<float> row() const;
    QString identityText() const;
    const OneHotStrip* oneHotStrip() const { return oneHot_; }
    const HeatStrip* heatStrip() const { return heat_; }

private:
    OneHotStrip* oneHot_;
    HeatStrip* heat_;
    QLabel* identity_;
};

}  // namespace embedscope
