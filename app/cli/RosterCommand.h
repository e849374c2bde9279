// roster: who signs the run's record with which SSH key. Without a verb it lists the roster in
// force; `add`, `remove` and `require-signatures` record a roster-changed event (incident
// commander or release captain, signed with --key) whose text is the whole roster afterwards.
#pragma once

#include "EventCommand.h"

namespace golive::cli {

class RosterCommand : public EventCommand
{
public:
    RosterCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 0; }
    qsizetype maxPositional() const override { return 3; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    int list(Console& c, const QCommandLineParser& parser) const;
    // Records the roster change `kind` ("add", "remove", "require-signatures"): `newRoster`
    // makes the whole roster afterwards from the one in force, or nullopt with why not (then
    // nothing is written). `done` says what was done, after "NAME (ROLE) ".
    using RosterEdit = std::function<std::optional<QString>(const RunRoster& now, QString* why)>;
    int change(Console& c, const QCommandLineParser& parser, const QString& kind,
               const RosterEdit& newRoster, const QString& done) const;

    // add's --roles: the roles the new line's key signs in.
    const QCommandLineOption m_rolesOption;
};

} // namespace golive::cli
