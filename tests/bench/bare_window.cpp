// The start-up reference: a bare Qt 6 Widgets window, a QMainWindow holding a QTreeView of 48
// rows (as many as the Summit runbook's items), sized as golive sizes its first window and in
// the same style. It reports its first frame through the same probe golive uses.
#include "FirstFrameProbe.h"

#include <QApplication>
#include <QMainWindow>
#include <QScreen>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QTreeView>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QMainWindow window;
    auto* model = new QStandardItemModel(0, 3, &window);
    model->setHorizontalHeaderLabels(
        {QStringLiteral("Item"), QStringLiteral("Status"), QStringLiteral("Signed by")});
    for (int row = 0; row < 48; ++row) {
        model->appendRow({new QStandardItem(QStringLiteral("Checklist item %1").arg(row + 1)),
                          new QStandardItem(QStringLiteral("open")), new QStandardItem()});
    }
    auto* tree = new QTreeView(&window);
    tree->setModel(model);
    window.setCentralWidget(tree);
    window.resize(window.screen()->availableGeometry().size() * 0.92);
    if (auto* probe = golive::FirstFrameProbe::installIfAsked(&window))
        probe->contentReady();
    window.show();
    return QApplication::exec();
}
