// The war-room channel's messages and webhook bodies (see ChannelMessage.h).
#include "ChannelMessage.h"

#include "Cutover.h"
#include "SafeText.h"
#include "Wording.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <array>
#include <climits>

namespace golive {
namespace {

struct MomentNames
{
    ChannelMoment moment;
    QLatin1String name;
    const char* display;
};

constexpr std::array<MomentNames, 9> kMoments{{
    {ChannelMoment::Gate, QLatin1String("gate"),
     QT_TRANSLATE_NOOP("golive::Channel", "Go/No-Go gate opened")},
    {ChannelMoment::Decision, QLatin1String("decision"),
     QT_TRANSLATE_NOOP("golive::Channel", "GO and NO-GO")},
    {ChannelMoment::StepDone, QLatin1String("step-done"),
     QT_TRANSLATE_NOOP("golive::Channel", "Cutover step done")},
    {ChannelMoment::StepFailed, QLatin1String("step-failed"),
     QT_TRANSLATE_NOOP("golive::Channel", "Cutover step failed")},
    {ChannelMoment::AbortTrigger, QLatin1String("abort-trigger"),
     QT_TRANSLATE_NOOP("golive::Channel", "Abort trigger raised")},
    {ChannelMoment::Rollback, QLatin1String("rollback"),
     QT_TRANSLATE_NOOP("golive::Channel", "Rollback started and finished")},
    {ChannelMoment::Live, QLatin1String("live"), QT_TRANSLATE_NOOP("golive::Channel", "Live")},
    {ChannelMoment::Summary, QLatin1String("summary"),
     QT_TRANSLATE_NOOP("golive::Channel", "Progress summary")},
    {ChannelMoment::Test, QLatin1String("test"),
     QT_TRANSLATE_NOOP("golive::Channel", "Test message")},
}};

// Slack's limits: a header block's text at most 150 characters, a section's 3,000.
constexpr qsizetype kHeaderChars = 150;
constexpr qsizetype kSectionChars = 3000;
// Teams keeps a card under 28 KB; one message's detail is kept well below.
constexpr qsizetype kDetailChars = 2000;

QString capped(const QString& text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    return text.left(maxChars - 1) + QChar(0x2026);
}

// Text from the run for a message: control characters shown as escapes (a line break kept),
// bidirectional overrides made visible, capped.
QString dataText(const QString& text, qsizetype maxChars = kDetailChars)
{
    return capped(visibleControls(text.trimmed(), true), maxChars);
}

QString who(const SignOffEvent& event)
{
    return QStringLiteral("%1 (%2)").arg(dataText(event.actor.name, 100),
                                         roleDisplayName(event.actor.role));
}

QString stepLabel(const RunState& state, const QString& itemId)
{
    if (!state.runbook())
        return itemId;
    return dataText(itemLabel(*state.runbook(), state, itemId, LabelStyle::Window), 300);
}

// The header fields of the runbook (those before its first section) that are filled in: the
// release's version, date, owner and incident commander, as the runbook names them.
QList<QPair<QString, QString>> releaseFields(const RunState& state)
{
    QList<QPair<QString, QString>> out;
    const Runbook* runbook = state.runbook();
    if (!runbook)
        return out;
    const int firstSection =
        runbook->sections.isEmpty() ? INT_MAX : runbook->sections.first().pos.line;
    for (const RunbookField& field : runbook->fields) {
        if (field.pos.line >= firstSection || out.size() >= 6)
            continue;
        const QString value = state.fieldValue(field.key);
        if (!value.trimmed().isEmpty())
            out.append({dataText(field.label, 60), dataText(value, 200)});
    }
    return out;
}

ChannelMessage message(const RunState& state, ChannelMoment moment, const QDateTime& timeUtc)
{
    ChannelMessage m;
    m.moment = moment;
    m.timeUtc = timeUtc.toUTC();
    const QString title = state.runbook() ? state.runbook()->title : QString();
    m.facts.append({QStringLiteral("Run"), dataText(title, 200)});
    m.facts.append({QStringLiteral("Phase"), phaseDisplayName(state.cutover().phase())});
    m.facts.append(
        {QStringLiteral("Time"), m.timeUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))});
    const QDateTime start = state.windowStartUtc();
    if (start.isValid())
        m.facts.append({QStringLiteral("T-minus"), tMinusText(start.secsTo(m.timeUtc))});
    m.facts.append(releaseFields(state));
    return m;
}

QString factsLine(const ChannelMessage& m)
{
    QStringList parts;
    for (const auto& fact : m.facts)
        parts.append(QStringLiteral("%1: %2").arg(fact.first, fact.second));
    return parts.join(QStringLiteral(" · "));
}

QJsonObject textRun(const QString& text, bool bold = false, bool attention = false)
{
    QJsonObject run{{QStringLiteral("type"), QStringLiteral("TextRun")},
                    {QStringLiteral("text"), text}};
    if (bold)
        run.insert(QStringLiteral("weight"), QStringLiteral("Bolder"));
    if (attention)
        run.insert(QStringLiteral("color"), QStringLiteral("Attention"));
    return run;
}

QJsonObject richText(const QJsonArray& runs, bool separator = false)
{
    QJsonObject block{{QStringLiteral("type"), QStringLiteral("RichTextBlock")},
                      {QStringLiteral("inlines"), runs}};
    if (separator)
        block.insert(QStringLiteral("separator"), true);
    return block;
}

// A Microsoft Teams workflow ("Post to a channel when a webhook request is received") takes a
// message whose attachment is an Adaptive Card. RichTextBlock's TextRuns are never read as
// Markdown (a TextBlock's text would be), so the run's words stay words.
QByteArray teamsBody(const ChannelMessage& m)
{
    QJsonArray body;
    QJsonObject headline = textRun(capped(m.headline, kHeaderChars * 2), true, m.urgent);
    headline.insert(QStringLiteral("size"), QStringLiteral("Medium"));
    body.append(richText(QJsonArray{headline}));
    if (!m.detail.isEmpty())
        body.append(richText(QJsonArray{textRun(m.detail)}));
    bool first = true;
    for (const auto& fact : m.facts) {
        body.append(richText(
            QJsonArray{textRun(fact.first + QStringLiteral(": "), true), textRun(fact.second)},
            first));
        first = false;
    }
    const QJsonObject card{
        {QStringLiteral("$schema"),
         QStringLiteral("http://adaptivecards.io/schemas/adaptive-card.json")},
        {QStringLiteral("type"), QStringLiteral("AdaptiveCard")},
        {QStringLiteral("version"), QStringLiteral("1.4")},
        {QStringLiteral("msteams"), QJsonObject{{QStringLiteral("width"), QStringLiteral("Full")}}},
        {QStringLiteral("body"), body},
    };
    const QJsonObject attachment{
        {QStringLiteral("contentType"), QStringLiteral("application/vnd.microsoft.card.adaptive")},
        {QStringLiteral("contentUrl"), QJsonValue::Null},
        {QStringLiteral("content"), card},
    };
    const QJsonObject root{{QStringLiteral("type"), QStringLiteral("message")},
                           {QStringLiteral("attachments"), QJsonArray{attachment}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// Slack's incoming webhook: "text" is the notification's words and what Mattermost and
// Rocket.Chat show (mrkdwn: escaped); the blocks are what Slack shows, as plain text.
QByteArray slackBody(const ChannelMessage& m)
{
    QStringList lines;
    lines.append(slackEscaped(m.headline));
    if (!m.detail.isEmpty())
        lines.append(slackEscaped(m.detail));
    lines.append(slackEscaped(factsLine(m)));
    QJsonArray blocks;
    blocks.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("header")},
        {QStringLiteral("text"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("plain_text")},
                     {QStringLiteral("text"), capped(m.headline, kHeaderChars)},
                     {QStringLiteral("emoji"), false}}},
    });
    if (!m.detail.isEmpty())
        blocks.append(QJsonObject{
            {QStringLiteral("type"), QStringLiteral("section")},
            {QStringLiteral("text"),
             QJsonObject{{QStringLiteral("type"), QStringLiteral("plain_text")},
                         {QStringLiteral("text"), capped(m.detail, kSectionChars)},
                         {QStringLiteral("emoji"), false}}},
        });
    blocks.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("context")},
        {QStringLiteral("elements"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("plain_text")},
                                {QStringLiteral("text"), capped(factsLine(m), kSectionChars)},
                                {QStringLiteral("emoji"), false}}}},
    });
    const QJsonObject root{{QStringLiteral("text"), lines.join(QLatin1Char('\n'))},
                           {QStringLiteral("blocks"), blocks}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

QString channelFormatName(ChannelFormat format)
{
    return format == ChannelFormat::Teams ? QStringLiteral("teams") : QStringLiteral("slack");
}

std::optional<ChannelFormat> channelFormatFromName(const QString& name)
{
    if (name == QLatin1String("slack"))
        return ChannelFormat::Slack;
    if (name == QLatin1String("teams"))
        return ChannelFormat::Teams;
    return std::nullopt;
}

QString channelMomentName(ChannelMoment moment)
{
    for (const MomentNames& m : kMoments) {
        if (m.moment == moment)
            return m.name;
    }
    return {};
}

QString channelMomentDisplayName(ChannelMoment moment)
{
    for (const MomentNames& m : kMoments) {
        if (m.moment == moment)
            return QCoreApplication::translate("golive::Channel", m.display);
    }
    return {};
}

std::optional<ChannelMoment> channelMomentFromName(const QString& name)
{
    for (const MomentNames& m : kMoments) {
        if (name == m.name)
            return m.moment;
    }
    return std::nullopt;
}

QList<ChannelMoment> selectableChannelMoments()
{
    return {ChannelMoment::Gate,       ChannelMoment::Decision,     ChannelMoment::StepDone,
            ChannelMoment::StepFailed, ChannelMoment::AbortTrigger, ChannelMoment::Rollback,
            ChannelMoment::Live};
}

QString ChannelMessage::plainText() const
{
    QStringList lines{headline};
    if (!detail.isEmpty())
        lines.append(detail);
    lines.append(factsLine(*this));
    return lines.join(QLatin1Char('\n'));
}

std::optional<ChannelMessage> channelMessageFor(const RunState& state, const SignOffEvent& event)
{
    const CutoverPlan& plan = state.plan();
    switch (event.kind) {
    case EventKind::PhaseChanged: {
        const std::optional<Phase> to = phaseFromName(event.fieldKey);
        if (to == Phase::GoNoGo) {
            ChannelMessage m = message(state, ChannelMoment::Gate, event.timeUtc);
            m.headline = QStringLiteral("Go/No-Go gate opened by %1").arg(who(event));
            m.detail = dataText(event.text);
            return m;
        }
        if (to == Phase::Rollback) {
            ChannelMessage m = message(state, ChannelMoment::Rollback, event.timeUtc);
            m.headline = QStringLiteral("ROLLBACK started by %1").arg(who(event));
            m.detail = dataText(event.text);
            m.urgent = true;
            return m;
        }
        if (to == Phase::Live) {
            ChannelMessage m = message(state, ChannelMoment::Live, event.timeUtc);
            m.headline = QStringLiteral("LIVE: declared by %1").arg(who(event));
            m.detail = dataText(event.text);
            return m;
        }
        return std::nullopt;
    }
    case EventKind::Decision: {
        const bool go = event.fieldKey == QLatin1String("go");
        ChannelMessage m = message(state, ChannelMoment::Decision, event.timeUtc);
        m.headline = QStringLiteral("%1 by %2")
                         .arg(go ? QStringLiteral("GO") : QStringLiteral("NO-GO"), who(event));
        m.detail = dataText(event.text);
        m.urgent = !go;
        return m;
    }
    case EventKind::Signed:
    case EventKind::NotApplicable: {
        // A top-level step of the cutover, signed or marked N/A once the GO was given (the
        // final monitoring step is signed by declaring Live, which is a moment of its own).
        if (!plan.isStep(event.itemId) || event.itemId == plan.finalMonitoringStepId ||
            !state.cutover().decision() || !state.cutover().decision()->go)
            return std::nullopt;
        ChannelMessage m = message(state, ChannelMoment::StepDone, event.timeUtc);
        const bool na = event.kind == EventKind::NotApplicable;
        // Out of order: the incident commander's override, with the reason (the event's text).
        const bool override = event.fieldKey == kOrderOverrideKey;
        m.headline = QStringLiteral("Step %1%2: %3, by %4")
                         .arg(na ? QStringLiteral("marked N/A") : QStringLiteral("done"),
                              override ? QStringLiteral(" OUT OF ORDER") : QString(),
                              stepLabel(state, event.itemId), who(event));
        m.detail = dataText(event.text);
        return m;
    }
    case EventKind::Revoked: {
        // A step's sign-off taken back during the cutover: the room must not think it done.
        if (!plan.isStep(event.itemId) || !state.cutover().decision() ||
            !state.cutover().decision()->go)
            return std::nullopt;
        ChannelMessage m = message(state, ChannelMoment::StepDone, event.timeUtc);
        m.headline = QStringLiteral("Step sign-off REVOKED: %1, by %2")
                         .arg(stepLabel(state, event.itemId), who(event));
        m.detail = dataText(event.text);
        m.urgent = true;
        return m;
    }
    case EventKind::StepFailed: {
        ChannelMessage m = message(state, ChannelMoment::StepFailed, event.timeUtc);
        m.headline = QStringLiteral("Step FAILED: %1, reported by %2")
                         .arg(stepLabel(state, event.itemId), who(event));
        m.detail = QStringLiteral("%1\n%2 minutes to resolve it, then the rollback.")
                       .arg(dataText(event.text))
                       .arg(plan.resolutionMinutes);
        m.urgent = true;
        return m;
    }
    case EventKind::RollbackStep: {
        // The last step of the rollback plan finishes the rollback; the others are not news.
        // Told by its number, not by the phase: a state folded further on is as good.
        if (event.fieldKey.toInt() != int(plan.rollbackSteps.size()))
            return std::nullopt;
        ChannelMessage m = message(state, ChannelMoment::Rollback, event.timeUtc);
        m.headline = QStringLiteral("ROLLBACK finished: every step of the rollback plan is "
                                    "done (the last by %1)")
                         .arg(who(event));
        m.detail = dataText(event.text);
        m.urgent = true;
        return m;
    }
    default:
        return std::nullopt;
    }
}

ChannelMessage abortTriggerMessage(const RunState& state, const QString& cause,
                                   const QDateTime& nowUtc)
{
    ChannelMessage m = message(state, ChannelMoment::AbortTrigger, nowUtc);
    m.headline = QStringLiteral("ABORT TRIGGER raised");
    m.detail = dataText(cause);
    m.urgent = true;
    return m;
}

ChannelMessage progressSummaryMessage(const RunState& state, const QList<ChannelSloState>& slos,
                                      const QString& sloNote, const QDateTime& nowUtc)
{
    ChannelMessage m = message(state, ChannelMoment::Summary, nowUtc);
    const Progress total = state.totalProgress();
    m.headline = QStringLiteral("Progress: %1 of %2 items done, %3 open")
                     .arg(total.done)
                     .arg(total.total)
                     .arg(total.total - total.done);
    QStringList lines;
    if (const Runbook* runbook = state.runbook()) {
        for (int i = 0; i < runbook->sections.size(); ++i) {
            const Progress p = state.sectionProgress(i);
            if (p.total > 0)
                lines.append(QStringLiteral("%1. %2: %3")
                                 .arg(i + 1)
                                 .arg(dataText(runbook->sections.at(i).title, 120), p.toString()));
        }
    }
    for (const StepFailure& f : state.cutover().openFailures())
        lines.append(QStringLiteral("FAILED, open: %1").arg(stepLabel(state, f.stepId)));
    if (!slos.isEmpty()) {
        lines.append(QStringLiteral("SLOs:"));
        for (const ChannelSloState& s : slos)
            lines.append(QStringLiteral("%1: %2%3")
                             .arg(dataText(s.title, 120), dataText(s.state, 40),
                                  s.value.isEmpty()
                                      ? QString()
                                      : QStringLiteral(" (%1)").arg(dataText(s.value, 60))));
    } else if (!sloNote.isEmpty()) {
        lines.append(QStringLiteral("SLOs: %1").arg(dataText(sloNote, 300)));
    }
    m.detail = capped(lines.join(QLatin1Char('\n')), kDetailChars);
    return m;
}

QList<ChannelSloState> channelSloStates(const DecisionSnapshot& snapshot)
{
    QList<ChannelSloState> out;
    for (const SnapshotPanel& p : snapshot.panels) {
        QString state = p.state;
        if (p.demo)
            state += QStringLiteral(", demo data");
        out.append({p.title, state,
                    p.value ? formatSloValue(*p.value, p.unit, ValueStyle::Terminal) : p.note});
    }
    return out;
}

ChannelMessage channelTestMessage(const RunState& state, const QDateTime& nowUtc)
{
    ChannelMessage m = message(state, ChannelMoment::Test, nowUtc);
    m.headline = QStringLiteral("golive test message: this channel will hear the go-live");
    return m;
}

QByteArray channelBody(ChannelFormat format, const ChannelMessage& message)
{
    return format == ChannelFormat::Teams ? teamsBody(message) : slackBody(message);
}

QString slackEscaped(const QString& text)
{
    QString out;
    out.reserve(text.size() + 16);
    bool lineStart = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\n')) {
            out += c;
            lineStart = true;
            continue;
        }
        if (lineStart && (c == QLatin1Char(' ') || c == QLatin1Char('\t'))) {
            // Indentation would make a code block: a no-break space looks the same and is text.
            out += QChar(0x00A0);
            continue;
        }
        if (c == QLatin1Char('&')) {
            out += QLatin1String("&amp;");
        } else if (c == QLatin1Char('<')) {
            out += QLatin1String("&lt;");
        } else if (c == QLatin1Char('>')) {
            out += QLatin1String("&gt;");
        } else if (c == QLatin1Char('@') && i + 1 < text.size() &&
                   text.at(i + 1).isLetterOrNumber()) {
            out += QStringLiteral("@\u2060"); // a word joiner: seen as nothing, pings nobody
        } else if (QStringView(u"\\`*_~[]|").contains(c) ||
                   (lineStart && (c == QLatin1Char('#') || c == QLatin1Char('-') ||
                                  c == QLatin1Char('+') || c == QLatin1Char('=')))) {
            // Markdown's own: no emphasis, code, link, image, table or heading of the text's.
            out += QLatin1Char('\\');
            out += c;
        } else if (lineStart && c.isDigit()) {
            // "1." or "1)" starting a line would be a list item: its dot is escaped.
            qsizetype j = i;
            while (j < text.size() && text.at(j).isDigit())
                out += text.at(j++);
            if (j < text.size() &&
                (text.at(j) == QLatin1Char('.') || text.at(j) == QLatin1Char(')')))
                out += QLatin1Char('\\');
            i = j - 1;
        } else {
            out += c;
        }
        lineStart = false;
    }
    return out;
}

QString maskedWebhookUrl(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("(no valid webhook URL)");
    QString out = url.scheme().toLower() + QStringLiteral("://") + url.host().toLower();
    if (url.port() >= 0)
        out += QLatin1Char(':') + QString::number(url.port());
    const bool hidden = !url.path().isEmpty() || url.hasQuery() || url.hasFragment();
    return out + (hidden ? QStringLiteral("/\u2022\u2022\u2022") : QString());
}

bool isUsableWebhookUrl(const QUrl& url, QString* why)
{
    const auto refuse = [why](const QString& text) {
        if (why)
            *why = text;
        return false;
    };
    if (!url.isValid() || url.isRelative())
        return refuse(QStringLiteral("it is not a URL (a webhook URL starts with https://)"));
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return refuse(QStringLiteral("it is not an http or https URL"));
    if (url.host().isEmpty())
        return refuse(QStringLiteral("it names no host"));
    if (!url.userInfo().isEmpty())
        return refuse(QStringLiteral("it carries a user name or password; a webhook URL has none"));
    return true;
}

} // namespace golive
