// The red band above the checklist while a shared run's server cannot be reached: "Disconnected
// from HOST since HH:MM:SS UTC - read-only", the driver's words in its tooltip.
#pragma once

#include <QFrame>

class QLabel;

namespace golive {

class RunSession;

class ConnectionBand : public QFrame
{
    Q_OBJECT
public:
    // Follows `session`: shown while it is disconnected, hidden otherwise.
    ConnectionBand(RunSession* session, QWidget* parent);

    QString text() const;

private:
    void refresh();
    void applyColours();

    RunSession* m_session;
    QLabel* m_text = nullptr;
};

} // namespace golive
