// The same-origin rule (see Origin.h).
#include "Origin.h"

namespace golive {
namespace {

int defaultPort(const QString& scheme)
{
    return scheme == QLatin1String("https") ? 443 : scheme == QLatin1String("http") ? 80 : -1;
}

} // namespace

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    const QString scheme = a.scheme().toLower();
    return scheme == b.scheme().toLower() && a.host().toLower() == b.host().toLower() &&
           a.port(defaultPort(scheme)) == b.port(defaultPort(scheme));
}

} // namespace golive
