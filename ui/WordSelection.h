// The multi-word selection: a set of vector rows (vocabulary rows, not plot positions, so that it
// outlives a change of the plotted words and can hold words that are not plotted, such as the
// neighbours of the selection). selectionChanged follows every change, and only a change.
#pragma once

#include <QObject>

#include <cstdint>
#include <vector>

namespace embedscope {

class WordSelection : public QObject {
    Q_OBJECT
public:
    explicit WordSelection(QObject* parent = nullptr) : QObject(parent) {}

    const std::vector<std::int32_t>& rows() const { return rows_; }  // increasing, unique
    int count() const { return int(rows_.size()); }
    bool isEmpty() const { return rows_.empty(); }
    bool contains(std::int32_t row) const;

    // Replaces the selection by rows (any order, duplicates and negative rows dropped), or adds
    // them to it.
    void select(const std::vector<std::int32_t>& rows, bool add = false);
    void clear() { select({}, false); }

signals:
    void selectionChanged();

private:
    std::vector<std::int32_t> rows_;
};

}  // namespace embedscope
