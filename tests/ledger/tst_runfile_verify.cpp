// RunFile's verification: tampered, deleted, forged and misplaced events are named as breaks,
// acknowledgements cover exactly what they name, and a run that went backwards is noticed.
#include "RunFileTestFixture.h"

using namespace golive;
using namespace golive::test;

class TestRunFileVerify : public QObject, public RunFileFixture
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The record of heads seen goes to a test folder, never the user's own.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QDir(HeadRecord::directory()).removeRecursively());
        const RunbookParseResult seed = RunbookParser::parse(seedText(), QStringLiteral("seed"));
        QVERIFY2(seed.ok(), "the seed runbook must parse");
        QVERIFY(seed.runbook.allItems().size() >= 10);
    }

    void tamperedTextIsNamed()
    {
        const QString path = newPath(QStringLiteral("tamper.golive"));
        QVERIFY(makeRun(path, 6));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 3")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 3);
        QCOMPARE(run->verification().unacknowledged.size(), 1);
        QCOMPARE(run->verification().summary(),
                 QStringLiteral("ledger broken at event #3: its contents were changed after it "
                                "was written"));
        QCOMPARE(run->verify().breaks.size(), 1);

        const QList<const RunbookItem*> items = run->runbook().allItems();
        SignOffEvent sign = signEvent(run->state(), items.at(7));
        QVERIFY(!run->append(sign, &error));
        QCOMPARE(error, QStringLiteral("the ledger is broken at event #3 (its contents were "
                                       "changed after it was written); acknowledge it first (in "
                                       "the window: Run > Acknowledge ledger break\u2026). "
                                       "Nothing was recorded."));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                                     Role::IncidentCommander,
                                     QStringLiteral("event #3 text edited; original confirmed"));
        ack.fieldKey = run->verification().acknowledgementKey();
        QCOMPARE(ack.fieldKey,
                 QStringLiteral("3:") +
                     QString::fromLatin1(run->verification().breaks.at(0).contentHash));
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 7);
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        QCOMPARE(sign.seq, 8);

        const ChainVerification v = run->verify();
        QCOMPARE(v.breaks.size(), 1);
        QCOMPARE(v.breaks.at(0).seq, 3);
        QCOMPARE(v.breaks.at(0).acknowledgedBy, 7);
        QVERIFY(v.unacknowledged.isEmpty());
        QVERIFY(v.summary().endsWith(QStringLiteral("[acknowledged]")));
        QCOMPARE(v.eventCount, 8);
        QCOMPARE(v.head, sign.hash);

        // And so it reads after reopening.
        run.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QVERIFY(run->verification().unacknowledged.isEmpty());
        QCOMPARE(run->state().item(sign.itemId).status, ItemStatus::Signed);
    }

    void deletedRowIsNamed()
    {
        const QString path = newPath(QStringLiteral("delete.golive"));
        QVERIFY(makeRun(path, 6));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_delete")));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM events WHERE seq = 3")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        // Two things are wrong: the chain has a gap before #4, and the file holds fewer events
        // than this computer saw it with (6, head = the last event's hash).
        QCOMPARE(run->verification().breaks.size(), 2);
        QCOMPARE(run->verification().breaks.at(0).seq, 4);
        QCOMPARE(run->verification().breaks.at(0).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QVERIFY(run->verification().breaks.at(1).wentBack);
        QCOMPARE(run->verification().breaks.at(1).seq, 6);
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                                     Role::IncidentCommander, QStringLiteral("event 3 lost"));
        ack.fieldKey = run->verification().acknowledgementKey();
        // The row after the gap is intact: it is named by its stored hash; the head seen last
        // is named by its count and hash.
        QCOMPARE(ack.fieldKey,
                 QStringLiteral("4:") + QString::fromLatin1(run->events().at(2).hash) +
                     QStringLiteral(",6:") + QString::fromLatin1(run->events().at(4).hash));
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 7); // after the last row, not after the count
        QVERIFY(run->verify().unacknowledged.isEmpty());
    }

    void unknownKindIsABreak()
    {
        const QString path = newPath(QStringLiteral("kind.golive"));
        QVERIFY(makeRun(path, 3));
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER events_append_only_update")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE events SET kind = 'approved' WHERE seq = 2")));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY(run->verification().breaks.at(0).problem.contains(QStringLiteral("\"approved\"")));
        QCOMPARE(run->events().size(), 2); // the unreadable event is not folded in
    }

    void acknowledgementCoversOnlyTheBreaksItNames()
    {
        const QString path = newPath(QStringLiteral("ack-scope.golive"));
        QVERIFY(makeRun(path, 6));
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET text = 'forged' WHERE seq = 3")));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        const QList<const RunbookItem*> items = run->runbook().allItems();
        const QString key = run->verification().acknowledgementKey();
        QVERIFY(key.startsWith(QStringLiteral("3:")));

        // An engineer may not acknowledge; a key naming other breaks is refused.
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Raj"),
                                     Role::Engineer, QStringLiteral("looks fine"));
        ack.fieldKey = key;
        QVERIFY(!run->append(ack, &error));
        QVERIFY2(error.contains(QStringLiteral("only the incident-commander or the "
                                               "release-captain")),
                 qPrintable(error));
        ack.actor = Actor::local(QStringLiteral("Ines"), Role::IncidentCommander);
        ack.fieldKey = QStringLiteral("2:") + QString(64, QLatin1Char('0'));
        QVERIFY(!run->append(ack, &error));
        QVERIFY2(error.contains(QStringLiteral("but the unacknowledged breaks are")),
                 qPrintable(error));
        ack.fieldKey = key;
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        SignOffEvent sign = signEvent(run->state(), items.at(7));
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        run.reset();

        // A break made after the acknowledgement is not covered by it: sign-offs stop again.
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET actor = 'Mallory' WHERE seq = 5")));
        run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 2);
        QCOMPARE(run->verification().unacknowledged.size(), 1);
        QCOMPARE(run->verification().unacknowledged.at(0).seq, 5);
        QCOMPARE(run->verification().breaks.at(0).acknowledgedBy, 7);
        SignOffEvent next = signEvent(run->state(), run->runbook().allItems().at(8));
        QVERIFY(!run->append(next, &error));
        QVERIFY2(error.startsWith(QStringLiteral("the ledger is broken at event #5")),
                 qPrintable(error));
        QCOMPARE(run->verification().acknowledgementKey().count(QLatin1Char(',')), 0);
        run.reset();

        // Changing the acknowledged event again makes it a different, unacknowledged break.
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET text = 'forged twice' WHERE "
                                            "seq = 3")));
        run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().unacknowledged.size(), 2);
        const QString both = run->verification().acknowledgementKey();
        QVERIFY2(both.startsWith(QStringLiteral("3:")) && both.contains(QStringLiteral(",5:")),
                 qPrintable(both));
        SignOffEvent second =
            makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Ana"),
                      Role::ReleaseCaptain, QStringLiteral("both checked with the DBA"));
        second.fieldKey = both;
        QVERIFY2(run->append(second, &error), qPrintable(error));
        QVERIFY(run->verification().unacknowledged.isEmpty());
        QVERIFY(run->verify().unacknowledged.isEmpty());
        QVERIFY2(run->append(next, &error), qPrintable(error));
        // Nothing left to acknowledge.
        QVERIFY(!run->append(second, &error));
        QVERIFY2(error.contains(QStringLiteral("nothing to acknowledge")), qPrintable(error));
    }

    void swappedRunbookBreaksTheChain()
    {
        const QString path = newPath(QStringLiteral("swap.golive"));
        QVERIFY(makeRun(path, 2));
        // Runbook and its recorded SHA-256 replaced together: consistent, but not the run's.
        const QByteArray other = seedText() + "\n<!-- quietly edited -->\n";
        {
            RawDb raw(path);
            QSqlQuery q(raw.db());
            QVERIFY(q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = ?")));
            q.bindValue(0, other);
            q.bindValue(1, QStringLiteral("runbook_text"));
            QVERIFY(q.exec());
            q.bindValue(0,
                        QString::fromLatin1(
                            QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex()));
            q.bindValue(1, QStringLiteral("runbook_sha256"));
            QVERIFY(q.exec());
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 1);
        QVERIFY2(run->verification().breaks.at(0).problem.contains(
                     QStringLiteral("not chained to this run's id and runbook")),
                 qPrintable(run->verification().summary()));
    }

    void timeNotInGoliveFormIsABreak()
    {
        const QString path = newPath(QStringLiteral("time.golive"));
        QVERIFY(makeRun(path, 3));
        // The same instant, written another way, with the hash recomputed over the new text:
        // golive-audit.py hashes the stored text, so golive must too.
        QString error;
        SignOffEvent e;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
            QVERIFY2(run, qPrintable(error));
            e = run->events().at(1);
        }
        QString time = e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) +
                       QStringLiteral("+00:00");
        QVERIFY(tamper(
            path, QStringLiteral("UPDATE events SET time_utc = '%1' WHERE seq = 2").arg(time)));
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY2(run->verification().breaks.at(0).problem.contains(
                     QStringLiteral("its time \"%1\" is not in golive's form").arg(time)),
                 qPrintable(run->verification().summary()));
    }

    void kindAndRoleAreExactNames()
    {
        const QString path = newPath(QStringLiteral("case.golive"));
        QVERIFY(makeRun(path, 3));
        QVERIFY(tamper(path, QStringLiteral("UPDATE events SET role = 'Engineer' WHERE seq = 2")));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->verification().breaks.size(), 1);
        QCOMPARE(run->verification().breaks.at(0).seq, 2);
        QVERIFY(run->verification().breaks.at(0).problem.contains(QStringLiteral("\"Engineer\"")));
    }

    // Each event must name the one before it. An event edited with its own hash recomputed is
    // self-consistent, and so is a forged event appended with a correct hash of its own: only
    // the link to the previous event's hash gives them away.
    void prevHashLinkIsChecked()
    {
        const QString path = newPath(QStringLiteral("relinked.golive"));
        SignOffEvent forged;
        {
            auto run = makeRun(path, 6);
            QVERIFY(run);
            // Event #3 with another signer, rehashed over its own (unchanged) prev.
            SignOffEvent edited = run->events().at(2);
            edited.actor.name = QStringLiteral("Mallory");
            edited.hash = edited.computeHash();
            QVERIFY(edited.hash != run->events().at(2).hash);
            QVERIFY(tamper(path, QStringLiteral("UPDATE events SET actor = 'Mallory', hash = '%1' "
                                                "WHERE seq = 3")
                                     .arg(QString::fromLatin1(edited.hash))));
            // A forged #7 that claims to follow #5, hashed correctly over what it says.
            forged = run->events().at(5);
            forged.seq = 7;
            forged.itemId = run->runbook().allItems().at(9)->id;
            forged.prevHash = run->events().at(4).hash;
            forged.hash = forged.computeHash();
        }
        RawDb raw(path);
        QSqlQuery q(raw.db());
        QVERIFY(
            q.prepare(QStringLiteral("INSERT INTO events(seq, time_utc, kind, item_id, field_key,"
                                     " text, actor, role, os_user, host, prev_hash, hash)"
                                     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)")));
        const QVariantList values{
            forged.seq,
            forged.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")),
            eventKindName(forged.kind),
            forged.itemId,
            QVariant(),
            forged.text,
            forged.actor.name,
            roleName(forged.actor.role),
            forged.actor.osUser,
            forged.actor.host,
            QString::fromLatin1(forged.prevHash),
            QString::fromLatin1(forged.hash)};
        for (int c = 0; c < values.size(); ++c)
            q.bindValue(c, values.at(c));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));

        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const ChainVerification v = run->verify();
        QVERIFY2(!v.intact(), qPrintable(v.summary()));
        QCOMPARE(v.breaks.size(), 2);
        QCOMPARE(v.breaks.at(0).seq, 4); // #3 itself is self-consistent; #4 no longer follows it
        QCOMPARE(v.breaks.at(0).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QCOMPARE(v.breaks.at(1).seq, 7);
        QCOMPARE(v.breaks.at(1).problem,
                 QStringLiteral("the event before it is missing or was changed"));
        QCOMPARE(run->verification().breaks.size(), 2);
    }

    // The file put back to an older copy of itself: its own chain is intact, but this computer
    // saw it with more events, so it is not called intact; an acknowledgement re-bases it.
    void olderCopyPutBackIsNotIntact()
    {
        const QString path = newPath(QStringLiteral("backwards.golive"));
        const QString copy = newPath(QStringLiteral("backwards-copy.golive"));
        QVERIFY(makeRun(path, 2));
        QVERIFY(QFile::copy(path, copy));
        QByteArray seenHead;
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        QString error;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            for (int i = 2; i < 4; ++i) {
                SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(i));
                QVERIFY2(run->append(e, &error), qPrintable(error));
            }
            seenHead = run->headHash();
            QVERIFY(run->headRecordWarning().isEmpty());
        }
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::copy(copy, path));

        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 2);
        for (const ChainVerification& v : {run->verification(), run->verify()}) {
            QVERIFY2(!v.intact(), qPrintable(v.summary()));
            QCOMPARE(v.breaks.size(), 1);
            QVERIFY(v.breaks.at(0).wentBack);
            QCOMPARE(v.unacknowledged.size(), 1);
            QVERIFY2(v.summary().startsWith(QStringLiteral("ledger not intact: the run went "
                                                           "backwards: this computer saw it with "
                                                           "4 events, head %1, at ")
                                                .arg(QString::fromLatin1(seenHead))),
                     qPrintable(v.summary()));
            QVERIFY2(v.summary().contains(QStringLiteral("the file holds only 2 now")),
                     qPrintable(v.summary()));
            QCOMPARE(v.acknowledgementKey(), QStringLiteral("4:") + QString::fromLatin1(seenHead));
        }
        // When: the time in the record, between the writes above and now.
        const std::optional<SeenHead> seen = HeadRecord::read(run->runId());
        QVERIFY(seen);
        QCOMPARE(seen->eventCount, 4);
        QVERIFY(seen->seenUtc >= before && seen->seenUtc <= QDateTime::currentDateTimeUtc());
        QVERIFY(run->verification().summary().contains(
            seen->seenUtc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
            QStringLiteral(" UTC")));

        // Nothing more is signed over it until someone in charge acknowledges it.
        SignOffEvent sign = signEvent(run->state(), run->runbook().allItems().at(5));
        QVERIFY(!run->append(sign, &error));
        QVERIFY2(error.contains(QStringLiteral("acknowledge it first")), qPrintable(error));
        SignOffEvent ack = makeEvent(EventKind::ChainBreakAcknowledged, {}, QStringLiteral("Bo"),
                                     Role::Engineer, QStringLiteral("older copy restored"));
        ack.fieldKey = run->verification().acknowledgementKey();
        QVERIFY(!run->append(ack, &error));
        ack.actor.role = Role::IncidentCommander;
        QVERIFY2(run->append(ack, &error), qPrintable(error));
        QCOMPARE(ack.seq, 3);
        // The acknowledgement keeps which head and count were seen; the record follows the
        // file again.
        QCOMPARE(run->events().constLast().fieldKey,
                 QStringLiteral("4:") + QString::fromLatin1(seenHead));
        QCOMPARE(HeadRecord::read(run->runId())->eventCount, 3);
        QCOMPARE(HeadRecord::read(run->runId())->head, ack.hash);
        QVERIFY2(run->append(sign, &error), qPrintable(error));
        run.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->verification().intact(), qPrintable(run->verification().summary()));
        QVERIFY(run->verify().intact());
    }

    // An older copy put back and then written to from elsewhere has as many events as were
    // seen, or more, but not the head seen: that is noticed too.
    void olderCopyWrittenToSinceIsNotIntact()
    {
        const QString path = newPath(QStringLiteral("forked.golive"));
        const QString copy = newPath(QStringLiteral("forked-copy.golive"));
        QVERIFY(makeRun(path, 2));
        QVERIFY(QFile::copy(path, copy));
        QString error;
        QString runId;
        QByteArray seenHead;
        {
            auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
            QVERIFY2(run, qPrintable(error));
            SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(2));
            QVERIFY2(run->append(e, &error), qPrintable(error));
            runId = run->runId();
            seenHead = run->headHash();
        }
        // Another computer (no record here) writes two other events into the old copy.
        const QString record = HeadRecord::fileFor(runId);
        QFile saved(record);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray recordBytes = saved.readAll();
        saved.close();
        QVERIFY(QFile::remove(record));
        {
            auto other = RunFile::open(copy, RunFile::Access::ReadWrite, &error);
            QVERIFY2(other, qPrintable(error));
            for (int i = 5; i < 7; ++i) {
                SignOffEvent e = signEvent(other->runbook().allItems().at(i));
                QVERIFY2(other->append(e, &error), qPrintable(error));
            }
        }
        QVERIFY(saved.open(QIODevice::WriteOnly | QIODevice::Truncate));
        saved.write(recordBytes);
        saved.close();

        auto run = RunFile::open(copy, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 4);
        const ChainVerification v = run->verify();
        QVERIFY2(!v.intact(), qPrintable(v.summary()));
        QVERIFY(v.breaks.at(0).wentBack);
        QVERIFY2(v.summary().contains(
                     QStringLiteral("3 events, head %1").arg(QString::fromLatin1(seenHead))),
                 qPrintable(v.summary()));
        QVERIFY2(v.summary().contains(QStringLiteral("no event in the file has that head")),
                 qPrintable(v.summary()));
    }

    // A run with no events whose runbook was swapped (and its SHA-256 with it) verifies by its
    // own chain; this computer's record of its genesis still tells.
    void runbookSwappedBeforeAnyEventIsNoticedHere()
    {
        const QString path = newPath(QStringLiteral("swapped-empty.golive"));
        QVERIFY(makeRun(path, 0));
        QByteArray other = seedText();
        other.replace("Go-Live Runbook", "Go-Live Runbook (edited)");
        QVERIFY(tamper(path, QStringLiteral("UPDATE meta SET value = CAST(X'%1' AS BLOB) WHERE "
                                            "key = 'runbook_text'")
                                 .arg(QString::fromLatin1(other.toHex()))));
        QVERIFY(tamper(
            path, QStringLiteral("UPDATE meta SET value = '%1' WHERE key = "
                                 "'runbook_sha256'")
                      .arg(QString::fromLatin1(
                          QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex()))));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY(run->runbook().title.contains(QStringLiteral("(edited)")));
        QVERIFY2(!run->verification().intact(), qPrintable(run->verification().summary()));
        QVERIFY2(run->verification().summary().contains(
                     QStringLiteral("its runbook or run id is not the one seen then")),
                 qPrintable(run->verification().summary()));
    }

    // The record cannot be written (its folder is a file): signing goes on, with a warning.
    // A record that is not a plain file (a FIFO nobody writes, a link to a device) would hang or
    // flood the reader: it is ignored with a warning, and the run opens at once.
    void headRecordThatIsNotAPlainFileIsIgnored()
    {
        const QString path = newPath(QStringLiteral("fifo-record.golive"));
        QVERIFY(makeRun(path, 1));
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QString record = HeadRecord::fileFor(run->runId());
        run.reset();
        QVERIFY(QFile::remove(record));
        QCOMPARE(::mkfifo(QFile::encodeName(record).constData(), 0600), 0);
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->headRecordWarning().contains(QStringLiteral("is not a plain file")),
                 qPrintable(run->headRecordWarning()));
        run.reset();
        QVERIFY(QFile::remove(record));
    }

    void unwritableHeadRecordNeverBlocksSigning()
    {
        const QString path = newPath(QStringLiteral("no-record.golive"));
        QVERIFY(makeRun(path, 1));
        const QString dir = HeadRecord::directory();
        QVERIFY(QDir(dir).removeRecursively());
        {
            QFile blocker(dir);
            QVERIFY(blocker.open(QIODevice::WriteOnly));
        }
        QString error;
        auto run = RunFile::open(path, RunFile::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QVERIFY2(run->headRecordWarning().contains(QStringLiteral("could not record the head "
                                                                  "seen of run")),
                 qPrintable(run->headRecordWarning()));
        SignOffEvent e = signEvent(run->state(), run->runbook().allItems().at(2));
        const bool appended = run->append(e, &error);
        const QString warning = run->headRecordWarning();
        run.reset();
        QVERIFY(QFile::remove(dir));
        QVERIFY2(appended, qPrintable(error));
        QVERIFY(!warning.isEmpty());
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->events().size(), 2);
        QVERIFY(run->headRecordWarning().isEmpty());
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (const QString path = qEnvironmentVariable("GOLIVE_LOCK_CHILD"); !path.isEmpty())
        return lockChild(path);
    TestRunFileVerify test;
    return runTests(&test, argc, argv);
}

#include "tst_runfile_verify.moc"
