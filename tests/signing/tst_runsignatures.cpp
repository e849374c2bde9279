// checkSignatures: every event's signature judged against the roster in force when it was made,
// with keys made by ssh-keygen and every signature made by `ssh-keygen -Y sign`, as a person's
// own key would make it.
#include "RunLedger.h"
#include "SignOffEvent.h"
#include "signing/EventSigning.h"
#include "signing/RunSignatures.h"
#include "signing/SshKey.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace golive;
using namespace golive::signing;
using Status = EventSignatureCheck::Status;

class TestRunSignatures : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHash<QString, SshPublicKey> m_keys; // by key file name
    qint64 m_seq = 0;

    QString keyPath(const QString& name) const { return m_dir.filePath(name); }

    // A key pair made by ssh-keygen with no passphrase: `name` and `name`.pub.
    void makeKey(const QString& name, const QString& type)
    {
        QProcess p;
        p.start(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(),
                 QStringLiteral("-C"), name, QStringLiteral("-f"), keyPath(name)});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QString error;
        const auto key = SshPublicKey::fromFile(keyPath(name) + QStringLiteral(".pub"), &error);
        QVERIFY2(key, qPrintable(error));
        m_keys.insert(name, *key);
    }

    // One allowed_signers line giving `key` to `principal` for namespace golive.
    QString line(const QString& principal, const QString& key) const
    {
        return QStringLiteral("\"%1\" namespaces=\"golive\" %2\n")
            .arg(principal, m_keys.value(key).line());
    }

    // The armored signature ssh-keygen makes with `key` over `data` in namespace `ns`.
    QByteArray sshSign(const QByteArray& data, const QString& key,
                       const QString& ns = QStringLiteral("golive"))
    {
        const QString path = m_dir.filePath(QStringLiteral("data"));
        QFile::remove(path + QStringLiteral(".sig"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
            return {};
        f.close();
        QProcess p;
        p.start(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-Y"), QStringLiteral("sign"),
                 QStringLiteral("-f"), keyPath(key), QStringLiteral("-n"), ns, path});
        if (!p.waitForFinished(60000) || p.exitCode() != 0)
            return {};
        QFile sig(path + QStringLiteral(".sig"));
        return sig.open(QIODevice::ReadOnly) ? sig.readAll() : QByteArray();
    }

    // The next event, by `actor` as `role`; signed with `key` when one is named.
    SignOffEvent event(EventKind kind, const QString& actor, Role role,
                       const QString& key = QString(), const QString& text = QString(),
                       const QString& field = QString())
    {
        SignOffEvent e;
        e.seq = ++m_seq;
        e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0).addSecs(60 * int(m_seq)), Qt::UTC);
        e.kind = kind;
        e.itemId = kind == EventKind::Signed ? QStringLiteral("0.%1").arg(m_seq) : QString();
        e.fieldKey = field;
        e.text = text;
        e.actor.name = actor;
        e.actor.role = role;
        e.actor.osUser = QStringLiteral("tester");
        e.actor.host = QStringLiteral("testhost");
        e.prevHash = QByteArray(64, 'a');
        if (!key.isEmpty()) {
            e.signature.keyFingerprint = m_keys.value(key).fingerprint();
            e.signature.keyType = m_keys.value(key).type;
            e.signature.armored = sshSign(e.canonicalPayload(), key);
        }
        e.hash = e.computeHash();
        return e;
    }

    // Inès's line names the incident commander's role: only such a line changes the roster.
    QString commander() const
    {
        return line(QStringLiteral("Inès Ortega,role:incident-commander"), QStringLiteral("ic"));
    }

    QString roster() const
    {
        return commander() + line(QStringLiteral("Raj"), QStringLiteral("eng")) +
               line(QStringLiteral("Olga"), QStringLiteral("olga"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        makeKey(QStringLiteral("ic"), QStringLiteral("ed25519"));
        makeKey(QStringLiteral("eng"), QStringLiteral("ecdsa"));
        makeKey(QStringLiteral("olga"), QStringLiteral("ed25519"));
        makeKey(QStringLiteral("mallory"), QStringLiteral("ed25519"));
    }

    void init() { m_seq = 0; }

    void everyEventSignedByRosterKeysPasses()
    {
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
        };
        const SignatureReport r = checkSignatures({roster(), true}, events);
        QCOMPARE(r.events.size(), 2);
        for (const EventSignatureCheck& c : r.events)
            QVERIFY2(c.status == Status::Good, qPrintable(c.problem));
        QCOMPARE(r.events.at(1).fingerprint, m_keys.value(QStringLiteral("eng")).fingerprint());
        QCOMPARE(r.events.at(1).keyType, QStringLiteral("ecdsa-sha2-nistp256"));
        QCOMPARE(r.good, 2);
        QVERIFY(r.passes());
        QVERIFY(r.hasRoster);
        QVERIFY(r.signaturesRequired);
        QVERIFY2(r.summary().startsWith(QStringLiteral("2 events signed by roster keys")),
                 qPrintable(r.summary()));
    }

    void unsignedEventsFailOnlyWhileRequired()
    {
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer),
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), roster(), QStringLiteral("require-signatures")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer),
        };
        const SignatureReport optional = checkSignatures({roster(), false}, events.mid(0, 1));
        QCOMPARE(optional.events.at(0).status, Status::Unsigned);
        QCOMPARE(optional.unsignedCount, 1);
        QVERIFY(optional.passes());

        const SignatureReport r = checkSignatures({roster(), false}, events);
        QCOMPARE(r.unsignedCount, 2);
        QCOMPARE(r.unsignedWhileRequired, 1); // the first was made while signing was optional
        QVERIFY(r.events.at(0).problem.isEmpty());
        QVERIFY(!r.events.at(2).problem.isEmpty());
        QVERIFY(r.signaturesRequired);
        QVERIFY(!r.passes());

        const SignatureReport required = checkSignatures({roster(), true}, events.mid(0, 1));
        QCOMPARE(required.unsignedWhileRequired, 1);
        QVERIFY(!required.passes());
    }

    void signatureOverOtherBytesIsBad()
    {
        SignOffEvent e = event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer,
                               QStringLiteral("eng"), QStringLiteral("all green"));
        const SignOffEvent ok = event(EventKind::Signed, QStringLiteral("Inès Ortega"),
                                      Role::IncidentCommander, QStringLiteral("ic"));
        e.text = QStringLiteral("all green, rollback tested"); // after it was signed
        const SignatureReport r = checkSignatures({roster(), false}, {e, ok});
        QCOMPARE(r.events.at(0).status, Status::Bad);
        QVERIFY2(r.events.at(0).problem.contains(QStringLiteral("does not check")),
                 qPrintable(r.events.at(0).problem));
        QCOMPARE(r.events.at(1).status, Status::Good);
        QCOMPARE(r.bad, 1);
        QCOMPARE(r.firstBad, 1);
        QVERIFY(!r.passes());
    }

    void signatureInAnotherNamespaceIsBad()
    {
        SignOffEvent e =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        e.signature.armored =
            sshSign(e.canonicalPayload(), QStringLiteral("eng"), QStringLiteral("git"));
        QVERIFY(!e.signature.armored.isEmpty());
        const SignatureReport r = checkSignatures({roster(), false}, {e});
        QCOMPARE(r.events.at(0).status, Status::Bad);
    }

    void keyOtherThanThePayloadNamesIsBad()
    {
        SignOffEvent e =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        // Signed by Olga's key over exactly these bytes, which name Raj's key.
        e.signature.armored = sshSign(e.canonicalPayload(), QStringLiteral("olga"));
        const SignatureReport r = checkSignatures({roster(), false}, {e});
        QCOMPARE(r.events.at(0).status, Status::Bad);
        QVERIFY2(
            r.events.at(0).problem.contains(m_keys.value(QStringLiteral("olga")).fingerprint()),
            qPrintable(r.events.at(0).problem));

        SignOffEvent typed =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        typed.signature.keyType = QStringLiteral("ssh-ed25519");
        QCOMPARE(checkSignatures({roster(), false}, {typed}).events.at(0).status, Status::Bad);
    }

    void strippedOrGarbledSignatureIsBad()
    {
        SignOffEvent stripped =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        stripped.signature.armored.clear();
        SignOffEvent truncated =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        truncated.signature.armored = truncated.signature.armored.left(120) +
                                      QByteArrayLiteral("\n-----END SSH SIGNATURE-----\n");
        SignOffEvent notSshsig =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        notSshsig.signature.armored = QByteArrayLiteral("-----BEGIN PGP SIGNATURE-----\nabc\n"
                                                        "-----END PGP SIGNATURE-----\n");
        SignOffEvent keyless =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng"));
        keyless.signature.keyFingerprint.clear();
        const SignatureReport r =
            checkSignatures({roster(), false}, {stripped, truncated, notSshsig, keyless});
        for (const EventSignatureCheck& c : r.events) {
            QCOMPARE(c.status, Status::Bad);
            QVERIFY(!c.problem.isEmpty());
        }
        QVERIFY2(r.events.at(0).problem.contains(QStringLiteral("removed")),
                 qPrintable(r.events.at(0).problem));
        QCOMPARE(r.bad, 4);
        QCOMPARE(r.firstBad, 1);
    }

    void keyNotOnTheRosterFailsARunWithOne()
    {
        const SignOffEvent e = event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer,
                                     QStringLiteral("mallory"));
        const SignatureReport r = checkSignatures({roster(), false}, {e});
        QCOMPARE(r.events.at(0).status, Status::NotOnRoster);
        QVERIFY2(r.events.at(0).problem.contains(QStringLiteral("not on")),
                 qPrintable(r.events.at(0).problem));
        QCOMPARE(r.notOnRoster, 1);
        QVERIFY(!r.passes());

        // Olga's key is on the roster, but for Olga.
        const SignOffEvent borrowed =
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("olga"));
        const SignatureReport b = checkSignatures({roster(), false}, {borrowed});
        QCOMPARE(b.events.at(0).status, Status::NotOnRoster);
        QVERIFY2(b.events.at(0).problem.contains(QStringLiteral("Olga")),
                 qPrintable(b.events.at(0).problem));

        // A run with no roster at all cannot place any key: counted, but not a failure.
        const SignatureReport none = checkSignatures({}, {e});
        QCOMPARE(none.events.at(0).status, Status::NotOnRoster);
        QVERIFY(!none.hasRoster);
        QVERIFY(none.passes());
    }

    void keyRemovedFromTheRosterSaysWhen()
    {
        const QString without = commander() + line(QStringLiteral("Raj"), QStringLiteral("eng"));
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Olga"), Role::Engineer,
                  QStringLiteral("olga")),
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), without, QStringLiteral("remove")),
            event(EventKind::Signed, QStringLiteral("Olga"), Role::Engineer,
                  QStringLiteral("olga")),
        };
        const SignatureReport r = checkSignatures({roster(), false}, events);
        QCOMPARE(r.events.at(0).status, Status::Good);
        QCOMPARE(r.events.at(1).status, Status::Good);
        QCOMPARE(r.events.at(2).status, Status::NotOnRoster);
        QVERIFY2(
            r.events.at(2).problem.contains(QStringLiteral("removed from the roster at event #2")),
            qPrintable(r.events.at(2).problem));
        QCOMPARE(r.finalRoster, without);
        QVERIFY(!r.passes());
    }

    void rosterChangesOnlyByACommanderWithASignature()
    {
        const QString widened =
            roster() + line(QStringLiteral("Mallory"), QStringLiteral("mallory"));
        const QList<SignOffEvent> events{
            // An engineer on the roster, signing well: still no roster change.
            event(EventKind::RosterChanged, QStringLiteral("Raj"), Role::Engineer,
                  QStringLiteral("eng"), widened, QStringLiteral("add")),
            // Unsigned, by a commander: no change either.
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QString(), widened, QStringLiteral("add")),
            event(EventKind::Signed, QStringLiteral("Mallory"), Role::Engineer,
                  QStringLiteral("mallory")),
        };
        const SignatureReport r = checkSignatures({roster(), false}, events);
        QCOMPARE(r.events.at(0).status, Status::Bad);
        QVERIFY2(r.events.at(0).problem.contains(QStringLiteral("engineer")),
                 qPrintable(r.events.at(0).problem));
        QCOMPARE(r.events.at(1).status, Status::Bad);
        QCOMPARE(r.events.at(2).status, Status::NotOnRoster);
        QCOMPARE(r.finalRoster, roster());
        QCOMPARE(r.firstBad, 1);

        // The same change by the commander, signed, counts.
        m_seq = 0;
        const QList<SignOffEvent> proper{
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), widened, QStringLiteral("add")),
            event(EventKind::Signed, QStringLiteral("Mallory"), Role::Engineer,
                  QStringLiteral("mallory")),
        };
        const SignatureReport p = checkSignatures({roster(), false}, proper);
        QCOMPARE(p.events.at(1).status, Status::Good);
        QVERIFY(p.passes());
    }

    void firstRosterIsJudgedByItself()
    {
        const QString first = commander();
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer),
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), first, QStringLiteral("add")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
        };
        const SignatureReport r = checkSignatures({}, events);
        QCOMPARE(r.events.at(0).status, Status::Unsigned);
        QCOMPARE(r.events.at(1).status, Status::Good);
        QCOMPARE(r.events.at(2).status, Status::NotOnRoster);
        QVERIFY(r.hasRoster);
        QVERIFY(!r.passes());

        // Someone bringing a first roster that does not hold their own key is not on it.
        m_seq = 0;
        const SignOffEvent stranger =
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("mallory"), first, QStringLiteral("add"));
        const SignatureReport s = checkSignatures({}, {stranger});
        QCOMPARE(s.events.at(0).status, Status::NotOnRoster);
        QVERIFY(s.finalRoster.isEmpty());
    }

    void anAuditorsRosterReplacesTheRuns()
    {
        const QString widened =
            roster() + line(QStringLiteral("Mallory"), QStringLiteral("mallory"));
        const QList<SignOffEvent> events{
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), widened, QStringLiteral("add")),
            event(EventKind::Signed, QStringLiteral("Mallory"), Role::Engineer,
                  QStringLiteral("mallory")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
        };
        QVERIFY(checkSignatures({roster(), false}, events).passes());

        QString error;
        const auto auditor = AllowedSigners::parse(roster(), &error);
        QVERIFY2(auditor, qPrintable(error));
        const SignatureReport r = checkSignatures({roster(), false}, events, auditor);
        QCOMPARE(r.events.at(0).status, Status::Good);
        QCOMPARE(r.events.at(1).status, Status::NotOnRoster); // the run's change does not count
        QVERIFY2(r.events.at(1).problem.contains(QStringLiteral("the roster given")),
                 qPrintable(r.events.at(1).problem));
        QCOMPARE(r.events.at(2).status, Status::Good);
        QVERIFY(!r.passes());

        // Given to a run that has none, it still judges every key.
        const SignatureReport none = checkSignatures({}, events.mid(2), auditor);
        QVERIFY(none.hasRoster);
        QCOMPARE(none.events.at(0).status, Status::Good);
    }

    void rolesOnALineBindItsKey()
    {
        // Raj's line names the engineer's role: his key signs as an engineer, and as nothing
        // else, under the roster in force.
        const QString bound =
            commander() + line(QStringLiteral("Raj,role:engineer"), QStringLiteral("eng"));
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::IncidentCommander,
                  QStringLiteral("eng")),
        };
        const SignatureReport r = checkSignatures({bound, false}, events);
        QCOMPARE(r.events.at(0).status, Status::Good);
        QCOMPARE(r.events.at(1).status, Status::NotOnRoster);
        QVERIFY2(r.events.at(1).problem.contains(QStringLiteral("not as incident-commander")),
                 qPrintable(r.events.at(1).problem));
        QVERIFY(r.events.at(1).offRosterFails);
        QCOMPARE(r.notOnRosterInForce, 1);
        QVERIFY(!r.passes());

        // "role:..." is never a name, even when someone signs as one.
        m_seq = 0;
        const SignOffEvent asRole = event(EventKind::Signed, QStringLiteral("role:engineer"),
                                          Role::Engineer, QStringLiteral("eng"));
        QCOMPARE(checkSignatures({bound, false}, {asRole}).events.at(0).status,
                 Status::NotOnRoster);
    }

    void aLineWithoutRolesSignsAnyRoleButCannotChangeTheRoster()
    {
        // Raj's line names no role: he signs as anyone, but his roster change claiming the
        // commander's role does not count, and the key it brings stays off the roster.
        const QString widened =
            roster() + line(QStringLiteral("Mallory"), QStringLiteral("mallory"));
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Raj"), Role::IncidentCommander,
                  QStringLiteral("eng")),
            event(EventKind::RosterChanged, QStringLiteral("Raj"), Role::IncidentCommander,
                  QStringLiteral("eng"), widened, QStringLiteral("add")),
            event(EventKind::Signed, QStringLiteral("Mallory"), Role::Engineer,
                  QStringLiteral("mallory")),
        };
        const SignatureReport r = checkSignatures({roster(), false}, events);
        QCOMPARE(r.events.at(0).status, Status::Good);
        QVERIFY(r.events.at(1).status != Status::Good);
        QVERIFY2(r.events.at(1).problem.contains(QStringLiteral("to change the roster")),
                 qPrintable(r.events.at(1).problem));
        QCOMPARE(r.events.at(2).status, Status::NotOnRoster);
        QCOMPARE(r.finalRoster, roster());
        QVERIFY(!r.passes());
    }

    void aRosterChangeMustLeaveAReadableRosterAndRequireOnlyRequires()
    {
        const QList<SignOffEvent> events{
            // Comments only: nobody would be on it.
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), QStringLiteral("# nobody\n"), QStringLiteral("remove")),
            // Requiring signatures while slipping Mallory in.
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"),
                  roster() + line(QStringLiteral("Mallory"), QStringLiteral("mallory")),
                  QStringLiteral("require-signatures")),
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
        };
        const SignatureReport r = checkSignatures({roster(), false}, events);
        QCOMPARE(r.events.at(0).status, Status::Bad);
        QVERIFY2(r.events.at(0).problem.contains(QStringLiteral("nobody on it")),
                 qPrintable(r.events.at(0).problem));
        QCOMPARE(r.events.at(1).status, Status::Bad);
        QVERIFY2(r.events.at(1).problem.contains(QStringLiteral("changes the roster too")),
                 qPrintable(r.events.at(1).problem));
        QCOMPARE(r.events.at(2).status, Status::Good);
        QCOMPARE(r.finalRoster, roster());
        QVERIFY(!r.signaturesRequired);
    }

    void offTheRosterFailsOnlyWhileARosterIsInForce()
    {
        // Signed before the run had a roster, then a commander brings the first one: the early
        // signature is off the roster, and fails nothing.
        const QList<SignOffEvent> events{
            event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer, QStringLiteral("eng")),
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), commander(), QStringLiteral("add")),
        };
        const SignatureReport r = checkSignatures({}, events);
        QCOMPARE(r.events.at(0).status, Status::NotOnRoster);
        QVERIFY(!r.events.at(0).offRosterFails);
        QCOMPARE(r.events.at(1).status, Status::Good);
        QCOMPARE(r.notOnRoster, 1);
        QCOMPARE(r.notOnRosterInForce, 0);
        QVERIFY(r.hasRoster);
        QVERIFY2(r.passes(), qPrintable(r.summary()));
    }

    // A roster change the writer would not have made fails verify, whatever the roster in force
    // was; and verify changes the roster exactly when rosterChangeCounts, which the writer and
    // the window follow, says the change counts.
    void rosterChangesAgreeWithTheWriter()
    {
        const QString widened =
            roster() + line(QStringLiteral("Mallory"), QStringLiteral("mallory"));
        SignOffEvent retyped =
            event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                  QStringLiteral("ic"), widened, QStringLiteral("add"));
        retyped.signature.keyType = QStringLiteral("ssh-rsa"); // not the signature's key
        struct Case
        {
            const char* what;
            RunRoster before;
            SignOffEvent e;
        };
        const QList<Case> cases{
            {"a commander's signed change",
             {roster(), false},
             event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                   QStringLiteral("ic"), widened, QStringLiteral("add"))},
            {"a recorded key type that is not the signature's", {roster(), false}, retyped},
            {"a roster in force with nobody on it",
             {QStringLiteral("# nobody\n"), false},
             event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                   QStringLiteral("ic"), widened, QStringLiteral("add"))},
            {"a roster in force that does not read",
             {QStringLiteral("not a roster\n"), false},
             event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                   QStringLiteral("ic"), widened, QStringLiteral("add"))},
            {"an engineer's line without roles",
             {roster(), false},
             event(EventKind::RosterChanged, QStringLiteral("Raj"), Role::IncidentCommander,
                   QStringLiteral("eng"), widened, QStringLiteral("add"))},
            // Nobody could change it again: the writer refuses it, so verify must too.
            {"a roster left with nobody who may change it",
             {roster(), false},
             event(EventKind::RosterChanged, QStringLiteral("Inès Ortega"), Role::IncidentCommander,
                   QStringLiteral("ic"),
                   line(QStringLiteral("Raj"), QStringLiteral("eng")) +
                       line(QStringLiteral("Mallory"), QStringLiteral("mallory")),
                   QStringLiteral("remove"))},
        };
        for (const Case& c : cases) {
            QString why;
            const bool counts = rosterChangeCounts(c.before, c.e, &why);
            const SignatureReport r = checkSignatures(c.before, {c.e});
            const bool changed = r.finalRoster == widened;
            QVERIFY2(counts == changed, c.what);
            QVERIFY2(counts == r.passes(),
                     qPrintable(QString::fromUtf8(c.what) + QStringLiteral(": ") + r.summary()));
            QCOMPARE(counts, QByteArray(c.what) == "a commander's signed change");
        }
    }

    // A roster in force that does not read vouches for nobody: a key off it fails verify, as a
    // key off a roster that reads does.
    void aRosterThatDoesNotReadFailsOffRosterSignatures()
    {
        const SignatureReport r =
            checkSignatures({QStringLiteral("not a roster\n"), false},
                            {event(EventKind::Signed, QStringLiteral("Raj"), Role::Engineer,
                                   QStringLiteral("eng"), QString(), QString())});
        QCOMPARE(r.notOnRoster, 1);
        QVERIFY2(!r.passes(), qPrintable(r.summary()));
    }

    // A key whose base64 lacks its padding is not one: ssh-keygen and golive-audit.py refuse
    // the line, so golive must not read a roster they would not.
    void keyLinesAreReadOnlyAsOpenSshWritesThem()
    {
        const QString full = m_keys.value(QStringLiteral("eng")).line();
        QVERIFY2(full.section(QLatin1Char(' '), 1, 1).endsWith(QLatin1Char('=')), qPrintable(full));
        QString unpadded = full.section(QLatin1Char(' '), 0, 1);
        while (unpadded.endsWith(QLatin1Char('=')))
            unpadded.chop(1);
        QString why;
        QVERIFY(AllowedSigners::parse(QStringLiteral("Raj ") + full + QLatin1Char('\n'), &why));
        QVERIFY(
            !AllowedSigners::parse(QStringLiteral("Raj ") + unpadded + QLatin1Char('\n'), &why));
        QVERIFY2(why.contains(QStringLiteral("base64")), qPrintable(why));
    }

    // Someone may change the roster only through a line with a commander's role and a name a
    // person can have: not a role alone, not only a negation, not another namespace.
    void aCommanderIsAPersonWithTheRole()
    {
        const QString key = m_keys.value(QStringLiteral("ic")).line();
        const auto commands = [&](const QString& head) {
            QString why;
            const auto r =
                AllowedSigners::parse(head + QLatin1Char(' ') + key + QLatin1Char('\n'), &why);
            return r && r->hasCommander();
        };
        QVERIFY(commands(QStringLiteral("\"Ina,role:incident-commander\"")));
        QVERIFY(commands(QStringLiteral("\"Ina,role:release-captain\" namespaces=\"golive\"")));
        QVERIFY(!commands(QStringLiteral("Ina")));
        QVERIFY(!commands(QStringLiteral("\"Ina,role:engineer\"")));
        QVERIFY(!commands(QStringLiteral("role:incident-commander")));
        QVERIFY(!commands(QStringLiteral("\"!Ina,role:incident-commander\"")));
        QVERIFY(!commands(QStringLiteral("\"Ina,role:incident-commander\" namespaces=\"git\"")));
    }

    void statusNames()
    {
        QCOMPARE(statusName(Status::Unsigned), QStringLiteral("unsigned"));
        QCOMPARE(statusName(Status::Good), QStringLiteral("good"));
        QCOMPARE(statusName(Status::NotOnRoster), QStringLiteral("not-on-roster"));
        QCOMPARE(statusName(Status::Bad), QStringLiteral("bad"));
    }
};

QTEST_GUILESS_MAIN(TestRunSignatures)
#include "tst_runsignatures.moc"
