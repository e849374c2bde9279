// Talks to Prometheus's HTTP API on QNetworkAccessManager. Everything here runs on the UI
// thread and never waits: every request is asynchronous, bounded in time (a deadline timer)
// and in size (the answer is refused as soon as it is known to be too large), and its error
// comes back in words an operator can act on.
#include "PrometheusClient.h"

#include "Origin.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <memory>

Q_LOGGING_CATEGORY(lcPrometheus, "golive.prometheus")

namespace golive {
namespace {

// Keys for the requests that have none of their own; a panel id cannot start with \x01.
const QString kAlertsKey = QStringLiteral("\x01"
                                          "alerts");
const QString kBuildInfoKey = QStringLiteral("\x01"
                                             "buildinfo");

constexpr char kRefusedProperty[] = "golive_refused"; // why we aborted a reply ourselves
constexpr char kChargedProperty[] = "golive_charged"; // bytes of the round budget it holds

// Same-origin redirects (a path prefix added by a proxy, say) are followed up to this many.
constexpr int kMaxRedirects = 5;
// A body of unknown length past this reserves the per-answer cap at once (see get()).
constexpr qint64 kReserveAllAbove = 64 << 10;
// buildinfo answers are a few hundred bytes; nothing larger is ever read from it.
constexpr qint64 kMaxBuildInfoBytes = 1 << 20;

QString formatBytes(qint64 bytes)
{
    constexpr qint64 kib = 1024;
    constexpr qint64 mib = kib * 1024;
    if (bytes >= mib && bytes % mib == 0)
        return QStringLiteral("%1 MiB").arg(bytes / mib);
    if (bytes >= kib && bytes % kib == 0)
        return QStringLiteral("%1 KiB").arg(bytes / kib);
    return QStringLiteral("%1 bytes").arg(bytes);
}

QString formatSeconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}

// Seconds since the epoch with milliseconds, as Prometheus reads its start/end parameters.
QString promTime(const QDateTime& t)
{
    const qint64 ms = t.toMSecsSinceEpoch();
    return QString::number(ms / 1000) + QLatin1Char('.') +
           QStringLiteral("%1").arg(std::abs(ms % 1000), 3, 10, QLatin1Char('0'));
}

// A certificate problem in words an operator acts on, with Qt's own text after it.
QString sslErrorWords(const QSslError& e)
{
    QString words;
    switch (e.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToGetIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::CertificateUntrusted:
        words = QStringLiteral("the server's certificate is not trusted (give its CA file in "
                               "Settings, or --ca-file)");
        break;
    case QSslError::HostNameMismatch:
        words = QStringLiteral("the server's certificate is for another host name");
        break;
    case QSslError::CertificateExpired:
        words = QStringLiteral("the server's certificate has expired");
        break;
    case QSslError::CertificateNotYetValid:
        words = QStringLiteral("the server's certificate is not valid yet (check the clock)");
        break;
    default:
        return e.errorString();
    }
    return QStringLiteral("%1: %2").arg(words, e.errorString());
}

bool looksLikeHtml(const QByteArray& body, const QByteArray& contentType)
{
    if (contentType.toLower().contains("text/html"))
        return true;
    for (const char c : body) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '<';
    }
    return false;
}

// Prometheus's own error JSON ({"status":"error","errorType":..,"error":..}) in words, or
// an empty string when the body is something else.
QString prometheusErrorWords(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    const QString error = o.value(QLatin1String("error")).toString();
    const QString type = o.value(QLatin1String("errorType")).toString();
    if (error.isEmpty() && type.isEmpty())
        return {};
    if (type.isEmpty())
        return error;
    if (error.isEmpty())
        return type;
    return type + QStringLiteral(": ") + error;
}

} // namespace

void PrometheusClient::disableTlsCleanupAtExit()
{
    // Why: ~QNetworkAccessManager stops its HTTP thread with quit() and wait(), but wait()
    // returns when QThread::finished has run, and Qt's threads are detached: the thread's last
    // steps (pthread key destructors, among them OpenSSL's freeing of its per-thread state,
    // where the TLS handshakes ran) can still be running when main() returns. OpenSSL's atexit
    // handler then frees the locks and lists that destructor is walking; observed as `golive
    // check` exiting 139 after a refused TLS handshake, and reproduced under gdb as "double
    // free or corruption" in that thread (openssl/openssl#6214: the atexit handler assumes every
    // thread that used OpenSSL was joined). OpenSSL's remedy is OPENSSL_INIT_NO_ATEXIT on the
    // first initialisation; the operating system frees the memory at exit anyway.
    static const bool done = [] {
        // Qt loads OpenSSL at run time (its TLS plugin dlopens libssl/libcrypto 3); so do we,
        // the same library, so no build dependency is added and a system without OpenSSL
        // (hence without TLS) just skips this.
        QLibrary crypto(QStringLiteral("crypto"), 3);
        using InitCrypto = int (*)(quint64 options, const void* settings);
        const auto init = reinterpret_cast<InitCrypto>(crypto.resolve("OPENSSL_init_crypto"));
        if (!init) {
            qCDebug(lcPrometheus).noquote() << "OpenSSL not loaded:" << crypto.errorString();
            return false;
        }
        constexpr quint64 kNoAtExit = 0x00080000; // OPENSSL_INIT_NO_ATEXIT (openssl/crypto.h)
        return init(kNoAtExit, nullptr) == 1;
        // The library stays loaded: QLibrary's destructor does not unload it.
    }();
    Q_UNUSED(done);
}

PrometheusClient::PrometheusClient(const PrometheusConfig& config, QObject* parent)
    : QObject(parent), m_config(config), m_network(new QNetworkAccessManager(this))
{
    // Before the first TLS use (QSslCertificate below, or the first https request).
    disableTlsCleanupAtExit();
    // Every redirect is vetted (see get()): only one to the configured origin is followed, so
    // the credentials never go anywhere else.
    m_network->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
    if (!m_config.caFile.isEmpty()) {
        QFile file(m_config.caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            m_configError = QStringLiteral("cannot read the CA certificate file %1: %2")
                                .arg(m_config.caFile, file.errorString());
        } else {
            m_caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
            if (m_caCertificates.isEmpty())
                m_configError =
                    QStringLiteral("the CA certificate file %1 holds no PEM certificate")
                        .arg(m_config.caFile);
        }
    }
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty() ||
        m_config.baseUrl.host().isEmpty()) {
        m_configError = QStringLiteral("the Prometheus address \"%1\" is not a URL like "
                                       "http://127.0.0.1:9090")
                            .arg(m_config.baseUrl.toDisplayString(QUrl::RemoveUserInfo));
    }
    if (!m_configError.isEmpty())
        qCWarning(lcPrometheus).noquote() << m_configError;
}

PrometheusClient::~PrometheusClient()
{
    // No callback may run into a half-destroyed owner.
    cancelAll();
}

QString PrometheusClient::where() const
{
    return QStringLiteral("Prometheus at ") +
           m_config.baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}

int PrometheusClient::stepFor(qint64 rangeSeconds, int pixels, int minStepSeconds)
{
    const qint64 range = std::max<qint64>(rangeSeconds, 0);
    const qint64 columns = std::max(pixels, 1);
    qint64 step = std::max<qint64>(minStepSeconds, (range + columns - 1) / columns);
    // Prometheus refuses more than 11,000 points per series.
    step = std::max<qint64>(step, (range + 10999) / 11000);
    step = std::max<qint64>(step, 1);
    return int(std::min<qint64>(step, std::numeric_limits<int>::max()));
}

void PrometheusClient::queryRange(const QString& key, const QString& promql,
                                  const QDateTime& startUtc, const QDateTime& endUtc,
                                  int stepSeconds, Callback done)
{
    get(key, QStringLiteral("/api/v1/query_range"),
        {{QStringLiteral("query"), promql},
         {QStringLiteral("start"), promTime(startUtc)},
         {QStringLiteral("end"), promTime(endUtc)},
         {QStringLiteral("step"), QString::number(std::max(stepSeconds, 1))}},
        std::move(done));
}

void PrometheusClient::query(const QString& key, const QString& promql, Callback done)
{
    get(key, QStringLiteral("/api/v1/query"), {{QStringLiteral("query"), promql}}, std::move(done));
}

void PrometheusClient::alerts(Callback done)
{
    get(kAlertsKey, QStringLiteral("/api/v1/alerts"), {}, std::move(done));
}

void PrometheusClient::buildInfo(Callback done)
{
    get(kBuildInfoKey, QStringLiteral("/api/v1/status/buildinfo"), {}, std::move(done),
        std::min(m_config.maxResponseBytes, kMaxBuildInfoBytes));
}

void PrometheusClient::cancelAll()
{
    const auto inFlight = std::exchange(m_inFlight, {});
    m_latestSerial.clear();
    m_roundBytes = 0; // a new round begins
    for (QNetworkReply* reply : inFlight) {
        // Disconnect first: abort() emits finished() synchronously.
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void PrometheusClient::failLater(const QString& key, const QString& error, Callback done)
{
    // Queued so that callers see the same asynchronous behaviour as for a network error, and
    // still dropped when superseded or cancelled before it runs.
    const quint64 serial = m_latestSerial.value(key);
    QMetaObject::invokeMethod(
        this,
        [this, key, serial, error, done = std::move(done)] {
            if (m_latestSerial.value(key) != serial)
                return;
            m_latestSerial.remove(key);
            done({}, error);
        },
        Qt::QueuedConnection);
}

void PrometheusClient::get(const QString& key, const QString& path,
                           const QList<std::pair<QString, QString>>& params, Callback done,
                           qint64 maxBytes)
{
    // Supersede: the old callback is never called (its connections go before the abort).
    if (QNetworkReply* old = m_inFlight.take(key)) {
        m_roundBytes -= old->property(kChargedProperty).toLongLong();
        disconnect(old, nullptr, this, nullptr);
        old->abort();
        old->deleteLater();
    }
    m_latestSerial.insert(key, ++m_nextSerial);

    if (!m_configError.isEmpty()) {
        failLater(key, m_configError, std::move(done));
        return;
    }

    const QNetworkRequest request = requestFor(path, params);
    QNetworkReply* reply = m_network->get(request);
    m_inFlight.insert(key, reply);
    // Credentials travel only in the Authorization header, which is never logged.
    qCDebug(lcPrometheus).noquote() << "GET" << request.url().toDisplayString(QUrl::RemoveUserInfo);

    const QString where = this->where();
    if (maxBytes <= 0)
        maxBytes = m_config.maxResponseBytes;
    // The body is drained into `received` as it arrives, and the reply's own buffer is kept
    // small: QNetworkAccessManager reads HTTP on its own thread, and without this back-pressure
    // that thread would keep reading a 100 MB answer while the UI thread is busy, buffering all
    // of it before the size checks below get a chance to abort.
    auto received = std::make_shared<QByteArray>();
    reply->setReadBufferSize(64 << 10);

    // Refusing drops what was received at once and gives its share of the round back.
    const std::function<void(const QString&)> refuse = [this, reply, received](const QString& why) {
        if (reply->property(kRefusedProperty).isValid())
            return;
        reply->setProperty(kRefusedProperty, why);
        m_roundBytes -= reply->property(kChargedProperty).toLongLong();
        reply->setProperty(kChargedProperty, qint64(0));
        *received = QByteArray();
        reply->abort();
    };
    limitAnswerSize(reply, received, maxBytes, refuse);
    limitRedirectsAndTime(reply, refuse);

    auto sslErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, this, [sslErrors](const QList<QSslError>& errors) {
        // Recorded for the message only; never ignored.
        for (const QSslError& e : errors)
            sslErrors->append(sslErrorWords(e));
    });

    connect(reply, &QNetworkReply::finished, this,
            [this, reply, key, where, sslErrors, received, done = std::move(done)] {
                if (m_inFlight.value(key) == reply)
                    m_inFlight.remove(key);
                m_latestSerial.remove(key);
                // The round ends when nothing is in flight: its answers are all delivered.
                if (m_inFlight.isEmpty())
                    m_roundBytes = 0;
                reply->deleteLater();

                QString error;
                QByteArray body;
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QVariant refused = reply->property(kRefusedProperty);
                if (refused.isValid()) {
                    error = refused.toString();
                } else {
                    body = std::move(*received);
                    body += reply->readAll();
                    body.squeeze(); // the room set aside goes back
                    error = answerError(reply, status, where, *sslErrors, body);
                    if (!error.isEmpty())
                        body.clear();
                }
                if (!error.isEmpty())
                    qCInfo(lcPrometheus).noquote() << error;
                done(body, error);
            });
}

// The GET of `path` with `params` at the configured server: the query percent-encoded, the
// credentials, the extra CA, and the redirect backstop.
QNetworkRequest PrometheusClient::requestFor(const QString& path,
                                             const QList<std::pair<QString, QString>>& params) const
{
    QUrl url = m_config.baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    // Percent-encode every value ourselves: QUrlQuery leaves '+' alone, and Prometheus (Go's
    // url.ParseQuery) reads a bare '+' as a space, which would turn "a + b" into "a   b".
    QUrlQuery query;
    for (const auto& [name, value] : params)
        query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(query);

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setRawHeader("Accept", "application/json");
    if (m_config.auth == PrometheusConfig::Auth::Basic) {
        request.setRawHeader(
            "Authorization",
            "Basic " + (m_config.user + QLatin1Char(':') + m_config.secret).toUtf8().toBase64());
    } else if (m_config.auth == PrometheusConfig::Auth::Bearer) {
        request.setRawHeader("Authorization", "Bearer " + m_config.secret.toUtf8());
    }
    if (url.scheme() == QLatin1String("https") && !m_caCertificates.isEmpty()) {
        // Verification stays on: the extra CA is trusted in addition to the system's.
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(m_caCertificates);
        request.setSslConfiguration(ssl);
    }

    // Counted in the redirected() handler below; Qt's own count is only a backstop (and when
    // it runs out, Qt 6.4 finishes the reply with a bogus status instead of an error).
    request.setMaximumRedirectsAllowed(kMaxRedirects + 3);
    return request;
}

// Caps the answer at maxBytes and at the round's budget: by its Content-Length up front, then
// by the bytes actually received, which are drained into `received` as they arrive.
void PrometheusClient::limitAnswerSize(QNetworkReply* reply,
                                       const std::shared_ptr<QByteArray>& received, qint64 maxBytes,
                                       const std::function<void(const QString&)>& refuse)
{
    const QString where = this->where();
    const qint64 maxRoundBytes = m_config.maxRoundBytes;
    const QString tooLarge =
        QStringLiteral("%1: answer larger than %2 refused").arg(where, formatBytes(maxBytes));
    const QString overBudget =
        QStringLiteral("%1: the answers to this refresh passed %2 in all, so this one was "
                       "refused to keep golive's memory bounded (a query that returns far too "
                       "many series, or a server that sends more than asked)")
            .arg(where, formatBytes(maxRoundBytes));
    // Counts `total` bytes of this answer against the round's budget (what it already holds is
    // not counted twice). False, and nothing counted, when the budget cannot take them.
    const auto charge = [this, reply, maxRoundBytes](qint64 total) {
        const qint64 charged = reply->property(kChargedProperty).toLongLong();
        if (total <= charged)
            return true;
        if (m_roundBytes + (total - charged) > maxRoundBytes)
            return false;
        m_roundBytes += total - charged;
        reply->setProperty(kChargedProperty, total);
        return true;
    };

    // Content-Length up front (the whole answer is counted before a byte of it is read), then
    // the bytes actually received (a chunked or lying answer).
    connect(reply, &QNetworkReply::metaDataChanged, this,
            [reply, refuse, charge, maxBytes, tooLarge, overBudget, received] {
                bool ok = false;
                const qint64 length =
                    reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
                if (!ok || length <= 0 || !received->isEmpty())
                    return;
                if (length > maxBytes)
                    refuse(tooLarge);
                else if (!charge(length))
                    refuse(overBudget);
                else
                    received->reserve(length);
            });
    // Bytes Qt has received, read by us or still in its buffers: counted as they come.
    connect(reply, &QNetworkReply::downloadProgress, this,
            [refuse, charge, maxBytes, tooLarge, overBudget](qint64 bytes, qint64) {
                if (bytes > maxBytes)
                    refuse(tooLarge);
                else if (!charge(bytes))
                    refuse(overBudget);
            });
    connect(reply, &QIODevice::readyRead, this,
            [reply, refuse, charge, maxBytes, tooLarge, overBudget, received] {
                if (reply->property(kRefusedProperty).isValid())
                    return;
                const QByteArray chunk = reply->readAll();
                const qint64 total = received->size() + chunk.size();
                if (total > maxBytes) {
                    refuse(tooLarge);
                } else if (!charge(total)) {
                    refuse(overBudget);
                } else {
                    // Without a Content-Length (Prometheus streams its answers), a body past
                    // 64 KiB gets room for the largest answer allowed, once: address space, not
                    // memory, until written. Growing by doubling instead would copy the body
                    // each time and, on the heap, keep both copies resident: twice the budget
                    // at the peak. Small answers, the usual ones, grow as usual.
                    if (received->capacity() < total && total > kReserveAllAbove)
                        received->reserve(maxBytes);
                    received->append(chunk);
                }
            });
}

// Redirects only to the configured origin and at most kMaxRedirects of them, and a deadline
// for the whole request.
void PrometheusClient::limitRedirectsAndTime(QNetworkReply* reply,
                                             const std::function<void(const QString&)>& refuse)
{
    const QString where = this->where();
    // Redirects: followed only to the configured origin (scheme, host and port), where the
    // credentials were meant to go; anywhere else, nothing is sent there at all.
    // Same-origin redirects are counted here, and stop after kMaxRedirects.
    auto redirects = std::make_shared<int>(0);
    connect(reply, &QNetworkReply::redirected, this,
            [this, reply, refuse, where, redirects](const QUrl& to) {
                const QUrl target = reply->url().resolved(to);
                if (sameOrigin(target, m_config.baseUrl)) {
                    if (++*redirects > kMaxRedirects)
                        refuse(QStringLiteral("%1 redirected more than %2 times; golive gave up")
                                   .arg(where)
                                   .arg(kMaxRedirects));
                    else
                        emit reply->redirectAllowed();
                    return;
                }
                refuse(QStringLiteral(
                           "%1 redirected to %2; golive does not follow redirects to another "
                           "address, and sent nothing there")
                           .arg(where, target.toDisplayString(QUrl::RemoveUserInfo)));
            });

    // A deadline for the whole request (setTransferTimeout only catches silence, not a server
    // that trickles a byte a second). The timer is the reply's child: it dies with it.
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [refuse, where, this] {
        refuse(QStringLiteral("%1 did not answer within %2")
                   .arg(where, formatSeconds(m_config.timeoutMs)));
    });
    deadline->start(std::max(m_config.timeoutMs, 1));
}

// What is wrong with a finished answer that was not refused, in words (empty when it is a
// usable answer): an HTTP error, a transport error, a redirect not followed, or an HTML page.
QString PrometheusClient::answerError(QNetworkReply* reply, int status, const QString& where,
                                      const QStringList& sslErrors, const QByteArray& body) const
{
    QString error;
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (status >= 400 || (status == 0 && reply->error() != QNetworkReply::NoError)) {
        if (status >= 400) {
            const QString reason = QString::fromUtf8(
                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
            error = QStringLiteral("%1 answered HTTP %2").arg(where).arg(status);
            if (!reason.isEmpty())
                error += QLatin1Char(' ') + reason;
            const QString words = prometheusErrorWords(body);
            if (!words.isEmpty())
                error += QStringLiteral(": ") + words;
            else if ((status == 401 || status == 403) &&
                     m_config.auth == PrometheusConfig::Auth::None)
                error += QStringLiteral(": it requires credentials and none were "
                                        "sent");
            else if (status == 401 || status == 403)
                error += QStringLiteral(": the credentials were refused");
            else if (status == 404)
                error += QStringLiteral(": no Prometheus API there (is the address, "
                                        "and its path prefix, right?)");
        } else {
            switch (reply->error()) {
            case QNetworkReply::SslHandshakeFailedError:
                error = QStringLiteral("TLS with %1 failed, nothing was sent: %2")
                            .arg(where, sslErrors.isEmpty() ? reply->errorString()
                                                            : sslErrors.join(QStringLiteral("; ")));
                if (!m_config.caFile.isEmpty())
                    error +=
                        QStringLiteral(" (trusting the CA in %1 as well)").arg(m_config.caFile);
                break;
            case QNetworkReply::RemoteHostClosedError:
                error = QStringLiteral("%1 closed the connection without a "
                                       "complete answer")
                            .arg(where);
                break;
            default:
                error = QStringLiteral("cannot reach %1: %2").arg(where, reply->errorString());
                break;
            }
        }
    } else if (reply->error() != QNetworkReply::NoError) {
        // A 2xx/3xx with a transport error: cut short mid-body, mostly.
        error = reply->error() == QNetworkReply::RemoteHostClosedError
                    ? QStringLiteral("%1 closed the connection in the middle of "
                                     "its answer")
                          .arg(where)
                : reply->error() == QNetworkReply::TooManyRedirectsError
                    ? QStringLiteral("%1 redirected more than %2 times; golive "
                                     "gave up")
                          .arg(where)
                          .arg(kMaxRedirects)
                    : QStringLiteral("%1: %2").arg(where, reply->errorString());
    } else if ((status >= 300 && status < 400) || (status > 0 && status < 200)) {
        // A redirect that was not followed (no Location, say): not an answer.
        error = QStringLiteral("%1 answered HTTP %2, not an answer (a redirect "
                               "golive did not follow?)")
                    .arg(where)
                    .arg(status);
    } else if (looksLikeHtml(body, contentType)) {
        error = QStringLiteral("%1 answered with HTML, not the JSON of its API — "
                               "is this the right address?")
                    .arg(where);
    }
    return error;
}

QString PrometheusClient::versionFromBuildInfo(const QByteArray& body, QString* error)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject data = doc.object().value(QLatin1String("data")).toObject();
    const QString version = data.value(QLatin1String("version")).toString();
    if (!doc.isObject() ||
        doc.object().value(QLatin1String("status")).toString() != QLatin1String("success") ||
        version.isEmpty()) {
        if (error)
            *error = QStringLiteral("the server answered, but not as Prometheus does: its "
                                    "/api/v1/status/buildinfo has no version. Is this "
                                    "Prometheus's address?");
        return {};
    }
    return version;
}

void PrometheusClient::checkConnection(
    std::function<void(const QString& version, const QString& error)> done)
{
    buildInfo([this, done = std::move(done)](const QByteArray& body, const QString& error) {
        if (!error.isEmpty()) {
            done({}, error);
            return;
        }
        QString why;
        const QString version = versionFromBuildInfo(body, &why);
        done(version, why.isEmpty() ? QString() : QStringLiteral("%1: %2").arg(where(), why));
    });
}

} // namespace golive
