// What the war-room channel is told: the moments of a go-live as short messages (the run's
// title, phase, UTC time, T-minus and release fields), and the JSON bodies the two incoming
// webhook formats take: Slack's (which Mattermost and Rocket.Chat accept as is) and a Microsoft
// Teams workflow's (an Adaptive Card). Text from the runbook, the run or Prometheus is data in
// both: Slack's fallback text is escaped as Slack asks (& < >) with mentions defused, and the
// card and blocks carry it as plain text, never Markdown.
#pragma once

#include "RunState.h"
#include "decision/DecisionSnapshot.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace golive {

enum class ChannelFormat
{
    Slack,
    Teams
};
QString channelFormatName(ChannelFormat format); // "slack", "teams"
std::optional<ChannelFormat> channelFormatFromName(const QString& name);

// What may be posted. The first seven are chosen per run (which moments the channel hears);
// a summary and a test are posted when someone asks for them.
enum class ChannelMoment
{
    Gate,         // the Go/No-Go opened
    Decision,     // GO or NO-GO, with the reason and who
    StepDone,     // a cutover step signed or marked N/A (in order or not), or its sign-off revoked
    StepFailed,   // a cutover step failed
    AbortTrigger, // an abort trigger raised: a critical alert or health check, with its cause
    Rollback,     // the rollback started, and finished
    Live,         // the go-live declared Live
    Summary,      // on request: sections, open items, SLO states
    Test,         // on request: "the channel works"
};
// Names are stored in settings: never change them, only add.
QString channelMomentName(ChannelMoment moment); // "gate", "decision", "step-done", ...
QString channelMomentDisplayName(ChannelMoment moment);
std::optional<ChannelMoment> channelMomentFromName(const QString& name);
// The moments a run chooses among, in the order Settings lists them; all are posted by default.
QList<ChannelMoment> selectableChannelMoments();

struct ChannelMessage
{
    ChannelMoment moment = ChannelMoment::Test;
    QString headline;                     // one line: "GO by Dana Reyes (Incident Commander)"
    QString detail;                       // the reason, what failed, the cause; may span lines
    QList<QPair<QString, QString>> facts; // Run, Phase, Time, T-minus, release fields
    bool urgent = false;                  // NO-GO, a failure, an abort trigger, the rollback
    QDateTime timeUtc;                    // when the moment was recorded

    // The message as plain lines (headline, detail, facts "Label: value" joined by " · ").
    QString plainText() const;
};

// The moment `event` is, now that it is recorded and folded into `state`; nullopt when it is
// none (a sign-off outside the cutover, a note, an observation, ...).
std::optional<ChannelMessage> channelMessageFor(const RunState& state, const SignOffEvent& event);
// An abort trigger raised while the Go/No-Go, the cutover, final monitoring or Live runs:
// `cause` in the monitor's words ("critical alert firing: ...").
ChannelMessage abortTriggerMessage(const RunState& state, const QString& cause,
                                   const QDateTime& nowUtc);
// One SLO panel's state as the progress summary shows it.
struct ChannelSloState
{
    QString title;
    QString state; // "OK", "BREACH", "no data", ...
    QString value; // "172 ms", or empty
};
// The SLO panels of a snapshot (what golive could see) as the summary shows them.
QList<ChannelSloState> channelSloStates(const DecisionSnapshot& snapshot);
// The run's progress: items done and open in total and per section, the open failures, and the
// SLO panels' states (none when nothing was asked of Prometheus; `sloNote` says why).
ChannelMessage progressSummaryMessage(const RunState& state, const QList<ChannelSloState>& slos,
                                      const QString& sloNote, const QDateTime& nowUtc);
// What `golive channel test` and Settings' Test button post.
ChannelMessage channelTestMessage(const RunState& state, const QDateTime& nowUtc);

// The request body for `format` (JSON, UTF-8).
QByteArray channelBody(ChannelFormat format, const ChannelMessage& message);

// Text for Slack's "text" (what Mattermost and Rocket.Chat show, rendered as Markdown; Slack
// shows the blocks and uses it for notifications): &, < and > as Slack's entities; Markdown's
// emphasis, code, link, table and heading characters, and list markers starting a line,
// backslash-escaped, and a line's indentation made of no-break spaces (no code block); an @
// before a word made inert (a word joiner after it), so "@channel" or
// "@here" in a note pings nobody.
QString slackEscaped(const QString& text);

// A webhook URL for people and records: its scheme, host and port, with the path and query
// (where the secret is) masked: "https://hooks.slack.com/•••". Never the secret.
QString maskedWebhookUrl(const QUrl& url);

// Whether `url` can be a webhook: http or https, with a host and no user info. *why says what
// is wrong in words (never quoting the URL: it is a secret).
bool isUsableWebhookUrl(const QUrl& url, QString* why = nullptr);

} // namespace golive
