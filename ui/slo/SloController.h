// The SLO side of the window: the source the SLO monitor watches, the connection to it (with
// the keychain), the connection banner, the Settings dialog and the health checks.
#pragma once

#include "ConnectionSettings.h"
#include "Dashboard.h"
#include "PrometheusClient.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QFrame;
class QLabel;
class QVBoxLayout;
class QWidget;

namespace golive {

class SettingsDialog;

class CredentialStore;
class HealthMonitor;
class SloDashboardDock;
class SloSource;

class SloController : public QObject
{
    Q_OBJECT
public:
    // What the controller asks of the window it lives in.
    struct Host
    {
        std::function<void(const QString&, int)> showMessage; // the status bar; "" clears it
        // Shows `dashboard` from `source` (the window's setSloSource()).
        std::function<void(SloSource*, const Dashboard&)> install;
        // The health monitor was made (once): the window connects its views to it.
        std::function<void(HealthMonitor*)> healthCreated;
        // The Settings dialog was made: the window adds the open run's settings to it.
        std::function<void(SettingsDialog*)> settingsShown;
    };

    // A child of `window`; `dock` (the window's) gets the refresh interval from Settings.
    SloController(QWidget* window, SloDashboardDock* dock, Host host);

    // The connection banner, added to `layout` under `parent` (hidden until needed).
    void createBanner(QWidget* parent, QVBoxLayout* layout);

    // The dashboard for a run with none, known before the source is chosen (at start the
    // source comes after the run opens): the window does not say "no dashboard" meanwhile.
    void setFallbackDashboard(const std::optional<Dashboard>& fallback);
    // See MainWindow::useConfiguredSource(). `fallback`: the dashboard for a run with none.
    void useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                             const std::optional<Dashboard>& fallback);
    // The open run's own dashboard (nullopt: it has none); it wins over the fallback.
    void setRunDashboard(const std::optional<Dashboard>& dashboard);
    // The dashboard shown now: the run's, else the fallback, else an empty one (no panels, no
    // health checks).
    const Dashboard& dashboard() const { return m_sloDashboard; }
    bool showsDashboard() const { return m_runDashboard || m_fallback; }
    SloSource* source() const { return m_ownedSource; }
    CredentialStore* credentials() const { return m_credentials; }
    HealthMonitor* healthMonitor() const { return m_health; }
    QString connectionWarning() const;
    // The Prometheus address the panels are asked from now; empty for demo data or none.
    QString prometheusAddress() const;
    void showSettings();

signals:
    // The monitor got its new source (after a keychain read, when there is one).
    void sourceChanged();

private:
    // The connection in effect: the override's (--prometheus, GOLIVE_PROMETHEUS_URL) or the
    // settings'. And (re)applying it.
    ConnectionSettings effectiveConnection(QString* warning) const;
    void applyConnection();
    void installSource(SloSource* source, const QString& warning);
    void setConnectionWarning(const QString& warning);
    // nullptr: no Prometheus (HTTP checks only); demo: made-up lights (--demo)
    void configureHealth(const PrometheusConfig* prometheus, bool demo);

    QWidget* m_window = nullptr;
    SloDashboardDock* m_dock = nullptr;
    Host m_host;
    CredentialStore* m_credentials = nullptr;
    QPointer<SloSource> m_ownedSource;
    Dashboard m_sloDashboard;
    std::optional<Dashboard> m_runDashboard;
    std::optional<Dashboard> m_fallback;
    QString m_overrideUrl;
    bool m_forceDemo = false;
    bool m_sourceConfigured = false;
    quint64 m_sourceGeneration = 0; // keychain reads superseded by a newer apply are dropped
    QFrame* m_connectionBanner = nullptr;
    QLabel* m_connectionBannerText = nullptr;
    HealthMonitor* m_health = nullptr;
};

} // namespace golive
