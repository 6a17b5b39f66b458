// embedscope: the desktop application.
#include <QApplication>

#include "MainWindow.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Embedscope"));
    QApplication::setApplicationName(QStringLiteral("Embedscope"));
    embedscope::MainWindow window;
    window.show();
    return QApplication::exec();
}
