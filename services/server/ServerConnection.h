// One connection to the PostgreSQL server of a server run, through Qt's QPSQL driver, on the
// thread that opens it: the password found (URI, OS keychain, else libpq's own sources), the
// session's settings made, and the driver's failures said in words that name the host.
#pragma once

#include "ServerLocation.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace golive {

class ServerConnection
{
public:
    explicit ServerConnection(const ServerLocation& location);
    ~ServerConnection();
    ServerConnection(const ServerConnection&) = delete;
    ServerConnection& operator=(const ServerConnection&) = delete;

    // Connects (again, if it was open), on the calling thread; false with the words to show.
    bool open(QString* error);
    void close();
    bool isOpen() const;
    QSqlDatabase db() const;
    const ServerLocation& location() const { return m_location; }

    // The driver's words for a failed statement ("HOST: ..."), never with a password.
    QString words(const QSqlError& e) const;
    // Whether a failure means the connection itself is gone (server down, network lost): a
    // connection error, a SQLSTATE of class 08 or 57P01-57P03, else libpq's English words.
    static bool isConnectionLost(const QSqlError& e);
    // Whether this connection is gone after the failure `e`: libpq's status of the connection
    // first (the same in every language), then what isConnectionLost() reads in `e`.
    bool isLost(const QSqlError& e) const;
    // libpq's connection under Qt's driver (a PGconn*), or null when `db` is not QPSQL's.
    static void* nativeHandle(const QSqlDatabase& db);
    // Whether libpq itself says the connection is gone, whatever language its errors are in.
    static bool isBroken(const QSqlDatabase& db);
    // Words for a failed connection: not reachable, password refused, certificate refused,
    // database missing, else the driver's own.
    static QString connectWords(const ServerLocation& location, const QSqlError& e);

    // The password for `location` from the OS keychain (bounded wait; an empty string when
    // there is none or the keychain cannot answer in time). Off the application's thread the
    // read is made on that thread and this one only waits, with no event loop: nothing queued
    // to a worker runs in the middle of its open or reconnect.
    static QString keychainPassword(const ServerLocation& location);

private:
    ServerLocation m_location;
    QString m_name;
};

} // namespace golive
