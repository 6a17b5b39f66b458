// Work the user waits for but the window must not freeze over (writing an export, saving a
// session): it runs through the job helper while a window-modal progress dialog, shown after
// 300 ms, keeps the window painting and offers Cancel. The caller gets the outcome back as if the
// call were synchronous; the dialog being window-modal, nothing else can start meanwhile.
#pragma once

#include <QEventLoop>
#include <QObject>
#include <QProgressDialog>
#include <QStatusBar>
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

// An export's write (write(control) makes the file at path, atomically) with the progress dialog:
// true when written; a cancel is said in the status bar (no file changed), an error goes to
// reportError titled "Export failed".
inline bool writeExportWithProgressDialog(
    QWidget* window, const QString& path, std::function<void(const JobControl&)> write,
    QStatusBar* status, const std::function<void(const QString&, const QString&)>& reportError) {
    const JobOutcome<bool> outcome = runWithProgressDialog<bool>(
        window, QObject::tr("Writing %1…").arg(path.section(QLatin1Char('/'), -1)),
        [write = std::move(write)](const JobControl& control) {
            write(control);
            return true;
        });
    if (outcome.cancelled) {
        status->showMessage(QObject::tr("Export cancelled; no file was changed"), 5000);
        return false;
    }
    if (!outcome.error.isEmpty()) {
        reportError(QObject::tr("Export failed"), outcome.error);
        return false;
    }
    return true;
}

}  // namespace embedscope
