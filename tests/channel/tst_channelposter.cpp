// Posting to the war-room channel against loopback fake receivers: the JSON bodies each format
// sends, a receiver that answers 500, 400, 429 with Retry-After, hangs, or redirects (to its own
// origin: followed; elsewhere: nothing is sent there), all off the caller's thread, and never a
// word of the URL's secret in an outcome.
#include "ChannelPoster.h"
#include "FakeHttpServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace golive;
using golive::test::FakeHttpServer;

namespace {

const QString kSecret = QStringLiteral("T0SECRET/B0SECRET/XyZsEcReT");

ChannelMessage sample()
{
    ChannelMessage m;
    m.moment = ChannelMoment::Decision;
    m.headline = QStringLiteral("GO by Dana Reyes (Incident Commander)");
    m.detail = QStringLiteral("all pre-checks green");
    m.facts = {{QStringLiteral("Run"), QStringLiteral("Summit")},
               {QStringLiteral("Phase"), QStringLiteral("Cutover")}};
    m.timeUtc = QDateTime::currentDateTimeUtc();
    return m;
}

// Quick deadlines and backoff, so a test of failures takes a second, not a minute.
ChannelPolicy quick()
{
    ChannelPolicy p;
    p.timeoutMs = 400;
    p.attempts = 3;
    p.backoffMs = 50;
    p.maxRetryAfterSeconds = 5;
    return p;
}

QUrl webhookOn(const FakeHttpServer& server, const QString& path = QStringLiteral("/services/"))
{
    QUrl url = server.baseUrl();
    url.setPath(path + kSecret);
    return url;
}

QByteArray hookPath()
{
    return QByteArrayLiteral("/services/") + kSecret.toUtf8();
}

} // namespace

class TestChannelPoster : public QObject
{
    Q_OBJECT

    ChannelOutcome postAndWait(ChannelPoster& poster, const QUrl& url,
                               ChannelFormat format = ChannelFormat::Slack)
    {
        QSignalSpy finished(&poster, &ChannelPoster::finished);
        const quint64 id = poster.post(url, format, sample());
        // The caller is never held: post() returns before anything is sent.
        [&] { QVERIFY(finished.wait(20000)); }();
        if (finished.isEmpty())
            return {};
        const ChannelOutcome o = finished.takeFirst().at(0).value<ChannelOutcome>();
        [&] { QCOMPARE(o.id, id); }();
        return o;
    }

    void noSecretIn(const ChannelOutcome& o)
    {
        for (const QString& text : {o.recordText(), o.error, o.maskedUrl})
            QVERIFY2(!text.contains(QStringLiteral("SECRET"), Qt::CaseInsensitive) &&
                         !text.contains(QStringLiteral("services")),
                     qPrintable(text));
    }

private slots:
    void slackBodyArrives()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(hookPath(), FakeHttpServer::json("ok"));
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(server));
        QVERIFY2(o.posted, qPrintable(o.recordText()));
        QCOMPARE(o.httpStatus, 200);
        QCOMPARE(o.attempts, 1);
        QCOMPARE(server.requests().size(), 1);
        const FakeHttpServer::Request& r = server.requests().first();
        QCOMPARE(r.method, QByteArray("POST"));
        QVERIFY(r.headers.value("content-type").startsWith("application/json"));
        QCOMPARE(r.body, channelBody(ChannelFormat::Slack, sample()));
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(QLatin1String("text")).toString(),
                 QStringLiteral("GO by Dana Reyes (Incident Commander)\nall pre-checks "
                                "green\nRun: Summit · Phase: Cutover"));
        QVERIFY(o.recordText().startsWith(QStringLiteral("posted \u201CGO by Dana Reyes")));
        noSecretIn(o);
        QCOMPARE(poster.inFlight(), 0);
    }

    void teamsBodyArrivesAndAcceptedIsPosted()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(hookPath(), FakeHttpServer::json("", 202)); // a workflow answers 202
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(server), ChannelFormat::Teams);
        QVERIFY2(o.posted, qPrintable(o.recordText()));
        QCOMPARE(o.httpStatus, 202);
        const QJsonObject body = QJsonDocument::fromJson(server.requests().first().body).object();
        QCOMPARE(body.value(QLatin1String("type")).toString(), QStringLiteral("message"));
        QCOMPARE(server.requests().first().body, channelBody(ChannelFormat::Teams, sample()));
    }

    // One at a time, in order: the second waits for the first's answer, however slow.
    void postsGoOutInOrder()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        FakeHttpServer::Response slow = FakeHttpServer::json("ok");
        slow.delayMs = 1500;
        server.route(hookPath(), slow);
        ChannelPolicy patient = quick();
        patient.timeoutMs = 10000;
        ChannelPoster inOrder(patient);
        QSignalSpy finished(&inOrder, &ChannelPoster::finished);
        ChannelMessage first = sample();
        first.headline = QStringLiteral("first");
        ChannelMessage second = sample();
        second.headline = QStringLiteral("second");
        const quint64 a = inOrder.post(webhookOn(server), ChannelFormat::Slack, first);
        const quint64 b = inOrder.post(webhookOn(server), ChannelFormat::Slack, second);
        QCOMPARE(inOrder.inFlight(), 2);
        QTRY_COMPARE(server.requests().size(), 1);
        QTest::qWait(300);
        QCOMPARE(server.requests().size(), 1); // the second waits for the first's answer
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QCOMPARE(finished.at(0).at(0).value<ChannelOutcome>().id, a);
        QCOMPARE(finished.at(1).at(0).value<ChannelOutcome>().id, b);
        QVERIFY(server.requests().at(0).body.contains("\"first\""));
        QVERIFY(server.requests().at(1).body.contains("\"second\""));
        QCOMPARE(inOrder.inFlight(), 0);
    }

    void postsRunOffTheCallersThread()
    {
        ChannelPoster poster(quick());
        QVERIFY(poster.networkThread() != QThread::currentThread());
        QVERIFY(poster.networkThread()->isRunning());
    }

    void serverErrorIsRetriedThenFails()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(hookPath(), FakeHttpServer::json("{}", 500));
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(server));
        QVERIFY(!o.posted);
        QCOMPARE(o.httpStatus, 500);
        QCOMPARE(o.attempts, 3);
        QCOMPARE(server.requests().size(), 3);
        QVERIFY2(o.error.startsWith(QStringLiteral("HTTP 500")), qPrintable(o.error));
        QVERIFY2(o.recordText().endsWith(QStringLiteral("after 3 attempts")),
                 qPrintable(o.recordText()));
        noSecretIn(o);
    }

    void clientErrorIsNotRetried()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        server.route(hookPath(), FakeHttpServer::json("invalid_token", 403));
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(server));
        QVERIFY(!o.posted);
        QCOMPARE(o.httpStatus, 403);
        QCOMPARE(o.attempts, 1);
        QCOMPARE(server.requests().size(), 1);
    }

    void tooManyRequestsWaitsAsAsked()
    {
        FakeHttpServer busy;
        QVERIFY(busy.listen());
        FakeHttpServer::Response slowDown = FakeHttpServer::json("rate limited", 429);
        slowDown.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "1"));
        busy.route(hookPath(), slowDown);
        ChannelPoster poster(quick());
        QElapsedTimer sinceFirst;
        connect(&busy, &FakeHttpServer::requestReceived, this, [&] {
            if (busy.requests().size() == 1) {
                sinceFirst.start();
                return;
            }
            // The second attempt comes after the second asked for, not after the policy's
            // 50 ms backoff.
            QVERIFY2(sinceFirst.elapsed() >= 900,
                     qPrintable(QString::number(sinceFirst.elapsed())));
        });
        // The second attempt is answered: the receiver has room again.
        QTimer::singleShot(300, &busy, [&] { busy.route(hookPath(), FakeHttpServer::json("ok")); });
        const ChannelOutcome o = postAndWait(poster, webhookOn(busy));
        QVERIFY2(o.posted, qPrintable(o.recordText()));
        QCOMPARE(o.attempts, 2);
        QCOMPARE(busy.requests().size(), 2);
    }

    void retryAfterBeyondTheLimitFailsAtOnce()
    {
        FakeHttpServer busy;
        QVERIFY(busy.listen());
        FakeHttpServer::Response slowDown = FakeHttpServer::json("rate limited", 429);
        slowDown.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "3600"));
        busy.route(hookPath(), slowDown);
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(busy));
        QVERIFY(!o.posted);
        QCOMPARE(o.attempts, 1);
        QCOMPARE(o.httpStatus, 429);
        QVERIFY2(o.error.contains(QStringLiteral("asked to wait 3600 s")), qPrintable(o.error));
    }

    // However many attempts the policy allows, one post stops within its budget.
    void aPostStopsWithinItsBudget()
    {
        FakeHttpServer busy;
        QVERIFY(busy.listen());
        FakeHttpServer::Response slowDown = FakeHttpServer::json("rate limited", 429);
        slowDown.headers.append(std::pair<QByteArray, QByteArray>("Retry-After", "2"));
        busy.route(hookPath(), slowDown);
        ChannelPolicy policy = quick();
        policy.attempts = 10;
        policy.budgetMs = 3000; // room for one wait of 2 s (and a 400 ms deadline), not two
        ChannelPoster poster(policy);
        const ChannelOutcome o = postAndWait(poster, webhookOn(busy));
        QVERIFY(!o.posted);
        QCOMPARE(o.attempts, 2);
        QVERIFY2(o.error.contains(QStringLiteral("another attempt would pass the 3 s")),
                 qPrintable(o.error));
    }

    void hangingReceiverTimesOut()
    {
        FakeHttpServer silent;
        QVERIFY(silent.listen());
        silent.route(hookPath(), FakeHttpServer::of(FakeHttpServer::Response::Kind::Hang));
        ChannelPolicy policy = quick();
        policy.attempts = 2;
        ChannelPoster poster(policy);
        QElapsedTimer clock;
        clock.start();
        const ChannelOutcome o = postAndWait(poster, webhookOn(silent));
        QVERIFY(!o.posted);
        QCOMPARE(o.httpStatus, 0);
        QCOMPARE(o.attempts, 2);
        QCOMPARE(silent.requests().size(), 2);
        QVERIFY2(o.error.startsWith(QStringLiteral("no answer within 0.4 s")), qPrintable(o.error));
        noSecretIn(o);
    }

    void refusedConnectionSaysSoWithoutTheUrl()
    {
        quint16 port = 0;
        {
            FakeHttpServer gone;
            QVERIFY(gone.listen());
            port = gone.port();
        }
        QUrl url(QStringLiteral("http://127.0.0.1/services/") + kSecret);
        url.setPort(port);
        ChannelPolicy policy = quick();
        policy.attempts = 1;
        ChannelPoster poster(policy);
        const ChannelOutcome o = postAndWait(poster, url);
        QVERIFY(!o.posted);
        QCOMPARE(o.error, QStringLiteral("the connection was refused"));
        noSecretIn(o);
    }

    void redirectToItsOwnOriginIsFollowed()
    {
        FakeHttpServer server;
        QVERIFY(server.listen());
        // 307 keeps the method and the body.
        server.route(QByteArrayLiteral("/old") + hookPath(),
                     FakeHttpServer::redirect(
                         QUrl(server.baseUrl().toString() + QStringLiteral("/moved")), 307));
        server.route(QByteArrayLiteral("/moved/old") + hookPath(), FakeHttpServer::json("ok"));
        ChannelPoster poster(quick());
        QUrl url = server.baseUrl();
        url.setPath(QStringLiteral("/old/services/") + kSecret);
        const ChannelOutcome o = postAndWait(poster, url);
        QVERIFY2(o.posted, qPrintable(o.recordText()));
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(1).body, channelBody(ChannelFormat::Slack, sample()));
    }

    void redirectToAnotherOriginIsRefused()
    {
        FakeHttpServer elsewhere;
        QVERIFY(elsewhere.listen());
        elsewhere.setDefault(FakeHttpServer::json("ok"));
        FakeHttpServer server;
        QVERIFY(server.listen());
        // "localhost" is not "127.0.0.1": another origin, though the same machine.
        QUrl other = elsewhere.baseUrl();
        other.setHost(QStringLiteral("localhost"));
        server.route(hookPath(), FakeHttpServer::redirect(other, 307));
        ChannelPoster poster(quick());
        const ChannelOutcome o = postAndWait(poster, webhookOn(server));
        QVERIFY(!o.posted);
        QCOMPARE(o.attempts, 1);
        QVERIFY2(o.error.contains(QStringLiteral("another origin (localhost)")),
                 qPrintable(o.error));
        QTest::qWait(100);
        QCOMPARE(elsewhere.requests().size(), 0);
        noSecretIn(o);
    }

    void destroyedWhilePostingIsQuiet()
    {
        FakeHttpServer silent;
        QVERIFY(silent.listen());
        silent.route(hookPath(), FakeHttpServer::of(FakeHttpServer::Response::Kind::Hang));
        auto poster = std::make_unique<ChannelPoster>(quick());
        poster->post(webhookOn(silent), ChannelFormat::Slack, sample());
        QTRY_COMPARE(silent.requests().size(), 1);
        poster.reset(); // the window closes: the thread stops, the post is abandoned
    }
};

QTEST_GUILESS_MAIN(TestChannelPoster)
#include "tst_channelposter.moc"
