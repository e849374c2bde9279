// The "Who is here" dock: the shared run's workstations as the server lists them.
#include "PresenceDock.h"

#include "RunSession.h"
#include "UiText.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace golive {

PresenceDock::PresenceDock(RunSession* session, QWidget* parent)
    : QDockWidget(tr("Who is here"), parent), m_session(session)
{
    setObjectName(QStringLiteral("presenceDock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);
    m_note = new QLabel(body);
    m_note->setObjectName(QStringLiteral("presenceNote"));
    m_note->setTextFormat(Qt::PlainText);
    m_note->setWordWrap(true);
    m_list = new QTreeWidget(body);
    m_list->setObjectName(QStringLiteral("presenceList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels({tr("Name"), tr("Role"), tr("Workstation"), tr("Since (UTC)")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->setAccessibleName(tr("Workstations that have this run open"));
    layout->addWidget(m_note);
    layout->addWidget(m_list, 1);
    setWidget(body);
    connect(m_session, &RunSession::presenceChanged, this, &PresenceDock::showPresent);
    connect(m_session, &RunSession::opened, this, &PresenceDock::runChanged);
    connect(m_session, &RunSession::openFailed, this, &PresenceDock::runChanged);
    connect(m_session, &RunSession::connectionChanged, this, &PresenceDock::runChanged);
    runChanged();
}

QStringList PresenceDock::rows() const
{
    QStringList out;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = m_list->topLevelItem(i);
        out << tr("%1 (%2) on %3").arg(item->text(0), item->text(1), item->text(2));
    }
    return out;
}

void PresenceDock::runChanged()
{
    if (!m_session->hasRun() || !m_session->isShared()) {
        m_list->clear();
        m_note->setText(tr("A run file has one workstation; a server run lists here everyone "
                           "who has it open."));
        return;
    }
    if (!m_session->isConnected()) {
        // The list is what the server said last; it may be out of date now.
        m_note->setText(tr("As the server listed them before the connection was lost."));
        return;
    }
    m_note->setText(tr("Everyone who has this run open, as they announced themselves."));
    showPresent(m_session->present());
}

void PresenceDock::showPresent(const QList<Presence>& present)
{
    m_list->clear();
    for (const Presence& p : present) {
        // Names and hosts are what other workstations sent: shown as the characters they are.
        const QString name = p.name.isEmpty() ? tr("(no operator chosen)") : displaySafe(p.name);
        auto* item =
            new QTreeWidgetItem(m_list, {name, roleDisplayName(p.role), displaySafe(p.host),
                                         p.sinceUtc.toUTC().toString(QStringLiteral("HH:mm:ss"))});
        item->setToolTip(
            0, plainToolTip(tr("%1 (OS user %2), last heard from at %3 UTC")
                                .arg(p.name, p.osUser,
                                     p.lastSeenUtc.toUTC().toString(QStringLiteral("HH:mm:ss")))));
    }
}

} // namespace golive
