// What signing costs: a sign-off appended with a key in ssh-agent and with a key file, beside
// the same sign-off unsigned, in one run (the difference is what signing adds: ssh-keygen's
// process and the check of what it gave back); and `golive verify`'s work on a run of 10,000
// signed events (open with the chain checked, then every signature against the roster), beside
// the same run's open alone. Keys and the agent are made for the run in a temporary folder.
#include "AllowedSigners.h"
#include "BenchTable.h"
#include "RunFile.h"
#include "RunSignatures.h"
#include "SshKey.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace golive;

namespace {

int run(const QString& program, const QStringList& args, QByteArray* out = nullptr,
        int timeoutMs = 600000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10000))
        return -1;
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return -1;
    }
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

struct Percentiles
{
    double p50 = 0;
    double p99 = 0;
};

Percentiles percentiles(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms.at(std::min(ms.size() - 1, static_cast<size_t>(q * double(ms.size()))));
    };
    return {at(0.50), at(0.99)};
}

QByteArray seedRunbook()
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return seed.open(QIODevice::ReadOnly) ? seed.readAll() : QByteArray();
}

bool fail(const QString& why)
{
    std::fprintf(stderr, "bench_signing: %s\n", qPrintable(why));
    return false;
}

// Sign-off latency with `keys` (actor's signingKey, empty for unsigned), `rounds` rounds
// alternating between them so load hits each alike.
bool signOffs(const QString& dir, const QString& roster, const QStringList& keys, int rounds,
              std::vector<std::vector<double>>* ms)
{
    QString error;
    auto file =
        RunFile::create(dir + QStringLiteral("/signoffs.golive"), seedRunbook(),
                        QStringLiteral("seed.md"), &error, std::nullopt, RunRoster{roster, false});
    if (!file)
        return fail(error);
    const QString item = file->runbook().allItems().constFirst()->id;
    ms->assign(size_t(keys.size()), {});
    for (int r = 0; r < rounds; ++r) {
        for (qsizetype k = 0; k < keys.size(); ++k) {
            SignOffEvent e;
            e.kind = EventKind::NoteAdded;
            e.itemId = item;
            e.actor = Actor::local(QStringLiteral("Bench Signer"), Role::Engineer);
            e.actor.signingKey = keys.at(k);
            e.text = QStringLiteral("checked dashboards, all green (%1)").arg(r);
            QElapsedTimer t;
            t.start();
            if (!file->append(e, &error))
                return fail(error);
            (*ms)[size_t(k)].push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    return true;
}

// A run file of `count` events, each signed by `keyFile`: the payloads chained here, signed by
// one ssh-keygen for all of them (`-Y sign` takes many files), written as the run file keeps
// them.
bool signedRun(const QString& dir, const QString& path, const QString& roster,
               const QString& keyFile, const signing::SshPublicKey& key, int count)
{
    QString error;
    QByteArray head;
    QString runbookItem;
    {
        auto file = RunFile::create(path, seedRunbook(), QStringLiteral("seed.md"), &error,
                                    std::nullopt, RunRoster{roster, true});
        if (!file)
            return fail(error);
        head = file->genesisHash();
        runbookItem = file->runbook().allItems().constFirst()->id;
    }
    QList<SignOffEvent> events;
    const QString payloads = dir + QStringLiteral("/payloads");
    QDir().mkpath(payloads);
    QStringList args{QStringLiteral("-Y"),
                     QStringLiteral("sign"),
                     QStringLiteral("-q"),
                     QStringLiteral("-f"),
                     keyFile,
                     QStringLiteral("-n"),
                     QStringLiteral("golive")};
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-count);
    for (int i = 0; i < count; ++i) {
        SignOffEvent e;
        e.seq = i + 1;
        e.timeUtc = start.addMSecs(qint64(i) * 1000);
        e.kind = EventKind::NoteAdded;
        e.itemId = runbookItem;
        e.text = QStringLiteral("checked dashboards, all green (%1)").arg(i);
        e.actor = Actor::local(QStringLiteral("Bench Signer"), Role::Engineer);
        e.signature.keyFingerprint = key.fingerprint();
        e.signature.keyType = key.type;
        e.prevHash = head;
        e.hash = e.computeHash();
        head = e.hash;
        const QString p = payloads + QStringLiteral("/%1").arg(i);
        QFile f(p);
        if (!f.open(QIODevice::WriteOnly) || f.write(e.canonicalPayload()) < 0)
            return fail(QStringLiteral("cannot write %1").arg(p));
        args << p;
        events << e;
    }
    if (run(QStringLiteral("ssh-keygen"), args) != 0)
        return fail(QStringLiteral("ssh-keygen -Y sign failed"));
    const QString connection = QStringLiteral("bench-signed");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (!db.open())
            return fail(QStringLiteral("cannot open %1").arg(path));
        QSqlQuery q(db);
        db.transaction();
        q.prepare(QStringLiteral(
            "INSERT INTO events(seq, time_utc, kind, item_id, field_key, text, actor, role,"
            " os_user, host, prev_hash, hash, key_type, key_fp, signature)"
            " VALUES(?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const SignOffEvent& e : std::as_const(events)) {
            QFile sig(payloads + QStringLiteral("/%1.sig").arg(e.seq - 1));
            if (!sig.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("no signature for event %1").arg(e.seq));
            q.addBindValue(e.seq);
            q.addBindValue(e.timeUtc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
            q.addBindValue(eventKindName(e.kind));
            q.addBindValue(e.itemId);
            q.addBindValue(e.text);
            q.addBindValue(e.actor.name);
            q.addBindValue(roleName(e.actor.role));
            q.addBindValue(e.actor.osUser);
            q.addBindValue(e.actor.host);
            q.addBindValue(QString::fromLatin1(e.prevHash));
            q.addBindValue(QString::fromLatin1(e.hash));
            q.addBindValue(e.signature.keyType);
            q.addBindValue(e.signature.keyFingerprint);
            q.addBindValue(QString::fromLatin1(sig.readAll()));
            if (!q.exec())
                return fail(QStringLiteral("insert failed"));
        }
        db.commit();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    constexpr int kSignOffs = 100;
    constexpr int kEvents = 10000;
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/golive-bench-signing-XXXXXX"));
    const QString d = dir.path();
    // A key file (its private half beside it) and a key only in the agent (its .pub alone).
    for (const char* name : {"file", "agent"}) {
        if (run(QStringLiteral("ssh-keygen"),
                {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                 QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                 d + QStringLiteral("/") + QLatin1String(name)}) != 0)
            return fail(QStringLiteral("ssh-keygen could not make a key")), 1;
    }
    QDir().mkpath(d + QStringLiteral("/pub"));
    QFile::copy(d + QStringLiteral("/agent.pub"), d + QStringLiteral("/pub/agent.pub"));
    const QString sock = d + QStringLiteral("/agent.sock");
    QProcess agent;
    agent.start(QStringLiteral("ssh-agent"), {QStringLiteral("-a"), sock, QStringLiteral("-D")});
    agent.waitForStarted(10000);
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(sock));
    for (int i = 0; i < 200 && !QFileInfo::exists(sock); ++i)
        QThread::msleep(50);
    if (run(QStringLiteral("ssh-add"), {QStringLiteral("-q"), d + QStringLiteral("/agent")}) != 0)
        return fail(QStringLiteral("ssh-add failed")), 1;

    QString error;
    const auto fileKey = signing::SshPublicKey::fromFile(d + QStringLiteral("/file.pub"), &error);
    const auto agentKey =
        signing::SshPublicKey::fromFile(d + QStringLiteral("/pub/agent.pub"), &error);
    if (!fileKey || !agentKey)
        return fail(error), 1;
    const QString roster =
        signing::AllowedSigners::lineFor(QStringLiteral("Bench Signer"), *fileKey, &error) +
        QLatin1Char('\n') +
        signing::AllowedSigners::lineFor(QStringLiteral("Bench Signer"), *agentKey, &error) +
        QLatin1Char('\n');

    std::vector<std::vector<double>> ms;
    if (!signOffs(d, roster,
                  {QString(), d + QStringLiteral("/file"), d + QStringLiteral("/pub/agent.pub")},
                  kSignOffs, &ms))
        return 1;
    const Percentiles none = percentiles(ms[0]);
    const Percentiles file = percentiles(ms[1]);
    const Percentiles viaAgent = percentiles(ms[2]);
    std::printf("sign-off (RunFile::append, %d each, alternated), ms p50 / p99:\n", kSignOffs);
    std::printf("  unsigned             %7.2f / %7.2f\n", none.p50, none.p99);
    std::printf("  key file             %7.2f / %7.2f   adds %6.2f / %6.2f   (target < 50)\n",
                file.p50, file.p99, file.p50 - none.p50, file.p99 - none.p99);
    std::printf("  key in ssh-agent     %7.2f / %7.2f   adds %6.2f / %6.2f   (target < 50)\n",
                viaAgent.p50, viaAgent.p99, viaAgent.p50 - none.p50, viaAgent.p99 - none.p99);

    const QString path = d + QStringLiteral("/signed.golive");
    if (!signedRun(d, path, roster, d + QStringLiteral("/file"), *fileKey, kEvents))
        return 1;
    std::vector<double> openMs, verifyMs;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer t;
        t.start();
        auto opened = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        if (!opened || !opened->verification().intact())
            return fail(error.isEmpty() ? QStringLiteral("the chain does not verify") : error), 1;
        const double open = double(t.nsecsElapsed()) / 1e6;
        const signing::SignatureReport report =
            signing::checkSignatures(opened->initialRoster(), opened->events());
        const double all = double(t.nsecsElapsed()) / 1e6;
        if (report.good != kEvents || !report.passes())
            return fail(QStringLiteral("signatures: %1").arg(report.summary())), 1;
        openMs.push_back(open);
        verifyMs.push_back(all);
    }
    const Percentiles open = percentiles(openMs);
    const Percentiles all = percentiles(verifyMs);
    std::printf("verify of %d signed events (5 rounds), median ms:\n", kEvents);
    std::printf("  open, chain checked  %7.1f\n", open.p50);
    std::printf("  + every signature    %7.1f   (%.2fx the open; %.1f us a signature; "
                "target < 1000 ms)\n",
                all.p50, all.p50 / open.p50, (all.p50 - open.p50) * 1000.0 / kEvents);
    using golive::bench::tableRow;
    const auto msText = [](double v) { return golive::bench::ms(v); };
    tableRow("what signing adds to a sign-off: key file, p50", msText(file.p50 - none.p50),
             "unsigned sign-off: " + msText(none.p50), -1, "adds < 50 ms",
             file.p50 - none.p50 < 50);
    tableRow("what signing adds to a sign-off: key in ssh-agent, p50",
             msText(viaAgent.p50 - none.p50), "unsigned sign-off: " + msText(none.p50), -1,
             "adds < 50 ms", viaAgent.p50 - none.p50 < 50);
    tableRow("golive verify's work on 10,000 signed events (Ed25519)", msText(all.p50),
             "the open with the chain checked: " + msText(open.p50), all.p50 / open.p50, "< 1 s",
             all.p50 < 1000);
    agent.terminate();
    agent.waitForFinished(5000);
    return 0;
}
