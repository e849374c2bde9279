// The war-room channel in the window (see ChannelController.h).
#include "ChannelController.h"

#include "ChannelDialog.h"
#include "CredentialStore.h"
#include "Cutover.h"
#include "CutoverStatus.h"
#include "RunSession.h"
#include "UiText.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>

namespace golive {
namespace {

// A moment recorded while the keychain was asked for the URL is posted when it answers, if that
// is within this many seconds of the moment; later, it is recorded as not posted.
constexpr qint64 kWaitingNewsSeconds = 300;

} // namespace

ChannelController::ChannelController(QMainWindow* window, RunSession* session,
                                     CredentialStore* credentials, Host host)
    : QObject(window), m_window(window), m_session(session), m_credentials(credentials),
      m_host(std::move(host))
{
    setObjectName(QStringLiteral("channelController"));
    connect(m_session, &RunSession::breaksChanged, this, &ChannelController::recordWaiting);
}

ChannelPoster* ChannelController::poster()
{
    if (!m_poster) {
        m_poster = new ChannelPoster(m_policy, this);
        m_poster->setObjectName(QStringLiteral("channelPoster"));
        connect(m_poster, &ChannelPoster::finished, this, &ChannelController::onOutcome);
    }
    return m_poster;
}

void ChannelController::createStatusLabel(QStatusBar* bar)
{
    m_warning = new QLabel(bar);
    m_warning->setObjectName(QStringLiteral("channelWarning"));
    m_warning->setAccessibleName(tr("War-room channel"));
    m_warning->hide();
    bar->addPermanentWidget(m_warning);
}

QList<QAction*> ChannelController::createActions()
{
    auto* settings = new QAction(tr("War-room &channel…"), this);
    settings->setObjectName(QStringLiteral("channelAction"));
    connect(settings, &QAction::triggered, this, [this] { showDialog(); });
    m_summaryAction = new QAction(tr("Post progress &summary to the channel"), this);
    m_summaryAction->setObjectName(QStringLiteral("channelSummaryAction"));
    m_summaryAction->setEnabled(false);
    connect(m_summaryAction, &QAction::triggered, this, [this] { postSummary(); });
    return {settings, m_summaryAction};
}

void ChannelController::runOpened()
{
    m_watch.reset();
    m_failuresInRow = 0;
    if (m_warning)
        m_warning->hide();
    loadChannel();
    recordWaiting(); // what was told about this run while it was closed
}

void ChannelController::warn(const QString& text, const QString& tip)
{
    if (!m_warning)
        return;
    m_warning->setText(text);
    m_warning->setToolTip(plainToolTip(tip));
    m_warning->show();
}

void ChannelController::loadChannel()
{
    const quint64 serial = ++m_loadSerial;
    const QString previousKey = m_runKey;
    m_runKey = m_session->hasRun()
                   ? ChannelSettings::runKey(m_session->runId(), m_session->runPath())
                   : QString();
    m_config = m_runKey.isEmpty() ? std::nullopt : ChannelSettings::forRun(m_runKey);
    m_effective = m_config.value_or(ChannelConfig{});
    m_url.clear();
    m_fromEnvironment = false;
    m_loading = false;
    // Moments still waiting for the URL stay when the same run's channel is read again (a
    // reconnect, the dialog's OK); another run's are not this one's.
    if (m_runKey != previousKey)
        m_waiting.clear();
    const auto ready = [this] {
        m_loading = false;
        if (m_summaryAction)
            m_summaryAction->setEnabled(hasChannel());
        postWaiting();
        emit channelChanged();
    };
    if (m_runKey.isEmpty()) {
        ready();
        return;
    }
    // GOLIVE_CHANNEL_WEBHOOK: this process's channel, whatever the settings say.
    if (!qEnvironmentVariable(ChannelSettings::kEnvironmentVariable).trimmed().isEmpty()) {
        const QUrl fromEnvironment = ChannelSettings::environmentUrl();
        QString wrong;
        if (isUsableWebhookUrl(fromEnvironment, &wrong)) {
            m_url = fromEnvironment;
            m_fromEnvironment = true;
        } else {
            warn(tr("⚠ Channel: GOLIVE_CHANNEL_WEBHOOK is not a webhook URL"), wrong);
        }
        ready();
        return;
    }
    if (!m_config) {
        const QStringList elsewhere = ChannelSettings::elsewhere(m_runKey);
        if (!elsewhere.isEmpty())
            warn(tr("⚠ Channel: set for this run where it was before"),
                 tr("This run's channel is set for %1, not for it here (moved or copied?). "
                    "Set it again with Tools > War-room channel…, or clear it there.")
                     .arg(elsewhere.join(QStringLiteral(", "))));
        ready();
        return;
    }
    // The keychain answers later (a locked one may ask its person first); moments recorded
    // meanwhile wait for it. A newer run opened meanwhile wins.
    m_loading = true;
    m_credentials->read(CredentialStore::channelEntry(m_runKey),
                        [this, serial, ready](const CredentialStore::Result& r) {
                            if (serial != m_loadSerial)
                                return;
                            if (r.ok() && isUsableWebhookUrl(QUrl(r.secret, QUrl::StrictMode)))
                                m_url = QUrl(r.secret, QUrl::StrictMode);
                            else
                                warn(tr("⚠ Channel: its URL could not be read"), r.message);
                            ready();
                        });
}

void ChannelController::postWaiting()
{
    // What was recorded while the keychain was asked is told now, in order, unless the
    // keychain took so long (a person unlocking it) that it is no longer news.
    const QDateTime now = m_session->now();
    for (const ChannelMessage& m : std::exchange(m_waiting, {})) {
        if (hasChannel() && m.timeUtc.secsTo(now) <= kWaitingNewsSeconds) {
            postMoment(m);
            continue;
        }
        // Not posted, and the record says so, as for a post that failed.
        ChannelOutcome notPosted;
        notPosted.moment = m.moment;
        notPosted.headline = m.headline;
        notPosted.maskedUrl = hasChannel() ? maskedUrl() : tr("the run's channel");
        notPosted.error =
            hasChannel() ? tr("the keychain gave its URL %1 minutes after the moment, too late "
                              "for news")
                               .arg(m.timeUtc.secsTo(now) / 60)
                         : tr("the keychain did not give its URL");
        notPosted.finishedUtc = QDateTime::currentDateTimeUtc();
        m_unrecorded[m_runKey].append(notPosted);
    }
    recordWaiting();
}

void ChannelController::configure(const QUrl& url, const ChannelConfig& config,
                                  std::function<void(const QString&)> done)
{
    if (!m_session->hasRun()) {
        done(tr("Open a run first: a channel belongs to a run."));
        return;
    }
    const QString runKey = m_runKey;
    const auto keep = [this, runKey, config, done] {
        QString error;
        if (!ChannelSettings::setForRun(runKey, config, &error)) {
            done(error);
            return;
        }
        loadChannel();
        done(QString());
    };
    if (url.isEmpty()) {
        keep();
        return;
    }
    m_credentials->write(CredentialStore::channelEntry(runKey), url.toString(QUrl::FullyEncoded),
                         [keep, done](const CredentialStore::Result& r) {
                             if (!r.ok()) {
                                 done(r.message);
                                 return;
                             }
                             keep();
                         });
}

void ChannelController::clear(std::function<void(const QString&)> done)
{
    if (!m_session->hasRun()) {
        done(tr("Open a run first: a channel belongs to a run."));
        return;
    }
    const QString runKey = m_runKey;
    m_credentials->remove(CredentialStore::channelEntry(runKey),
                          [this, runKey, done](const CredentialStore::Result& r) {
                              if (!r.ok() && r.status != CredentialStore::Status::NotFound) {
                                  done(r.message);
                                  return;
                              }
                              QString error;
                              if (!ChannelSettings::clearForRun(runKey, &error)) {
                                  done(error);
                                  return;
                              }
                              loadChannel();
                              done(QString());
                          });
}

quint64 ChannelController::post(const ChannelMessage& message, const QUrl& url,
                                ChannelFormat format)
{
    const quint64 id = poster()->post(url, format, message);
    m_postRuns.insert(id, m_runKey);
    return id;
}

quint64 ChannelController::postTest(const QUrl& url, std::optional<ChannelFormat> format)
{
    if (!m_session->hasRun())
        return 0;
    if (m_session->isReadOnly()) {
        m_host.showMessage(tr("This run is open read-only here: a post could not be recorded, "
                              "so none is made."),
                           8000);
        return 0;
    }
    const QUrl to = url.isEmpty() ? m_url : url;
    if (!isUsableWebhookUrl(to)) {
        m_host.showMessage(tr("No channel to test: set its webhook URL first."), 8000);
        return 0;
    }
    return post(channelTestMessage(m_session->state(), m_session->now()), to,
                format.value_or(m_effective.format));
}

quint64 ChannelController::postSummary()
{
    if (m_session->hasRun() && m_session->isReadOnly()) {
        m_host.showMessage(tr("This run is open read-only here: a post could not be recorded, "
                              "so none is made."),
                           8000);
        return 0;
    }
    if (!m_session->hasRun() || !hasChannel()) {
        m_host.showMessage(tr("This run has no channel: Tools > War-room channel… sets one."),
                           8000);
        return 0;
    }
    const QList<ChannelSloState> slos =
        m_host.sloStates ? m_host.sloStates() : QList<ChannelSloState>{};
    const QString note = slos.isEmpty() ? tr("no SLO data in this window") : QString();
    m_host.showMessage(tr("Posting the progress summary to the channel…"), 4000);
    return post(progressSummaryMessage(m_session->state(), slos, note, m_session->now()), m_url,
                m_effective.format);
}

bool ChannelController::posting() const
{
    return m_session->hasRun() && !m_session->isReadOnly() && (hasChannel() || m_loading);
}

void ChannelController::postMoment(const ChannelMessage& message)
{
    if (!posting() || !m_effective.posts(message.moment))
        return;
    if (m_loading) {
        m_waiting.append(message);
        return;
    }
    post(message, m_url, m_effective.format);
}

void ChannelController::follow(const CutoverStatus& status)
{
    if (!m_session->hasRun())
        return;
    const RunState& state = m_session->state();
    const QList<AttentionMoment> moments = m_watch.follow(
        status, state.cutover().openFailures(), m_session->now(), m_session->runbook().title);
    for (const AttentionMoment& m : moments) {
        if (m.kind == AttentionMoment::Kind::AbortTrigger)
            postMoment(
                abortTriggerMessage(state, m.causes.join(QStringLiteral("; ")), m_session->now()));
    }
}

void ChannelController::eventRecorded(const SignOffEvent& event)
{
    recordWaiting();
    if (const std::optional<ChannelMessage> message = channelMessageFor(m_session->state(), event))
        postMoment(*message);
}

void ChannelController::onOutcome(const ChannelOutcome& result)
{
    if (result.posted) {
        m_failuresInRow = 0;
        if (m_warning)
            m_warning->hide();
    } else {
        ++m_failuresInRow;
        // Quiet: a label that stays while the channel fails, and a line in the status bar.
        if (m_warning) {
            warn(m_failuresInRow == 1 ? tr("⚠ Channel: a post failed")
                                      : tr("⚠ Channel: %1 posts failed").arg(m_failuresInRow),
                 result.recordText());
        }
        m_host.showMessage(tr("The channel was not told: %1").arg(result.error), 10000);
    }
    // Recorded in the run it is about: now, or when that run is open here again.
    const QString runKey = m_postRuns.take(result.id);
    if (!runKey.isEmpty())
        m_unrecorded[runKey].append(result);
    recordWaiting();
    emit outcome(result);
}

void ChannelController::recordWaiting()
{
    if (!m_session->hasRun() || !m_unrecorded.contains(m_runKey) || m_session->isReadOnly() ||
        m_session->isVerifying() || !m_session->ledgerIntact())
        return;
    const std::optional<Actor> me = m_host.operatorOnDuty ? m_host.operatorOnDuty() : std::nullopt;
    if (!me)
        return;
    for (const ChannelOutcome& o : m_unrecorded.take(m_runKey))
        m_host.submit(makeObservedEvent(o.posted ? QStringLiteral("channel-posted")
                                                 : QStringLiteral("channel-failed"),
                                        o.recordText(), *me));
}

void ChannelController::showDialog(QWidget* parent)
{
    if (!m_session->hasRun()) {
        m_host.showMessage(tr("Open a run first: a channel belongs to a run."), 8000);
        return;
    }
    auto* dialog = new ChannelDialog(this, parent ? parent : m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace golive
