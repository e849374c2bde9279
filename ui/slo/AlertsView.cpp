// The alerts under the SLO panels: firing alerts, critical first, with an error in words.
#include "AlertsView.h"

#include "Theme.h"
#include "UiText.h"
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace golive {

AlertsView::AlertsView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("sloAlerts"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    m_header = new QLabel(tr("Alerts: none firing"), this);
    m_header->setObjectName(QStringLiteral("alertsHeader"));
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("alertsError"));
    m_error->setTextFormat(Qt::PlainText); // Prometheus's words: never markup
    m_error->setWordWrap(true);
    m_error->setStyleSheet(
        QStringLiteral("QLabel { color: %1; }").arg(themeColour(ThemeColour::ProblemText).name()));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("alertsList"));
    m_list->setAccessibleName(tr("Alerts firing"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHeaderLabels({tr("Alert"), tr("Severity"), tr("Since"), tr("Summary")});
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_header);
    layout->addWidget(m_error);
    layout->addWidget(m_list, 1);
}

int AlertsView::firingCount() const
{
    return m_list->topLevelItemCount();
}

QString AlertsView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void AlertsView::setAlerts(const QList<AlertInfo>& alerts, const QString& error)
{
    if (!error.isEmpty()) {
        // The last list stays: it is the best knowledge there is, and the error says it is old.
        m_error->setText(tr("Alerts could not be fetched: %1").arg(cappedMessage(error)));
        m_error->show();
        return;
    }
    m_error->hide();
    QList<AlertInfo> firing;
    for (const AlertInfo& a : alerts) {
        if (a.state.compare(QLatin1String("firing"), Qt::CaseInsensitive) == 0) {
            firing.append(a);
        }
    }
    // Critical first, then the longest-firing first.
    std::stable_sort(firing.begin(), firing.end(), [this](const AlertInfo& a, const AlertInfo& b) {
        const bool ca = isCriticalFiring(a, m_critical);
        const bool cb = isCriticalFiring(b, m_critical);
        if (ca != cb) {
            return ca;
        }
        return a.activeAtUtc < b.activeAtUtc;
    });
    m_list->clear();
    for (const AlertInfo& a : std::as_const(firing)) {
        const QString since = a.activeAtUtc.isValid()
                                  ? a.activeAtUtc.toLocalTime().toString(QStringLiteral("HH:mm:ss"))
                                  : QString();
        // Prometheus's words: one line each, controls as escapes, the summary capped.
        auto* row =
            new QTreeWidgetItem(m_list, {cappedMessage(a.name, 120), cappedMessage(a.severity, 40),
                                         since, cappedMessage(a.summary)});
        row->setToolTip(3, plainToolTip(cappedMessage(a.summary, 2000)));
        if (isCriticalFiring(a, m_critical)) {
            QFont f = row->font(0);
            f.setBold(true);
            for (int c = 0; c < 4; ++c) {
                row->setFont(c, f);
                row->setForeground(c, themeColour(ThemeColour::ErrorText));
            }
        }
    }
    m_header->setText(firing.isEmpty() ? tr("Alerts: none firing")
                                       : tr("Alerts: %n firing", nullptr, int(firing.size())));
}

} // namespace golive
