// Typed settings over QSettings: every key in one enum with its default; never a secret.
#pragma once

#include <QObject>
#include <QVariant>

namespace golive {

class Settings : public QObject
{
    Q_OBJECT
public:
    enum class Key
    {
        OperatorName,
        OperatorRole,
        RecentRuns,
        LastRunbookDir,
        LastRunDir,
        LastExportDir, // where File > Export wrote last; empty: the Documents folder
        MainWindowGeometry,
        MainWindowState,
        DetailsSplitterState,
        SloRange,      // the SLO dock's time range, in seconds
        SloRefresh,    // the SLO dock's auto-refresh interval, in seconds (0: off)
        PrometheusUrl, // where the SLO dashboard reads from; empty: none configured (demo data)
        DashboardFile, // a dashboard definition to use instead of the bundled one
        // The Prometheus connection (Settings dialog). The password or token is never here:
        // it lives in the OS keychain (CredentialStore), keyed by URL and user.
        PrometheusAuth,           // "none", "basic" or "bearer"
        PrometheusUser,           // the user name for basic authentication
        PrometheusCaFile,         // an extra CA certificate (PEM) to trust; empty: system CAs
        PrometheusTimeoutSeconds, // per request
        PrometheusLogins, // `golive login`'s records, JSON {URL: {user, auth, caFile}}; never a
                          // secret
        Theme,            // the window's colours: "dark" (the control room's, default) or "light"
        // Each person's signing key, JSON {name: path of the key ssh-keygen -f takes}: a
        // public key whose private half is in ssh-agent, or a private key file. Never a
        // private key itself.
        SigningKeys,
        // The largest file `golive attach` and the window keep as evidence, in MiB (25).
        MaxAttachmentMiB,
        // Commands run from the runbook: how long one may run, how much of its output the run
        // keeps, and the patterns redacted from it (empty: Redactor::defaultPatterns()).
        CommandTimeoutMinutes,
        CommandOutputCapMiB,
        RedactionPatterns,
        // The folder a run's commands run in, per run: JSON {run location: folder}.
        CommandWorkingDirs,
        // Getting attention while the window is not active (an abort trigger, a failed step's
        // last minutes, Live): a desktop notification (true), and a sound with it (false).
        NotifyDesktop,
        NotifySound,
        // The war-room channel of each run, JSON {run id: {format, moments}}; never its URL,
        // which is a secret (the keychain's, ChannelSettings).
        Channels,
    };
    Q_ENUM(Key)

    static Settings* instance();

    QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);
    void reset(Key key);

    // Convenience for the recent-runs list: most recent first, at most 8, no duplicates.
    QStringList recentRuns() const;
    void addRecentRun(const QString& path);

signals:
    void changed(golive::Settings::Key key);

private:
    explicit Settings(QObject* parent = nullptr);
};

} // namespace golive
