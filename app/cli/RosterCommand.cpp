// roster (see RosterCommand.h).
#include "RosterCommand.h"

#include "CliText.h"
#include "SafeText.h"
#include "signing/AllowedSigners.h"
#include "signing/SshKey.h"

#include <utility>

namespace golive::cli {

namespace {

using signing::AllowedSigner;
using signing::AllowedSigners;
using signing::SshPublicKey;

// The roster's lines, '\n'-separated, as the file holds them ("\r\n" read as one break).
QStringList rosterLines(const QString& text)
{
    QString t = text;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QStringList lines = t.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

// The entry one line of a roster holds; nullopt for a blank line or a comment.
std::optional<AllowedSigner> entryOf(const QString& line)
{
    const QString trimmed = line.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
        return std::nullopt;
    QString why;
    const std::optional<AllowedSigners> one = AllowedSigners::parse(line, &why);
    if (!one || one->entries().isEmpty())
        return std::nullopt;
    return one->entries().constFirst();
}

QString joinedLines(const QStringList& lines)
{
    return lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// The roles a line names, in words: "incident-commander, engineer", or what a line naming
// none allows.
QString rolesWords(const AllowedSigner& e)
{
    const QStringList roles = signing::rolesOf(e);
    return roles.isEmpty() ? QStringLiteral("any role but roster changes")
                           : roles.join(QStringLiteral(", "));
}

// The principals of a line that are names (not role:...).
QStringList namesOf(const AllowedSigner& e)
{
    QStringList names;
    for (const QString& p : e.principals) {
        if (!p.startsWith(signing::kRolePrefix))
            names.append(p);
    }
    return names;
}

} // namespace

RosterCommand::RosterCommand(QString name, QString summary)
    : EventCommand(std::move(name), std::move(summary)),
      m_rolesOption(QStringLiteral("roles"),
                    QStringLiteral("With add: the roles the key signs in, comma-separated (%1). "
                                   "Without it the person signs in any role but cannot change "
                                   "the roster.")
                        .arg(rolesText()),
                    QStringLiteral("ROLE[,ROLE]"))
{}

QString RosterCommand::description() const
{
    return QStringLiteral(
        "The run's roster: who signs its record with which SSH key, in OpenSSH's "
        "allowed_signers format. Without an action, lists the roster in force: each person, "
        "their key's type and full SHA-256 fingerprint and its namespaces, and whether the run "
        "requires signatures. add, remove and require-signatures record the change in the "
        "ledger as one event holding the whole roster afterwards; only the incident-commander "
        "or the release-captain may, and the change must itself be signed (--key). A refused "
        "change writes nothing.");
}

QString RosterCommand::usage() const
{
    const QString actor = QStringLiteral(" --as NAME --role ROLE") + SigningOption::usage() +
                          QStringLiteral(" [--run RUN]");
    return QStringLiteral("golive roster [--run RUN] | golive roster add NAME PUBKEY-FILE "
                          "[--roles ROLE[,ROLE]]") +
           actor + QStringLiteral(" | golive roster remove NAME") + actor +
           QStringLiteral(" | golive roster require-signatures") + actor;
}

QString RosterCommand::epilog() const
{
    return QStringLiteral("Roles: %1.\nadd gives NAME the public key in PUBKEY-FILE (a .pub file "
                          "or 'ssh-add -L' line; RSA under 2048 bits is refused), signing in "
                          "the roles --roles names (as role:ROLE principals on its line). "
                          "Without --roles the person signs in any role but cannot change the "
                          "roster: that takes a line naming incident-commander or "
                          "release-captain, and a roster must keep one. remove takes away "
                          "every line whose name is exactly NAME, and refuses when another "
                          "line would still let NAME sign (a list or pattern naming them). "
                          "require-signatures makes every later event need a signature by a "
                          "key on the roster; a run never goes back to optional.")
        .arg(rolesText());
}

void RosterCommand::addOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("add|remove|require-signatures"),
                                 QStringLiteral("What to change (none: list the roster)."));
    parser.addPositionalArgument(QStringLiteral("NAME"),
                                 QStringLiteral("With add and remove: the person, as --as names "
                                                "them when they sign."));
    parser.addPositionalArgument(QStringLiteral("PUBKEY-FILE"),
                                 QStringLiteral("With add: their public key."));
    parser.addOption(m_rolesOption);
    addRunOption(parser);
    addActorOptions(parser);
    addWaitOption(parser);
}

int RosterCommand::run(Console& c, const QCommandLineParser& parser)
{
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return list(c, parser);
    const QString verb = args.constFirst();
    if (verb == QLatin1String("add")) {
        if (args.size() != 3)
            return usageError(c, QStringLiteral("say who and which key: golive roster add NAME "
                                                "PUBKEY-FILE; nothing was written"));
        const QString principal = args.at(1).trimmed();
        QString why;
        const std::optional<SshPublicKey> key = SshPublicKey::fromFile(args.at(2), &why);
        if (!key) {
            c.err << "golive roster: " << terminalSafe(why) << "; nothing was written" << Qt::endl;
            return ExitFailure;
        }
        if (!signing::acceptableForSigning(*key, &why)) {
            c.err << "golive roster: " << terminalSafe(why) << "; nothing was written" << Qt::endl;
            return ExitFailure;
        }
        QStringList roles;
        for (const QString& r : parser.value(m_rolesOption).split(QLatin1Char(','))) {
            if (!r.trimmed().isEmpty() && !roles.contains(r.trimmed()))
                roles.append(r.trimmed());
        }
        if (parser.isSet(m_rolesOption) && roles.isEmpty())
            return usageError(c, QStringLiteral("--roles needs at least one role (%1); nothing "
                                                "was written")
                                     .arg(rolesText()));
        const QString line = AllowedSigners::lineFor(principal, *key, &why, roles);
        if (line.isEmpty()) {
            c.err << "golive roster: " << terminalSafe(why) << "; nothing was written" << Qt::endl;
            return ExitFailure;
        }
        const RosterEdit edit = [&](const RunRoster& now, QString* refusal) {
            const QStringList lines = rosterLines(now.allowedSigners);
            for (const QString& l : lines) {
                const std::optional<AllowedSigner> e = entryOf(l);
                if (e && e->key == *key) {
                    *refusal = QStringLiteral("the key %1 is already on the roster, for %2")
                                   .arg(key->fingerprint(), e->principals.join(QLatin1Char(',')));
                    return std::optional<QString>();
                }
            }
            return std::optional<QString>(joinedLines(lines + QStringList{line}));
        };
        return change(c, parser, QStringLiteral("add"), edit,
                      QStringLiteral("added %1 (%2 %3; %4) to the roster")
                          .arg(quoted(principal), key->type, key->fingerprint(),
                               roles.isEmpty()
                                   ? QStringLiteral("any role but roster changes")
                                   : QStringLiteral("roles ") + roles.join(QStringLiteral(", "))));
    }
    if (verb == QLatin1String("remove")) {
        if (args.size() != 2)
            return usageError(c, QStringLiteral("say who: golive roster remove NAME; nothing "
                                                "was written"));
        const QString principal = args.at(1).trimmed();
        const RosterEdit edit = [&](const RunRoster& now, QString* refusal) {
            QStringList kept;
            qsizetype removed = 0;
            for (const QString& l : rosterLines(now.allowedSigners)) {
                const std::optional<AllowedSigner> e = entryOf(l);
                if (e && namesOf(*e) == QStringList{principal})
                    ++removed;
                else
                    kept.append(l);
            }
            if (removed == 0) {
                *refusal = QStringLiteral("no line of the roster is for exactly %1 ('golive "
                                          "roster' lists who is on it)")
                               .arg(quoted(principal));
                return std::optional<QString>();
            }
            // A line left behind that still lets NAME sign (a list of names, a pattern) would
            // make the removal a lie: refused, naming the line.
            for (const QString& l : kept) {
                const std::optional<AllowedSigner> e = entryOf(l);
                if (e && !namesOf(*e).isEmpty() &&
                    signing::matchPatternList(principal, namesOf(*e))) {
                    *refusal = QStringLiteral("%1 would still be on the roster through the line "
                                              "for %2 (%3 %4); change that line by hand first")
                                   .arg(quoted(principal), namesOf(*e).join(QLatin1Char(',')),
                                        e->key.type, e->key.fingerprint());
                    return std::optional<QString>();
                }
            }
            return std::optional<QString>(joinedLines(kept));
        };
        return change(c, parser, QStringLiteral("remove"), edit,
                      QStringLiteral("removed %1 from the roster").arg(quoted(principal)));
    }
    if (verb == QLatin1String("require-signatures")) {
        if (args.size() != 1)
            return usageError(c, QStringLiteral("require-signatures takes no name or file; "
                                                "nothing was written"));
        const RosterEdit edit = [](const RunRoster& now, QString* refusal) {
            if (now.allowedSigners.trimmed().isEmpty()) {
                *refusal = QStringLiteral("the run has no roster yet: add the people who sign "
                                          "first (golive roster add NAME PUBKEY-FILE)");
                return std::optional<QString>();
            }
            if (now.signaturesRequired) {
                *refusal = QStringLiteral("the run already requires signatures");
                return std::optional<QString>();
            }
            return std::optional<QString>(now.allowedSigners);
        };
        return change(c, parser, QStringLiteral("require-signatures"), edit,
                      QStringLiteral("made signatures required for every later event"));
    }
    return usageError(c, QStringLiteral("unknown action '%1'; use add, remove or "
                                        "require-signatures, or none to list the roster")
                             .arg(terminalSafe(verb)));
}

int RosterCommand::change(Console& c, const QCommandLineParser& parser, const QString& kind,
                          const RosterEdit& newRoster, const QString& done) const
{
    Actor actor;
    if (const auto code = readActor(c, parser, &actor))
        return *code;
    int waitMs = 0;
    if (const auto code = waitMilliseconds(c, parser, &waitMs))
        return *code;
    const auto runFile = openRun(c, parser, waitMs);
    if (!runFile)
        return ExitFailure;
    QString why;
    const std::optional<QString> text = newRoster(runFile->roster(), &why);
    if (!text) {
        c.err << "golive roster: " << terminalSafe(why) << "; nothing was written" << Qt::endl;
        return ExitFailure;
    }
    SignOffEvent event;
    event.kind = EventKind::RosterChanged;
    event.fieldKey = kind;
    event.text = *text;
    event.actor = actor;
    if (const auto code = submit(c, *runFile, event,
                                 QStringLiteral("the incident-commander or the release-captain "
                                                "changes the roster, signing with --key FILE")))
        return *code;
    c.out << "event #" << event.seq << ": " << terminalSafe(event.actor.name) << " ("
          << roleName(event.actor.role) << ") " << done << "; signed with "
          << event.signature.keyFingerprint << "; ledger head " << shortHash(event.hash) << "\n";
    return ExitOk;
}

int RosterCommand::list(Console& c, const QCommandLineParser& parser) const
{
    const auto runFile = openRun(c, parser, 0, RunLedger::Access::ReadOnly);
    if (!runFile)
        return ExitFailure;
    const RunRoster& roster = runFile->roster();
    if (roster.allowedSigners.trimmed().isEmpty()) {
        c.out << native(runFile->path())
              << " has no roster: its events are not checked against anyone's key; signatures "
                 "optional. 'golive roster add NAME PUBKEY-FILE' makes one.\n";
        return ExitOk;
    }
    QString why;
    const std::optional<AllowedSigners> signers =
        AllowedSigners::parse(roster.allowedSigners, &why);
    if (!signers) {
        c.err << "golive roster: the roster of " << native(runFile->path())
              << " does not read: " << terminalSafe(why) << Qt::endl;
        return ExitFailure;
    }
    c.out << "roster of " << native(runFile->path()) << ": signatures "
          << (roster.signaturesRequired ? "required" : "optional") << "; "
          << plural(signers->entries().size(), "key", "keys") << "\n";
    QList<QStringList> rows;
    rows.append({QStringLiteral("PRINCIPALS"), QStringLiteral("ROLES"), QStringLiteral("TYPE"),
                 QStringLiteral("FINGERPRINT"), QStringLiteral("NAMESPACES")});
    // table() makes every cell terminal-safe: a principal is text from whoever wrote the file.
    for (const AllowedSigner& e : signers->entries())
        rows.append({namesOf(e).join(QLatin1Char(',')), rolesWords(e), e.key.type,
                     e.key.fingerprint(),
                     e.namespaces.isEmpty() ? QStringLiteral("(any)")
                                            : e.namespaces.join(QLatin1Char(','))});
    c.out << table(rows);
    return ExitOk;
}

} // namespace golive::cli
