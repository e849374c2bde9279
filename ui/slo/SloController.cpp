// The SLO side of the window: which source the SLO monitor watches (Prometheus as configured,
// or the demo), the keychain read for its password or token, the connection banner, the
// Settings dialog, and the health checks probed beside it.
#include "SloController.h"

#include "Connection.h"

#include "ConnectionSettings.h"
#include "CredentialStore.h"
#include "DemoSource.h"
#include "HealthMonitor.h"
#include "Logging.h"
#include "PrometheusSource.h"
#include "SettingsDialog.h"
#include "SloDashboardDock.h"
#include "Theme.h"
#include "UiText.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace golive {

SloController::SloController(QWidget* window, SloDashboardDock* dock, Host host)
    : QObject(window), m_window(window), m_dock(dock), m_host(std::move(host)),
      m_credentials(new CredentialStore(this))
{
    setObjectName(QStringLiteral("sloController"));
}

void SloController::createBanner(QWidget* parent, QVBoxLayout* layout)
{
    m_connectionBanner = new QFrame(parent);
    m_connectionBanner->setObjectName(QStringLiteral("connectionBanner"));
    m_connectionBanner->setStyleSheet(
        QStringLiteral("#connectionBanner { background: %1; border-radius: 4px; } "
                       "#connectionBanner QLabel { color: %2; font-size: 11pt; }")
            .arg(themeColour(ThemeColour::WarningBanner).name(),
                 themeColour(ThemeColour::OnStateText).name()));
    auto* connectionLayout = new QHBoxLayout(m_connectionBanner);
    m_connectionBannerText = new QLabel(m_connectionBanner);
    m_connectionBannerText->setObjectName(QStringLiteral("connectionBannerText"));
    m_connectionBannerText->setWordWrap(true);
    m_connectionBannerText->setTextFormat(Qt::PlainText);
    m_connectionBannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* connectionButton = new QPushButton(tr("Settings…"), m_connectionBanner);
    connectionButton->setObjectName(QStringLiteral("connectionBannerButton"));
    connect(connectionButton, &QPushButton::clicked, this, &SloController::showSettings);
    connectionLayout->addWidget(m_connectionBannerText, 1);
    connectionLayout->addWidget(connectionButton);
    m_connectionBanner->hide();
    layout->addWidget(m_connectionBanner);
}

void SloController::useConfiguredSource(const QString& overrideUrl, bool forceDemo,
                                        const std::optional<Dashboard>& fallback)
{
    m_overrideUrl = overrideUrl.trimmed();
    m_forceDemo = forceDemo;
    m_fallback = fallback;
    m_sloDashboard = m_runDashboard ? *m_runDashboard : m_fallback.value_or(Dashboard());
    m_sourceConfigured = true;
    applyConnection();
}

void SloController::setFallbackDashboard(const std::optional<Dashboard>& fallback)
{
    m_fallback = fallback;
    m_sloDashboard = m_runDashboard ? *m_runDashboard : m_fallback.value_or(Dashboard());
}

void SloController::setRunDashboard(const std::optional<Dashboard>& dashboard)
{
    m_runDashboard = dashboard;
    m_sloDashboard = m_runDashboard ? *m_runDashboard : m_fallback.value_or(Dashboard());
    // The panels, the health lights and the monitor's queries all follow the run's dashboard.
    if (m_sourceConfigured)
        applyConnection();
}

QString SloController::prometheusAddress() const
{
    const SloSource* source = m_ownedSource.data();
    if (!source || source->isDemo())
        return {};
    return effectiveConnection(nullptr).url;
}

ConnectionSettings SloController::effectiveConnection(QString* warning) const
{
    ConnectionSettings c = ConnectionSettings::load();
    if (m_overrideUrl.isEmpty()) {
        return c;
    }
    // --prometheus or GOLIVE_PROMETHEUS_URL: "prom:9090" is accepted as before (as http).
    QString error;
    QUrl url = ConnectionSettings::parseUrl(m_overrideUrl, &error);
    if (!url.isValid()) {
        const QUrl guessed = QUrl::fromUserInput(m_overrideUrl);
        url = ConnectionSettings::parseUrl(guessed.toString(), nullptr);
        if (!url.isValid()) {
            // The panels will say the address is wrong; credentials never leave in the URL.
            url = guessed.adjusted(QUrl::RemoveUserInfo);
            if (warning) {
                *warning = tr("The Prometheus address from the command line or "
                              "GOLIVE_PROMETHEUS_URL is not usable: %1")
                               .arg(error);
            }
        }
    }
    // User, authentication and CA file: the one precedence table the command line uses too.
    const ResolvedConnection resolved = resolveConnection(ConnectionSources::load(url));
    if (resolved.credentialsFrom == ConnectionSource::Settings) {
        return c; // the configured Prometheus: its authentication and CA file apply
    }
    ConnectionSettings o;
    o.url = url.toString();
    o.timeoutSeconds = c.timeoutSeconds;
    o.refreshSeconds = c.refreshSeconds;
    o.user = resolved.user;
    o.auth = resolved.auth;
    o.caFile = resolved.caFile;
    return o;
}

void SloController::applyConnection()
{
    const quint64 generation = ++m_sourceGeneration;
    QString warning;
    const ConnectionSettings c = effectiveConnection(&warning);
    if (m_forceDemo || c.url.isEmpty()) {
        // Made-up lights only with --demo; with no Prometheus
        // configured the HTTP checks are still probed (PromQL ones say why they cannot be).
        configureHealth(nullptr, m_forceDemo);
        installSource(new DemoSource(m_window), QString());
        return;
    }
    PrometheusConfig config = c.toConfig();
    if (!config.baseUrl.isValid()) {
        config.baseUrl = QUrl(c.url); // the client words what is wrong with it, in every panel
    }
    config.minStepSeconds = m_sloDashboard.minStepSeconds;
    if (c.auth == PrometheusConfig::Auth::None || !config.baseUrl.isValid()) {
        configureHealth(&config, false);
        installSource(new PrometheusSource(config, m_window), warning);
        return;
    }
    const QString noun = c.auth == PrometheusConfig::Auth::Bearer ? tr("token") : tr("password");
    const QString where = CredentialStore::normalizedUrl(config.baseUrl);
    const QString who = c.keychainUser().isEmpty() ? where : tr("%1 as %2").arg(where, c.user);
    m_host.showMessage(tr("Reading the %1 for %2 from the keychain…").arg(noun, who), 0);
    // The callback runs from the event loop, never after the store (the window's child) is
    // gone; a newer apply supersedes it.
    m_credentials->read(
        config.baseUrl, c.keychainUser(),
        [this, generation, config, noun, who, warning](const CredentialStore::Result& r) mutable {
            if (generation != m_sourceGeneration) {
                return;
            }
            m_host.showMessage(QString(), 0);
            QString problem = warning;
            if (r.ok()) {
                config.secret = r.secret;
            } else {
                const QString words =
                    r.status == CredentialStore::Status::NotFound
                        ? tr("No %1 stored for %2: open Settings (Ctrl+,) to enter it.")
                              .arg(noun, who)
                        : tr("The keychain did not give the SLO dashboard its %1: %2 Open "
                             "Settings (Ctrl+,) to enter it; if the keychain still cannot "
                             "take it, it can be used for this session only.")
                              .arg(noun, r.message);
                problem = problem.isEmpty() ? words : problem + QLatin1Char('\n') + words;
            }
            configureHealth(&config, false);
            installSource(new PrometheusSource(config, m_window), problem);
        });
}

void SloController::installSource(SloSource* source, const QString& warning)
{
    // The dock lets go of the old source before it goes; it dies from the event loop, after
    // any of its deliveries already queued to this thread.
    SloSource* old = m_ownedSource;
    m_ownedSource = source;
    m_host.install(source, m_sloDashboard);
    if (old) {
        old->deleteLater();
    }
    setConnectionWarning(warning);
    emit sourceChanged();
}

void SloController::setConnectionWarning(const QString& warning)
{
    m_connectionBannerText->setTextFormat(Qt::PlainText);
    m_connectionBannerText->setText(displaySafeLines(warning));
    m_connectionBanner->setVisible(!warning.isEmpty());
    if (!warning.isEmpty()) {
        qCWarning(lcUi).noquote() << warning;
    }
}

QString SloController::connectionWarning() const
{
    return m_connectionBanner->isHidden() ? QString() : m_connectionBannerText->text();
}

void SloController::showSettings()
{
    for (SettingsDialog* existing :
         m_window->findChildren<SettingsDialog*>(Qt::FindDirectChildrenOnly)) {
        if (existing->isVisible()) {
            existing->raise();
            existing->activateWindow();
            return;
        }
    }
    auto* dialog = new SettingsDialog(m_credentials, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_forceDemo) {
        dialog->setNote(tr("This window was started with --demo: OK switches it to the "
                           "connection set here."));
    } else if (!m_overrideUrl.isEmpty()) {
        dialog->setNote(tr("This window was started with %1 (from --prometheus or "
                           "GOLIVE_PROMETHEUS_URL): OK switches it to the connection set here.")
                            .arg(m_overrideUrl));
    }
    if (m_host.settingsShown)
        m_host.settingsShown(dialog);
    connect(dialog, &QDialog::accepted, this, [this] {
        const ConnectionSettings saved = ConnectionSettings::load();
        m_dock->setRefreshSeconds(saved.refreshSeconds);
        m_overrideUrl.clear();
        m_forceDemo = false;
        if (m_sourceConfigured) {
            applyConnection();
        }
    });
    dialog->open();
}

void SloController::configureHealth(const PrometheusConfig* prometheus, bool demo)
{
    if (!m_health) {
        m_health = new HealthMonitor(m_window);
        m_health->setObjectName(QStringLiteral("healthMonitor"));
        m_host.healthCreated(m_health); // the header, the cutover and the timeline follow it
    }
    m_health->stop();
    m_health->setDemo(demo);
    if (prometheus) {
        m_health->setPrometheus(*prometheus);
    } else {
        m_health->clearPrometheus();
    }
    m_health->setIntervalMs(m_sloDashboard.healthIntervalSeconds * 1000);
    m_health->setChecks(m_sloDashboard.healthChecks);
    if (!m_sloDashboard.healthChecks.isEmpty()) {
        m_health->start();
    }
}

} // namespace golive
