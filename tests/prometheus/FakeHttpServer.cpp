// A fault-injecting HTTP server for tests; see FakeHttpServer.h.
#include "FakeHttpServer.h"

#include <QHostAddress>
#include <QSslServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace golive::test {
namespace {

constexpr char kBufferProperty[] = "fake_http_buffer";
constexpr char kHugeLeftProperty[] = "fake_http_huge_left";

QByteArray reasonFor(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 422:
        return "Unprocessable Entity";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

QUrl FakeHttpServer::Request::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1") + QString::fromLatin1(target), QUrl::StrictMode);
}

FakeHttpServer::FakeHttpServer(QObject* parent) : QObject(parent)
{
    m_default.status = 404;
    m_default.body = "404 page not found\n";
    m_default.headers = {{"Content-Type", "text/plain"}};
}

FakeHttpServer::~FakeHttpServer()
{
    for (const QPointer<QTcpSocket>& s : std::as_const(m_sockets))
        if (s)
            s->abort();
}

bool FakeHttpServer::listen()
{
    m_server = std::make_unique<QTcpServer>();
    m_tls = false;
    connect(m_server.get(), &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
    return m_server->listen(QHostAddress::LocalHost, 0);
}

bool FakeHttpServer::listenTls(const QSslConfiguration& config)
{
    auto server = std::make_unique<QSslServer>();
    server->setSslConfiguration(config);
    // QSslServer hands out a connection only once its handshake succeeded.
    connect(server.get(), &QSslServer::errorOccurred, this, [this] { ++m_tlsHandshakeFailures; });
    // (pendingConnectionAvailable is QSslServer's "handshake done" in Qt 6.4.)
    connect(server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &FakeHttpServer::onNewConnection);
    connect(server.get(), &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
    m_server = std::move(server);
    m_tls = true;
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 FakeHttpServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl FakeHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

void FakeHttpServer::route(const QByteArray& path, const Response& response)
{
    m_routes.insert(path, response);
}

void FakeHttpServer::setDefault(const Response& response)
{
    m_default = response;
}

FakeHttpServer::Response FakeHttpServer::json(const QByteArray& body, int status)
{
    Response r;
    r.status = status;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    return r;
}

FakeHttpServer::Response FakeHttpServer::redirect(const QUrl& base, int status)
{
    Response r;
    r.status = status;
    r.redirectTo = base;
    r.headers = {{"Content-Type", "text/plain"}};
    r.body = "moved\n";
    return r;
}

FakeHttpServer::Response FakeHttpServer::of(Response::Kind kind)
{
    Response r;
    r.kind = kind;
    return r;
}

int FakeHttpServer::openConnections() const
{
    return int(std::count_if(m_sockets.begin(), m_sockets.end(), [](const auto& s) {
        return s && s->state() == QAbstractSocket::ConnectedState;
    }));
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        m_sockets.append(socket);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void FakeHttpServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray buffer = socket->property(kBufferProperty).toByteArray() + socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty(kBufferProperty, buffer);
        return;
    }
    // One request per connection (every answer closes it). A body (a POST's) is read whole,
    // as its Content-Length says, before the request is answered; at most 1 MiB.
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    qsizetype contentLength = 0;
    for (const QByteArray& line : lines) {
        if (line.toLower().startsWith("content-length:"))
            contentLength = std::min<qsizetype>(line.mid(15).trimmed().toLongLong(), 1 << 20);
    }
    if (buffer.size() < end + 4 + contentLength) {
        socket->setProperty(kBufferProperty, buffer);
        return;
    }
    socket->setProperty(kBufferProperty, QByteArray());
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    Request request;
    request.body = buffer.mid(end + 4, contentLength);
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    request.method = first.value(0);
    request.target = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    m_requests.append(request);
    emit requestReceived(request.target);

    const QByteArray path = request.target.left(
        request.target.indexOf('?') < 0 ? request.target.size() : request.target.indexOf('?'));
    Response response = m_routes.value(path, m_default);
    if (response.redirectTo.isValid()) {
        // Test servers live on the loopback interface only: a redirect elsewhere is a bug in
        // the test, and the client must never be sent there.
        const QString host = response.redirectTo.host();
        if (host != QLatin1String("127.0.0.1") && host != QLatin1String("localhost"))
            qFatal("FakeHttpServer: a redirect to %s, not to the loopback interface",
                   qPrintable(host));
        QByteArray base = response.redirectTo.toEncoded(QUrl::StripTrailingSlash);
        response.headers.append({"Location", base + request.target});
    }
    if (response.delayMs > 0) {
        QPointer<QTcpSocket> guard(socket);
        QTimer::singleShot(response.delayMs, this, [this, guard, response] {
            if (guard)
                answer(guard, response);
        });
    } else {
        answer(socket, response);
    }
}

QByteArray FakeHttpServer::head(const Response& response, qint64 contentLength)
{
    QByteArray h = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
                   (response.reason.isEmpty() ? reasonFor(response.status) : response.reason) +
                   "\r\n";
    for (const auto& [name, value] : response.headers)
        h += name + ": " + value + "\r\n";
    if (contentLength >= 0)
        h += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    h += "Connection: close\r\n\r\n";
    return h;
}

void FakeHttpServer::answer(QTcpSocket* socket, const Response& response)
{
    using Kind = Response::Kind;
    switch (response.kind) {
    case Kind::Hang:
        return;
    case Kind::Close:
        socket->disconnectFromHost();
        return;
    case Kind::Canned:
        socket->write(head(response, response.body.size()) + response.body);
        socket->disconnectFromHost(); // after the pending bytes are written
        return;
    case Kind::Truncate:
        socket->write(head(response, response.body.size()) +
                      response.body.left(response.body.size() / 2));
        socket->disconnectFromHost();
        return;
    case Kind::Slow: {
        auto data =
            std::make_shared<QByteArray>(head(response, response.body.size()) + response.body);
        auto* timer = new QTimer(socket);
        const int chunk = std::max(response.chunkBytes, 1);
        connect(timer, &QTimer::timeout, socket, [socket, timer, data, chunk] {
            socket->write(data->left(chunk));
            data->remove(0, std::min<qsizetype>(chunk, data->size()));
            if (data->isEmpty()) {
                timer->stop();
                socket->disconnectFromHost();
            }
        });
        timer->start(response.intervalMs);
        return;
    }
    case Kind::Huge:
        startResponse(socket, response);
        return;
    }
}

void FakeHttpServer::startResponse(QTcpSocket* socket, const Response& response)
{
    // Stream as the socket drains, never more than a few chunks queued: the server must not
    // hold 100 MB itself, or it would hide whether the client buffers it.
    Response r = response;
    r.headers.append(std::pair<QByteArray, QByteArray>("Content-Type", "application/json"));
    socket->write(head(r, r.declareLength ? r.hugeBytes : -1));
    socket->setProperty(kHugeLeftProperty, r.hugeBytes);
    m_hugeBytesSent = 0;
    m_hugePeerAborted = false;
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { pumpHuge(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (socket->property(kHugeLeftProperty).toLongLong() > 0)
            m_hugePeerAborted = true;
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] {
        if (socket->property(kHugeLeftProperty).toLongLong() > 0)
            m_hugePeerAborted = true;
    });
    connect(socket, &QTcpSocket::stateChanged, this,
            [this, socket](QAbstractSocket::SocketState state) {
                if (state != QAbstractSocket::ConnectedState &&
                    socket->property(kHugeLeftProperty).toLongLong() > 0)
                    m_hugePeerAborted = true;
            });
    pumpHuge(socket);
}

void FakeHttpServer::pumpHuge(QTcpSocket* socket)
{
    constexpr qint64 chunk = 256 * 1024;
    static const QByteArray filler = [] {
        QByteArray b;
        while (b.size() < chunk)
            b += "[1700000000.123,\"0.25\"],";
        return b.left(chunk);
    }();
    qint64 left = socket->property(kHugeLeftProperty).toLongLong();
    while (left > 0 && socket->bytesToWrite() < 4 * chunk &&
           socket->state() == QAbstractSocket::ConnectedState) {
        const qint64 n = std::min(left, chunk);
        socket->write(filler.constData(), n);
        left -= n;
        m_hugeBytesSent += n;
    }
    socket->setProperty(kHugeLeftProperty, left);
    if (left == 0)
        socket->disconnectFromHost();
}

} // namespace golive::test
