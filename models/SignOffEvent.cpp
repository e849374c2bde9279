// Sign-off events: role and kind names, the local actor, and the canonical bytes the hash covers.
#include "SignOffEvent.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSysInfo>

#include <array>
#include <utility>

namespace golive {

namespace {

// Names are written into the ledger and hashed: never change them, only add.
struct RoleNames
{
    Role role;
    QLatin1String name;
    QLatin1String display;
};

constexpr std::array<RoleNames, 4> kRoles{{
    {Role::IncidentCommander, QLatin1String("incident-commander"),
     QLatin1String("Incident Commander")},
    {Role::ReleaseCaptain, QLatin1String("release-captain"), QLatin1String("Release Captain")},
    {Role::Engineer, QLatin1String("engineer"), QLatin1String("Engineer")},
    {Role::Observer, QLatin1String("observer"), QLatin1String("Observer")},
}};

constexpr std::array<std::pair<EventKind, QLatin1String>, 16> kKinds{{
    {EventKind::Signed, QLatin1String("signed")},
    {EventKind::Revoked, QLatin1String("revoked")},
    {EventKind::NotApplicable, QLatin1String("not-applicable")},
    {EventKind::Blocked, QLatin1String("blocked")},
    {EventKind::FieldFilled, QLatin1String("field-filled")},
    {EventKind::NoteAdded, QLatin1String("note-added")},
    {EventKind::ChainBreakAcknowledged, QLatin1String("chain-break-acknowledged")},
    {EventKind::PhaseChanged, QLatin1String("phase-changed")},
    {EventKind::Decision, QLatin1String("decision")},
    {EventKind::StepFailed, QLatin1String("step-failed")},
    {EventKind::RollbackStep, QLatin1String("rollback-step")},
    {EventKind::Observed, QLatin1String("observed")},
    {EventKind::DashboardSet, QLatin1String("dashboard-set")},
    {EventKind::RosterChanged, QLatin1String("roster-changed")},
    {EventKind::EvidenceAttached, QLatin1String("evidence-attached")},
    {EventKind::CommandRun, QLatin1String("command-run")},
}};

} // namespace

QString roleName(Role role)
{
    for (const auto& r : kRoles) {
        if (r.role == role)
            return r.name;
    }
    return {};
}

QString roleDisplayName(Role role)
{
    for (const auto& r : kRoles) {
        if (r.role == role)
            return r.display;
    }
    return {};
}

std::optional<Role> roleFromName(const QString& name)
{
    for (const auto& r : kRoles) {
        if (name == r.name)
            return r.role;
    }
    return std::nullopt;
}

QStringList roleNames()
{
    QStringList names;
    for (const auto& r : kRoles)
        names.append(r.name);
    return names;
}

QString eventKindName(EventKind kind)
{
    for (const auto& [k, name] : kKinds) {
        if (k == kind)
            return name;
    }
    return {};
}

std::optional<EventKind> eventKindFromName(const QString& name)
{
    for (const auto& [k, kindName] : kKinds) {
        if (name == kindName)
            return k;
    }
    return std::nullopt;
}

Actor Actor::local(const QString& name, Role role)
{
    Actor actor;
    actor.name = name;
    actor.role = role;
    actor.osUser = qEnvironmentVariable("USER");
    if (actor.osUser.isEmpty())
        actor.osUser = qEnvironmentVariable("USERNAME"); // Windows
    if (actor.osUser.isEmpty())
        actor.osUser = QStringLiteral("unknown");
    actor.host = QSysInfo::machineHostName();
    return actor;
}

QString shortFingerprint(const QString& fingerprint)
{
    const QLatin1String prefix("SHA256:");
    return (fingerprint.startsWith(prefix) ? fingerprint.mid(prefix.size()) : fingerprint).left(12);
}

QByteArray SignOffEvent::canonicalPayload() const
{
    // QJsonObject keeps its keys sorted, and the compact form has no whitespace, so the bytes
    // depend only on the values: an auditor can rebuild them with any JSON library.
    QJsonObject o;
    o.insert(QStringLiteral("seq"), seq);
    o.insert(QStringLiteral("time"),
             timeUtc.isValid()
                 ? timeUtc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))
                 : QString());
    o.insert(QStringLiteral("kind"), eventKindName(kind));
    o.insert(QStringLiteral("item"), itemId);
    o.insert(QStringLiteral("field"), fieldKey);
    o.insert(QStringLiteral("text"), text);
    o.insert(QStringLiteral("actor"), actor.name);
    o.insert(QStringLiteral("role"), roleName(actor.role));
    o.insert(QStringLiteral("os_user"), actor.osUser);
    o.insert(QStringLiteral("host"), actor.host);
    o.insert(QStringLiteral("prev"), QString::fromLatin1(prevHash));
    if (signature.isSigned())
        o.insert(QStringLiteral("key"), signature.keyFingerprint);
    if (!snapshot.isEmpty())
        o.insert(QStringLiteral("snapshot"), snapshot);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray SignOffEvent::computeHash() const
{
    // The payload holds prev, so the hash chains each event to the one before it.
    return QCryptographicHash::hash(canonicalPayload(), QCryptographicHash::Sha256).toHex();
}

QByteArray SignOffEvent::genesisFor(const QString& runId, const QString& runbookSha256,
                                    const QString& allowedSigners, bool signaturesRequired)
{
    QByteArray anchor =
        QByteArrayLiteral("golive-run\n") + runId.toUtf8() + '\n' + runbookSha256.toUtf8();
    // A run without a roster keeps the anchor it always had.
    if (!allowedSigners.isEmpty() || signaturesRequired) {
        anchor +=
            QByteArrayLiteral("\nallowed-signers ") +
            QCryptographicHash::hash(allowedSigners.toUtf8(), QCryptographicHash::Sha256).toHex() +
            QByteArrayLiteral("\nsignatures ") +
            (signaturesRequired ? QByteArrayLiteral("required") : QByteArrayLiteral("optional"));
    }
    return QCryptographicHash::hash(anchor, QCryptographicHash::Sha256).toHex();
}

} // namespace golive
