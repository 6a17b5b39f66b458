// The View > Layout menu and the layout's status: PCA, t-SNE, UMAP or custom axes; 2-D or 3-D;
// pause and resume, follow training, and the methods' parameters. It only talks to the
// controller's LayoutScheduler (setLayout, the layout job) and reads the training state, so the
// window just places its menu and its label.
#pragma once

#include <QObject>
#include <QString>

#include <vector>

#include "Layout.h"

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QWidget;

namespace embedscope {

class LayoutScheduler;
class TrainingController;

class LayoutControls : public QObject {
    Q_OBJECT
public:
    LayoutControls(TrainingController* controller, QWidget* window);

    QMenu* menu() const { return menu_; }
    // "t-SNE: iteration 340 of 1000", "t-SNE of 12:03 (training has moved on)", or empty.
    QLabel* statusLabel() const { return status_; }
    QAction* pcaAction() const { return pca_; }
    QAction* tsneAction() const { return tsne_; }
    QAction* umapAction() const { return umap_; }
    QAction* axesAction() const { return axes_; }
    QAction* threeDAction() const { return threeD_; }
    QAction* pauseAction() const { return pause_; }
    QAction* followAction() const { return follow_; }
    QAction* componentsAction() const { return components_; }

    // Chooses a method as its menu entry does (custom axes ask for their words first). Returns
    // false when the user cancelled or the axes were refused.
    bool choose(LayoutMethod method);
    // The axes dialog's result applied directly (tests, the CLI's session later).
    bool chooseAxes(const QString& x, const QString& y, QString* error = nullptr);
    // The principal components PCA shows, 0-based, one per axis (2 or 3, distinct, below
    // Projection::kMaxComponents), as the components dialog applies them. A refused choice says
    // why in error and changes nothing.
    bool chooseComponents(const std::vector<int>& components, QString* error = nullptr);

signals:
    void errorOccurred(const QString& title, const QString& message);

private:
    void apply(LayoutOptions options);
    void syncActions();
    void updateStatus();
    void editParameters();
    void editComponents();

    TrainingController* controller_;
    LayoutScheduler* layouts_;
    QWidget* window_;
    QMenu* menu_;
    QLabel* status_;
    QActionGroup* methods_;
    QAction* pca_;
    QAction* tsne_;
    QAction* umap_;
    QAction* axes_;
    QAction* threeD_;
    QAction* pause_;
    QAction* follow_;
    QAction* parameters_;
    QAction* components_;
    QString lastX_ = QStringLiteral("man:woman");
    QString lastY_ = QStringLiteral("poor:rich");
};

}  // namespace embedscope
