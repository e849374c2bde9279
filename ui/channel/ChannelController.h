// The war-room channel in the window: the open run's webhook (GOLIVE_CHANNEL_WEBHOOK, else the
// keychain's URL for the run), each moment this window records posted to it off the UI thread
// (ChannelPoster), and abort triggers as the cutover monitor raises them. What was posted (or
// why not) is recorded in the run's timeline as the operator on duty. A moment another
// workstation records on a shared run is that workstation's to post, as a command posts what it
// records: each moment is posted once, by whoever recorded it. Only a window that may write the
// run posts (a read-only one, an auditor's, never does). A failing channel is a quiet note in
// the status bar, never a dialog.
#pragma once

#include "AttentionWatch.h"
#include "ChannelPoster.h"
#include "ChannelSettings.h"
#include "SignOffEvent.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class QAction;
class QLabel;
class QMainWindow;
class QStatusBar;

namespace golive {

class CredentialStore;
class RunSession;
struct CutoverStatus;

class ChannelController : public QObject
{
    Q_OBJECT
public:
    struct Host
    {
        std::function<void(const SignOffEvent&)> submit;      // records an event
        std::function<std::optional<Actor>()> operatorOnDuty; // who records what was posted
        std::function<QList<ChannelSloState>()> sloStates;    // the SLO panels, for a summary
        std::function<void(const QString&, int)> showMessage; // the status bar's
    };
    ChannelController(QMainWindow* window, RunSession* session, CredentialStore* credentials,
                      Host host);

    // The quiet warning: a label at the status bar's right, shown while the channel fails.
    void createStatusLabel(QStatusBar* bar);
    // Tools > War-room channel… and Tools > Post progress summary to the channel.
    QList<QAction*> createActions();

    // The open run has a channel this window can post to (its URL known).
    bool hasChannel() const { return m_url.isValid() && !m_url.isEmpty(); }
    bool channelSet() const { return m_config.has_value(); } // set for the run on this machine
    const ChannelConfig& config() const { return m_effective; }
    QString maskedUrl() const { return maskedWebhookUrl(m_url); }
    bool fromEnvironment() const { return m_fromEnvironment; }
    ChannelPoster* poster();
    // The deadlines and retries of the posts to come (before the first: the poster is made
    // with them). Tests shorten them.
    void setPolicy(const ChannelPolicy& policy) { m_policy = policy; }

    // Keeps `url` (empty: the one kept) in the keychain for the open run, and `config` in the
    // settings; `done` gets "" or why nothing changed.
    void configure(const QUrl& url, const ChannelConfig& config,
                   std::function<void(const QString&)> done);
    // Removes the run's URL from the keychain and its channel from the settings.
    void clear(std::function<void(const QString&)> done);
    // Posts on request; 0 when there is no channel (said in the status bar).
    quint64 postTest(const QUrl& url = {}, std::optional<ChannelFormat> format = {});
    quint64 postSummary();
    // The War-room channel dialog for the open run, over `parent` (the window by default).
    void showDialog(QWidget* parent = nullptr);

    // The cutover as refreshed: an abort trigger raised (or a new cause) is posted.
    void follow(const CutoverStatus& status);
    // The session's runOpened / eventRecorded.
    void runOpened();
    void eventRecorded(const SignOffEvent& event);

signals:
    // What the channel was told, or why not; after it is handed to be recorded.
    void outcome(const golive::ChannelOutcome& outcome);
    // The open run's channel was read or changed.
    void channelChanged();

private:
    void loadChannel();
    // Whether this window posts the open run's moments: a channel, a run it may write.
    bool posting() const;
    void postMoment(const ChannelMessage& message);
    quint64 post(const ChannelMessage& message, const QUrl& url, ChannelFormat format);
    void warn(const QString& text, const QString& tip);
    // The moments that waited for the keychain: posted, or, when it answered too late for
    // them to be news, recorded as not posted.
    void postWaiting();
    void onOutcome(const ChannelOutcome& result);
    void recordWaiting();

    QMainWindow* m_window = nullptr;
    RunSession* m_session = nullptr;
    CredentialStore* m_credentials = nullptr;
    Host m_host;
    ChannelPoster* m_poster = nullptr;
    ChannelPolicy m_policy;
    QLabel* m_warning = nullptr;
    QAction* m_summaryAction = nullptr;
    QString m_runKey;                      // ChannelSettings::runKey() of the open run
    std::optional<ChannelConfig> m_config; // as set for the run here
    ChannelConfig m_effective;             // what posting follows (the default without one)
    QUrl m_url;
    bool m_fromEnvironment = false;
    quint64 m_loadSerial = 0;
    bool m_loading = false;          // the keychain is asked for the URL
    QList<ChannelMessage> m_waiting; // moments recorded meanwhile, posted once it answers
    AttentionWatch m_watch;
    // Outcomes waiting to be recorded (an operator, a writable run), by the run they are about:
    // recorded when that run is open here again, if it is closed meanwhile.
    QHash<QString, QList<ChannelOutcome>> m_unrecorded;
    QHash<quint64, QString> m_postRuns; // each post in flight: the run it is about
    int m_failuresInRow = 0;
};

} // namespace golive
