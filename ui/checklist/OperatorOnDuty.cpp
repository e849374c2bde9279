// The operator on duty, read from Settings.
#include "OperatorOnDuty.h"

#include "Settings.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace golive {

std::optional<Actor> operatorOnDuty()
{
    Settings* s = Settings::instance();
    const QString name = s->value(Settings::Key::OperatorName).toString();
    const auto role = roleFromName(s->value(Settings::Key::OperatorRole).toString());
    if (name.isEmpty() || !role) {
        return std::nullopt;
    }
    Actor me = Actor::local(name, *role);
    me.signingKey = signingKeyFor(name);
    return me;
}

namespace {

QJsonObject signingKeys()
{
    return QJsonDocument::fromJson(
               Settings::instance()->value(Settings::Key::SigningKeys).toString().toUtf8())
        .object();
}

} // namespace

QString signingKeyFor(const QString& name)
{
    return signingKeys().value(name).toString();
}

void setSigningKeyFor(const QString& name, const QString& path)
{
    QJsonObject keys = signingKeys();
    if (path.isEmpty())
        keys.remove(name);
    else
        keys.insert(name, path);
    Settings::instance()->setValue(
        Settings::Key::SigningKeys,
        QString::fromUtf8(QJsonDocument(keys).toJson(QJsonDocument::Compact)));
}

} // namespace golive
