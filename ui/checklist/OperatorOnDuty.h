// The operator on duty, as Run > Change operator set it in Settings.
#pragma once

#include "SignOffEvent.h"

#include <QString>

#include <optional>

namespace golive {

// Their name and role as a local actor, with the key they sign with (signingKeyFor), or
// nothing while nobody (or no known role) is set.
std::optional<Actor> operatorOnDuty();

// The signing key `name` chose last in this window (a path for ssh-keygen -f), or empty: their
// sign-offs are unsigned.
QString signingKeyFor(const QString& name);
// Remembers `path` as `name`'s signing key (empty: unsigned from now on).
void setSigningKeyFor(const QString& name, const QString& path);

} // namespace golive
