#include "MainWindow.h"

#include <QLabel>

namespace embedscope {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Embedscope"));
    auto* label = new QLabel(tr("Embedscope: the live view arrives with issue 4."), this);
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    resize(1200, 800);
}

}  // namespace embedscope
