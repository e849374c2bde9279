// Talks to Prometheus's HTTP API (query_range, query, alerts, buildinfo) on
// QNetworkAccessManager: timeouts, cancellation, size caps per answer and per round of
// answers, redirects kept to the configured origin, Prometheus's own errors.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace golive {

struct PrometheusConfig
{
    QUrl baseUrl;                         // e.g. http://127.0.0.1:9090 (a path prefix is kept)
    int timeoutMs = 10000;                // per request
    qint64 maxResponseBytes = 64ll << 20; // larger answers are refused, not buffered
    // All the answers of one round together (a dashboard refresh: every panel and the alerts,
    // fetched at once): past this, each further answer is refused as it arrives, so the memory
    // a refresh holds stays bounded whatever the server sends. A round is every request made
    // between two moments with nothing in flight, or up to cancelAll(). 96 MiB: measured
    // against a server flooding every panel, golive check then peaks at 135-150 MB (about 25 MB
    // of libraries, and Qt's network buffers and the allocator's slack on top of the budget);
    // with 128 MiB it reached 180-210 MB, past the 200 MB it must stay under.
    qint64 maxRoundBytes = 96ll << 20;
    int minStepSeconds = 15;
    QString caFile; // extra CA certificate (PEM) to trust, optional
    // Authentication: the secret comes from the keychain (CredentialStore); never logged.
    enum class Auth
    {
        None,
        Basic,
        Bearer
    };
    Auth auth = Auth::None;
    QString user;
    QString secret;
};

class PrometheusClient : public QObject
{
    Q_OBJECT
public:
    // The reply body, or an error in words (HTTP status, Prometheus's errorType/error, timeout,
    // TLS, too large...). Called on the thread the client lives in (the UI thread).
    using Callback = std::function<void(const QByteArray& body, const QString& error)>;

    explicit PrometheusClient(const PrometheusConfig& config, QObject* parent = nullptr);
    ~PrometheusClient() override;

    const PrometheusConfig& config() const { return m_config; }

    // The step for a range drawn `pixels` wide: about one point per pixel, never below the
    // configured minimum, never more than 11,000 points (Prometheus's own limit).
    static int stepFor(qint64 rangeSeconds, int pixels, int minStepSeconds);

    // Each request cancels the previous one with the same `key` (a superseded panel refresh);
    // a superseded or cancelled request's callback is never called. Callbacks always run later
    // from the event loop, never from inside these calls. alerts() and buildInfo() each
    // supersede their own previous call.
    void queryRange(const QString& key, const QString& promql, const QDateTime& startUtc,
                    const QDateTime& endUtc, int stepSeconds, Callback done);
    void query(const QString& key, const QString& promql, Callback done);
    void alerts(Callback done);
    void buildInfo(Callback done);
    void cancelAll(); // every request in flight is aborted; none of their callbacks runs

    // "Test connection": Prometheus's version ("2.42.0"), or the failure in words
    // (unreachable, 401, certificate not trusted, not a Prometheus). Supersedes buildInfo().
    void checkConnection(std::function<void(const QString& version, const QString& error)> done);
    // The version in a buildinfo answer, or empty with *error saying it is not Prometheus's.
    static QString versionFromBuildInfo(const QByteArray& body, QString* error);

    // Keeps OpenSSL from freeing its global state in an atexit handler (OPENSSL_cleanup). That
    // handler races with QNetworkAccessManager's internal TLS thread, which Qt detaches and
    // cannot join: the thread can still be freeing its OpenSSL per-thread state when main()
    // returns, and the process then crashes on exit (a segfault or "double free"). Effective
    // only before OpenSSL is first initialised, so call it first thing in main(); the
    // constructor calls it too. Idempotent, thread-safe; without OpenSSL it does nothing.
    static void disableTlsCleanupAtExit();

private:
    // maxBytes: the cap for this answer (0: config.maxResponseBytes).
    void get(const QString& key, const QString& path,
             const QList<std::pair<QString, QString>>& params, Callback done, qint64 maxBytes = 0);

    // Steps of get(): the request, the limits on its answer, the words for a failed answer.
    QNetworkRequest requestFor(const QString& path,
                               const QList<std::pair<QString, QString>>& params) const;
    void limitAnswerSize(QNetworkReply* reply, const std::shared_ptr<QByteArray>& received,
                         qint64 maxBytes, const std::function<void(const QString&)>& refuse);
    void limitRedirectsAndTime(QNetworkReply* reply,
                               const std::function<void(const QString&)>& refuse);
    QString answerError(QNetworkReply* reply, int status, const QString& where,
                        const QStringList& sslErrors, const QByteArray& body) const;

    void failLater(const QString& key, const QString& error, Callback done);
    QString where() const; // "Prometheus at http://host:9090" (no user info)

    PrometheusConfig m_config;
    QNetworkAccessManager* m_network;
    QHash<QString, QNetworkReply*> m_inFlight;
    QList<QSslCertificate> m_caCertificates; // from config.caFile, read once
    QString m_configError;                   // e.g. an unreadable caFile; every request fails
    quint64 m_nextSerial = 0;                // the newest request per key, for failLater()
    QHash<QString, quint64> m_latestSerial;
    qint64 m_roundBytes = 0; // bytes the answers of this round hold (or announced)
};

} // namespace golive
