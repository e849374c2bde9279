// Where a run is, as people read it and as settings keep it: a run file's path, or a server
// URI with no password in it ever (a password typed into the URI is for the driver only).
#pragma once

#include <QString>

namespace golive {

// `location` without a password ("postgresql://ada:s3cret@db/golive?run=x" ->
// "postgresql://ada@db/golive?run=x"); a run file's path as it is.
QString locationWithoutPassword(const QString& location);
// The run's short name for a window title or a menu: a file's name, or "NAME on HOST" for a
// server run (the URI's `run` parameter and host).
QString locationShortName(const QString& location);

} // namespace golive
