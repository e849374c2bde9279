// The rule for signing an item that requires checks golive verifies itself (ItemCheckRules.h).
#include "decision/ItemCheckRules.h"

#include "decision/DecisionSnapshot.h"

#include "Cutover.h"
#include "RunState.h"
#include "SafeText.h"
#include "SubItems.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace golive {

namespace {

// A refusal names at most this many open items; the override's text names every one.
constexpr qsizetype kItemsShown = 10;

const QString& overrideLead()
{
    static const QString lead = QStringLiteral("Signed over open checks: ");
    return lead;
}

// One check that does not hold: the words the override records, and the sentence a refusal
// says ("requires every earlier item done; open: 0.1, 0.2 (and 25 more)").
struct OpenCheck
{
    QString words;
    QString sentence;
};

// Words from a snapshot (service names, panel titles, Prometheus errors) on one line, every
// control made visible: the override's text records them and a terminal shows them.
QString oneLine(const QString& text)
{
    return visibleControls(text.simplified());
}

QString joined(const QStringList& words)
{
    QStringList safe;
    safe.reserve(words.size());
    for (const QString& w : words)
        safe.append(oneLine(w));
    return safe.join(QStringLiteral(", "));
}

QString shortList(const QStringList& ids)
{
    if (ids.size() <= kItemsShown)
        return ids.join(QStringLiteral(", "));
    return QStringLiteral("%1 (and %2 more)")
        .arg(ids.mid(0, kItemsShown).join(QStringLiteral(", ")))
        .arg(ids.size() - kItemsShown);
}

OpenCheck healthCheck(const DecisionSnapshot* s)
{
    const QString name = itemCheckName(ItemCheck::HealthGreen);
    const QString needs = QStringLiteral("the health checks green");
    const auto open = [&](const QString& why, const QString& sentence) {
        return OpenCheck{QStringLiteral("%1 (%2)").arg(name, why),
                         QStringLiteral("%1, and %2").arg(needs, sentence)};
    };
    if (!s)
        return open(QStringLiteral("no health checks recorded"),
                    QStringLiteral("this sign-off carries no record of them (golive records the "
                                   "health checks when signing from golive)"));
    const bool demo = s->demo || std::any_of(s->health.cbegin(), s->health.cend(),
                                             [](const SnapshotHealth& h) { return h.demo; });
    if (demo)
        return open(QStringLiteral("demo data is not a health check"),
                    QStringLiteral("what was recorded is demo data: demo data is not a health "
                                   "check"));
    if (!s->healthUnavailable.isEmpty())
        return open(
            QStringLiteral("health unavailable: %1").arg(oneLine(s->healthUnavailable)),
            QStringLiteral("no health check could be read: %1").arg(oneLine(s->healthUnavailable)));
    if (s->health.isEmpty() && s->healthLeftOut == 0)
        return open(QStringLiteral("no health checks defined"),
                    QStringLiteral("the dashboard defines none"));
    const QStringList notUp = s->criticalChecksNotUp();
    if (!notUp.isEmpty())
        return open(QStringLiteral("not up: %1").arg(joined(notUp)),
                    QStringLiteral("critical checks are down or unknown: %1").arg(joined(notUp)));
    // Manual checks are a person's to verify; golive must have probed at least one itself.
    const bool probed =
        std::any_of(s->health.cbegin(), s->health.cend(),
                    [](const SnapshotHealth& h) { return h.state != QLatin1String("not-probed"); });
    if (!probed && s->healthLeftOut == 0)
        return open(QStringLiteral("none probed by golive"),
                    QStringLiteral("every health check is a manual one: golive probed none"));
    // Checks the record had no room for may be the ones down: golive cannot say they are up.
    if (s->healthLeftOut > 0)
        return open(QStringLiteral("%1 not recorded").arg(s->healthLeftOut),
                    QStringLiteral("%1 of the health checks were not recorded (the record is "
                                   "full), so golive cannot say they are up")
                        .arg(s->healthLeftOut));
    return {};
}

OpenCheck sloCheck(const DecisionSnapshot* s)
{
    const QString name = itemCheckName(ItemCheck::SloOk);
    const QString needs = QStringLiteral("every SLO panel within its objective");
    const auto open = [&](const QString& why, const QString& sentence) {
        return OpenCheck{QStringLiteral("%1 (%2)").arg(name, why),
                         QStringLiteral("%1, and %2").arg(needs, sentence)};
    };
    if (!s)
        return open(QStringLiteral("no SLO data recorded"),
                    QStringLiteral("this sign-off carries no record of them (golive records the "
                                   "SLO panels when signing from golive)"));
    const bool demo = s->demo || std::any_of(s->panels.cbegin(), s->panels.cend(),
                                             [](const SnapshotPanel& p) { return p.demo; });
    if (demo)
        return open(QStringLiteral("demo data is not an SLO measurement"),
                    QStringLiteral("what was recorded is demo data: demo data is not an SLO "
                                   "measurement"));
    if (!s->sloUnavailable.isEmpty())
        return open(
            QStringLiteral("SLO data unavailable: %1").arg(oneLine(s->sloUnavailable)),
            QStringLiteral("the SLO data could not be read: %1").arg(oneLine(s->sloUnavailable)));
    if (s->panels.isEmpty() && s->panelsLeftOut == 0)
        return open(QStringLiteral("no SLO panels defined"),
                    QStringLiteral("the dashboard defines none"));
    const QStringList breached = s->breachedPanels();
    if (!breached.isEmpty())
        return open(QStringLiteral("breach: %1").arg(joined(breached)),
                    QStringLiteral("panels are in breach: %1").arg(joined(breached)));
    // A panel golive could not read (no data, a failed or timed-out query) is not within its
    // objective as far as golive can say.
    QStringList noData;
    for (const SnapshotPanel& p : s->panels)
        if (p.state == QLatin1String("unknown"))
            noData.append(p.title);
    if (!noData.isEmpty())
        return open(QStringLiteral("no data: %1").arg(joined(noData)),
                    QStringLiteral("panels golive could not read: %1").arg(joined(noData)));
    if (s->panelsLeftOut > 0)
        return open(QStringLiteral("%1 not recorded").arg(s->panelsLeftOut),
                    QStringLiteral("%1 of the SLO panels were not recorded (the record is "
                                   "full), so golive cannot say they are within their objective")
                        .arg(s->panelsLeftOut));
    return {};
}

QList<OpenCheck> openChecks(const RunState& state, const RunbookItem& item,
                            const DecisionSnapshot* snapshot)
{
    QList<OpenCheck> open;
    for (const QString& name : item.requiredChecks) {
        const std::optional<ItemCheck> check = itemCheckFromName(name);
        if (!check)
            continue; // the parser keeps only known names
        OpenCheck o;
        switch (*check) {
        case ItemCheck::PreviousComplete: {
            const QStringList ids = earlierOpenItems(state, item.id);
            if (!ids.isEmpty())
                o = OpenCheck{
                    QStringLiteral("%1 (open: %2)").arg(name, ids.join(QStringLiteral(", "))),
                    QStringLiteral("every earlier item done; open: %1").arg(shortList(ids))};
            break;
        }
        case ItemCheck::HealthGreen:
            o = healthCheck(snapshot);
            break;
        case ItemCheck::SloOk:
            o = sloCheck(snapshot);
            break;
        }
        if (!o.words.isEmpty())
            open.append(o);
    }
    return open;
}

bool needsSnapshot(const RunbookItem& item)
{
    return item.requiredChecks.contains(itemCheckName(ItemCheck::HealthGreen)) ||
           item.requiredChecks.contains(itemCheckName(ItemCheck::SloOk));
}

QString labelOf(const RunState& state, const RunbookItem& item)
{
    const Runbook* rb = state.runbook();
    const QString title =
        rb ? renderPlain(item.title, *rb, [&](const QString& key) { return state.fieldValue(key); })
           : item.title;
    return QStringLiteral("%1 \"%2\"").arg(item.id, title);
}

} // namespace

QStringList earlierOpenItems(const RunState& state, const QString& itemId)
{
    const Runbook* rb = state.runbook();
    const RunbookSection* own = rb ? rb->sectionOf(itemId) : nullptr;
    if (!own)
        return {};
    QStringList open;
    const std::function<void(const RunbookItem&)> walk = [&](const RunbookItem& item) {
        if (!state.item(item.id).isDone())
            open.append(item.id);
        for (const RunbookItem& child : item.children)
            walk(child);
    };
    for (const RunbookSection& section : rb->sections) {
        if (&section == own)
            break;
        for (const RunbookGroup& group : section.groups) {
            for (const RunbookItem& item : group.items)
                walk(item);
        }
    }
    return open;
}

QStringList openItemChecks(const RunState& state, const QString& itemId,
                           const DecisionSnapshot* snapshot)
{
    const RunbookItem* item = state.runbook() ? state.runbook()->findItem(itemId) : nullptr;
    if (!item)
        return {};
    QStringList words;
    for (const OpenCheck& o : openChecks(state, *item, snapshot))
        words.append(o.words);
    return words;
}

QString composeCheckOverride(const QString& reason, const QStringList& openChecks)
{
    const QString why = reason.trimmed();
    if (openChecks.isEmpty() || why.isEmpty())
        return why; // an empty reason stays empty, so the rules can ask for one
    return overrideLead() + openChecks.join(QStringLiteral("; ")) + QStringLiteral(": ") + why;
}

QString itemChecksRefusal(const RunState& state, const RunbookItem& item, const SignOffEvent& event)
{
    const bool na = event.kind == EventKind::NotApplicable;
    if (item.requiredChecks.isEmpty() || (event.kind != EventKind::Signed && !na))
        return {};
    const QString label = labelOf(state, item);

    std::optional<DecisionSnapshot> snapshot;
    if (needsSnapshot(item) && !event.snapshot.isEmpty()) {
        QString why;
        snapshot = DecisionSnapshot::fromJson(event.snapshot, &why);
        if (!snapshot)
            return QStringLiteral("%1 requires %2, and the sign-off's record of what golive "
                                  "could see cannot be read (%3); nothing was recorded")
                .arg(label, item.requiredChecks.join(QStringLiteral(", ")), oneLine(why));
    }
    const QList<OpenCheck> open = openChecks(state, item, snapshot ? &*snapshot : nullptr);
    if (na) {
        // Marked N/A, an item whose checks are open would stand done past them: only the
        // incident commander decides that (the reason is the N/A's own).
        if (open.isEmpty() || event.actor.role == Role::IncidentCommander)
            return {};
        QStringList words;
        for (const OpenCheck& o : open)
            words.append(o.words);
        return QStringLiteral("marking %1 N/A while its checks are open (%2) needs the "
                              "incident-commander role; you are %3; nothing was recorded")
            .arg(label, words.join(QStringLiteral("; ")), roleName(event.actor.role));
    }

    // Over open sub-items too, the override stands inside that text (composeOverOpenSubItems).
    QString text = event.text;
    if (const QStringList subItems = openSubItems(state, item); !subItems.isEmpty()) {
        const QString subLead = composeOverOpenSubItems(QStringLiteral("-"), subItems).chopped(1);
        if (text.startsWith(subLead))
            text = text.mid(subLead.size());
    }
    const bool overriding = text.startsWith(overrideLead().trimmed());

    if (open.isEmpty()) {
        if (!overriding)
            return {};
        // The record must not say checks were skipped that hold.
        return QStringLiteral("%1's checks (%2) all hold now: sign it without overriding them; "
                              "nothing was recorded")
            .arg(label, item.requiredChecks.join(QStringLiteral(", ")));
    }
    QStringList sentences;
    QStringList words;
    for (const OpenCheck& o : open) {
        sentences.append(o.sentence);
        words.append(o.words);
    }
    if (!overriding)
        return QStringLiteral("%1 requires %2; the incident-commander may sign it over its open "
                              "checks with a reason; nothing was recorded")
            .arg(label, sentences.join(QStringLiteral("; it also requires ")));
    if (event.actor.role != Role::IncidentCommander)
        return QStringLiteral("signing %1 over its open checks needs the incident-commander "
                              "role; you are %2; nothing was recorded")
            .arg(label, roleName(event.actor.role));
    // Exactly the composed text: every open check and item named as golive words them now,
    // then the reason.
    const QString lead = overrideLead() + words.join(QStringLiteral("; ")) + QStringLiteral(":");
    if (text.trimmed() == lead || text.trimmed() == overrideLead().trimmed())
        return QStringLiteral("give the reason for signing %1 over its open checks; the ledger "
                              "keeps it; nothing was recorded")
            .arg(label);
    const QString reason = text.startsWith(lead) ? text.mid(lead.size()).trimmed() : QString();
    if (reason.isEmpty() || text != composeCheckOverride(reason, words))
        return QStringLiteral("a sign-off over open checks names every one as it stands now "
                              "(\"%1…: REASON\"), and its text does not; %2 requires %3; nothing "
                              "was recorded")
            .arg(overrideLead(), label, sentences.join(QStringLiteral("; it also requires ")));
    return {};
}

QStringList checksSignedOver(const RunState& state, const SignOffEvent& event)
{
    const RunbookItem* item = state.runbook() && event.kind == EventKind::Signed
                                  ? state.runbook()->findItem(event.itemId)
                                  : nullptr;
    if (!item || item->requiredChecks.isEmpty())
        return {};
    // Over open sub-items too, the override stands inside that text (composeOverOpenSubItems(),
    // "Signed over open sub-items 4.6.1, 4.6.2: REASON").
    QString text = event.text;
    const QString subLead = composeOverOpenSubItems(QStringLiteral("-"), {item->id}).chopped(1);
    if (text.startsWith(subLead.left(subLead.indexOf(item->id)))) {
        const qsizetype end = text.indexOf(QStringLiteral(": "));
        text = end < 0 ? QString() : text.mid(end + 2);
    }
    if (!text.startsWith(overrideLead()))
        return {};
    std::optional<DecisionSnapshot> snapshot;
    if (!event.snapshot.isEmpty())
        snapshot = DecisionSnapshot::fromJson(event.snapshot);
    QStringList names;
    for (const OpenCheck& o : openChecks(state, *item, snapshot ? &*snapshot : nullptr))
        names.append(o.words.left(o.words.indexOf(QStringLiteral(" ("))));
    return names;
}

bool signedOverCheck(const RunState& state, const QString& itemId, const QString& check)
{
    const ItemState& s = state.item(itemId);
    return s.status == ItemStatus::Signed && s.checksSignedOver.contains(check);
}

QList<SnapshotCheck> itemChecksAt(const RunState& state, const DecisionSnapshot& snapshot)
{
    QList<SnapshotCheck> out;
    const Runbook* rb = state.runbook();
    if (!rb)
        return out;
    const std::function<void(const RunbookItem&)> walk = [&](const RunbookItem& item) {
        if (!item.requiredChecks.isEmpty()) {
            const QList<OpenCheck> open = openChecks(state, item, &snapshot);
            for (const QString& name : item.requiredChecks) {
                SnapshotCheck c;
                c.itemId = item.id;
                c.check = name;
                c.met = true;
                const QString lead = name + QStringLiteral(" (");
                for (const OpenCheck& o : open) {
                    if (o.words.startsWith(lead)) {
                        c.met = false;
                        c.detail = o.words.mid(lead.size()).chopped(1);
                    }
                }
                if (signedOverCheck(state, item.id, name))
                    c.detail =
                        SnapshotCheck::signedOverWords() +
                        (c.met ? QStringLiteral("; holds now") : QStringLiteral("; ") + c.detail);
                out.append(c);
            }
        }
        for (const RunbookItem& child : item.children)
            walk(child);
    };
    for (const RunbookSection& section : rb->sections)
        for (const RunbookGroup& group : section.groups)
            for (const RunbookItem& item : group.items)
                walk(item);
    return out;
}

void addDecisionChecks(DecisionSnapshot& snapshot, const SignOffEvent& event, const RunState& state)
{
    // The GO and Live sign an item each (the go-decision pre-check, the final monitoring step)
    // by the incident commander's decision: their records say which checks held then.
    const bool go = event.kind == EventKind::Decision && event.fieldKey == kDecisionGo;
    const bool live =
        event.kind == EventKind::PhaseChanged && event.fieldKey == phaseName(Phase::Live);
    if (!go && !live)
        return;
    snapshot.checks = itemChecksAt(state, snapshot);
}

} // namespace golive
