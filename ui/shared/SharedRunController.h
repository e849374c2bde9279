// What the window does for a run several workstations share (a server run): the band while the
// server cannot be reached, the "Who is here" dock, this workstation's presence (the operator
// on duty), others' events told in the status bar, and File > Open server run.
#pragma once

#include "SignOffEvent.h"

#include <QObject>

#include <functional>
#include <optional>

class QMainWindow;
class QVBoxLayout;
class QWidget;

namespace golive {

class ConnectionBand;
class PresenceDock;
class RunSession;

class SharedRunController : public QObject
{
    Q_OBJECT
public:
    struct Host
    {
        std::function<void(const QString&, int)> showMessage; // the status bar, for ms
        std::function<void(const QString&)> openRun;          // a file path or a server URI
        std::function<std::optional<Actor>()> operatorOnDuty;
    };
    // A child of `window`, whose right dock area gets the (hidden) "Who is here" dock.
    SharedRunController(QMainWindow* window, RunSession* session, Host host);

    // The band, in `layout` above the checklist.
    void createBand(QWidget* parent, QVBoxLayout* layout);
    ConnectionBand* band() const { return m_band; }
    PresenceDock* presenceDock() const { return m_dock; }
    // The band's words while it shows, else empty.
    QString bandText() const;

    // File > Open server run: a line edit for the URI (non-modal); openRun() with what was
    // typed when it is a server URI.
    void openServerRunDialog();
    // The operator on duty may have changed: announced again when it did.
    void operatorMayHaveChanged();

private:
    void onOpened();
    void onRecordedElsewhere(const QList<SignOffEvent>& events);

    QMainWindow* m_window;
    RunSession* m_session;
    Host m_host;
    ConnectionBand* m_band = nullptr;
    PresenceDock* m_dock = nullptr;
    std::optional<Actor> m_announced;
    bool m_announcedOnce = false;
};

} // namespace golive
