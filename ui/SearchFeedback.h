// What the search bar says about the plot's highlight, beside the search box: how many plotted
// words match, or, for an invalid regular expression, where and why ("invalid pattern at
// character 12: unmatched closing parenthesis") instead of a silent "0 matches".
#pragma once

class QLabel;
class QLineEdit;

namespace embedscope {

class ScatterPlot;

// The label gets plot.highlightSummary(), cut to kMaxSearchFeedbackWidth pixels with an ellipsis
// (the whole text is its tooltip), so that a long message does not squeeze the search box. An
// invalid pattern is shown in red, in the label and in the search box, whose tooltip then gives
// the reason too: the box itself shows the problem when the toolbar is too narrow for the label.
void showSearchFeedback(const ScatterPlot& plot, QLineEdit& searchBox, QLabel& label);

inline constexpr int kMaxSearchFeedbackWidth = 420;

}  // namespace embedscope
