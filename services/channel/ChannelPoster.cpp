// Posting to the war-room channel's webhook on a thread of its own (see ChannelPoster.h).
#include "ChannelPoster.h"

#include "Origin.h"
#include "SafeText.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcChannel, "golive.channel")

namespace golive {
namespace {

// Same-origin redirects (a proxy adding a slash, say) are followed up to this many.
constexpr int kMaxRedirects = 5;

QString secondsText(qint64 ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                          : QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

// A transport failure in golive's own words: Qt's errorString() names the URL, which is the
// secret, so it is never used.
QString networkWords(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("the connection was refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("the server closed the connection without answering");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("the host name was not found");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("the TLS handshake failed (the server's certificate is not trusted)");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
        return QStringLiteral("the network is down");
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        return QStringLiteral("the proxy failed");
    default:
        return QStringLiteral("a network error (%1)").arg(int(error));
    }
}

// Retry-After: delay-seconds or an HTTP date. nullopt when absent or unreadable.
std::optional<qint64> retryAfterSeconds(const QNetworkReply* reply)
{
    const QByteArray value = reply->rawHeader("Retry-After").trimmed();
    if (value.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok)
        return std::max<qint64>(seconds, 0);
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(QDateTime::currentDateTimeUtc().secsTo(when), 0);
}

struct Job
{
    QUrl url;
    QByteArray body;
    ChannelOutcome outcome;
    QElapsedTimer sinceFirstAttempt;
};

} // namespace

// Lives on the poster's thread; made and deleted there.
class ChannelPostWorker : public QObject
{
public:
    ChannelPostWorker(const ChannelPolicy& policy, ChannelPoster* poster)
        : m_policy(policy), m_poster(poster)
    {}

    // Posts go out one at a time, in the order they were asked for, so the channel reads as
    // the go-live happened (the gate before the GO), whatever one of them waits for.
    void start(const std::shared_ptr<Job>& job)
    {
        if (!m_network) {
            m_network = new QNetworkAccessManager(this);
            // Every redirect is vetted (attempt()): only one to the webhook's origin is followed.
            m_network->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
        }
        m_queue.append(job);
        if (!m_busy)
            next();
    }

private:
    void next()
    {
        m_busy = !m_queue.isEmpty();
        if (m_busy)
            attempt(m_queue.takeFirst());
    }

    void attempt(const std::shared_ptr<Job>& job)
    {
        if (!job->sinceFirstAttempt.isValid())
            job->sinceFirstAttempt.start();
        ++job->outcome.attempts;
        QNetworkRequest request(job->url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json; charset=utf-8"));
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                             QNetworkRequest::AlwaysNetwork);
        request.setMaximumRedirectsAllowed(kMaxRedirects + 3); // counted below; a backstop
        QNetworkReply* reply = m_network->post(request, job->body);

        auto refused = std::make_shared<QString>();
        auto timedOut = std::make_shared<bool>(false);
        auto redirects = std::make_shared<int>(0);
        connect(reply, &QNetworkReply::redirected, this,
                [reply, job, refused, redirects](const QUrl& to) {
                    const QUrl target = reply->url().resolved(to);
                    if (sameOrigin(target, job->url) && ++*redirects <= kMaxRedirects) {
                        emit reply->redirectAllowed();
                        return;
                    }
                    *refused =
                        sameOrigin(target, job->url)
                            ? QStringLiteral("redirected more than %1 times").arg(kMaxRedirects)
                            : QStringLiteral("redirected to another origin (%1), where "
                                             "golive sends nothing")
                                  .arg(visibleControls(target.host()));
                    reply->abort();
                });
        auto* deadline = new QTimer(reply);
        deadline->setSingleShot(true);
        connect(deadline, &QTimer::timeout, reply, [reply, timedOut] {
            *timedOut = true;
            reply->abort();
        });
        deadline->start(std::max(m_policy.timeoutMs, 1));

        connect(reply, &QNetworkReply::finished, this, [this, reply, job, refused, timedOut] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            ChannelOutcome& o = job->outcome;
            o.httpStatus = status;
            if (!refused->isEmpty()) {
                finish(job, *refused);
                return;
            }
            if (!*timedOut && status >= 200 && status < 300) {
                o.posted = true;
                finish(job, QString());
                return;
            }
            QString error;
            if (*timedOut) {
                o.httpStatus = 0;
                error = QStringLiteral("no answer within %1").arg(secondsText(m_policy.timeoutMs));
            } else if (status > 0) {
                const QString reason = QString::fromUtf8(
                    reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
                error = QStringLiteral("HTTP %1").arg(status);
                if (!reason.isEmpty())
                    error += QLatin1Char(' ') + cappedMessage(reason, 60);
            } else {
                error = networkWords(reply->error());
            }
            // A client error other than 408 and 429 says the URL or the message is wrong:
            // asking again cannot help.
            const bool retryable = status == 0 || status >= 500 || status == 408 || status == 429;
            qint64 waitMs = qint64(m_policy.backoffMs) << std::min(o.attempts - 1, 10);
            if (status == 429) {
                if (const std::optional<qint64> after = retryAfterSeconds(reply)) {
                    if (*after > m_policy.maxRetryAfterSeconds) {
                        finish(job, QStringLiteral("%1, asked to wait %2 s (more than golive "
                                                   "waits, %3 s)")
                                        .arg(error)
                                        .arg(*after)
                                        .arg(m_policy.maxRetryAfterSeconds));
                        return;
                    }
                    waitMs = *after * 1000;
                }
            }
            if (!retryable || o.attempts >= m_policy.attempts) {
                finish(job, error);
                return;
            }
            // A post that would go on past its budget stops here: the command line waits for
            // it, and a moment told minutes late is no longer news.
            if (job->sinceFirstAttempt.elapsed() + waitMs + m_policy.timeoutMs >
                m_policy.budgetMs) {
                finish(job, QStringLiteral("%1; not tried again: another attempt would pass the "
                                           "%2 golive gives one post")
                                .arg(error, secondsText(m_policy.budgetMs)));
                return;
            }
            qCInfo(lcChannel).noquote() << QStringLiteral("channel %1: %2; trying again in %3")
                                               .arg(o.maskedUrl, error, secondsText(waitMs));
            QTimer::singleShot(waitMs, this, [this, job] { attempt(job); });
        });
    }

    void finish(const std::shared_ptr<Job>& job, const QString& error)
    {
        ChannelOutcome o = job->outcome;
        o.error = error;
        o.finishedUtc = QDateTime::currentDateTimeUtc();
        if (o.posted)
            qCInfo(lcChannel).noquote() << o.recordText();
        else
            qCWarning(lcChannel).noquote() << o.recordText();
        ChannelPoster* poster = m_poster;
        QMetaObject::invokeMethod(
            poster,
            [poster, o] {
                poster->m_inFlight = std::max(0, poster->m_inFlight - 1);
                emit poster->finished(o);
            },
            Qt::QueuedConnection);
        next();
    }

    const ChannelPolicy m_policy;
    ChannelPoster* const m_poster;
    QNetworkAccessManager* m_network = nullptr;
    QList<std::shared_ptr<Job>> m_queue; // waiting for the post before them
    bool m_busy = false;                 // a post is being attempted (or waits to retry)
};

QString ChannelOutcome::recordText() const
{
    const QString what = QStringLiteral("\u201C%1\u201D").arg(headline);
    const QString tries =
        attempts > 1 ? QStringLiteral(" after %1 attempts").arg(attempts) : QString();
    if (posted)
        return QStringLiteral("posted %1 to %2 (HTTP %3%4)")
            .arg(what, maskedUrl)
            .arg(httpStatus)
            .arg(tries);
    return QStringLiteral("could not post %1 to %2: %3%4")
        .arg(what, maskedUrl, error,
             attempts > 1 ? tries : (attempts == 1 ? QStringLiteral(" (not retried)") : QString()));
}

ChannelPoster::ChannelPoster(const ChannelPolicy& policy, QObject* parent) : QObject(parent)
{
    qRegisterMetaType<golive::ChannelOutcome>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("golive channel"));
    m_worker = new ChannelPostWorker(policy, this);
    m_worker->moveToThread(m_thread);
    // The worker, its network manager and every reply go with the thread's end.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

ChannelPoster::~ChannelPoster()
{
    if (m_inFlight > 0)
        qCWarning(lcChannel).noquote()
            << QStringLiteral("golive is closing with %1 post(s) to the channel not finished: "
                              "they may or may not have reached it, and are not recorded")
                   .arg(m_inFlight);
    m_thread->quit();
    m_thread->wait();
}

quint64 ChannelPoster::post(const QUrl& url, ChannelFormat format, const ChannelMessage& message)
{
    auto job = std::make_shared<Job>();
    job->url = url;
    job->body = channelBody(format, message);
    job->outcome.id = m_nextId++;
    job->outcome.moment = message.moment;
    job->outcome.headline = message.headline;
    job->outcome.maskedUrl = maskedWebhookUrl(url);
    ++m_inFlight;
    ChannelPostWorker* worker = m_worker;
    QMetaObject::invokeMethod(
        worker, [worker, job] { worker->start(job); }, Qt::QueuedConnection);
    return job->outcome.id;
}

ChannelOutcome ChannelPoster::postAndWait(const QUrl& url, ChannelFormat format,
                                          const ChannelMessage& message)
{
    std::optional<ChannelOutcome> result;
    QEventLoop loop;
    quint64 id = 0;
    const QMetaObject::Connection connection =
        connect(this, &ChannelPoster::finished, &loop, [&](const ChannelOutcome& o) {
            if (o.id == id) {
                result = o;
                loop.quit();
            }
        });
    id = post(url, format, message);
    loop.exec();
    disconnect(connection);
    return result.value_or(ChannelOutcome{});
}

} // namespace golive
