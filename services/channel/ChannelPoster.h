// Posts the war-room channel's messages to its incoming webhook, off the caller's thread: the
// requests run on a thread of their own, one after the other in the order asked for (the
// channel reads as the go-live happened), each attempt under a deadline, retried with backoff
// (a 429's Retry-After is honoured, up to a limit), and a redirect is followed only to the
// webhook's own origin. The outcome comes back as a signal on the poster's thread; it never
// carries the URL, only its masked form, so it may be logged and recorded.
#pragma once

#include "ChannelMessage.h"

#include <QDateTime>
#include <QMetaType>
#include <QObject>
#include <QThread>
#include <QUrl>

namespace golive {

struct ChannelPolicy
{
    int timeoutMs = 10000;         // one attempt: connect, send, answer
    int attempts = 3;              // in all, the first included
    int backoffMs = 2000;          // before the second attempt; doubled before each next one
    int maxRetryAfterSeconds = 60; // a 429 asking for longer than this fails at once
    int budgetMs = 60000; // one post in all, attempts and waits: no retry that would pass it
};

struct ChannelOutcome
{
    quint64 id = 0;
    ChannelMoment moment = ChannelMoment::Test;
    QString headline;  // the message's, for the record
    QString maskedUrl; // maskedWebhookUrl(): never the secret
    bool posted = false;
    int httpStatus = 0; // the last answer's; 0 when none came
    int attempts = 0;
    QString error; // why it failed, in words (never the URL); empty when posted
    QDateTime finishedUtc;

    // One line for the timeline and the log: "posted GO by … to https://host/••• (HTTP 200)"
    // or "could not post … to …: HTTP 500 after 3 attempts".
    QString recordText() const;
};

} // namespace golive

Q_DECLARE_METATYPE(golive::ChannelOutcome)

namespace golive {

class ChannelPostWorker;

class ChannelPoster : public QObject
{
    Q_OBJECT
public:
    explicit ChannelPoster(const ChannelPolicy& policy = {}, QObject* parent = nullptr);
    // Stops the thread; posts still in flight are abandoned (their outcome never comes).
    ~ChannelPoster() override;

    // Queues `message` for `url` in `format` and returns at once with the post's id; finished()
    // follows with the same id, after the posts queued before it.
    quint64 post(const QUrl& url, ChannelFormat format, const ChannelMessage& message);
    // For the command line: posts and waits in a local event loop until the outcome (at most the
    // policy's attempts, deadlines, backoff and retry waits).
    ChannelOutcome postAndWait(const QUrl& url, ChannelFormat format,
                               const ChannelMessage& message);

    // The thread the requests run on (for tests: never the caller's).
    QThread* networkThread() const { return m_thread; }
    int inFlight() const { return m_inFlight; } // queued or being attempted

signals:
    void finished(const golive::ChannelOutcome& outcome);

private:
    friend class ChannelPostWorker; // counts a post out as its outcome comes back

    QThread* m_thread = nullptr;
    ChannelPostWorker* m_worker = nullptr;
    quint64 m_nextId = 1;
    int m_inFlight = 0;
};

} // namespace golive
