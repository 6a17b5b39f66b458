// Work the user waits for but the window must not freeze over (writing an export, saving a
// session): it runs through the job helper while a window-modal progress dialog, shown after
// 300 ms, keeps the window painting and offers Cancel. The caller gets the outcome back as if the
// call were synchronous; the dialog being window-modal, nothing else can start meanwhile.
#pragma once

#include <QEventLoop>
#include <QObject>
#include <QProgressDialog>
#include <QString>
#include <QWidget>

#include <functional>
#include <utility>

#include "JobRunner.h"

namespace embedscope {

template <class T>
JobOutcome<T> runWithProgressDialog(QWidget* window, const QString& label,
                                    std::function<T(const JobControl&)> work) {
    JobRunner jobs(JobRunner::Policy::CancelRunning);
    QEventLoop loop;
    JobOutcome<T> outcome;
    bool ended = false;
    jobs.run<T>(std::move(work), [&outcome, &ended, &loop](JobOutcome<T> delivered) {
        outcome = std::move(delivered);
        ended = true;
        loop.quit();
    });
    QProgressDialog dialog(label, QObject::tr("Cancel"), 0, 1000, window);
    dialog.setWindowModality(Qt::WindowModal);
    dialog.setMinimumDuration(300);
    dialog.setAutoClose(false);
    dialog.setAutoReset(false);
    QObject::connect(&dialog, &QProgressDialog::canceled, &jobs, &JobRunner::cancel);
    QObject::connect(&jobs, &JobRunner::progress, &dialog, [&dialog](double fraction) {
        dialog.setValue(static_cast<int>(1000.0 * fraction));
    });
    if (!ended)
        loop.exec();
    // The loop can also end from outside (the application quitting): no value then, which the
    // caller must see as a cancel.
    if (!ended)
        outcome.cancelled = true;
    return outcome;
}

}  // namespace embedscope
