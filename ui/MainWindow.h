// The main window (placeholder until issue 4).
#pragma once

#include <QMainWindow>

namespace embedscope {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace embedscope
