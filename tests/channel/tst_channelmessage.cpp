// The war-room channel's messages: which recorded events are moments, what each says (the run,
// the phase, the UTC time, T-minus, the release fields), and the Slack and Teams bodies with the
// run's words kept as data (escaped, never markup, no mentions); the URL masked.
#include "ChannelMessage.h"
#include "SafeText.h"
#include "model/CutoverTestFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace golive;
using namespace golive::test;

namespace {

QJsonObject json(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << error.errorString() << body;
    return doc.object();
}

// Every string in a JSON value, depth first.
void strings(const QJsonValue& v, QStringList& out)
{
    if (v.isString())
        out << v.toString();
    else if (v.isArray())
        for (const QJsonValue& e : v.toArray())
            strings(e, out);
    else if (v.isObject())
        for (const QJsonValue& e : v.toObject())
            strings(e, out);
}

// Every object in a JSON value with "type" == `type`.
void objectsOfType(const QJsonValue& v, const QString& type, QList<QJsonObject>& out)
{
    if (v.isArray()) {
        for (const QJsonValue& e : v.toArray())
            objectsOfType(e, type, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("type")).toString() == type)
            out << o;
        for (const QJsonValue& e : o)
            objectsOfType(e, type, out);
    }
}

} // namespace

class TestChannelMessage : public QObject, public CutoverFixture
{
    Q_OBJECT

    // The moment the newest event is, as golive words it.
    std::optional<ChannelMessage> lastMoment() const
    {
        return channelMessageFor(m_state, m_state.events().constLast());
    }

    QString fact(const ChannelMessage& m, const QString& label) const
    {
        for (const auto& f : m.facts)
            if (f.first == label)
                return f.second;
        return QStringLiteral("(none)");
    }

private slots:
    void init()
    {
        m_state.reset(&seed().runbook);
        m_state.setClock([this] { return m_now; });
        m_seq = 0;
        m_now = utc(9, 0);
    }

    void everyMomentOfACutover()
    {
        SignOffEvent start =
            itemEvent(EventKind::FieldFilled, {}, rc, QStringLiteral("2026-05-01 10:00 UTC"));
        start.fieldKey = m_state.plan().startFieldKey;
        QCOMPARE(record(start), QString());
        QVERIFY(!lastMoment()); // a field is no moment
        SignOffEvent owner =
            itemEvent(EventKind::FieldFilled, {}, rc, QStringLiteral("Rae Okafor"));
        owner.fieldKey = QStringLiteral("owner");
        QCOMPARE(record(owner), QString());
        signPreChecks();
        QVERIFY(!lastMoment()); // a pre-check signed is no moment

        QCOMPARE(record(makeGateEvent(rc, QStringLiteral("bridge open"))), QString());
        std::optional<ChannelMessage> m = lastMoment();
        QVERIFY(m);
        QCOMPARE(m->moment, ChannelMoment::Gate);
        QCOMPARE(m->headline,
                 QStringLiteral("Go/No-Go gate opened by Rae Okafor (Release Captain)"));
        QCOMPARE(m->detail, QStringLiteral("bridge open"));
        QCOMPARE(fact(*m, QStringLiteral("Run")), seed().runbook.title);
        QCOMPARE(fact(*m, QStringLiteral("Phase")), QStringLiteral("Go/No-Go"));
        QCOMPARE(fact(*m, QStringLiteral("Time")), QStringLiteral("2026-05-01 09:00:00 UTC"));
        QCOMPARE(fact(*m, QStringLiteral("T-minus")), QStringLiteral("T-01:00:00"));
        QCOMPARE(fact(*m, QStringLiteral("Owner")), QStringLiteral("Rae Okafor"));
        QVERIFY(!m->urgent);

        advance(1);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), false, QStringLiteral("DNS not ready"),
                                          {}, ic)),
                 QString());
        m = lastMoment();
        QCOMPARE(m->moment, ChannelMoment::Decision);
        QCOMPARE(m->headline, QStringLiteral("NO-GO by Inès Duarte (Incident Commander)"));
        QCOMPARE(m->detail, QStringLiteral("DNS not ready"));
        QVERIFY(m->urgent);

        advance(58);
        QCOMPARE(record(makeDecisionEvent(m_state.plan(), true, {}, {}, ic)), QString());
        m = lastMoment();
        QCOMPARE(m->headline, QStringLiteral("GO by Inès Duarte (Incident Commander)"));
        QCOMPARE(fact(*m, QStringLiteral("Phase")), QStringLiteral("Cutover"));
        QCOMPARE(fact(*m, QStringLiteral("T-minus")), QStringLiteral("T-00:01:00"));
        QVERIFY(!m->urgent);

        // A step done.
        const QString first = m_state.plan().stepIds.at(0);
        advance(2);
        QCOMPARE(sign(first), QString());
        m = lastMoment();
        QCOMPARE(m->moment, ChannelMoment::StepDone);
        QVERIFY2(m->headline.startsWith(QStringLiteral("Step done: %1 ").arg(first)),
                 qPrintable(m->headline));
        QVERIFY(m->headline.endsWith(QStringLiteral(", by Eli Novak (Engineer)")));
        QCOMPARE(fact(*m, QStringLiteral("T-minus")), QStringLiteral("T+00:01:00"));
        const RunbookItem* next = seed().runbook.findItem(m_state.plan().stepIds.at(1));
        QVERIFY(next && !next->children.isEmpty());
        QCOMPARE(sign(next->children.first().id), QString());
        QVERIFY2(!lastMoment(), "a sub-item of a step is no moment of its own");

        const QString second = m_state.plan().stepIds.at(1);
        QCOMPARE(record(makeStepFailedEvent(
                     second, QStringLiteral("migration <b>timed out</b> @channel"), eng)),
                 QString());
        m = lastMoment();
        QCOMPARE(m->moment, ChannelMoment::StepFailed);
        QVERIFY(m->urgent);
        QVERIFY(m->detail.startsWith(
            QStringLiteral("migration <b>timed out</b> @channel\n15 minutes")));

        QCOMPARE(record(makeRollbackEvent(QStringLiteral("unresolved"), ic)), QString());
        m = lastMoment();
        QCOMPARE(m->moment, ChannelMoment::Rollback);
        QCOMPARE(m->headline,
                 QStringLiteral("ROLLBACK started by Inès Duarte (Incident Commander)"));
        const int steps = int(m_state.plan().rollbackSteps.size());
        QVERIFY(steps > 1);
        for (int n = 1; n < steps; ++n) {
            QCOMPARE(record(makeRollbackStepEvent(n, {}, eng)), QString());
            QVERIFY2(!lastMoment(), "a rollback step before the last is no news");
        }
        QCOMPARE(record(makeRollbackStepEvent(steps, {}, eng)), QString());
        // A step before the last is no news even against a state folded past it (a batch of
        // events from another workstation).
        QVERIFY(!channelMessageFor(m_state, m_state.events().at(m_state.events().size() - 2)));
        m = lastMoment();
        QCOMPARE(m->moment, ChannelMoment::Rollback);
        QVERIFY(m->headline.startsWith(QStringLiteral("ROLLBACK finished")));
        QCOMPARE(fact(*m, QStringLiteral("Phase")), QStringLiteral("Rolled back"));
    }

    void outOfOrderAndRevoked()
    {
        reachCutover();
        const QString third = m_state.plan().stepIds.at(4); // 4.9: no sub-items
        advance(1);
        QCOMPARE(record(makeOrderOverrideEvent(third, QStringLiteral("DNS ready early"), ic)),
                 QString());
        std::optional<ChannelMessage> m = lastMoment();
        QVERIFY(m);
        QCOMPARE(m->moment, ChannelMoment::StepDone);
        QVERIFY2(m->headline.startsWith(QStringLiteral("Step done OUT OF ORDER: %1 ").arg(third)),
                 qPrintable(m->headline));
        QCOMPARE(m->detail, QStringLiteral("DNS ready early"));
        QCOMPARE(
            record(itemEvent(EventKind::Revoked, third, ic, QStringLiteral("signed too soon"))),
            QString());
        m = lastMoment();
        QVERIFY(m);
        QCOMPARE(m->moment, ChannelMoment::StepDone);
        QVERIFY2(m->headline.startsWith(QStringLiteral("Step sign-off REVOKED: %1 ").arg(third)),
                 qPrintable(m->headline));
        QCOMPARE(m->detail, QStringLiteral("signed too soon"));
        QVERIFY(m->urgent);
        // A revoked pre-check before the GO is no moment.
    }

    void liveAndNotes()
    {
        reachCutover();
        signStepsBeforeFinal();
        QCOMPARE(record(itemEvent(EventKind::NoteAdded, m_state.plan().stepIds.at(0), eng,
                                  QStringLiteral("fine"))),
                 QString());
        QVERIFY(!lastMoment());
        QCOMPARE(
            record(makeObservedEvent(QStringLiteral("alert-firing"), QStringLiteral("x"), eng)),
            QString());
        QVERIFY(!lastMoment());
        advance(16);
        QCOMPARE(record(makeLiveEvent(m_state.plan(), QStringLiteral("SLOs steady"), ic)),
                 QString());
        const std::optional<ChannelMessage> m = lastMoment();
        QVERIFY(m);
        QCOMPARE(m->moment, ChannelMoment::Live);
        QCOMPARE(m->headline, QStringLiteral("LIVE: declared by Inès Duarte (Incident Commander)"));
        QCOMPARE(fact(*m, QStringLiteral("Phase")), QStringLiteral("Live"));
    }

    void slackBodyKeepsWordsAsData()
    {
        ChannelMessage m = channelTestMessage(m_state, utc(9, 30));
        m.headline = QStringLiteral("GO by <!channel> & *Bob* <https://evil|click>");
        m.detail = QStringLiteral("@here look\nline two");
        const QJsonObject root = json(channelBody(ChannelFormat::Slack, m));
        const QString text = root.value(QLatin1String("text")).toString();
        // Slack's escaping: no link, no special mention survives in the mrkdwn text.
        QVERIFY2(!text.contains(QLatin1Char('<')) && !text.contains(QLatin1Char('>')),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("&lt;!channel&gt; &amp; \\*Bob\\* ")));
        QVERIFY(text.contains(QStringLiteral("@\u2060here look")));
        QVERIFY(!text.contains(QStringLiteral("@here")));
        // The blocks say it in plain text: exactly the words.
        QList<QJsonObject> plain;
        objectsOfType(root.value(QLatin1String("blocks")), QStringLiteral("plain_text"), plain);
        QVERIFY(plain.size() >= 3);
        QCOMPARE(plain.at(0).value(QLatin1String("text")).toString(), m.headline);
        QCOMPARE(plain.at(1).value(QLatin1String("text")).toString(), m.detail);
        QList<QJsonObject> mrkdwn;
        objectsOfType(root, QStringLiteral("mrkdwn"), mrkdwn);
        QVERIFY2(mrkdwn.isEmpty(), "no block is read as mrkdwn");
        // Slack's limit on a header's text.
        m.headline = QString(400, QLatin1Char('x'));
        QList<QJsonObject> headers;
        objectsOfType(json(channelBody(ChannelFormat::Slack, m)).value(QLatin1String("blocks")),
                      QStringLiteral("header"), headers);
        QCOMPARE(headers.size(), 1);
        QCOMPARE(headers.at(0)
                     .value(QLatin1String("text"))
                     .toObject()
                     .value(QLatin1String("text"))
                     .toString()
                     .size(),
                 150);
    }

    // Mattermost and Rocket.Chat render "text" as Markdown: the run's words make no link,
    // image, emphasis, code, table, heading or list there.
    void slackTextMakesNoMarkdown()
    {
        const QString escaped = slackEscaped(QStringLiteral(
            "[Rollback approved](https://evil) ![](https://t/p.png) *b* _i_ ~s~ `c` a|b \\x\n"
            "# Heading\n- item\n  + item\n12. step\n3) step\nplain 4. text\nTitle\n===\n"
            "\tcode?"));
        QCOMPARE(escaped, QStringLiteral(
                              "\\[Rollback approved\\](https://evil) !\\[\\](https://t/p.png) "
                              "\\*b\\* \\_i\\_ \\~s\\~ \\`c\\` a\\|b \\\\x\n"
                              "\\# Heading\n\\- item\n\u00A0\u00A0\\+ item\n12\\. step\n3\\) step\n"
                              "plain 4. text\nTitle\n\\===\n\u00A0code?"));
    }

    void teamsBodyIsAnAdaptiveCardOfPlainRuns()
    {
        ChannelMessage m = channelTestMessage(m_state, utc(9, 30));
        m.headline = QStringLiteral("Step FAILED: **bold** [link](https://evil)");
        m.detail = QStringLiteral("what <failed>");
        m.urgent = true;
        const QJsonObject root = json(channelBody(ChannelFormat::Teams, m));
        QCOMPARE(root.value(QLatin1String("type")).toString(), QStringLiteral("message"));
        const QJsonObject attachment =
            root.value(QLatin1String("attachments")).toArray().at(0).toObject();
        QCOMPARE(attachment.value(QLatin1String("contentType")).toString(),
                 QStringLiteral("application/vnd.microsoft.card.adaptive"));
        const QJsonObject card = attachment.value(QLatin1String("content")).toObject();
        QCOMPARE(card.value(QLatin1String("type")).toString(), QStringLiteral("AdaptiveCard"));
        QCOMPARE(card.value(QLatin1String("version")).toString(), QStringLiteral("1.4"));
        // TextRuns are never Markdown; a TextBlock would be.
        QList<QJsonObject> blocks;
        objectsOfType(card, QStringLiteral("TextBlock"), blocks);
        QVERIFY(blocks.isEmpty());
        QList<QJsonObject> runs;
        objectsOfType(card, QStringLiteral("TextRun"), runs);
        QVERIFY(runs.size() >= 4);
        QCOMPARE(runs.at(0).value(QLatin1String("text")).toString(), m.headline);
        QCOMPARE(runs.at(0).value(QLatin1String("color")).toString(), QStringLiteral("Attention"));
        QCOMPARE(runs.at(1).value(QLatin1String("text")).toString(), m.detail);
        QStringList all;
        strings(card, all);
        QVERIFY(all.contains(QStringLiteral("Run: ")));
        QVERIFY(all.contains(seed().runbook.title));
    }

    void controlCharactersAreShownNotSent()
    {
        // The rules refuse such a note today; a record made before them may hold one, and is
        // folded as it is.
        SignOffEvent gate = makeGateEvent(rc, QStringLiteral("ok\u001b[2Jgone\u202Eevil"));
        gate.timeUtc = m_now;
        gate.seq = ++m_seq;
        m_state.apply(gate);
        const std::optional<ChannelMessage> m = lastMoment();
        QVERIFY(m);
        QVERIFY2(!hasControlCharacters(m->detail, true) && !hasBidiControls(m->detail),
                 qPrintable(m->detail));
    }

    void summaryCountsAndSlos()
    {
        signPreChecks();
        const ChannelMessage m = progressSummaryMessage(
            m_state,
            {{QStringLiteral("API p95"), QStringLiteral("breach"), QStringLiteral("812 ms")}}, {},
            utc(9, 10));
        QCOMPARE(m.moment, ChannelMoment::Summary);
        const Progress total = m_state.totalProgress();
        QCOMPARE(m.headline, QStringLiteral("Progress: %1 of %2 items done, %3 open")
                                 .arg(total.done)
                                 .arg(total.total)
                                 .arg(total.total - total.done));
        QVERIFY(m.detail.contains(QStringLiteral("SLOs:\nAPI p95: breach (812 ms)")));
        QVERIFY(m.detail.contains(QStringLiteral("1. ")));
        const ChannelMessage none =
            progressSummaryMessage(m_state, {}, QStringLiteral("no dashboard"), utc(9, 10));
        QVERIFY(none.detail.endsWith(QStringLiteral("SLOs: no dashboard")));
        QVERIFY(abortTriggerMessage(m_state, QStringLiteral("critical alert firing: X"), utc(9, 11))
                    .urgent);
    }

    void urlIsMaskedAndChecked()
    {
        const QUrl slack(QStringLiteral("https://hooks.slack.com/services/T0/B0/SeCrEt"));
        QCOMPARE(maskedWebhookUrl(slack),
                 QStringLiteral("https://hooks.slack.com/\u2022\u2022\u2022"));
        const QUrl teams(
            QStringLiteral("https://prod-12.westeurope.logic.azure.com:443/workflows/abc/"
                           "triggers/manual/paths/invoke?api-version=2016-06-01&sig=SeCrEt"));
        QVERIFY(!maskedWebhookUrl(teams).contains(QStringLiteral("SeCrEt")));
        QVERIFY(!maskedWebhookUrl(teams).contains(QStringLiteral("workflows")));
        QCOMPARE(
            maskedWebhookUrl(teams),
            QStringLiteral("https://prod-12.westeurope.logic.azure.com:443/\u2022\u2022\u2022"));
        QVERIFY(isUsableWebhookUrl(slack));
        QVERIFY(isUsableWebhookUrl(QUrl(QStringLiteral("http://127.0.0.1:8065/hooks/x"))));
        QString why;
        QVERIFY(!isUsableWebhookUrl(QUrl(QStringLiteral("ftp://host/x")), &why));
        QVERIFY(!isUsableWebhookUrl(QUrl(QStringLiteral("https://user:pw@host/x")), &why));
        QVERIFY(!why.contains(QStringLiteral("pw")));
        QVERIFY(!isUsableWebhookUrl(QUrl(QStringLiteral("hooks.slack.com/x")), &why));
    }

    void namesRoundTrip()
    {
        for (ChannelMoment m : selectableChannelMoments())
            QCOMPARE(channelMomentFromName(channelMomentName(m)), m);
        QCOMPARE(channelFormatFromName(QStringLiteral("teams")), ChannelFormat::Teams);
        QCOMPARE(channelFormatFromName(QStringLiteral("slack")), ChannelFormat::Slack);
        QVERIFY(!channelFormatFromName(QStringLiteral("irc")));
    }
};

QTEST_GUILESS_MAIN(TestChannelMessage)
#include "tst_channelmessage.moc"
