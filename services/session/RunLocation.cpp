// A run's location without its password, and its short name.
#include "RunLocation.h"

#include "RunLedger.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace golive {

QString locationWithoutPassword(const QString& location)
{
    if (!RunLedger::isServerLocation(location))
        return location;
    // The authority is everything between "//" and the next "/" or "?"; a password is what
    // follows the first ":" of its user info, up to the last "@" (a password may hold "@").
    const qsizetype start = location.indexOf(QLatin1String("//")) + 2;
    qsizetype end = location.size();
    for (const QChar stop : {QLatin1Char('/'), QLatin1Char('?')}) {
        const qsizetype at = location.indexOf(stop, start);
        if (at >= 0)
            end = qMin(end, at);
    }
    const qsizetype atSign = location.lastIndexOf(QLatin1Char('@'), end - 1);
    const qsizetype colon = location.indexOf(QLatin1Char(':'), start);
    QString out = location;
    if (atSign >= start && colon >= 0 && colon < atSign)
        out.remove(colon, atSign - colon);
    // libpq also takes the password as a query parameter.
    static const QRegularExpression passwordParameter(QStringLiteral("([?&])password=[^&]*(&|$)"),
                                                      QRegularExpression::CaseInsensitiveOption);
    while (true) {
        const QRegularExpressionMatch m = passwordParameter.match(out);
        if (!m.hasMatch())
            break;
        const QString keep = m.captured(2).isEmpty() ? QString() : m.captured(1);
        out.replace(m.capturedStart(), m.capturedLength(), keep);
    }
    if (out.endsWith(QLatin1Char('?')) || out.endsWith(QLatin1Char('&')))
        out.chop(1);
    return out;
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
