// The operator on duty, as Run > Change operator set it in Settings.
#pragma once

#include "SignOffEvent.h"

#include <optional>

namespace golive {

// Their name and role as a local actor, or nothing while nobody (or no known role) is set.
std::optional<Actor> operatorOnDuty();

} // namespace golive
