// What `golive login` remembers about a Prometheus URL in the settings (never the secret), and
// the URL argument login and logout take.
#pragma once

#include "Console.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace golive::cli {

struct LoginRecord
{
    QString user; // empty: a bearer token
    QString caFile;

    static std::optional<LoginRecord> forUrl(const QUrl& url);
    // Records `record` for `url`, or with std::nullopt forgets what was recorded.
    static void set(const QUrl& url, const std::optional<LoginRecord>& record);
};

// The URL of a command's positional argument or option: http(s), a host, no user info. On a
// bad one, says why on c.err (`origin` names where it came from) and returns nullopt.
std::optional<QUrl> prometheusUrl(Console& c, const QString& command, const QString& origin,
                                  const QString& text, const QString& usage);

// "https://prom:9090 as ops": the keychain entry in words.
QString entryWords(const QUrl& url, const QString& user);

} // namespace golive::cli
