// Where a request may be sent on: the same origin (scheme, host and port, the default port
// spelt out or not) as the address it was given for. Prometheus's credentials and the war-room
// channel's posts follow one rule: a redirect is followed only to the same origin.
#pragma once

#include <QUrl>

namespace golive {

bool sameOrigin(const QUrl& a, const QUrl& b);

} // namespace golive
