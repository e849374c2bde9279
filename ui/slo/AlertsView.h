// The alerts under the SLO panels: what is firing, how bad, since when, and why.
#pragma once

#include "SloSource.h"

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace golive {

class AlertsView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsView(QWidget* parent = nullptr);

    // `criticalSeverity` is the dashboard's P0 severity: those rows are marked red and first.
    void setCriticalSeverity(const QString& severity) { m_critical = severity; }

    int firingCount() const;
    QTreeWidget* list() const { return m_list; }
    QString errorText() const;

public slots:
    // Only firing alerts are listed; an error is shown in words and keeps the last list.
    void setAlerts(const QList<golive::AlertInfo>& alerts, const QString& error);

private:
    QString m_critical = QStringLiteral("critical");
    QLabel* m_header = nullptr;
    QLabel* m_error = nullptr;
    QTreeWidget* m_list = nullptr;
};

} // namespace golive
