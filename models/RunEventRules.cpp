// The rules of the events about the run (see RunEventRules.h).
#include "RunEventRules.h"

#include "Cutover.h"

#include <QRegularExpression>

namespace golive {

namespace {

bool refuse(QString* error, const QString& why)
{
    if (error)
        *error = why;
    return false;
}

} // namespace

// A dashboard is the run's from now on: the commanders' decision, naming exactly which bytes.
bool dashboardSetRefusal(const SignOffEvent& event, QString* error)
{
    if (event.actor.role != Role::IncidentCommander && event.actor.role != Role::ReleaseCaptain)
        return refuse(error, QStringLiteral("only the incident-commander or the release-captain "
                                            "may set the run's dashboard; you are %1, so nothing "
                                            "was recorded")
                                 .arg(roleName(event.actor.role)));
    static const QRegularExpression sha(QStringLiteral("^[0-9a-f]{64}$"));
    if (!sha.match(event.fieldKey).hasMatch())
        return refuse(error, QStringLiteral("a dashboard is recorded by the lower-case hex "
                                            "SHA-256 of its file; nothing was recorded"));
    if (event.text.trimmed().isEmpty() || event.text.contains(QLatin1Char('\n')))
        return refuse(error, QStringLiteral("a dashboard is recorded with the name of its file "
                                            "on one line; nothing was recorded"));
    return true;
}

// Only the incident commander or release captain accepts a ledger break, naming it and why.
bool validateAcknowledgement(const SignOffEvent& event, QString* error)
{
    if (event.actor.role != Role::IncidentCommander && event.actor.role != Role::ReleaseCaptain)
        return refuse(error, QStringLiteral("only the incident-commander or the "
                                            "release-captain may acknowledge a ledger break; "
                                            "you are %1, so nothing was recorded")
                                 .arg(roleName(event.actor.role)));
    if (event.fieldKey.trimmed().isEmpty())
        return refuse(error, QStringLiteral("an acknowledgement must name the breaks it "
                                            "accepts (as \"seq:hash\" in its field key); "
                                            "nothing was recorded"));
    if (event.text.trimmed().isEmpty())
        return refuse(error, QStringLiteral("say what you are acknowledging (which event "
                                            "and why it is accepted); nothing was recorded"));
    return true;
}

// Who signs with which key is the commanders' to change, and only under their own signature.
bool rosterChangeRefusal(const SignOffEvent& event, QString* error)
{
    if (event.actor.role != Role::IncidentCommander && event.actor.role != Role::ReleaseCaptain)
        return refuse(error, QStringLiteral("only the incident-commander or the release-captain "
                                            "may change the run's roster; you are %1, so nothing "
                                            "was recorded")
                                 .arg(roleName(event.actor.role)));
    // Signed, or to be signed as it is recorded (its actor has a key: the ledger reads it and
    // refuses the event if it is not one).
    if (!event.signature.isSigned() && event.actor.signingKey.isEmpty())
        return refuse(error, QStringLiteral("a change to the roster must itself be signed; "
                                            "choose your key first (Ctrl+Shift+O in the window, "
                                            "--key on the command line); nothing was recorded"));
    const QStringList changes{QStringLiteral("add"), QStringLiteral("remove"),
                              QStringLiteral("require-signatures")};
    if (!changes.contains(event.fieldKey))
        return refuse(error, QStringLiteral("a roster change is \"add\", \"remove\" or "
                                            "\"require-signatures\", not \"%1\"; nothing was "
                                            "recorded")
                                 .arg(event.fieldKey));
    return true;
}

// An observation changes no item: anyone on duty may record what they saw, observers too.
bool validateObservation(const SignOffEvent& event, QString* error)
{
    if (!observationCategories().contains(event.fieldKey))
        return refuse(error,
                      QStringLiteral("\"%1\" is not a kind of observation golive "
                                     "records; use one of %2; nothing was recorded")
                          .arg(event.fieldKey, observationCategories().join(QStringLiteral(", "))));
    if (event.text.trimmed().isEmpty())
        return refuse(error, QStringLiteral("describe what was observed (%1); nothing was "
                                            "recorded")
                                 .arg(observationDisplayName(event.fieldKey)));
    return true;
}

// Only a placeholder field of the runbook is filled in.
bool validateFieldFill(const Runbook& runbook, const SignOffEvent& event, QString* error)
{
    const RunbookField* field = runbook.findField(event.fieldKey);
    if (!field)
        return refuse(error, QStringLiteral("no field \"%1\" in this runbook; check the "
                                            "field name")
                                 .arg(event.fieldKey));
    if (!field->isPlaceholder)
        return refuse(error, QStringLiteral("field \"%1\" (%2) is fixed by the runbook text, "
                                            "not a placeholder; change the runbook instead")
                                 .arg(field->key, field->label));
    return true;
}

} // namespace golive
