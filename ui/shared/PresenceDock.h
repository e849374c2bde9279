// "Who is here": the workstations that have the shared run open (name and role on duty, host,
// since), refreshed live, in a dock the commander can keep in view.
#pragma once

#include "RunLedger.h"

#include <QDockWidget>

class QLabel;
class QTreeWidget;

namespace golive {

class RunSession;

class PresenceDock : public QDockWidget
{
    Q_OBJECT
public:
    PresenceDock(RunSession* session, QWidget* parent);

    QTreeWidget* list() const { return m_list; }
    // "Ada Lovelace (Incident Commander) on war-room-1", one per row, as listed.
    QStringList rows() const;

private:
    void showPresent(const QList<Presence>& present);
    void runChanged();

    RunSession* m_session;
    QLabel* m_note = nullptr;
    QTreeWidget* m_list = nullptr;
};

} // namespace golive
