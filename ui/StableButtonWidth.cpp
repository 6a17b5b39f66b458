#include "StableButtonWidth.h"

#include <QAction>
#include <QFontMetrics>
#include <QToolButton>
#include <QVariant>

#include <algorithm>

namespace embedscope {

namespace {

constexpr const char* kTextVariantsProperty = "embedscopeTextVariants";

// The text as a button shows it: without the mnemonic markers.
QString shownText(QString text) {
    return text.replace(QStringLiteral("&&"), QStringLiteral("\x01"))
        .remove(QLatin1Char('&'))
        .replace(QLatin1Char('\x01'), QLatin1Char('&'));
}

}  // namespace

void setTextVariants(QAction* action, const QStringList& texts) {
    action->setProperty(kTextVariantsProperty, texts);
}

int widestTextWidth(const QToolButton* button) {
    const QFontMetrics metrics(button->font());
    const int shown = metrics.horizontalAdvance(button->text());
    int widest = shown;
    if (const QAction* action = button->defaultAction())
        for (const QString& text : action->property(kTextVariantsProperty).toStringList())
            widest = std::max(widest, metrics.horizontalAdvance(shownText(text)));
    return button->sizeHint().width() - shown + widest;
}

void keepWidthForEveryText(QToolButton* button) {
    button->setFixedWidth(widestTextWidth(button));
}

}  // namespace embedscope
