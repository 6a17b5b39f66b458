#include "SearchBar.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QToolBar>

#include "PlotArea.h"
#include "ScatterPlot.h"
#include "SearchFeedback.h"

namespace embedscope {

SearchBar::SearchBar(QToolBar* bar, PlotArea* plotArea, ScatterPlot* plot, QCompleter* completer)
    : QObject(bar), plotArea_(plotArea) {
    edit_ = new QLineEdit(bar);
    edit_->setPlaceholderText(tr("Search words (Ctrl+F): highlight, Enter selects"));
    edit_->setClearButtonEnabled(true);
    edit_->setMaximumWidth(320);
    edit_->setMinimumWidth(160);
    edit_->setCompleter(completer);
    regex_ = new QCheckBox(tr("regex"), bar);
    count_ = new QLabel(bar);
    count_->setMinimumWidth(90);
    count_->setIndent(8);
    bar->addWidget(edit_);
    bar->addWidget(regex_);
    bar->addWidget(count_);
    // The count (or why the pattern is invalid) follows the plot, also when its words change.
    connect(plot, &ScatterPlot::highlightChanged, count_,
            [this, plot] { showSearchFeedback(*plot, *edit_, *count_); });
    connect(edit_, &QLineEdit::textChanged, this, &SearchBar::applySearch);
    connect(regex_, &QCheckBox::toggled, this, &SearchBar::applySearch);
    connect(edit_, &QLineEdit::returnPressed, this,
            [this] { emit wordEntered(edit_->text().trimmed()); });
}

void SearchBar::applySearch() {
    plotArea_->setHighlight(edit_->text(), regex_->isChecked());
}

void SearchBar::focus() {
    edit_->setFocus();
    edit_->selectAll();
}

void SearchBar::highlightAgain() {
    if (!edit_->text().isEmpty())
        applySearch();
}

}  // namespace embedscope
