// Adds the checklist's colours, icons and fonts (QtGui, so not in the Qt-Core-only model).
#pragma once

#include <QIdentityProxyModel>

namespace golive {

class ChecklistStyleProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit ChecklistStyleProxy(QObject* parent = nullptr);
    QVariant data(const QModelIndex& index, int role) const override;
};

} // namespace golive
