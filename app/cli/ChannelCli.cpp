// The war-room channel from the command line (see ChannelCli.h).
#include "ChannelCli.h"

#include "CliText.h"
#include "CredentialStore.h"
#include "Cutover.h"
#include "SafeText.h"

#include <QEventLoop>
#include <QTimer>

namespace golive::cli {
namespace {

// A keychain that asks to be unlocked waits for a person; a command does not wait forever.
constexpr int kKeychainWaitMs = 15000;

CredentialStore::Result readWithin(CredentialStore& store, const CredentialStore::Entry& entry,
                                   int timeoutMs)
{
    std::optional<CredentialStore::Result> result;
    QEventLoop loop;
    store.read(entry, [&](const CredentialStore::Result& r) {
        result = r;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (result)
        return *result;
    CredentialStore::Result late;
    late.status = CredentialStore::Status::Failed;
    late.message = QStringLiteral("the keychain did not answer within %1 s (is it waiting to be "
                                  "unlocked?)")
                       .arg(timeoutMs / 1000);
    return late;
}

} // namespace

std::optional<ChannelTarget> channelTarget(const QString& runKey, QString* why)
{
    why->clear();
    const std::optional<ChannelConfig> config = ChannelSettings::forRun(runKey);
    ChannelTarget target;
    target.config = config.value_or(ChannelConfig{});
    if (!qEnvironmentVariable(ChannelSettings::kEnvironmentVariable).trimmed().isEmpty()) {
        const QUrl fromEnvironment = ChannelSettings::environmentUrl();
        QString wrong;
        if (!isUsableWebhookUrl(fromEnvironment, &wrong)) {
            *why = QStringLiteral("%1 is not a webhook URL: %2")
                       .arg(QLatin1String(ChannelSettings::kEnvironmentVariable), wrong);
            return std::nullopt;
        }
        target.url = fromEnvironment;
        target.source = QLatin1String(ChannelSettings::kEnvironmentVariable);
        return target;
    }
    if (!config) {
        const QStringList elsewhere = ChannelSettings::elsewhere(runKey);
        if (!elsewhere.isEmpty())
            *why = QStringLiteral("this run's channel is set for %1, not for it here (moved or "
                                  "copied?); set it again here with 'golive channel set', or "
                                  "clear it there")
                       .arg(elsewhere.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    CredentialStore store;
    const CredentialStore::Result r =
        readWithin(store, CredentialStore::channelEntry(runKey), kKeychainWaitMs);
    if (!r.ok()) {
        *why = r.message;
        return std::nullopt;
    }
    target.url = QUrl(r.secret, QUrl::StrictMode);
    QString wrong;
    if (!isUsableWebhookUrl(target.url, &wrong)) {
        *why = QStringLiteral("the keychain's webhook URL for run %1 is not usable: %2")
                   .arg(runKey, wrong);
        return std::nullopt;
    }
    target.source = QStringLiteral("the keychain");
    return target;
}

std::optional<PendingPost> pendingPostFor(const RunLedger& run, const SignOffEvent& event)
{
    std::optional<ChannelMessage> message = channelMessageFor(run.state(), event);
    if (!message)
        return std::nullopt;
    return PendingPost{ChannelSettings::runKey(run.runId(), run.path()), *message, event.actor};
}

bool postAndRecord(Console& c, const QString& command, const QList<PendingPost>& pending,
                   const std::function<std::unique_ptr<RunLedger>()>& reopen)
{
    bool askedOk = true;
    QList<std::pair<ChannelOutcome, Actor>> outcomes;
    std::optional<ChannelPoster> poster;
    for (const PendingPost& p : pending) {
        QString why;
        const std::optional<ChannelTarget> target = channelTarget(p.runKey, &why);
        if (!target) {
            if (p.asked) {
                c.err << "golive " << command << ": "
                      << (why.isEmpty() ? QStringLiteral("the run has no channel here; set one "
                                                         "with 'golive channel set' or "
                                                         "GOLIVE_CHANNEL_WEBHOOK")
                                        : terminalSafe(why))
                      << "; nothing was posted" << Qt::endl;
                askedOk = false;
            } else if (!why.isEmpty()) {
                c.err << "golive " << command
                      << ": warning: the channel was not told: " << terminalSafe(why) << Qt::endl;
            }
            continue;
        }
        if (!target->config.posts(p.message.moment))
            continue;
        if (!poster)
            poster.emplace();
        const ChannelOutcome outcome =
            poster->postAndWait(target->url, target->config.format, p.message);
        if (outcome.posted)
            c.out << "channel: " << terminalSafe(outcome.recordText()) << "\n" << Qt::flush;
        else
            c.err << "golive " << command
                  << ": warning: channel: " << terminalSafe(outcome.recordText()) << Qt::endl;
        askedOk = askedOk && (outcome.posted || !p.asked);
        outcomes.append({outcome, p.actor});
    }
    if (outcomes.isEmpty())
        return askedOk;

    // What the channel was told goes on the record, the run opened again for it.
    const std::unique_ptr<RunLedger> run = reopen();
    for (const auto& [outcome, actor] : outcomes) {
        QString error;
        SignOffEvent record = makeObservedEvent(outcome.posted ? QStringLiteral("channel-posted")
                                                               : QStringLiteral("channel-failed"),
                                                outcome.recordText(), actor);
        if (!run) {
            error = QStringLiteral("the run could not be opened again (said above)");
        } else if (run->append(record, &error)) {
            c.out << "channel: recorded as event #" << record.seq << "; ledger head now "
                  << shortHash(record.hash) << "\n"
                  << Qt::flush;
            continue;
        }
        c.err << "golive " << command << ": warning: "
              << withSafety(naming(run ? run->path() : QString(),
                                   QStringLiteral("what the channel was told could not be "
                                                  "recorded: %1")
                                       .arg(error)),
                            QStringLiteral("the run's record is as it was"))
              << Qt::endl;
    }
    return askedOk;
}

} // namespace golive::cli
