// Health checks of the services: HTTP GETs on QNetworkAccessManager and PromQL expressions
// through PrometheusClient, all asynchronous on the owner's (the UI) thread.
//
// Rounds. A round probes every http and promql check at once; its results are published
// together when its last probe has answered (each probe is bounded by the timeout, so a round
// is too): results() is replaced, statusChanged() is emitted for each check whose Up/Down
// judgement changed, then resultsChanged() once. The next round starts one interval after the
// previous one completed, so rounds never overlap on their own. probeNow(), setChecks(),
// setPrometheus(), setDemo() and setTimeoutMs() start a new round when started, which
// supersedes the one in flight: its requests are aborted and anything of it that still arrives
// is dropped (every answer carries its round number), so a stale answer is never published.
//
// HTTP. Healthy on any 2xx. Redirects are not followed: a health route that redirects (to a
// login page, another host, https) is not answering itself, so a 3xx is Down with "redirected
// to ...". Only the status line matters: the reply is aborted as soon as its headers are in,
// so a huge or endless body costs nothing. TLS uses the system's trusted certificates and
// verification is never turned off.
//
// PromQL. Asked through PrometheusClient, so its redirect rule holds here too: a redirect to
// another origin is refused (the check is Unknown, saying so) and the credentials go nowhere
// else. Healthy when the instant query returns at least one sample and no sample is 0 (so
// `up{job="x"} == 1` and `up{job="x"}` both work). When Prometheus cannot be asked (unreachable,
// refused credentials, a PromQL error), golive cannot tell: the check is Unknown with the
// reason, never Down.
#include "HealthMonitor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <tuple>

Q_LOGGING_CATEGORY(lcHealth, "golive.health")

namespace golive {

namespace {

constexpr int kDefaultIntervalMs = 15000;
constexpr int kDefaultTimeoutMs = 5000;
constexpr char kKeyPrefix[] = "health/";
constexpr qint64 kMaxQueryBytes = 1 << 20;

QString formatSeconds(int ms)
{
    return QString::number(ms / 1000.0, 'g', 3) + QStringLiteral(" s");
}

bool isProbed(const HealthCheckDefinition& check)
{
    return check.kind != HealthCheckDefinition::Kind::Manual;
}

// The light before any probe: Unknown, or NotProbed with the manual instruction.
HealthResult initialResult(const HealthCheckDefinition& check)
{
    HealthResult result;
    result.service = check.service;
    result.kind = check.kind;
    result.critical = check.critical;
    if (!isProbed(check)) {
        result.status = HealthStatus::NotProbed;
        result.detail = check.how.isEmpty() ? QStringLiteral("checked by hand")
                                            : QStringLiteral("checked by hand: ") + check.how;
    } else {
        result.detail = QStringLiteral("not checked yet");
    }
    return result;
}

QString transportError(QNetworkReply* reply, const QStringList& sslErrors)
{
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found: ") + reply->url().host();
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the connection was closed without an answer");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("TLS failed: ") +
               (sslErrors.isEmpty() ? reply->errorString() : sslErrors.join(QStringLiteral("; ")));
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
        return QStringLiteral("network unavailable: ") + reply->errorString();
    default:
        return reply->errorString();
    }
}

// Judges an instant-query answer: Up, Down, or Unknown when it is not a Prometheus answer.
std::pair<HealthStatus, QString> judgeQuery(const QString& query, const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject root = doc.object();
    const QString status = root.value(QLatin1String("status")).toString();
    if (status == QLatin1String("error")) {
        const QString type = root.value(QLatin1String("errorType")).toString();
        const QString error = root.value(QLatin1String("error")).toString();
        return {HealthStatus::Unknown,
                QStringLiteral("Prometheus could not answer: ") +
                    (type.isEmpty() ? error : type + QStringLiteral(": ") + error)};
    }
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    const QString resultType = data.value(QLatin1String("resultType")).toString();
    if (status != QLatin1String("success") || resultType.isEmpty())
        return {HealthStatus::Unknown,
                QStringLiteral("the answer to %1 is not a Prometheus query result").arg(query)};

    // One sample: its value, [time, "text"]; a vector: its samples with their labels.
    QList<std::pair<QString, double>> samples; // labels in words, value
    const auto valueOf = [](const QJsonValue& pair) {
        bool ok = false;
        const double v = pair.toArray().at(1).toString().toDouble(&ok);
        return ok ? v : std::nan("");
    };
    if (resultType == QLatin1String("scalar")) {
        samples.append({QString(), valueOf(data.value(QLatin1String("result")))});
    } else if (resultType == QLatin1String("vector")) {
        for (const QJsonValue& sample : data.value(QLatin1String("result")).toArray()) {
            const QJsonObject metric = sample.toObject().value(QLatin1String("metric")).toObject();
            QStringList labels;
            for (auto it = metric.begin(); it != metric.end(); ++it)
                labels.append(it.key() + QStringLiteral("=\"") + it.value().toString() +
                              QLatin1Char('"'));
            samples.append({QLatin1Char('{') + labels.join(QLatin1Char(',')) + QLatin1Char('}'),
                            valueOf(sample.toObject().value(QLatin1String("value")))});
        }
    } else {
        return {HealthStatus::Unknown,
                QStringLiteral("%1 returned a %2, not an instant vector").arg(query, resultType)};
    }

    if (samples.isEmpty())
        return {HealthStatus::Down, QStringLiteral("%1 returned no sample").arg(query)};
    for (const auto& [labels, value] : samples) {
        if (value == 0)
            return {
                HealthStatus::Down,
                QStringLiteral("%1 returned 0%2")
                    .arg(query, labels.isEmpty() ? QString() : QStringLiteral(" for ") + labels)};
        if (std::isnan(value))
            return {HealthStatus::Unknown,
                    QStringLiteral("%1 returned a value that is not a number").arg(query)};
    }
    return {HealthStatus::Up,
            samples.size() == 1
                ? QStringLiteral("%1 returned %2")
                      .arg(query, QString::number(samples.first().second, 'g', 6))
                : QStringLiteral("%1 returned %2 samples, none 0").arg(query).arg(samples.size())};
}

} // namespace

std::pair<HealthStatus, QString> HealthMonitor::judgeAnswer(const QString& query,
                                                            const QByteArray& body)
{
    return judgeQuery(query, body);
}

QString healthStatusName(HealthStatus status)
{
    switch (status) {
    case HealthStatus::Unknown:
        return QStringLiteral("unknown");
    case HealthStatus::Up:
        return QStringLiteral("up");
    case HealthStatus::Down:
        return QStringLiteral("down");
    case HealthStatus::NotProbed:
        return QStringLiteral("not probed");
    }
    return QStringLiteral("unknown");
}

struct HealthMonitor::Impl
{
    QNetworkAccessManager* network = nullptr;
    std::unique_ptr<PrometheusClient> prometheus;
    std::optional<PrometheusConfig> prometheusConfig;
    QTimer* next = nullptr; // the next round, one interval after the last one completed
    QList<HealthCheckDefinition> checks;
    // The last Up/Down judgement per check (Unknown before the first), for statusChanged.
    QList<HealthStatus> judged;
    int intervalMs = kDefaultIntervalMs;
    int timeoutMs = kDefaultTimeoutMs;
    bool started = false;

    quint64 round = 0;                      // the round in flight (or the last one)
    bool inFlight = false;                  // `round` has probes outstanding
    int outstanding = 0;                    // probes of `round` not answered yet
    QList<HealthResult> pending;            // `round`'s results so far, in check order
    QList<QPointer<QNetworkReply>> replies; // `round`'s HTTP probes, aborted on supersede
};

HealthMonitor::HealthMonitor(QObject* parent) : QObject(parent), d(new Impl)
{
    qRegisterMetaType<golive::HealthResult>();
    qRegisterMetaType<QList<golive::HealthResult>>();
    qRegisterMetaType<golive::HealthStatus>();
    d->network = new QNetworkAccessManager(this);
    d->network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    d->next = new QTimer(this);
    d->next->setSingleShot(true);
    connect(d->next, &QTimer::timeout, this, &HealthMonitor::probeNow);
}

HealthMonitor::~HealthMonitor()
{
    stop();
    delete d;
}

void HealthMonitor::setChecks(const QList<HealthCheckDefinition>& checks)
{
    abandonRound();
    d->checks = checks;
    d->judged = QList<HealthStatus>(checks.size(), HealthStatus::Unknown);
    m_results.clear();
    for (const HealthCheckDefinition& check : checks)
        m_results.append(initialResult(check));
    emit resultsChanged(m_results);
    if (d->started)
        probeNow();
}

void HealthMonitor::setPrometheus(const PrometheusConfig& config)
{
    abandonRound();
    d->prometheusConfig = config;
    d->prometheus.reset();
    if (d->started)
        probeNow();
}

void HealthMonitor::clearPrometheus()
{
    abandonRound();
    d->prometheusConfig.reset();
    d->prometheus.reset();
    if (d->started)
        probeNow();
}

void HealthMonitor::setDemo(bool demo)
{
    if (demo == m_demo)
        return;
    abandonRound();
    m_demo = demo;
    if (d->started)
        probeNow();
}

void HealthMonitor::setIntervalMs(int ms)
{
    d->intervalMs = std::max(ms, 1);
    if (d->next->isActive())
        d->next->start(d->intervalMs);
}

void HealthMonitor::setTimeoutMs(int ms)
{
    const int timeout = std::max(ms, 1);
    if (timeout == d->timeoutMs)
        return;
    abandonRound();
    d->timeoutMs = timeout;
    d->prometheus.reset(); // its requests carry the timeout too
    if (d->started)
        probeNow();
}

void HealthMonitor::start()
{
    d->started = true;
    probeNow();
}

void HealthMonitor::stop()
{
    d->started = false;
    d->next->stop();
    abandonRound();
}

bool HealthMonitor::isStarted() const
{
    return d->started;
}

int HealthMonitor::intervalMs() const
{
    return d->intervalMs;
}

int HealthMonitor::timeoutMs() const
{
    return d->timeoutMs;
}

QList<HealthResult> HealthMonitor::failingCritical() const
{
    // Unknown is not "all clear": a check last judged Down stays failing until a probe says Up.
    QList<HealthResult> failing;
    for (qsizetype i = 0; i < m_results.size(); ++i) {
        const HealthResult& result = m_results.at(i);
        if (!result.critical)
            continue;
        if (result.status == HealthStatus::Down) {
            failing.append(result);
        } else if (result.status == HealthStatus::Unknown && i < d->judged.size() &&
                   d->judged.at(i) == HealthStatus::Down) {
            HealthResult lastKnown = result;
            lastKnown.status = HealthStatus::Down;
            lastKnown.detail = tr("down when last probed; now unknown: %1").arg(result.detail);
            failing.append(lastKnown);
        }
    }
    return failing;
}

void HealthMonitor::abandonRound()
{
    ++d->round; // anything of the old round that still arrives is dropped
    d->inFlight = false;
    d->outstanding = 0;
    d->pending.clear();
    const auto replies = std::exchange(d->replies, {});
    for (const QPointer<QNetworkReply>& reply : replies) {
        if (!reply)
            continue;
        disconnect(reply, nullptr, this, nullptr); // abort() emits finished() at once
        reply->abort();
        reply->deleteLater();
    }
    if (d->prometheus)
        d->prometheus->cancelAll();
}

void HealthMonitor::probeNow()
{
    abandonRound();
    d->next->stop();
    const quint64 round = d->round;
    d->pending = m_results;
    for (qsizetype i = 0; i < d->checks.size(); ++i) {
        // A check's light keeps its last answer until this round's comes in.
        const HealthCheckDefinition& check = d->checks.at(i);
        if (!isProbed(check))
            continue;
        ++d->outstanding;
    }
    d->inFlight = true;
    if (d->outstanding == 0) {
        // Nothing to probe (no checks, or only manual ones): the round is over at once, but
        // is still reported later from the event loop, like every other round.
        d->outstanding = 1;
        QMetaObject::invokeMethod(
            this, [this, round] { finishProbe(round, -1, {}); }, Qt::QueuedConnection);
        return;
    }
    for (qsizetype i = 0; i < d->checks.size(); ++i) {
        const HealthCheckDefinition& check = d->checks.at(i);
        if (!isProbed(check))
            continue;
        if (m_demo)
            probeDemo(round, int(i));
        else if (check.kind == HealthCheckDefinition::Kind::Http)
            probeHttp(round, int(i));
        else
            probePromQL(round, int(i));
    }
}

void HealthMonitor::probeDemo(quint64 round, int index)
{
    HealthResult result = initialResult(d->checks.at(index));
    result.status = HealthStatus::Up;
    result.detail = QStringLiteral("DEMO");
    result.demo = true;
    QMetaObject::invokeMethod(
        this, [this, round, index, result] { finishProbe(round, index, result); },
        Qt::QueuedConnection);
}

void HealthMonitor::probeHttp(quint64 round, int index)
{
    const HealthCheckDefinition& check = d->checks.at(index);
    const QUrl url(check.url);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("golive health check"));
    QNetworkReply* reply = d->network->get(request);
    // Only the status line matters, and the reply is let go of on the next pass of the event
    // loop. QNetworkAccessManager reads HTTP on its own thread: without this back-pressure, a
    // busy UI thread would let it pull tens of megabytes of an endless body into memory first.
    reply->setReadBufferSize(16 << 10);
    d->replies.append(reply);
    qCDebug(lcHealth).noquote() << "GET" << url.toDisplayString(QUrl::RemoveUserInfo);

    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    auto done = std::make_shared<bool>(false);
    auto sslErrors = std::make_shared<QStringList>();
    HealthResult base = initialResult(check);
    const int timeoutMs = d->timeoutMs;

    // Called once per probe: records the answer and lets go of the reply.
    const auto conclude = [this, round, index, reply, done, base](HealthStatus status,
                                                                  const QString& detail) {
        if (*done)
            return;
        *done = true;
        disconnect(reply, nullptr, this, nullptr);
        // Only the status line was wanted: deleting a reply still running aborts it (an
        // explicit abort() after an HTTP error makes Qt complain of a second error).
        reply->deleteLater();
        HealthResult result = base;
        result.status = status;
        result.detail = detail;
        finishProbe(round, index, result);
    };

    // The status line is all a health check needs: judged as soon as the headers are in.
    const auto judgeStatus = [reply, elapsed, conclude] {
        const QVariant code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (!code.isValid())
            return false;
        const int status = code.toInt();
        const QString reason = QString::fromUtf8(
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
        QString words = QStringLiteral("HTTP %1").arg(status);
        if (!reason.isEmpty())
            words += QLatin1Char(' ') + reason;
        if (status >= 200 && status < 300) {
            conclude(HealthStatus::Up,
                     QStringLiteral("HTTP %1 in %2 ms").arg(status).arg(elapsed->elapsed()));
        } else if (status >= 300 && status < 400) {
            const QUrl target =
                reply->url().resolved(reply->header(QNetworkRequest::LocationHeader).toUrl());
            conclude(HealthStatus::Down,
                     words + QStringLiteral(": redirected to ") +
                         target.toDisplayString(QUrl::RemoveUserInfo) +
                         QStringLiteral(", not followed (give the final address)"));
        } else {
            conclude(HealthStatus::Down, words);
        }
        return true;
    };

    connect(reply, &QNetworkReply::metaDataChanged, this, [judgeStatus] { judgeStatus(); });
    connect(reply, &QNetworkReply::sslErrors, this, [sslErrors](const QList<QSslError>& errors) {
        for (const QSslError& e : errors) // recorded for the message; never ignored
            sslErrors->append(e.errorString());
    });
    connect(reply, &QNetworkReply::finished, this, [reply, judgeStatus, conclude, sslErrors] {
        // An HTTP answer (even one Qt counts as an error, such as a 503) is judged on its status;
        // no status at all is a transport failure.
        if (!judgeStatus())
            conclude(HealthStatus::Down, transportError(reply, *sslErrors));
    });

    // The whole probe has a deadline (a trickling server is as unhealthy as a silent one).
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [conclude, timeoutMs] {
        conclude(HealthStatus::Down,
                 QStringLiteral("no answer within ") + formatSeconds(timeoutMs));
    });
    deadline->start(timeoutMs);
}

void HealthMonitor::probePromQL(quint64 round, int index)
{
    const HealthCheckDefinition& check = d->checks.at(index);
    HealthResult base = initialResult(check);
    if (!d->prometheusConfig) {
        base.detail = QStringLiteral("no Prometheus configured to ask ") + check.query;
        QMetaObject::invokeMethod(
            this, [this, round, index, base] { finishProbe(round, index, base); },
            Qt::QueuedConnection);
        return;
    }
    if (!d->prometheus) {
        PrometheusConfig config = *d->prometheusConfig;
        config.timeoutMs = d->timeoutMs;
        // An instant query for a health light answers in a few hundred bytes; the whole JSON
        // is read with QJsonDocument, so keep what it may be handed small.
        config.maxResponseBytes = std::min<qint64>(config.maxResponseBytes, kMaxQueryBytes);
        config.maxRoundBytes = std::min<qint64>(config.maxRoundBytes, 8 * kMaxQueryBytes);
        d->prometheus = std::make_unique<PrometheusClient>(config);
    }
    const QString query = check.query;
    d->prometheus->query(
        QString::fromLatin1(kKeyPrefix) + check.service, query,
        [this, round, index, base, query](const QByteArray& body, const QString& error) {
            HealthResult result = base;
            if (!error.isEmpty()) {
                // golive cannot tell: the service may be fine.
                result.status = HealthStatus::Unknown;
                result.detail = error;
            } else {
                std::tie(result.status, result.detail) = judgeQuery(query, body);
            }
            finishProbe(round, index, result);
        });
}

void HealthMonitor::finishProbe(quint64 round, int index, HealthResult result)
{
    if (round != d->round || !d->inFlight)
        return; // a superseded round's late answer
    if (index >= 0 && index < d->pending.size()) {
        result.checkedAtUtc = QDateTime::currentDateTimeUtc();
        d->pending[index] = result;
        // Logged when it changes, not every round: a service down for an hour is one line.
        const bool changed = index >= m_results.size() ||
                             m_results.at(index).status != result.status ||
                             m_results.at(index).detail.section(QLatin1String(" in "), 0, 0) !=
                                 result.detail.section(QLatin1String(" in "), 0, 0);
        if (changed &&
            (result.status == HealthStatus::Down || result.status == HealthStatus::Unknown))
            qCInfo(lcHealth).noquote()
                << result.service << healthStatusName(result.status) << result.detail;
    }
    if (--d->outstanding > 0)
        return;

    // The round is complete: publish it as a whole.
    d->inFlight = false;
    d->replies.clear();
    const QList<HealthResult> published = std::exchange(m_results, std::exchange(d->pending, {}));
    // A status that holds keeps the time it began; a new one begins with this probe.
    for (qsizetype i = 0; i < m_results.size(); ++i) {
        HealthResult& r = m_results[i];
        const bool holds = i < published.size() && published.at(i).service == r.service &&
                           published.at(i).status == r.status && published.at(i).sinceUtc.isValid();
        r.sinceUtc = holds ? published.at(i).sinceUtc : r.checkedAtUtc;
    }
    QList<std::pair<HealthResult, HealthStatus>> transitions;
    for (qsizetype i = 0; i < m_results.size() && i < d->judged.size(); ++i) {
        const HealthStatus now = m_results.at(i).status;
        if (now != HealthStatus::Up && now != HealthStatus::Down)
            continue; // Unknown and NotProbed keep the last judgement
        if (now != d->judged.at(i)) {
            transitions.append({m_results.at(i), d->judged.at(i)});
            d->judged[i] = now;
        }
    }
    // A receiver may start another round or replace the checks from a signal: then this
    // round's remaining signals would be stale, and the new round schedules itself.
    for (const auto& [changed, before] : transitions) {
        emit statusChanged(changed, before);
        if (round != d->round)
            return;
    }
    if (index >= 0)
        emit resultsChanged(m_results);
    if (round == d->round && !d->inFlight && d->started)
        d->next->start(d->intervalMs);
}

} // namespace golive
