// A small HTTP/1.1 server on QTcpServer (127.0.0.1, an ephemeral port), for GETs and POSTs (the
// body is kept), that misbehaves on request: canned answers, silence, a dropped connection, a
// trickle, a 100 MB body. It runs in the test's own event loop, so a test drives it with
// QTRY_* / QSignalSpy::wait.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

class QTcpSocket;

namespace golive::test {

class FakeHttpServer : public QObject
{
    Q_OBJECT
public:
    struct Response
    {
        enum class Kind
        {
            Canned,   // status + headers + body, then close (Connection: close)
            Hang,     // read the request, never answer (the socket stays open)
            Close,    // read the request, close the connection without a byte
            Slow,     // the canned answer, `chunkBytes` every `intervalMs`
            Huge,     // 200 and `hugeBytes` of JSON-ish filler, streamed as the socket drains
            Truncate, // the headers promise the whole body; half of it comes, then close
        };
        Kind kind = Kind::Canned;
        int status = 200;
        QByteArray reason; // default: the usual phrase for `status`
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        int delayMs = 0;                // wait this long before answering (any kind)
        int intervalMs = 50;            // Slow
        int chunkBytes = 1;             // Slow
        qint64 hugeBytes = 100ll << 20; // Huge
        bool declareLength = true;      // Huge: send Content-Length (else close-delimited)
        // When set (http://127.0.0.1:PORT or http://localhost:PORT, never another host): the
        // answer carries "Location: redirectTo + the request's path and query" (with `status`
        // 302 unless given another 3xx), so a client is sent to another fake server, or to
        // another path of this one.
        QUrl redirectTo;
    };

    struct Request
    {
        QByteArray method;
        QByteArray target;                     // path and query, as sent
        QHash<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;                       // a POST's, as Content-Length says
        QUrl url() const;                      // target against http://127.0.0.1 (for QUrlQuery)
    };

    explicit FakeHttpServer(QObject* parent = nullptr);
    ~FakeHttpServer() override;

    bool listen(); // 127.0.0.1 on an ephemeral port
    // The same over TLS (QSslServer) with `config`'s certificate and key; baseUrl() is https.
    bool listenTls(const QSslConfiguration& config);
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT (https:// after listenTls)
    // Clients that gave up during the TLS handshake (an untrusted certificate, say).
    int tlsHandshakeFailures() const { return m_tlsHandshakeFailures; }

    // Answers requests for `path` (exact match on the path, without the query) with `response`;
    // others get the default (404 unless setDefault() was called).
    void route(const QByteArray& path, const Response& response);
    void setDefault(const Response& response);

    // Conveniences.
    static Response json(const QByteArray& body, int status = 200);
    static Response of(Response::Kind kind);
    // A redirect of every request to `base` (127.0.0.1 or localhost) plus its target.
    static Response redirect(const QUrl& base, int status = 302);

    const QList<Request>& requests() const { return m_requests; }
    int openConnections() const; // sockets not yet disconnected
    qint64 hugeBytesSent() const { return m_hugeBytesSent; }
    bool hugePeerAborted() const { return m_hugePeerAborted; } // client closed mid-stream

signals:
    void requestReceived(const QByteArray& target);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, const Response& response);
    void startResponse(QTcpSocket* socket, const Response& response);
    void pumpHuge(QTcpSocket* socket);
    static QByteArray head(const Response& response, qint64 contentLength);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    int m_tlsHandshakeFailures = 0;
    QHash<QByteArray, Response> m_routes;
    Response m_default;
    QList<Request> m_requests;
    QList<QPointer<QTcpSocket>> m_sockets;
    qint64 m_hugeBytesSent = 0;
    bool m_hugePeerAborted = false;
};

} // namespace golive::test
