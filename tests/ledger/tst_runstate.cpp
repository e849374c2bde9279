// RunState: the rules every sign-off obeys and the fold of events into item states; and the
// names and canonical bytes of SignOffEvent.
#include "LedgerTestUtil.h"
#include "SubItems.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTest>

using namespace golive;
using namespace golive::test;

class TestRunState : public QObject
{
    Q_OBJECT

private:
    Runbook m_runbook = makeRunbook();
    qint64 m_seq = 0;

    // Applies `e` as the ledger would: only after validate() said yes. A parent signed while its
    // sub-items are open says why, naming them, as the rules ask.
    void accept(RunState& state, SignOffEvent e)
    {
        if (e.kind == EventKind::Signed && e.text.isEmpty()) {
            const RunbookItem* item = state.runbook()->findItem(e.itemId);
            if (const QStringList open = item ? openSubItems(state, *item) : QStringList();
                !open.isEmpty())
                e.text = composeOverOpenSubItems(QStringLiteral("checked off-list"), open);
        }
        QString error;
        QVERIFY2(state.validate(e, &error), qPrintable(error));
        e.seq = ++m_seq;
        if (!e.timeUtc.isValid())
            e.timeUtc =
                QDateTime(QDate(2026, 5, 1), QTime(10, 0).addSecs(60 * int(m_seq)), Qt::UTC);
        state.apply(e);
    }

    static QString refusal(const RunState& state, const SignOffEvent& e)
    {
        QString error;
        if (state.validate(e, &error))
            return QStringLiteral("(accepted)");
        return error;
    }

private slots:
    void init() { m_seq = 0; }

    void names()
    {
        QCOMPARE(
            roleNames(),
            (QStringList{QStringLiteral("incident-commander"), QStringLiteral("release-captain"),
                         QStringLiteral("engineer"), QStringLiteral("observer")}));
        QCOMPARE(roleDisplayName(Role::IncidentCommander), QStringLiteral("Incident Commander"));
        QCOMPARE(roleFromName(QStringLiteral("release-captain")), Role::ReleaseCaptain);
        QVERIFY(!roleFromName(QStringLiteral("admin")));
        const QStringList kinds{QStringLiteral("signed"),
                                QStringLiteral("revoked"),
                                QStringLiteral("not-applicable"),
                                QStringLiteral("blocked"),
                                QStringLiteral("field-filled"),
                                QStringLiteral("note-added"),
                                QStringLiteral("chain-break-acknowledged")};
        for (const QString& k : kinds) {
            const auto kind = eventKindFromName(k);
            QVERIFY2(kind, qPrintable(k));
            QCOMPARE(eventKindName(*kind), k);
        }
        QVERIFY(!eventKindFromName(QStringLiteral("deleted")));
        QCOMPARE(itemStatusName(ItemStatus::NotApplicable), QStringLiteral("not-applicable"));
        QCOMPARE(itemStatusDisplayName(ItemStatus::NotApplicable), QStringLiteral("N/A"));
    }

    void localActor()
    {
        const Actor a = Actor::local(QStringLiteral("Ana"), Role::Engineer);
        QCOMPARE(a.name, QStringLiteral("Ana"));
        QCOMPARE(a.role, Role::Engineer);
        QString expected = qEnvironmentVariable("USER");
        if (expected.isEmpty())
            expected = qEnvironmentVariable("USERNAME");
        if (expected.isEmpty())
            expected = QStringLiteral("unknown");
        QCOMPARE(a.osUser, expected);
        QVERIFY(!a.host.isEmpty());
    }

    void canonicalPayload()
    {
        SignOffEvent e;
        e.seq = 7;
        e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0, 0, 123), Qt::UTC);
        e.kind = EventKind::Signed;
        e.itemId = QStringLiteral("1.2");
        e.text = QStringLiteral("ok \"quoted\" \u00e9");
        e.actor.name = QStringLiteral("Ana");
        e.actor.role = Role::ReleaseCaptain;
        e.actor.osUser = QStringLiteral("ana");
        e.actor.host = QStringLiteral("box");
        e.prevHash = QByteArray(64, '0');
        const QByteArray expected =
            "{\"actor\":\"Ana\",\"field\":\"\",\"host\":\"box\",\"item\":\"1.2\",\"kind\":"
            "\"signed\","
            "\"os_user\":\"ana\",\"prev\":\"" +
            QByteArray(64, '0') +
            "\",\"role\":\"release-captain\",\"seq\":7,\"text\":\"ok \\\"quoted\\\" \xc3\xa9\","
            "\"time\":\"2026-05-01T10:00:00.123Z\"}";
        QCOMPARE(e.canonicalPayload(), expected);
        QCOMPARE(e.computeHash(),
                 QCryptographicHash::hash(expected, QCryptographicHash::Sha256).toHex());
        // The first event's prev anchors the chain to the run id and the runbook's SHA-256.
        QCOMPARE(SignOffEvent::genesisFor(QStringLiteral("run-1"), QStringLiteral("ab12")),
                 QCryptographicHash::hash("golive-run\nrun-1\nab12", QCryptographicHash::Sha256)
                     .toHex());
        QVERIFY(SignOffEvent::genesisFor(QStringLiteral("run-1"), QStringLiteral("ab12")) !=
                SignOffEvent::genesisFor(QStringLiteral("run-1"), QStringLiteral("ab13")));
        QVERIFY(SignOffEvent::genesisFor(QStringLiteral("run-1"), QStringLiteral("ab12")) !=
                SignOffEvent::genesisFor(QStringLiteral("run-2"), QStringLiteral("ab12")));
        // Any field changes the hash, including the link to the previous event.
        SignOffEvent changed = e;
        changed.prevHash = QByteArray(64, '1');
        QVERIFY(changed.computeHash() != e.computeHash());
        // A non-UTC time is written as UTC.
        SignOffEvent local = e;
        local.timeUtc = e.timeUtc.toOffsetFromUtc(2 * 3600);
        QCOMPARE(local.canonicalPayload(), e.canonicalPayload());
    }

    void initialState()
    {
        const RunState state(&m_runbook);
        QCOMPARE(state.item(QStringLiteral("1.1")).status, ItemStatus::Open);
        QCOMPARE(state.item(QStringLiteral("1.2.2")).status, ItemStatus::CheckedInTemplate);
        QVERIFY(state.item(QStringLiteral("1.2.2")).isDone());
        QCOMPARE(state.totalProgress().toString(), QStringLiteral("1/8"));
        QCOMPARE(state.sectionProgress(0).toString(), QStringLiteral("1/6"));
        QCOMPARE(state.sectionProgress(1).toString(), QStringLiteral("0/2"));
        QCOMPARE(state.sectionProgress(5).toString(), QStringLiteral("0/0"));
        QCOMPARE(state.itemChildrenProgress(m_runbook.sections[0].groups[0].items[1]).toString(),
                 QStringLiteral("1/4"));
    }

    void refusesWithoutActorOrAsObserver()
    {
        RunState state(&m_runbook);
        QVERIFY(refusal(state, makeEvent(EventKind::Signed, QStringLiteral("1.1"),
                                         QStringLiteral("  "), Role::Engineer))
                    .contains(QStringLiteral("enter your name")));
        QVERIFY(refusal(state, makeEvent(EventKind::Signed, QStringLiteral("1.1"),
                                         QStringLiteral("Ana"), Role::Observer))
                    .contains(QStringLiteral("observers are read-only")));
        QVERIFY(refusal(RunState(nullptr), makeEvent(EventKind::Signed, QStringLiteral("1.1"),
                                                     QStringLiteral("Ana"), Role::Engineer))
                    .contains(QStringLiteral("no runbook")));
    }

    void refusesUnknownItem()
    {
        RunState state(&m_runbook);
        QCOMPARE(refusal(state, makeEvent(EventKind::Signed, QStringLiteral("9.9"),
                                          QStringLiteral("Ana"), Role::Engineer)),
                 QStringLiteral("no item 9.9 in this runbook; check the item number"));
    }

    void refusesSigningTwice()
    {
        RunState state(&m_runbook);
        SignOffEvent e = makeEvent(EventKind::Signed, QStringLiteral("1.2"), QStringLiteral("Ana"),
                                   Role::ReleaseCaptain);
        e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(9, 30, 0, 250), Qt::UTC);
        accept(state, e);
        QCOMPARE(refusal(state, makeEvent(EventKind::Signed, QStringLiteral("1.2"),
                                          QStringLiteral("Bo"), Role::Engineer)),
                 QStringLiteral("1.2 \"Data Stores Ready & Backed Up\" is already signed by Ana "
                                "(release-captain) at 2026-05-01T09:30:00.250Z"));
    }

    void refusesWrongRole()
    {
        RunState state(&m_runbook);
        const QString expected = QStringLiteral(
            "4.2 \"Go decision\" needs the incident-commander role; you are engineer");
        for (EventKind k : {EventKind::Signed, EventKind::NotApplicable, EventKind::Blocked}) {
            QCOMPARE(refusal(state, makeEvent(k, QStringLiteral("4.2"), QStringLiteral("Bo"),
                                              Role::Engineer, QStringLiteral("reason"))),
                     expected);
        }
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("4.2"), QStringLiteral("Cy"),
                                Role::IncidentCommander));
        QCOMPARE(refusal(state,
                         makeEvent(EventKind::Revoked, QStringLiteral("4.2"), QStringLiteral("Bo"),
                                   Role::Engineer, QStringLiteral("mistake"))),
                 expected);
        // Notes are anyone's.
        accept(state, makeEvent(EventKind::NoteAdded, QStringLiteral("4.2"), QStringLiteral("Bo"),
                                Role::Engineer, QStringLiteral("seen")));
    }

    void revokeRules()
    {
        RunState state(&m_runbook);
        QCOMPARE(
            refusal(state, makeEvent(EventKind::Revoked, QStringLiteral("1.1"),
                                     QStringLiteral("Ana"), Role::Engineer, QStringLiteral("why"))),
            QStringLiteral("1.1 \"Infrastructure Stand-up Complete\" is open: there is "
                           "nothing to revoke"));
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Ana"),
                                Role::Engineer));
        QVERIFY(
            refusal(state, makeEvent(EventKind::Revoked, QStringLiteral("1.1"),
                                     QStringLiteral("Ana"), Role::Engineer, QStringLiteral(" ")))
                .startsWith(QStringLiteral("give a reason for revoking 1.1 \"Infrastructure "
                                           "Stand-up Complete\"")));
        accept(state, makeEvent(EventKind::Revoked, QStringLiteral("1.1"), QStringLiteral("Bo"),
                                Role::Engineer, QStringLiteral("signed too early")));
        const ItemState s = state.item(QStringLiteral("1.1"));
        QCOMPARE(s.status, ItemStatus::Open);
        QVERIFY(s.by.isEmpty());
        QCOMPARE(s.eventSeqs, (QList<qint64>{1, 2}));

        // A pre-checked item returns to its template state.
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("1.2.2"), QStringLiteral("Ana"),
                                Role::Engineer));
        QCOMPARE(state.item(QStringLiteral("1.2.2")).status, ItemStatus::Signed);
        accept(state, makeEvent(EventKind::Revoked, QStringLiteral("1.2.2"), QStringLiteral("Ana"),
                                Role::Engineer, QStringLiteral("oops")));
        QCOMPARE(state.item(QStringLiteral("1.2.2")).status, ItemStatus::CheckedInTemplate);
    }

    void notApplicableAndBlocked()
    {
        RunState state(&m_runbook);
        const QString ana = QStringLiteral("Ana");
        QVERIFY(refusal(state, makeEvent(EventKind::NotApplicable, QStringLiteral("1.1"), ana,
                                         Role::Engineer))
                    .startsWith(QStringLiteral("give a reason for marking 1.1")));
        QVERIFY(refusal(state,
                        makeEvent(EventKind::Blocked, QStringLiteral("1.1"), ana, Role::Engineer))
                    .startsWith(QStringLiteral("give a reason for marking 1.1")));

        // Blocked, then signed once unblocked.
        accept(state, makeEvent(EventKind::Blocked, QStringLiteral("1.1"), ana, Role::Engineer,
                                QStringLiteral("cluster down")));
        QCOMPARE(state.item(QStringLiteral("1.1")).status, ItemStatus::Blocked);
        QCOMPARE(state.item(QStringLiteral("1.1")).note, QStringLiteral("cluster down"));
        QVERIFY(!state.item(QStringLiteral("1.1")).isDone());
        QVERIFY(refusal(state, makeEvent(EventKind::Blocked, QStringLiteral("1.1"), ana,
                                         Role::Engineer, QStringLiteral("still")))
                    .contains(QStringLiteral("already blocked")));
        // Signing does not silently lift a block: it is revoked first, with a reason.
        QVERIFY(
            refusal(state, makeEvent(EventKind::Signed, QStringLiteral("1.1"), ana, Role::Engineer))
                .endsWith(QStringLiteral("revoke the block first")));
        accept(state, makeEvent(EventKind::Revoked, QStringLiteral("1.1"), ana, Role::Engineer,
                                QStringLiteral("cluster back")));
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("1.1"), ana, Role::Engineer));
        QCOMPARE(state.item(QStringLiteral("1.1")).status, ItemStatus::Signed);

        // Signed items cannot be marked N/A or blocked.
        QVERIFY(refusal(state, makeEvent(EventKind::NotApplicable, QStringLiteral("1.1"), ana,
                                         Role::Engineer, QStringLiteral("n/a")))
                    .contains(QStringLiteral("revoke the sign-off first")));
        QVERIFY(refusal(state, makeEvent(EventKind::Blocked, QStringLiteral("1.1"), ana,
                                         Role::Engineer, QStringLiteral("x")))
                    .contains(QStringLiteral("revoke the sign-off first")));

        // N/A items cannot be signed until the N/A is revoked.
        accept(state, makeEvent(EventKind::NotApplicable, QStringLiteral("4.1"), ana,
                                Role::Engineer, QStringLiteral("no war room this time")));
        QVERIFY(state.item(QStringLiteral("4.1")).isDone());
        QVERIFY(
            refusal(state, makeEvent(EventKind::Signed, QStringLiteral("4.1"), ana, Role::Engineer))
                .contains(QStringLiteral("revoke that first")));
        accept(state, makeEvent(EventKind::Revoked, QStringLiteral("4.1"), ana, Role::Engineer,
                                QStringLiteral("we do have one")));
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("4.1"), ana, Role::Engineer));

        // A pre-checked item may be signed.
        accept(state, makeEvent(EventKind::Signed, QStringLiteral("1.2.2"), ana, Role::Engineer));
    }

    void notesAndFields()
    {
        RunState state(&m_runbook);
        const QString ana = QStringLiteral("Ana");
        QVERIFY(refusal(state,
                        makeEvent(EventKind::NoteAdded, QStringLiteral("1.1"), ana, Role::Engineer))
                    .startsWith(QStringLiteral("write the note for 1.1")));
        accept(state, makeEvent(EventKind::NoteAdded, QStringLiteral("1.1"), ana, Role::Engineer,
                                QStringLiteral("first")));
        accept(state, makeEvent(EventKind::NoteAdded, QStringLiteral("1.1"), ana, Role::Engineer,
                                QStringLiteral("second")));
        QCOMPARE(state.item(QStringLiteral("1.1")).notes,
                 (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
        QCOMPARE(state.item(QStringLiteral("1.1")).status, ItemStatus::Open);

        SignOffEvent field = makeEvent(EventKind::FieldFilled, {}, ana, Role::ReleaseCaptain,
                                       QStringLiteral("Ana Lima"));
        field.fieldKey = QStringLiteral("nope");
        QVERIFY(refusal(state, field).startsWith(QStringLiteral("no field \"nope\"")));
        field.fieldKey = QStringLiteral("version");
        QVERIFY(refusal(state, field).contains(QStringLiteral("not a placeholder")));
        field.fieldKey = QStringLiteral("owner");
        accept(state, field);
        QCOMPARE(state.fieldValue(QStringLiteral("owner")), QStringLiteral("Ana Lima"));
        QCOMPARE(state.fieldValues().size(), 1);

        SignOffEvent ack =
            makeEvent(EventKind::ChainBreakAcknowledged, {}, ana, Role::IncidentCommander);
        ack.fieldKey = QStringLiteral("3:") + QString(64, QLatin1Char('a'));
        QVERIFY(refusal(state, ack).startsWith(QStringLiteral("say what you are acknowledging")));
        ack.text = QStringLiteral("event #3 edited by the DBA; checked with her");
        accept(state, ack);
        QCOMPARE(state.events().size(), 4);
        QCOMPARE(state.eventsFor(QStringLiteral("1.1")).size(), 2);
    }

    void progress()
    {
        RunState state(&m_runbook);
        const QString ana = QStringLiteral("Ana");
        for (const char* id : {"1.2.1.1", "1.2.1.2"})
            accept(state, makeEvent(EventKind::Signed, QLatin1String(id), ana, Role::Engineer));
        accept(state, makeEvent(EventKind::NotApplicable, QStringLiteral("1.2.1"), ana,
                                Role::Engineer, QStringLiteral("no postgres")));
        accept(state, makeEvent(EventKind::Blocked, QStringLiteral("1.1"), ana, Role::Engineer,
                                QStringLiteral("waiting")));
        const RunbookItem& dataStores = m_runbook.sections[0].groups[0].items[1];
        QCOMPARE(state.itemChildrenProgress(dataStores).toString(), QStringLiteral("4/4"));
        QCOMPARE(state.itemChildrenProgress(dataStores.children[0]).toString(),
                 QStringLiteral("2/2"));
        QCOMPARE(state.sectionProgress(0).toString(), QStringLiteral("4/6"));
        QCOMPARE(state.totalProgress().toString(), QStringLiteral("4/8"));
    }

    void undo()
    {
        RunState state(&m_runbook);
        const Actor ana = Actor::local(QStringLiteral("Ana"), Role::Engineer);
        const Actor bo = Actor::local(QStringLiteral("Bo"), Role::Engineer);
        const auto as = [](const Actor& a, EventKind kind, const char* id, const char* text = "") {
            SignOffEvent e;
            e.kind = kind;
            e.itemId = QLatin1String(id);
            e.text = QLatin1String(text);
            e.actor = a;
            return e;
        };
        QVERIFY(!state.lastUndoableSignOff(ana));
        accept(state, as(ana, EventKind::Signed, "1.1"));
        QCOMPARE(state.lastUndoableSignOff(ana)->itemId, QStringLiteral("1.1"));
        accept(state, as(ana, EventKind::Signed, "4.1"));
        accept(state, as(bo, EventKind::Signed, "1.2"));
        QCOMPARE(state.lastUndoableSignOff(ana)->itemId, QStringLiteral("4.1"));
        QCOMPARE(state.lastUndoableSignOff(bo)->itemId, QStringLiteral("1.2"));
        // Someone else's note does not change what Ana's newest event is.
        accept(state, as(bo, EventKind::NoteAdded, "4.1", "note"));
        QCOMPARE(state.lastUndoableSignOff(ana)->itemId, QStringLiteral("4.1"));
        QVERIFY(!state.lastUndoableSignOff(Actor::local(QStringLiteral("Cy"), Role::Engineer)));
    }

    void undoNeverReachesPastTheNewestEvent()
    {
        RunState state(&m_runbook);
        const Actor ana = Actor::local(QStringLiteral("Ana"), Role::Engineer);
        const Actor bo = Actor::local(QStringLiteral("Bo"), Role::Engineer);
        SignOffEvent e = makeEvent(EventKind::Signed, QStringLiteral("1.1"), {}, Role::Engineer);
        e.actor = ana;
        accept(state, e);
        e.itemId = QStringLiteral("4.1");
        accept(state, e);
        // Bo revokes Ana's newest sign-off: Undo must not fall back to her older 1.1.
        SignOffEvent revoke = makeEvent(EventKind::Revoked, QStringLiteral("4.1"), {},
                                        Role::Engineer, QStringLiteral("not yet"));
        revoke.actor = bo;
        accept(state, revoke);
        QVERIFY(!state.lastUndoableSignOff(ana));
        // Re-signed by Bo: not Ana's.
        SignOffEvent resign =
            makeEvent(EventKind::Signed, QStringLiteral("4.1"), {}, Role::Engineer);
        resign.actor = bo;
        accept(state, resign);
        QVERIFY(!state.lastUndoableSignOff(ana));
        QCOMPARE(state.lastUndoableSignOff(bo)->seq, 4);

        // Ana's newest event is a note: nothing to undo, not her standing sign-off of 1.1.
        SignOffEvent note = makeEvent(EventKind::NoteAdded, QStringLiteral("1.1"), {},
                                      Role::Engineer, QStringLiteral("done"));
        note.actor = ana;
        accept(state, note);
        QVERIFY(!state.lastUndoableSignOff(ana));

        // Same name in another role, or as another OS user, is someone else.
        SignOffEvent other =
            makeEvent(EventKind::Signed, QStringLiteral("1.2"), {}, Role::ReleaseCaptain);
        other.actor.name = ana.name;
        other.actor.osUser = ana.osUser;
        other.actor.host = ana.host;
        accept(state, other);
        QVERIFY(!state.lastUndoableSignOff(ana));
        Actor anaAsCaptain = ana;
        anaAsCaptain.role = Role::ReleaseCaptain;
        QCOMPARE(state.lastUndoableSignOff(anaAsCaptain)->itemId, QStringLiteral("1.2"));
        Actor anaElsewhere = anaAsCaptain;
        anaElsewhere.osUser = QStringLiteral("someone-else");
        QVERIFY(!state.lastUndoableSignOff(anaElsewhere));
    }

    void signingABlockedItemIsRefused()
    {
        RunState state(&m_runbook);
        accept(state, makeEvent(EventKind::Blocked, QStringLiteral("1.2.1"), QStringLiteral("Bo"),
                                Role::Engineer, QStringLiteral("replica lag 40 s")));
        QCOMPARE(refusal(state, makeEvent(EventKind::Signed, QStringLiteral("1.2.1"),
                                          QStringLiteral("Ana"), Role::ReleaseCaptain)),
                 QStringLiteral("1.2.1 \"PostgreSQL\" is blocked by Bo (engineer): \"replica lag "
                                "40 s\"; revoke the block first"));
        QCOMPARE(state.item(QStringLiteral("1.2.1")).status, ItemStatus::Blocked);
    }

    void acknowledgementRules()
    {
        RunState state(&m_runbook);
        const QString key = QStringLiteral("3:") + QString(64, QLatin1Char('b'));
        SignOffEvent byEngineer =
            makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Raj"), Role::Engineer,
                      QStringLiteral("checked"));
        byEngineer.fieldKey = key;
        QCOMPARE(refusal(state, byEngineer),
                 QStringLiteral("only the incident-commander or the release-captain may "
                                "acknowledge a ledger break; you are engineer, so nothing was "
                                "recorded"));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ines"),
                                     Role::IncidentCommander, QStringLiteral("checked"));
        QVERIFY(
            refusal(state, ack)
                .startsWith(QStringLiteral("an acknowledgement must name the breaks it accepts")));
        ack.fieldKey = key;
        accept(state, ack);
        ack.actor.role = Role::ReleaseCaptain;
        accept(state, ack);
    }

    void applyKeepsTheRecord()
    {
        // Events already in a ledger fold in even when the rules would refuse them today.
        RunState state(&m_runbook);
        SignOffEvent e = makeEvent(EventKind::Signed, QStringLiteral("9.9"), QStringLiteral("Ana"),
                                   Role::Engineer);
        e.seq = 1;
        state.apply(e);
        QCOMPARE(state.events().size(), 1);
        QCOMPARE(state.item(QStringLiteral("9.9")).status, ItemStatus::Open);
        state.reset(&m_runbook);
        QVERIFY(state.events().isEmpty());
    }

    // Events read from a run each come with their own copy of every string; the state keeps
    // the repeated ones once (names, users, hosts, item ids, the previous hash), values intact.
    void repeatedPartsAreHeldOnce()
    {
        RunState state(&m_runbook);
        // Built from scratch each time, as rows read from the file are: equal, not shared.
        const auto event = [](qint64 seq, const QByteArray& prev, const QByteArray& hash) {
            SignOffEvent e = makeEvent(EventKind::NoteAdded, QStringLiteral("1.1").left(3),
                                       QString::fromLatin1("Ana Lima"), Role::Engineer,
                                       QStringLiteral("note %1").arg(seq));
            e.actor.osUser = QString::fromLatin1("ana");
            e.actor.host = QString::fromLatin1("warroom-1");
            e.seq = seq;
            e.prevHash = prev;
            e.hash = hash;
            return e;
        };
        const QByteArray first(64, 'a');
        const QByteArray second(64, 'b');
        state.apply(event(1, QByteArray(64, '0'), first));
        const SignOffEvent given = event(2, QByteArray(64, 'a'), second);
        QVERIFY(given.actor.host.constData() != state.events().at(0).actor.host.constData());
        state.apply(given);
        const SignOffEvent& a = state.events().at(0);
        const SignOffEvent& b = state.events().at(1);
        QCOMPARE(b.actor.host, given.actor.host);
        QCOMPARE(b.prevHash, given.prevHash);
        QCOMPARE(b.computeHash(), given.computeHash());
        QCOMPARE(b.actor.name.constData(), a.actor.name.constData());
        QCOMPARE(b.actor.osUser.constData(), a.actor.osUser.constData());
        QCOMPARE(b.actor.host.constData(), a.actor.host.constData());
        QCOMPARE(b.itemId.constData(), a.itemId.constData());
        QCOMPARE(b.prevHash.constData(), a.hash.constData());
        QVERIFY(b.text.constData() != a.text.constData()); // its own text stays its own

        // Keys that never repeat (an evidence's SHA-256) are not kept: they would fill the pool
        // before the names that do repeat.
        SharedStrings pool;
        SignOffEvent filled = event(3, second, QByteArray(64, 'c'));
        filled.kind = EventKind::FieldFilled;
        filled.fieldKey = QStringLiteral("go_live_start");
        pool.share(filled, nullptr);
        const qsizetype kept = pool.kept(); // the names, the item and the field's key
        for (int i = 0; i < 3; ++i) {
            SignOffEvent evidence = filled;
            evidence.kind = EventKind::EvidenceAttached;
            evidence.fieldKey = QString(64, QLatin1Char(char('a' + i)));
            pool.share(evidence, nullptr);
        }
        QCOMPARE(pool.kept(), kept);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    TestRunState test;
    return runTests(&test, argc, argv);
}
#include "tst_runstate.moc"
