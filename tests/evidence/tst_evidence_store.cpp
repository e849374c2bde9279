// The evidence a run file keeps: stored once, streamed back, checked, never changed.
#include "../ledger/RunFileTestFixture.h"

#include "evidence/Evidence.h"

#include <QBuffer>

using namespace golive;
using namespace golive::test;

namespace {

// A file that fails part way: one chunk reads, then the disk gives an error.
class FailingDevice : public QIODevice
{
public:
    bool isSequential() const override { return true; }
    bool atEnd() const override { return false; }

protected:
    qint64 readData(char* data, qint64 max) override
    {
        if (m_given >= RunLedger::BlobChunkBytes) {
            setErrorString(QStringLiteral("Input/output error"));
            return -1;
        }
        const qint64 n = std::min(max, RunLedger::BlobChunkBytes - m_given);
        std::fill(data, data + n, 'r');
        m_given += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    qint64 m_given = 0;
};

} // namespace

class TestEvidenceStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<RunFile> newRun(const QString& name)
    {
        QString error;
        auto run =
            RunFile::create(m_dir.filePath(name), seedText(), QStringLiteral("seed.md"), &error);
        if (!run)
            qWarning() << error;
        return run;
    }

    static SignOffEvent attachment(const QString& itemId, const QString& name, Role role)
    {
        SignOffEvent e;
        e.kind = EventKind::EvidenceAttached;
        e.itemId = itemId;
        e.actor = Actor::local(QStringLiteral("Ada"), role);
        e.text = attachmentEventText({name, 0, QStringLiteral("text/plain"), {}});
        return e;
    }

private slots:
    void attachedBytesAreKeptAndReadBack()
    {
        auto run = newRun(QStringLiteral("a.golive"));
        QVERIFY(run);
        const QString itemId = run->runbook().allItems().first()->id;
        QByteArray bytes(3 * RunLedger::BlobChunkBytes + 17, 'x');
        bytes[5] = 'y';
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachment(itemId, QStringLiteral("smoke.log"), Role::Engineer);
        QString error;
        QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("smoke.log"),
                                     DefaultMaxAttachmentBytes, &error),
                 qPrintable(error));
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(e.fieldKey, sha);
        QCOMPARE(attachmentFromEvent(e)->size, bytes.size());
        QByteArray back;
        QVERIFY2(run->readBlob(
                     sha, [&back](const QByteArray& c) { return back.append(c), true; }, &error),
                 qPrintable(error));
        QCOMPARE(back, bytes);
        QVERIFY(run->verifyEvidence(&error).isEmpty());

        // Reopened: the event and its bytes are there; a changed chunk is named by verify.
        run.reset();
        {
            RawDb raw(m_dir.filePath(QStringLiteral("a.golive")));
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER blob_chunks_never_changed")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE blob_chunks SET data = x'00' WHERE n = 1")));
        }
        run = RunFile::open(m_dir.filePath(QStringLiteral("a.golive")), RunLedger::Access::ReadOnly,
                            &error);
        QVERIFY2(run, qPrintable(error));
        const QStringList problems = run->verifyEvidence(&error);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QStringLiteral("event #1")),
                 qPrintable(problems.first()));
    }

    void overTheLimitIsRefusedAndNothingKept()
    {
        auto run = newRun(QStringLiteral("b.golive"));
        QVERIFY(run);
        QByteArray bytes(2 * RunLedger::BlobChunkBytes, 'z');
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                    QStringLiteral("big.bin"), Role::Engineer);
        QString error;
        QVERIFY(!run->appendWithBlob(e, &source, QStringLiteral("big.bin"),
                                     RunLedger::BlobChunkBytes, &error));
        QVERIFY2(error.contains(QStringLiteral("limit")), qPrintable(error));
        QCOMPARE(run->events().size(), 0);
        RawDb raw(m_dir.filePath(QStringLiteral("b.golive")));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blob_chunks")).toInt(), 0);
    }

    void observersAreRefusedBeforeAnythingIsRead()
    {
        auto run = newRun(QStringLiteral("c.golive"));
        QVERIFY(run);
        QByteArray bytes("hello");
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachment(run->runbook().allItems().first()->id, QStringLiteral("x.txt"),
                                    Role::Observer);
        QString error;
        QVERIFY(!run->appendWithBlob(e, &source, QStringLiteral("x.txt"), 100, &error));
        QVERIFY2(error.contains(QStringLiteral("observers")), qPrintable(error));
        QCOMPARE(source.pos(), 0);
    }

    // A file written to while it is attached (truncated, or rewritten at the same size, after
    // the first chunk was read): refused, no event recorded.
    void aFileChangedWhileAttachedIsRefused_data()
    {
        QTest::addColumn<bool>("truncate");
        QTest::newRow("truncated") << true;
        QTest::newRow("rewritten") << false;
    }
    void aFileChangedWhileAttachedIsRefused()
    {
        QFETCH(bool, truncate);
        auto run = newRun(QStringLiteral("changing-%1.golive").arg(truncate));
        QVERIFY(run);
        const QString path = m_dir.filePath(QStringLiteral("changing-%1.log").arg(truncate));
        {
            QFile w(path);
            QVERIFY(w.open(QIODevice::WriteOnly));
            w.write(QByteArray(3 * RunLedger::BlobChunkBytes, 'a'));
        }
        QFile source(path);
        QVERIFY(source.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                    QStringLiteral("changing.log"), Role::Engineer);
        bool changed = false;
        const auto change = [&](qint64) {
            if (!changed) {
                changed = true;
                QFile w(path);
                if (truncate) {
                    w.resize(RunLedger::BlobChunkBytes + 10);
                } else if (w.open(QIODevice::ReadWrite)) {
                    w.write(QByteArray(RunLedger::BlobChunkBytes, 'b')); // the part already read
                }
            }
            return true;
        };
        QString error;
        QVERIFY(!run->appendWithBlob(e, &source, QStringLiteral("changing.log"),
                                     DefaultMaxAttachmentBytes, &error, change));
        QVERIFY(changed);
        QVERIFY2(error.contains(QStringLiteral("changed while it was being attached")),
                 qPrintable(error));
        QCOMPARE(run->events().size(), 0);
        QCOMPARE(run->verify().eventCount, 0);
        // Nothing of it is kept either: the check comes before the bytes are committed.
        run.reset();
        RawDb raw(m_dir.filePath(QStringLiteral("changing-%1.golive").arg(truncate)));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blobs")).toInt(), 0);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blob_chunks")).toInt(), 0);
    }

    // The same bytes attached twice are kept once; both events read them.
    void duplicateBytesAreKeptOnce()
    {
        auto run = newRun(QStringLiteral("dup.golive"));
        QVERIFY(run);
        QByteArray bytes(RunLedger::BlobChunkBytes + 1, 'd');
        QString error;
        for (const char* name : {"one.txt", "two.txt"}) {
            QBuffer source(&bytes);
            QVERIFY(source.open(QIODevice::ReadOnly));
            SignOffEvent e = attachment(run->runbook().allItems().first()->id, QLatin1String(name),
                                        Role::Engineer);
            QVERIFY2(run->appendWithBlob(e, &source, QLatin1String(name), DefaultMaxAttachmentBytes,
                                         &error),
                     qPrintable(error));
        }
        QCOMPARE(run->events().size(), 2);
        QCOMPARE(run->events().at(0).fieldKey, run->events().at(1).fieldKey);
        RawDb raw(m_dir.filePath(QStringLiteral("dup.golive")));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blobs")).toInt(), 1);
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blob_chunks")).toInt(), 2);
        QVERIFY(run->verifyEvidence(&error).isEmpty());
    }

    // An evidence event whose bytes are not in the run (or not at the size it gives) is
    // refused by append itself.
    void evidenceWithoutItsBytesIsRefused()
    {
        auto run = newRun(QStringLiteral("bare.golive"));
        QVERIFY(run);
        QString error;
        SignOffEvent bare = withBlob(attachment(run->runbook().allItems().first()->id,
                                                QStringLiteral("x.txt"), Role::Engineer),
                                     QString(64, QLatin1Char('a')), 5);
        QVERIFY(!run->append(bare, &error));
        QVERIFY2(error.contains(QStringLiteral("not stored")), qPrintable(error));

        QByteArray bytes("hello");
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        RunLedger::BlobInfo info;
        QVERIFY2(run->putBlob(&source, QStringLiteral("x.txt"), 100, &info, &error, {}, {}),
                 qPrintable(error));
        SignOffEvent wrongSize = withBlob(attachment(run->runbook().allItems().first()->id,
                                                     QStringLiteral("x.txt"), Role::Engineer),
                                          info.sha256, 6);
        QVERIFY(!run->append(wrongSize, &error));
        QVERIFY2(error.contains(QStringLiteral("not the 6")), qPrintable(error));
        QCOMPARE(run->events().size(), 0);
    }

    // The triggers refuse any change to kept evidence.
    void keptEvidenceIsNeverChanged()
    {
        {
            auto run = newRun(QStringLiteral("trig.golive"));
            QVERIFY(run);
            QByteArray bytes("kept");
            QBuffer source(&bytes);
            QVERIFY(source.open(QIODevice::ReadOnly));
            SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                        QStringLiteral("k.txt"), Role::Engineer);
            QString error;
            QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("k.txt"), 100, &error),
                     qPrintable(error));
        }
        RawDb raw(m_dir.filePath(QStringLiteral("trig.golive")));
        for (const char* sql :
             {"UPDATE blobs SET size = 1", "UPDATE blobs SET sha256 = 'x'", "DELETE FROM blobs",
              "UPDATE blob_chunks SET data = x'00'", "DELETE FROM blob_chunks",
              // A chunk added after the blob was sealed: read back, it would not be the bytes
              // the event names (golive and the auditor's script read chunks differently).
              "INSERT INTO blob_chunks(blob_id, n, data) SELECT id, 7, x'6a756e6b' FROM blobs"}) {
            QString error;
            QVERIFY2(!raw.exec(QLatin1String(sql), &error), sql);
            QVERIFY2(error.contains(QStringLiteral("golive evidence")), qPrintable(error));
        }
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blob_chunks")).toInt(), 1);
    }

    // A chunk slipped in behind the triggers' back (after dropping them): golive reads only
    // chunks 0 .. count-1 and would still hand out the right bytes, but the run is not what
    // was written, and the auditor's script reads every chunk: verify names the event.
    void anAddedChunkIsNamedByVerify()
    {
        QString error;
        {
            auto run = newRun(QStringLiteral("added.golive"));
            QVERIFY(run);
            QByteArray bytes("kept");
            QBuffer source(&bytes);
            QVERIFY(source.open(QIODevice::ReadOnly));
            SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                        QStringLiteral("k.txt"), Role::Engineer);
            QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("k.txt"), 100, &error),
                     qPrintable(error));
        }
        {
            RawDb raw(m_dir.filePath(QStringLiteral("added.golive")));
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER blob_chunks_only_while_written")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO blob_chunks(blob_id, n, data) SELECT id, 7, x'6a756e6b' FROM blobs")));
        }
        auto run = RunFile::open(m_dir.filePath(QStringLiteral("added.golive")),
                                 RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QStringList problems = run->verifyEvidence(&error);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(QStringLiteral("event #1")),
                 qPrintable(problems.first()));
    }

    // A run file of schema 3 (before evidence) is migrated when opened for writing, the old
    // file copied to .bak-v3 first; it then keeps evidence.
    void migratesV3ToEvidence()
    {
        const QString path = m_dir.filePath(QStringLiteral("v3.golive"));
        QByteArray head;
        {
            auto run = newRun(QStringLiteral("v3.golive"));
            QVERIFY(run);
            SignOffEvent note;
            note.kind = EventKind::NoteAdded;
            note.itemId = run->runbook().allItems().first()->id;
            note.text = QStringLiteral("before evidence");
            note.actor = Actor::local(QStringLiteral("Ada"), Role::Engineer);
            QString error;
            QVERIFY2(run->append(note, &error), qPrintable(error));
            head = run->headHash();
        }
        {
            RawDb raw(path);
            QString why;
            QVERIFY2(raw.exec(QStringLiteral("DROP TABLE blob_chunks"), &why), qPrintable(why));
            QVERIFY2(raw.exec(QStringLiteral("DROP TABLE blobs"), &why), qPrintable(why));
            // Schema 5's column too: a file of schema 3 has neither.
            QVERIFY2(raw.exec(QStringLiteral("ALTER TABLE events DROP COLUMN snapshot"), &why),
                     qPrintable(why));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version=3")));
        }
        QString error;
        auto run = RunFile::open(path, RunLedger::Access::ReadWrite, &error);
        QVERIFY2(run, qPrintable(error));
        QCOMPARE(run->headHash(), head);
        QVERIFY(run->verification().intact());
        QCOMPARE(run->pragma(QStringLiteral("user_version")),
                 QString::number(RunFile::SchemaVersion));
        QByteArray bytes("after");
        QBuffer source(&bytes);
        QVERIFY(source.open(QIODevice::ReadOnly));
        SignOffEvent e = attachment(run->runbook().allItems().first()->id, QStringLiteral("a.txt"),
                                    Role::Engineer);
        QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("a.txt"), 100, &error),
                 qPrintable(error));
        RawDb backup(path + QStringLiteral(".bak-v3"));
        QCOMPARE(backup.value(QStringLiteral("PRAGMA user_version")).toInt(), 3);
        QVERIFY(!backup.value(QStringLiteral("SELECT count(*) FROM blobs")).isValid());
    }

    // `golive copy`: the copy keeps the evidence byte for byte, and it verifies; a run whose
    // evidence does not verify is not copied as if it did.
    void aCopyKeepsTheEvidence()
    {
        const QString path = m_dir.filePath(QStringLiteral("src.golive"));
        QByteArray bytes(2 * RunLedger::BlobChunkBytes + 9, 'c');
        QString error;
        {
            auto run = newRun(QStringLiteral("src.golive"));
            QVERIFY(run);
            QBuffer source(&bytes);
            QVERIFY(source.open(QIODevice::ReadOnly));
            SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                        QStringLiteral("c.bin"), Role::Engineer);
            QVERIFY2(run->appendWithBlob(e, &source, QStringLiteral("c.bin"),
                                         DefaultMaxAttachmentBytes, &error),
                     qPrintable(error));
        }
        auto run = RunFile::open(path, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QString copyPath = m_dir.filePath(QStringLiteral("copy.golive"));
        QVERIFY2(RunFile::createCopy(copyPath, *run, &error), qPrintable(error));
        auto copy = RunFile::open(copyPath, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(copy, qPrintable(error));
        QVERIFY(copy->verifyEvidence(&error).isEmpty());
        QByteArray back;
        QVERIFY(copy->readBlob(
            run->events().first().fieldKey,
            [&](const QByteArray& c) { return back.append(c), true; }, &error));
        QCOMPARE(back, bytes);

        run.reset();
        {
            RawDb raw(path);
            QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER blob_chunks_never_changed")));
            QVERIFY(raw.exec(QStringLiteral("UPDATE blob_chunks SET data = x'00' WHERE n = 2")));
        }
        run = RunFile::open(path, RunLedger::Access::ReadOnly, &error);
        QVERIFY2(run, qPrintable(error));
        const QString second = m_dir.filePath(QStringLiteral("copy2.golive"));
        QVERIFY(!RunFile::createCopy(second, *run, &error));
        QVERIFY2(error.contains(QStringLiteral("event #1")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(second));
    }

    // A file that cannot be read to its end: refused in words, nothing kept.
    void aReadErrorKeepsNothing()
    {
        auto run = newRun(QStringLiteral("ioerr.golive"));
        QVERIFY(run);
        FailingDevice source;
        QVERIFY(source.open(QIODevice::ReadOnly | QIODevice::Unbuffered));
        SignOffEvent e = attachment(run->runbook().allItems().first()->id,
                                    QStringLiteral("bad.log"), Role::Engineer);
        QString error;
        QVERIFY(!run->appendWithBlob(e, &source, QStringLiteral("bad.log"),
                                     DefaultMaxAttachmentBytes, &error));
        QVERIFY2(error.contains(QStringLiteral("could not be read to its end")), qPrintable(error));
        QCOMPARE(run->events().size(), 0);
        RawDb raw(m_dir.filePath(QStringLiteral("ioerr.golive")));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM blob_chunks")).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEvidenceStore)
#include "tst_evidence_store.moc"
