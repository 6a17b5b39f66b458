#include "NeighboursPanel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ReplayCursor.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

constexpr int kRowRole = Qt::UserRole + 1;

QTreeWidget* makeResultList(QWidget* parent) {
    auto* list = new QTreeWidget(parent);
    list->setColumnCount(3);
    list->setHeaderLabels({QObject::tr("#"), QObject::tr("Word"), QObject::tr("Cosine")});
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    return list;
}

void fill(QTreeWidget* list, TrainingController* controller, const std::vector<Neighbour>& items) {
    list->clear();
    int rank = 1;
    for (const Neighbour& item : items) {
        auto* row =
            new QTreeWidgetItem(list, {QString::number(rank++), controller->wordAt(item.index),
                                       QString::number(double(item.similarity), 'f', 3)});
        row->setData(1, kRowRole, item.index);
        row->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
    }
}

QStringList wordsOf(const QTreeWidget* list) {
    QStringList words;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        words << list->topLevelItem(i)->text(1);
    return words;
}

}  // namespace

NeighboursPanel::NeighboursPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent),
      controller_(controller),
      title_(new QLabel(this)),
      kSpin_(new QSpinBox(this)),
      neighbours_(makeResultList(this)),
      analogyStatus_(new QLabel(this)),
      analogyResults_(makeResultList(this)) {
    kSpin_->setRange(1, 100);
    kSpin_->setValue(10);
    kSpin_->setPrefix(tr("top "));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto* head = new QHBoxLayout;
    head->addWidget(title_, 1);
    head->addWidget(kSpin_);
    layout->addLayout(head);
    layout->addWidget(neighbours_, 2);

    auto* analogyRow = new QHBoxLayout;
    const QString placeholders[3] = {tr("man"), tr("king"), tr("woman")};
    for (int i = 0; i < 3; ++i) {
        analogy_[i] = new QLineEdit(this);
        analogy_[i]->setPlaceholderText(placeholders[i]);
        connect(analogy_[i], &QLineEdit::returnPressed, this, &NeighboursPanel::solveAnalogy);
    }
    analogyRow->addWidget(analogy_[0]);
    analogyRow->addWidget(new QLabel(QStringLiteral(":"), this));
    analogyRow->addWidget(analogy_[1]);
    analogyRow->addWidget(new QLabel(QStringLiteral("::"), this));
    analogyRow->addWidget(analogy_[2]);
    analogyRow->addWidget(new QLabel(QStringLiteral(": ?"), this));
    auto* solve = new QPushButton(tr("Solve"), this);
    analogyRow->addWidget(solve);
    layout->addWidget(new QLabel(tr("<b>Analogy</b> a : b :: c : ?  (b − a + c, cosine)"), this));
    layout->addLayout(analogyRow);
    layout->addWidget(analogyStatus_);
    layout->addWidget(analogyResults_, 1);

    connect(solve, &QPushButton::clicked, this, &NeighboursPanel::solveAnalogy);
    connect(kSpin_, &QSpinBox::valueChanged, this, &NeighboursPanel::refresh);
    for (QTreeWidget* list : {neighbours_, analogyResults_})
        connect(list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
            emit wordActivated(item->data(1, kRowRole).toInt());
        });
    refresh();
}

void NeighboursPanel::setCompleter(QCompleter* completer) {
    for (QLineEdit* edit : analogy_)
        edit->setCompleter(completer);
}

int NeighboursPanel::neighbourCount() const {
    return kSpin_->value();
}

void NeighboursPanel::setSelectedRow(int row) {
    selectedRow_ = row;
    refresh();
}

QString NeighboursPanel::titleText() const {
    return title_->text();
}

void NeighboursPanel::setReplayCursor(std::shared_ptr<const ReplayCursor> cursor) {
    cursor_ = std::move(cursor);
    refresh();
}

void NeighboursPanel::refresh() {
    refreshAnalogy();
    if (selectedRow_ < 0) {
        title_->setText(tr("Select a word to see its neighbours."));
        neighbours_->clear();
        return;
    }
    const QString word = controller_->wordAt(selectedRow_).toHtmlEscaped();
    if (cursor_ && cursor_->tracks(selectedRow_)) {
        title_->setText(tr("Nearest to <b>%1</b> among the %2 recorded words, at frame %3 of %4")
                            .arg(word)
                            .arg(cursor_->rows().size())
                            .arg(cursor_->index() + 1)
                            .arg(cursor_->count()));
        fill(neighbours_, controller_, cursor_->nearest(selectedRow_, kSpin_->value()));
        return;
    }
    const std::vector<Neighbour> items = controller_->nearest(selectedRow_, kSpin_->value());
    title_->setText(
        items.empty() ? tr("<b>%1</b>: neighbours appear once the index is built")
                            .arg(controller_->wordAt(selectedRow_).toHtmlEscaped())
        : cursor_ ? tr("Nearest to <b>%1</b> now (it was not recorded in the timeline)").arg(word)
                  : tr("Nearest to <b>%1</b>").arg(word));
    fill(neighbours_, controller_, items);
}

void NeighboursPanel::refreshAnalogy() {
    // A filled-in analogy follows the training like the neighbour list does.
    for (QLineEdit* edit : analogy_)
        if (edit->text().trimmed().isEmpty())
            return;
    solveAnalogy();
}

void NeighboursPanel::setAnalogy(const QString& a, const QString& b, const QString& c) {
    analogy_[0]->setText(a);
    analogy_[1]->setText(b);
    analogy_[2]->setText(c);
    solveAnalogy();
}

void NeighboursPanel::solveAnalogy() {
    std::int32_t rows[3];
    for (int i = 0; i < 3; ++i) {
        const QString word = analogy_[i]->text().trimmed();
        rows[i] = controller_->indexOf(word);
        if (rows[i] < 0) {
            analogyStatus_->setText(word.isEmpty()
                                        ? tr("Fill in the three words.")
                                        : tr("“%1” is not in the vocabulary.").arg(word));
            analogyResults_->clear();
            return;
        }
    }
    const auto items = controller_->analogy(rows[0], rows[1], rows[2], kSpin_->value());
    analogyStatus_->setText(items.empty() ? tr("No neighbour index yet: train first.") : QString());
    fill(analogyResults_, controller_, items);
}

QStringList NeighboursPanel::neighbourWords() const {
    return wordsOf(neighbours_);
}
QStringList NeighboursPanel::analogyWords() const {
    return wordsOf(analogyResults_);
}

}  // namespace embedscope
