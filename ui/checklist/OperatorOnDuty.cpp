// The operator on duty, read from Settings.
#include "OperatorOnDuty.h"

#include "Settings.h"

namespace golive {

std::optional<Actor> operatorOnDuty()
{
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString());
    if (name.isEmpty() || !role) {
        return std::nullopt;
    }
    return Actor::local(name, *role);
}

} // namespace golive
