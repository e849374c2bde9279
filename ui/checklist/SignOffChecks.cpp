// Sign-offs over the checks golive verifies itself, from the window (SignOffChecks.h).
#include "SignOffChecks.h"

#include "SignOffDialog.h"

#include "decision/DecisionSnapshot.h"
#include "decision/ItemCheckRules.h"

#include "RunSession.h"
#include "SubItems.h"

#include <QPointer>
#include <QTimer>

#include <optional>

namespace golive {
namespace {

QStringList openChecksOf(const RunSession& session, const SignOffEvent& withSnapshot)
{
    const std::optional<DecisionSnapshot> seen =
        withSnapshot.snapshot.isEmpty() ? std::nullopt
                                        : DecisionSnapshot::fromJson(withSnapshot.snapshot);
    return openItemChecks(session.state(), withSnapshot.itemId, seen ? &*seen : nullptr);
}

SignOffEvent signedNow(const RunSession& session, const QString& itemId, const Actor& actor)
{
    SignOffEvent event;
    event.kind = EventKind::Signed;
    event.itemId = itemId;
    event.actor = actor;
    return session.withSnapshot(event);
}

} // namespace

QStringList openChecksNow(const RunSession& session, const QString& itemId)
{
    const RunbookItem* item = session.runbook().findItem(itemId);
    if (!item || item->requiredChecks.isEmpty())
        return {};
    return openChecksOf(session, signedNow(session, itemId, Actor()));
}

SignOffEvent composeSignOff(const RunSession& session, const RunbookItem& item,
                            const QString& reason, const Actor& actor, bool overChecks)
{
    SignOffEvent event = signedNow(session, item.id, actor);
    const QString text =
        overChecks ? composeCheckOverride(reason, openChecksOf(session, event)) : reason;
    event.text = composeOverOpenSubItems(text, openSubItems(session.state(), item));
    return event;
}

QString openChecksChanged(SignOffDialog* dialog, const RunSession& session,
                          const SignOffEvent& signOff)
{
    if (!dialog->showsOpenChecks())
        return {};
    const QStringList now = openChecksOf(session, signOff);
    if (now == dialog->openChecks())
        return {};
    dialog->setOpenChecks(now);
    return now.isEmpty() ? SignOffDialog::tr("The checks changed while this dialog was open: they "
                                             "all hold now. Read them again, then sign.")
                         : SignOffDialog::tr("The open checks changed while this dialog was open. "
                                             "Read them again, then sign.");
}

void watchOpenChecks(SignOffDialog* dialog, const RunSession* session, const QString& itemId)
{
    dialog->setOpenChecks(openChecksNow(*session, itemId));
    auto* timer = new QTimer(dialog);
    timer->setInterval(1000);
    QObject::connect(timer, &QTimer::timeout, dialog, [dialog, session, itemId] {
        dialog->setOpenChecks(openChecksNow(*session, itemId));
    });
    timer->start();
}

} // namespace golive
