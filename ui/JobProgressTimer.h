// Turns a background job's progress (the atomics of a JobState) into a signal on the GUI thread.
//
// The job's thread only stores numbers; this timer reads them at 20 Hz. Posting an event per
// progress report instead would let a fast job flood the event queue.
#pragma once

#include <QObject>
#include <QTimer>

#include <memory>

#include "JobControl.h"

namespace embedscope {

class JobProgressTimer : public QObject {
    Q_OBJECT
public:
    explicit JobProgressTimer(QObject* parent = nullptr);

    // Reports job's progress until stop() or the next watch().
    void watch(std::shared_ptr<const JobState> job);
    void stop();

signals:
    // done / total of the job's last report, in [0, 1]; not sent before the job knows its total.
    void progress(double fraction);

private:
    std::shared_ptr<const JobState> job_;
    QTimer timer_;
};

}  // namespace embedscope
