// The Help menu's windows: the guide, the lesson (a non-modal LessonDialog, made on first use and
// raised when open again), the lesson's offer at the first start, and About.
#pragma once

#include <QObject>
#include <QPointer>

class QMainWindow;
class QWidget;

namespace embedscope {

class LessonDialog;

class HelpActions : public QObject {
    Q_OBJECT
public:
    explicit HelpActions(QMainWindow* window);

    void showGuide();
    void showLesson();
    LessonDialog* lessonDialog() const;
    // At the first start only (a QSettings flag): a bar above the plot offers the lesson. It asks
    // nothing and blocks nothing. Returns whether the offer was shown.
    bool offerLessonOnce();
    QWidget* lessonOffer() const { return lessonOffer_; }
    void showAbout();

signals:
    // The lesson's last step asks for the built-in corpus, trained.
    void lessonTrainingRequested();

private:
    QMainWindow* window_;
    QPointer<QWidget> guide_;
    QPointer<LessonDialog> lesson_;
    QPointer<QWidget> lessonOffer_;
};

}  // namespace embedscope
