#include "LayoutControls.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QThread>

#include <algorithm>

#include "AxesLayout.h"
#include "Error.h"
#include "Projection.h"
#include "TrainingController.h"

namespace embedscope {

namespace {

QString methodTitle(LayoutMethod method) {
    switch (method) {
        case LayoutMethod::Pca:
            return QObject::tr("PCA");
        case LayoutMethod::Tsne:
            return QObject::tr("t-SNE");
        case LayoutMethod::Umap:
            return QObject::tr("UMAP");
        case LayoutMethod::Axes:
            return QObject::tr("Custom axes");
    }
    return {};
}

// Reads "from:to" axes, naming the words the vectors lack.
std::vector<AxisSpec> parseAxes(const QStringList& texts, const VectorSource* source,
                                QString* error) {
    std::vector<AxisSpec> axes;
    try {
        for (const QString& text : texts)
            axes.push_back(parseAxisSpec(text.trimmed().toStdString()));
    } catch (const Error& e) {
        *error = QString::fromUtf8(e.what());
        return {};
    }
    if (source) {
        const std::vector<std::string> unknown = unknownAxisWords(axes, *source);
        if (!unknown.empty()) {
            QStringList words;
            for (const std::string& word : unknown)
                words << QString::fromStdString(word);
            *error = QObject::tr("Not in the vocabulary: %1").arg(words.join(QStringLiteral(", ")));
            return {};
        }
    }
    return axes;
}

// The components shown when dims changes: kept where they can be, the first unused one added for
// a third axis, the last one dropped for two.
std::vector<int> componentsForDims(std::vector<int> components, int dims) {
    if (components.empty())
        return components;  // the default: the first dims components
    while (int(components.size()) > dims)
        components.pop_back();
    for (int candidate = 0; int(components.size()) < dims; ++candidate)
        if (std::find(components.begin(), components.end(), candidate) == components.end())
            components.push_back(candidate);
    return components;
}

QString componentsText(const std::vector<int>& components) {
    QStringList parts;
    for (int component : components)
        parts << QString::number(component + 1);
    return parts.join(QLatin1Char(','));
}

// "1,3" -> {0, 2}; anything unreadable gives an empty list (the default components).
std::vector<int> parseComponentsText(const QString& text) {
    std::vector<int> components;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int pc = part.trimmed().toInt(&ok);
        if (!ok)
            return {};
        components.push_back(pc - 1);
    }
    return components;
}

}  // namespace

LayoutControls::LayoutControls(TrainingController* controller, QWidget* window)
    : QObject(window), controller_(controller), layouts_(&controller->layouts()), window_(window) {
    menu_ = new QMenu(tr("&Layout"), window);
    status_ = new QLabel(window);
    methods_ = new QActionGroup(this);
    const auto method = [&](const QString& text, int key, LayoutMethod which) {
        QAction* action = menu_->addAction(text);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | key));
        methods_->addAction(action);
        connect(action, &QAction::triggered, this, [this, which] {
            if (!choose(which))
                syncActions();  // refused or cancelled: the check goes back
        });
        return action;
    };
    pca_ = method(tr("&PCA (follows training)"), Qt::Key_1, LayoutMethod::Pca);
    tsne_ = method(tr("&t-SNE"), Qt::Key_2, LayoutMethod::Tsne);
    umap_ = method(tr("&UMAP"), Qt::Key_3, LayoutMethod::Umap);
    axes_ = method(tr("&Custom axes…"), Qt::Key_4, LayoutMethod::Axes);
    menu_->addSeparator();
    threeD_ = menu_->addAction(tr("&3-D"));
    threeD_->setCheckable(true);
    threeD_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_D));
    connect(threeD_, &QAction::toggled, this, [this](bool on) {
        LayoutOptions options = layouts_->layout();
        if (options.dims == (on ? 3 : 2))
            return;
        options.dims = on ? 3 : 2;
        options.components = componentsForDims(options.components, options.dims);
        apply(options);
    });
    pause_ = menu_->addAction(tr("Pa&use the layout"));
    pause_->setCheckable(true);
    pause_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P));
    connect(pause_, &QAction::toggled, this, [this](bool paused) {
        layouts_->setPaused(paused);
        updateStatus();
    });
    follow_ = menu_->addAction(tr("&Follow training (t-SNE, UMAP)"));
    follow_->setCheckable(true);
    follow_->setToolTip(
        tr("Restart the layout from its last positions on the newest vectors. "
           "Distances between frames mean little: each frame is a new layout."));
    connect(follow_, &QAction::toggled, layouts_, &LayoutScheduler::setFollowTraining);
    parameters_ = menu_->addAction(tr("Layout &parameters…"), this, [this] { editParameters(); });
    components_ = menu_->addAction(tr("Principal &components on the axes…"), this,
                                   [this] { editComponents(); });
    components_->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_C));
    components_->setToolTip(
        tr("PCA: which of PC1 to PC%1 each axis shows").arg(Projection::kMaxComponents));

    QSettings settings;
    LayoutOptions options;
    options.perplexity = settings.value(QStringLiteral("layout/perplexity"), 30.0).toDouble();
    options.neighbors = settings.value(QStringLiteral("layout/neighbors"), 15).toInt();
    options.minDist = settings.value(QStringLiteral("layout/minDist"), 0.1).toDouble();
    options.dims = settings.value(QStringLiteral("layout/dims"), 2).toInt() == 3 ? 3 : 2;
    {
        // A remembered choice that no longer reads as valid falls back to the default.
        std::vector<int> components = componentsForDims(
            parseComponentsText(settings.value(QStringLiteral("layout/components")).toString()),
            options.dims);
        try {
            if (!components.empty())
                Projection().setComponents(components);
            options.components = std::move(components);
        } catch (const Error&) {
        }
    }
    options.threads = std::max(1, QThread::idealThreadCount() - 1);
    lastX_ = settings.value(QStringLiteral("layout/axisX"), lastX_).toString();
    lastY_ = settings.value(QStringLiteral("layout/axisY"), lastY_).toString();
    layouts_->setLayout(options);  // PCA: a heavy method is never started by itself

    connect(controller_, &TrainingController::frameReady, this, &LayoutControls::updateStatus);
    connect(layouts_, &LayoutScheduler::finished, this, [this](bool, const QString& error) {
        if (!error.isEmpty())
            emit errorOccurred(tr("Layout"), error);
        updateStatus();
    });
    connect(layouts_, &LayoutScheduler::layoutChanged, this, [this] {
        syncActions();
        updateStatus();
    });
    connect(controller_, &TrainingController::stateChanged, this, &LayoutControls::updateStatus);
    // Training moves the vectors away from a t-SNE/UMAP: the label says so as it happens. Progress
    // arrives many times a second and says nothing new about PCA or custom axes (their label is
    // empty; a change of layout or state updates it anyway), so only an iterative layout looks.
    connect(controller_, &TrainingController::progressChanged, this, [this] {
        if (layouts_->iterativeLayout())
            updateStatus();
    });
    syncActions();
}

bool LayoutControls::choose(LayoutMethod method) {
    if (method == LayoutMethod::Axes) {
        QDialog dialog(window_);
        dialog.setWindowTitle(tr("Custom axes"));
        auto* form = new QFormLayout(&dialog);
        auto* intro = new QLabel(
            tr("Each axis goes from one word to another, or from the mean of a list to another "
               "list's mean: <i>man:woman</i>, <i>poor,poorer:rich,richer</i>."),
            &dialog);
        intro->setWordWrap(true);
        form->addRow(intro);
        auto* x = new QLineEdit(lastX_, &dialog);
        auto* y = new QLineEdit(lastY_, &dialog);
        form->addRow(tr("&x axis:"), x);
        form->addRow(tr("&y axis:"), y);
        auto* error = new QLabel(&dialog);
        error->setStyleSheet(QStringLiteral("color: #b00020"));
        error->setWordWrap(true);
        form->addRow(error);
        auto* buttons =
            new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        form->addRow(buttons);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
            QString message;
            if (chooseAxes(x->text(), y->text(), &message))
                dialog.accept();
            else
                error->setText(message);  // the dialog stays open with the words to correct
        });
        return dialog.exec() == QDialog::Accepted;
    }
    LayoutOptions options = layouts_->layout();
    options.method = method;
    apply(options);
    return true;
}

bool LayoutControls::chooseAxes(const QString& x, const QString& y, QString* error) {
    QString message;
    const std::vector<AxisSpec> axes = parseAxes({x, y}, controller_->source().get(), &message);
    if (axes.empty()) {
        if (error)
            *error = message;
        return false;
    }
    LayoutOptions options = layouts_->layout();
    options.method = LayoutMethod::Axes;
    options.dims = 2;  // one direction per axis: two are given
    try {
        layouts_->setLayout(options, axes);
    } catch (const Error& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    lastX_ = x.trimmed();
    lastY_ = y.trimmed();
    QSettings settings;
    settings.setValue(QStringLiteral("layout/axisX"), lastX_);
    settings.setValue(QStringLiteral("layout/axisY"), lastY_);
    return true;
}

void LayoutControls::apply(LayoutOptions options) {
    try {
        layouts_->setLayout(options, layouts_->axes());
    } catch (const Error& e) {
        emit errorOccurred(tr("Layout"), QString::fromUtf8(e.what()));
    }
    QSettings settings;
    settings.setValue(QStringLiteral("layout/dims"), options.dims);
    settings.setValue(QStringLiteral("layout/components"), componentsText(options.components));
    pause_->setChecked(false);
}

void LayoutControls::syncActions() {
    const LayoutOptions& options = layouts_->layout();
    const QSignalBlocker blocker(threeD_);
    for (auto [action, method] :
         {std::pair{pca_, LayoutMethod::Pca}, std::pair{tsne_, LayoutMethod::Tsne},
          std::pair{umap_, LayoutMethod::Umap}, std::pair{axes_, LayoutMethod::Axes}})
        action->setChecked(options.method == method);
    threeD_->setChecked(options.dims == 3);
    threeD_->setEnabled(options.method != LayoutMethod::Axes);
    pause_->setEnabled(layouts_->iterativeLayout());
    follow_->setEnabled(layouts_->iterativeLayout());
    components_->setEnabled(options.method == LayoutMethod::Pca);
}

void LayoutControls::updateStatus() {
    const LayoutOptions& options = layouts_->layout();
    const auto frame = controller_->lastFrame();
    QString text;
    if (layouts_->iterativeLayout()) {
        const QString name = methodTitle(options.method);
        if (layouts_->running() && frame && frame->layout.iterations > 0)
            text = tr("%1: iteration %2 of %3%4")
                       .arg(name)
                       .arg(frame->layout.iteration)
                       .arg(frame->layout.iterations)
                       .arg(pause_->isChecked() ? tr(" (paused)") : QString());
        else if (layouts_->running())
            text = tr("%1: finding neighbours…").arg(name);
        else if (layouts_->layoutIsStale())
            text =
                tr("%1 of earlier vectors: pause training or follow it to lay out again").arg(name);
        else if (frame && frame->laidOutRows > 0 && frame->laidOutRows < frame->size())
            text = tr("%1 of a sample of %2 points; the other %3 sit at their nearest sampled "
                      "neighbours")
                       .arg(name)
                       .arg(frame->laidOutRows)
                       .arg(frame->size() - frame->laidOutRows);
        else if (frame)
            text = tr("%1 of %2 points").arg(name).arg(frame->size());
        if (layouts_->followTraining() && controller_->state() == TrainerState::Running)
            text += tr(" — following training: distances between frames mean little");
    }
    status_->setText(text);
    status_->setVisible(!text.isEmpty());
}

void LayoutControls::editParameters() {
    LayoutOptions options = layouts_->layout();
    QDialog dialog(window_);
    dialog.setWindowTitle(tr("Layout parameters"));
    auto* form = new QFormLayout(&dialog);
    auto* perplexity = new QDoubleSpinBox(&dialog);
    perplexity->setRange(2, 100);
    perplexity->setValue(options.perplexity);
    perplexity->setToolTip(tr("t-SNE: about how many neighbours each point attends to"));
    auto* neighbors = new QSpinBox(&dialog);
    neighbors->setRange(2, 200);
    neighbors->setValue(options.neighbors);
    auto* minDist = new QDoubleSpinBox(&dialog);
    minDist->setRange(0, 1);
    minDist->setSingleStep(0.05);
    minDist->setValue(options.minDist);
    auto* iterations = new QSpinBox(&dialog);
    iterations->setRange(0, 10000);
    iterations->setSpecialValueText(tr("the method's default"));
    iterations->setValue(options.iterations);
    form->addRow(tr("t-SNE &perplexity:"), perplexity);
    form->addRow(tr("UMAP &neighbours:"), neighbors);
    form->addRow(tr("UMAP &min distance:"), minDist);
    form->addRow(tr("&Iterations:"), iterations);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    options.perplexity = perplexity->value();
    options.neighbors = neighbors->value();
    options.minDist = minDist->value();
    options.iterations = iterations->value();
    QSettings settings;
    settings.setValue(QStringLiteral("layout/perplexity"), options.perplexity);
    settings.setValue(QStringLiteral("layout/neighbors"), options.neighbors);
    settings.setValue(QStringLiteral("layout/minDist"), options.minDist);
    apply(options);
}

bool LayoutControls::chooseComponents(const std::vector<int>& components, QString* error) {
    try {
        Projection().setComponents(components);  // the core's checks and messages
    } catch (const Error& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
    LayoutOptions options = layouts_->layout();
    options.method = LayoutMethod::Pca;
    options.dims = int(components.size());
    options.components = components;
    apply(options);
    return true;
}

void LayoutControls::editComponents() {
    const LayoutOptions& options = layouts_->layout();
    std::vector<int> current = options.components;
    if (int(current.size()) != options.dims) {
        current.clear();
        for (int axis = 0; axis < options.dims; ++axis)
            current.push_back(axis);
    }
    QDialog dialog(window_);
    dialog.setWindowTitle(tr("Principal components"));
    auto* form = new QFormLayout(&dialog);
    auto* intro = new QLabel(tr("Which principal component each axis shows. PC1 spreads the "
                                "vectors most, PC2 next most, and so on."),
                             &dialog);
    intro->setWordWrap(true);
    form->addRow(intro);
    std::vector<QComboBox*> boxes;
    const QStringList axisNames{tr("&x axis:"), tr("&y axis:"), tr("&z axis:")};
    for (std::size_t axis = 0; axis < current.size(); ++axis) {
        auto* box = new QComboBox(&dialog);
        for (int pc = 1; pc <= Projection::kMaxComponents; ++pc)
            box->addItem(QStringLiteral("PC%1").arg(pc));
        box->setCurrentIndex(current[axis]);
        form->addRow(axisNames[int(axis)], box);
        boxes.push_back(box);
    }
    auto* error = new QLabel(&dialog);
    error->setStyleSheet(QStringLiteral("color: #b00020"));
    error->setWordWrap(true);
    form->addRow(error);
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults,
        &dialog);
    form->addRow(buttons);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QAbstractButton::clicked, &dialog,
            [&] {
                for (std::size_t axis = 0; axis < boxes.size(); ++axis)
                    boxes[axis]->setCurrentIndex(int(axis));
            });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        std::vector<int> chosen;
        for (QComboBox* box : boxes)
            chosen.push_back(box->currentIndex());
        QString message;
        if (chooseComponents(chosen, &message))
            dialog.accept();
        else
            error->setText(message);  // e.g. two axes on one component: the dialog stays open
    });
    dialog.exec();
}

}  // namespace embedscope
