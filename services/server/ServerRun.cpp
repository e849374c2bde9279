// Placeholder until the server backend lands: every server location is refused in words.
#include "ServerRun.h"

namespace golive {

namespace {
QString notYet(const QString& uri)
{
    return QStringLiteral("%1: this golive cannot open server runs yet").arg(uri);
}
} // namespace

struct ServerRun::Private
{};

ServerRun::ServerRun() : d(std::make_unique<Private>()) {}
ServerRun::~ServerRun() = default;

std::unique_ptr<ServerRun> ServerRun::open(const QString& uri, Access, QString* error, QString*)
{
    if (error)
        *error = notYet(uri);
    return nullptr;
}

std::unique_ptr<ServerRun> ServerRun::create(const QString& uri, const QByteArray&, const QString&,
                                             QString* error,
                                             const std::optional<RunDashboardVersion>&)
{
    if (error)
        *error = notYet(uri);
    return nullptr;
}

bool ServerRun::append(SignOffEvent&, QString* error, const QByteArray*)
{
    if (error)
        *error = notYet(m_path);
    return false;
}

ChainVerification ServerRun::verify() const
{
    return m_verification;
}

bool ServerRun::checkpoint(QString*)
{
    return true;
}

QString ServerRun::host() const
{
    return {};
}

bool ServerRun::catchUp(QList<SignOffEvent>* fresh, QString*)
{
    if (fresh)
        fresh->clear();
    return true;
}

bool ServerRun::watch(std::function<void()>)
{
    return false;
}

bool ServerRun::isConnected() const
{
    return false;
}

bool ServerRun::reconnect(QString* error)
{
    if (error)
        *error = notYet(m_path);
    return false;
}

bool ServerRun::announce(const Presence&, QString*)
{
    return true;
}

void ServerRun::forget() {}

QList<Presence> ServerRun::present(QString*) const
{
    return {};
}

} // namespace golive
