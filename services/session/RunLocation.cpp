// A run's location without its password, and its short name.
#include "RunLocation.h"

#include "RunLedger.h"
#include "server/ServerLocation.h"

#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>

namespace golive {

QString locationWithoutPassword(const QString& location)
{
    if (!RunLedger::isServerLocation(location))
        return location;
    // The one shown form of a server URI: no password, however it was written.
    return ServerLocation::shownUri(location);
}

QString locationShortName(const QString& location)
{
    if (!RunLedger::isServerLocation(location))
        return QFileInfo(location).fileName();
    const QUrl url(locationWithoutPassword(location));
    const QString run = QUrlQuery(url).queryItemValue(QStringLiteral("run"), QUrl::FullyDecoded);
    const QString host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    if (run.isEmpty())
        return host;
    return QStringLiteral("%1 on %2").arg(run, host);
}

} // namespace golive
