// channel (see ChannelCommand.h).
#include "ChannelCommand.h"

#include "ChannelCli.h"
#include "CliText.h"
#include "CredentialStore.h"
#include "SafeText.h"
#include "SecretInput.h"

namespace golive::cli {
namespace {

QString momentNames(const QList<ChannelMoment>& moments)
{
    QStringList names;
    for (ChannelMoment m : moments)
        names.append(channelMomentName(m));
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

ChannelCommand::ChannelCommand(QString name, QString summary)
    : EventCommand(std::move(name), std::move(summary)),
      m_formatOption(QStringLiteral("format"),
                     QStringLiteral("set: the webhook's format, slack (also Mattermost and "
                                    "Rocket.Chat) or teams (a Teams workflow); default slack, or "
                                    "the one set before."),
                     QStringLiteral("FORMAT")),
      m_momentsOption(QStringLiteral("moments"),
                      QStringLiteral("set: the moments posted, comma-separated, from %1; or "
                                     "\"all\" (the default) or \"none\".")
                          .arg(momentNames(selectableChannelMoments())),
                      QStringLiteral("LIST"))
{}

QString ChannelCommand::description() const
{
    return QStringLiteral(
        "The run's war-room channel, where golive posts the go-live's moments as they are "
        "recorded, in the window and by these commands: the Go/No-Go gate, GO and NO-GO, each "
        "cutover step done or failed, an abort trigger (in the window), the rollback started "
        "and finished, and Live. Each post is recorded in the run's timeline, posted or failed "
        "with its HTTP status; a channel that fails is a warning, never a failure of the "
        "command that recorded the moment.\n"
        "set: reads the incoming-webhook URL from standard input (a secret: kept in the OS "
        "keychain, never in a file or the run) and records its format and moments for the run "
        "on this machine. With GOLIVE_CHANNEL_WEBHOOK set and nothing on standard input, it "
        "records only the format and moments.\n"
        "test: posts a test message. summary: posts the run's progress (sections, open items, "
        "SLO states from Prometheus when it answers). Both are recorded, so they need --as and "
        "--role.\n"
        "show: the channel set for the run, its URL masked. clear: removes the URL from the "
        "keychain and the run's channel from the settings.");
}

QString ChannelCommand::usage() const
{
    const QString actor = QStringLiteral(" --as NAME --role ROLE") + SigningOption::usage() +
                          QStringLiteral(" [--run RUN]");
    return QStringLiteral("golive channel set [--format slack|teams] [--moments LIST] "
                          "[--run RUN] < URL-FILE | golive channel test") +
           actor + QStringLiteral(" | golive channel summary [--prometheus URL]") + actor +
           QStringLiteral(" | golive channel show [--run RUN] | golive channel clear [--run RUN]");
}

QString ChannelCommand::epilog() const
{
    return QStringLiteral(
        "Environment:\n"
        "  GOLIVE_CHANNEL_WEBHOOK  the webhook URL for this process only (nothing stored): "
        "every command run with it posts the moments it records, in the run's format when "
        "one was set, else slack.\n"
        "Examples:\n"
        "  golive channel set --run summit.golive --format teams < webhook-url.txt\n"
        "  golive channel test --run summit.golive --as 'Dana Reyes' --role incident-commander\n"
        "  GOLIVE_CHANNEL_WEBHOOK=\"$URL\" golive go --run summit.golive --as 'Dana Reyes' "
        "--role incident-commander");
}

void ChannelCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("ACTION"),
                                 QStringLiteral("set, test, summary, show or clear."));
    parser.addOption(m_formatOption);
    parser.addOption(m_momentsOption);
    addActorOptions(parser);
    addSnapshotOptions(parser);
    addRunOption(parser);
    addWaitOption(parser);
}

int ChannelCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QString action = parser.positionalArguments().constFirst();
    if (action != QLatin1String("set") &&
        (parser.isSet(m_formatOption) || parser.isSet(m_momentsOption)))
        return usageError(c, QStringLiteral("--format and --moments are for 'set'"));
    if (action == QLatin1String("set"))
        return set(c, parser);
    if (action == QLatin1String("show"))
        return show(c, parser);
    if (action == QLatin1String("clear"))
        return clear(c, parser);
    if (action == QLatin1String("test"))
        return post(c, parser, ChannelMoment::Test);
    if (action == QLatin1String("summary"))
        return post(c, parser, ChannelMoment::Summary);
    return usageError(c, QStringLiteral("'%1' is not an action of channel: set, test, summary, "
                                        "show or clear")
                             .arg(terminalSafe(action)));
}

int ChannelCommand::set(Console& c, const QCommandLineParser& parser)
{
    const std::unique_ptr<RunLedger> run = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!run)
        return ExitFailure;
    const QString runId = run->runId();
    const QString runKey = ChannelSettings::runKey(runId, run->path());
    ChannelConfig config = ChannelSettings::forRun(runKey).value_or(ChannelConfig{});
    if (parser.isSet(m_formatOption)) {
        const std::optional<ChannelFormat> format =
            channelFormatFromName(parser.value(m_formatOption).trimmed());
        if (!format)
            return usageError(c, QStringLiteral("--format is slack or teams; nothing was stored"));
        config.format = *format;
    }
    if (parser.isSet(m_momentsOption)) {
        const QString text = parser.value(m_momentsOption).trimmed();
        config.moments.clear();
        if (text == QLatin1String("all")) {
            config.moments = selectableChannelMoments();
        } else if (text != QLatin1String("none")) {
            for (const QString& word : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const std::optional<ChannelMoment> m = channelMomentFromName(word.trimmed());
                if (!m || !selectableChannelMoments().contains(*m))
                    return usageError(c, QStringLiteral("'%1' is not a moment; moments are %2, "
                                                        "all or none; nothing was stored")
                                             .arg(terminalSafe(word.trimmed()),
                                                  momentNames(selectableChannelMoments())));
                if (!config.moments.contains(*m))
                    config.moments.append(*m);
            }
        }
    }

    const bool fromEnvironment = !ChannelSettings::environmentUrl().isEmpty();
    QString url;
    if (!fromEnvironment || !stdinIsTerminal())
        url =
            readSecretLine(c, QStringLiteral("Webhook URL for the channel of run %1: ").arg(runId));
    if (url.isEmpty() && !fromEnvironment) {
        c.err << "golive channel: no webhook URL on standard input; nothing was stored\n"
              << "Usage: " << usage() << Qt::endl;
        return ExitUsage;
    }
    if (!url.isEmpty()) {
        QString wrong;
        if (!isUsableWebhookUrl(QUrl(url, QUrl::StrictMode), &wrong)) {
            c.err << "golive channel: what standard input gave is not a webhook URL: " << wrong
                  << "; nothing was stored" << Qt::endl;
            return ExitUsage;
        }
        CredentialStore store;
        const CredentialStore::Result r =
            store.writeBlocking(CredentialStore::channelEntry(runKey), url);
        if (!r.ok()) {
            c.err << "golive channel: " << terminalSafe(r.message) << "; nothing was stored"
                  << Qt::endl;
            return ExitFailure;
        }
    }
    QString error;
    if (!ChannelSettings::setForRun(runKey, config, &error)) {
        c.err << "golive channel: " << terminalSafe(error)
              << (url.isEmpty() ? QStringLiteral("; nothing was stored")
                                : QStringLiteral("; the URL is in the keychain, the run's "
                                                 "channel is not set (run 'golive channel clear' "
                                                 "to remove it)"))
              << Qt::endl;
        return ExitFailure;
    }
    c.out << "channel of run " << runId << ": " << channelFormatName(config.format) << ", posting "
          << momentNames(config.moments) << "\n";
    if (!url.isEmpty())
        c.out << "webhook: " << maskedWebhookUrl(QUrl(url)) << " (kept in the keychain)\n";
    else
        c.out << "webhook: from " << ChannelSettings::kEnvironmentVariable
              << " in each command (nothing was stored in the keychain)\n";
    c.out.flush();
    return ExitOk;
}

int ChannelCommand::show(Console& c, const QCommandLineParser& parser)
{
    const std::unique_ptr<RunLedger> run = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!run)
        return ExitFailure;
    QString why;
    const std::optional<ChannelTarget> target =
        channelTarget(ChannelSettings::runKey(run->runId(), run->path()), &why);
    if (!target) {
        if (why.isEmpty()) {
            c.out << "run " << run->runId() << " has no channel here (golive channel set)\n";
            c.out.flush();
            return ExitOk;
        }
        c.err << "golive channel: " << terminalSafe(why) << Qt::endl;
        return ExitFailure;
    }
    c.out << "channel of run " << run->runId() << ": " << channelFormatName(target->config.format)
          << ", posting " << momentNames(target->config.moments) << "\n"
          << "webhook: " << maskedWebhookUrl(target->url) << " (from " << target->source << ")\n";
    c.out.flush();
    return ExitOk;
}

int ChannelCommand::clear(Console& c, const QCommandLineParser& parser)
{
    const std::unique_ptr<RunLedger> run = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!run)
        return ExitFailure;
    const QString runId = run->runId();
    const QString runKey = ChannelSettings::runKey(runId, run->path());
    CredentialStore store;
    const CredentialStore::Result r = store.removeBlocking(CredentialStore::channelEntry(runKey));
    if (!r.ok() && r.status != CredentialStore::Status::NotFound) {
        c.err << "golive channel: " << terminalSafe(r.message) << "; the run's channel is still set"
              << Qt::endl;
        return ExitFailure;
    }
    const bool hadSettings = ChannelSettings::forRun(runKey).has_value();
    QString error;
    if (!ChannelSettings::clearForRun(runKey, &error)) {
        c.err << "golive channel: " << terminalSafe(error) << Qt::endl;
        return ExitFailure;
    }
    if (!r.ok() && !hadSettings)
        c.out << "run " << runId << " had no channel here; nothing to clear\n";
    else
        c.out << "cleared the channel of run " << runId
              << (r.ok() ? " (its URL is no longer in the keychain)" : "") << "\n";
    c.out.flush();
    return ExitOk;
}

int ChannelCommand::post(Console& c, const QCommandLineParser& parser, ChannelMoment which)
{
    Actor actor;
    if (const std::optional<int> exit = readActor(c, parser, &actor))
        return *exit;
    if (const std::optional<int> exit = readSnapshotOptions(c, parser))
        return *exit;
    int waitMs = 0;
    if (const std::optional<int> exit = waitMilliseconds(c, parser, &waitMs))
        return *exit;
    // Opened to write (a post that could not be recorded is not made), read to word the
    // message, then let go: posted and recorded in afterRun().
    const std::unique_ptr<RunLedger> run = openRun(c, parser, waitMs);
    if (!run)
        return ExitFailure;
    const QString runKey = ChannelSettings::runKey(run->runId(), run->path());
    QString why;
    if (!ChannelSettings::forRun(runKey) && ChannelSettings::environmentUrl().isEmpty()) {
        channelTarget(runKey, &why); // says why when the run has a channel elsewhere
        c.err << "golive channel: "
              << (why.isEmpty() ? QStringLiteral("run %1 has no channel here; set one with "
                                                 "'golive channel set' or GOLIVE_CHANNEL_WEBHOOK")
                                      .arg(run->runId())
                                : terminalSafe(why))
              << "; nothing was posted or recorded" << Qt::endl;
        return ExitFailure;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    PendingPost post{runKey, {}, actor, true};
    if (which == ChannelMoment::Test) {
        post.message = channelTestMessage(run->state(), now);
    } else {
        QString credentialNote;
        const DecisionSnapshot snapshot = takeCliSnapshot(*run, snapshotRequest(), &credentialNote);
        post.message = progressSummaryMessage(run->state(), channelSloStates(snapshot),
                                              snapshot.sloUnavailable, now);
    }
    askChannelPost(post);
    return ExitOk;
}

} // namespace golive::cli
