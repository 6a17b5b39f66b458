#include "LookupView.h"

#include <QLabel>
#include <QStringList>
#include <QVBoxLayout>

#include <algorithm>

#include "HeatStrip.h"
#include "OneHotStrip.h"

namespace embedscope {

LookupView::LookupView(QWidget* parent)
    : QWidget(parent),
      oneHot_(new OneHotStrip(this)),
      heat_(new HeatStrip(this)),
      identity_(new QLabel(this)) {
    identity_->setWordWrap(true);
    identity_->setTextFormat(Qt::RichText);
    identity_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("<b>One-hot</b> e<sub>i</sub> (V cells):"), this));
    layout->addWidget(oneHot_);
    layout->addWidget(
        new QLabel(tr("<b>Embedding row</b> W[i] (D cells; hover for values):"), this));
    layout->addWidget(heat_);
    layout->addWidget(identity_);
}

void LookupView::showNothing(std::int64_t size) {
    oneHot_->setVector(-1, size);
    heat_->setValues({});
    identity_->clear();
}

void LookupView::showLookup(std::int64_t index, std::int64_t size, const QVector<float>& row) {
    oneHot_->setVector(index, size);
    heat_->setValues(row);
    if (row.isEmpty()) {
        identity_->setText(tr("No table yet."));
        return;
    }
    // e_i^T W = W[i]: multiplying by a one-hot vector selects a row, which is why an embedding
    // layer is a lookup table.
    const int dim = row.size();
    QStringList shown;
    for (int d = 0; d < std::min(dim, kIdentityValuesShown); ++d)
        shown << QString::number(double(row[d]), 'f', 3);
    if (dim > kIdentityValuesShown)
        shown << QStringLiteral("…");
    identity_->setText(tr("<tt>e<sub>%1</sub> · W = W[%1] = [%2]</tt><br>"
                          "<small>W is %3 × %4: the single 1 of e<sub>%1</sub> (position %1) "
                          "picks row %1; %5.</small>")
                           .arg(index)
                           .arg(shown.join(QStringLiteral(", ")))
                           .arg(size)
                           .arg(dim)
                           .arg(size == 1   ? tr("there is no other row")
                                : size == 2 ? tr("the other zero picks nothing")
                                            : tr("the other %1 zeros pick nothing").arg(size - 1)));
}

std::int64_t LookupView::oneHotIndex() const {
    return oneHot_->index();
}
std::int64_t LookupView::oneHotSize() const {
    return oneHot_->size();
}
QVector<float> LookupView::row() const {
    return heat_->values();
}
QString LookupView::identityText() const {
    return identity_->text();
}

}  // namespace embedscope
