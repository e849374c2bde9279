// Server runs on a real PostgreSQL over loopback (TLS, verify-full, synchronous_commit on):
// the durable sign-off (ServerRun::append) beside a bare libpq INSERT of a similar row on the
// same server and the same kind of connection, in one run, as a ratio; propagation from one
// ServerRun's commit to another ServerRun's watch() + catchUp() on another thread, p50/p99;
// and opening a 10,000-event server run. The benchmark starts its own PostgreSQL with
// tests/server/start-postgres.sh in a temporary folder and stops it at the end.
#include "BenchTable.h"
#include "RunFile.h"
#include "RunSession.h"
#include "server/ServerRun.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QUuid>

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using namespace golive;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kAppends = 1000;
constexpr int kPropagations = 300;
constexpr int kOpenEvents = 10000;
constexpr int kOpens = 5;

struct Percentiles
{
    double p50 = 0;
    double p99 = 0;
};

Percentiles percentiles(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v.at(std::min(v.size() - 1, static_cast<size_t>(q * double(v.size()))));
    };
    return {at(0.50), at(0.99)};
}

double micros(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double, std::micro>(to - from).count();
}

// The benchmark's own server, and the URIs and connection string that reach it.
struct Server
{
    QString dir;
    QString uri;      // no run parameter: TLS verify-full against the fixture's CA
    QByteArray libpq; // the same, for libpq
    QString runUri(const QString& name) const { return uri + QStringLiteral("&run=") + name; }
};
Server g_server;

std::multimap<std::string, Percentiles> g_results; // "bare" / "append" -> one round

bool script(const char* name, const QString& dir, QString* error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(GOLIVE_SERVER_SCRIPTS "/") + QLatin1String(name), {dir});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("%1 %2 failed: %3")
                     .arg(QLatin1String(name), dir, QString::fromLocal8Bit(p.readAll()));
        return false;
    }
    return true;
}

QString readFixture(const QString& dir, const char* name)
{
    QFile f(dir + QLatin1Char('/') + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

QByteArray seedRunbook()
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return seed.open(QIODevice::ReadOnly) ? seed.readAll() : QByteArray();
}

// The golive schema on the benchmark's server, as `golive server init` makes it.
bool initSchema(QString* error)
{
    return ServerRun::initSchema(g_server.uri, error);
}

std::unique_ptr<ServerRun> newRun(const QString& prefix, QString* error)
{
    const QString name = prefix + QLatin1Char('-') + QUuid::createUuid().toString(QUuid::Id128);
    auto created = ServerRun::create(g_server.runUri(name), seedRunbook(),
                                     QStringLiteral("summit-go-live-runbook.md"), error);
    return created;
}

SignOffEvent note(const ServerRun& run, int i)
{
    SignOffEvent e;
    e.kind = EventKind::NoteAdded;
    e.itemId = run.runbook().allItems().constFirst()->id;
    e.actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
    e.text = QStringLiteral("checked dashboards, all green (%1)").arg(i);
    return e;
}

void BM_ServerRunAppend(benchmark::State& state)
{
    QString error;
    auto run = newRun(QStringLiteral("bench-append"), &error);
    if (!run) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    std::vector<double> us;
    us.reserve(kAppends);
    int i = 0;
    for (auto _ : state) {
        SignOffEvent e = note(*run, ++i);
        const auto start = Clock::now();
        const bool ok = run->append(e, &error);
        const auto end = Clock::now();
        if (!ok) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        us.push_back(micros(start, end));
    }
    const Percentiles p = percentiles(us);
    state.counters["p50_us"] = p.p50;
    state.counters["p99_us"] = p.p99;
    g_results.emplace("append", p);
}

// The floor: one prepared INSERT of a row with the same columns and sizes, in autocommit (one
// durable commit each, synchronous_commit on as for golive), over a libpq connection like
// golive's (TCP on 127.0.0.1, TLS verify-full); no lock, no rules, no hashing, no NOTIFY, no Qt.
// With range(0) == 1, not the floor but a diagnostic: golive's append statement (move the head
// from the seq it was judged against, insert the event, pg_notify; one statement in its own
// transaction), prepared once and sent through libpq, so what remains beside
// ServerRun::append is golive's own work on the client (the rules, the hash chain, folding).
void BM_BareInsert(benchmark::State& state)
{
    const bool statement = state.range(0) == 1;
    PGconn* conn = PQconnectdb(g_server.libpq.constData());
    if (PQstatus(conn) != CONNECTION_OK) {
        state.SkipWithError(PQerrorMessage(conn));
        PQfinish(conn);
        return;
    }
    const auto exec = [&](const char* sql) {
        PGresult* r = PQexec(conn, sql);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        return ok;
    };
    static int round = 0;
    const std::string table = "bench_bare_" + std::to_string(++round);
    exec("SET client_min_messages = warning"); // no NOTICE for the DROP of a table not there
    exec(("DROP TABLE IF EXISTS " + table).c_str());
    exec("SET synchronous_commit = on");
    if (!exec(("CREATE TABLE " + table +
               "(run_id uuid NOT NULL, seq bigint NOT NULL, time_utc text NOT NULL, kind text "
               "NOT NULL, item_id text, field_key text, text text, actor text NOT NULL, role "
               "text NOT NULL, os_user text, host text, prev_hash text NOT NULL, hash text NOT "
               "NULL, PRIMARY KEY(run_id, seq))")
                  .c_str())) {
        state.SkipWithError(PQerrorMessage(conn));
        PQfinish(conn);
        return;
    }
    const std::string heads = table + "_head";
    const auto prepare = [&](const char* name, const std::string& sql) {
        PGresult* r = PQprepare(conn, name, sql.c_str(), 0, nullptr);
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        return ok;
    };
    bool ready = prepare("insert", "INSERT INTO " + table +
                                       " VALUES($1,$2,$3,$4,$5,NULL,$6,$7,$8,$9,$10,$11,$12)");
    if (statement)
        ready = ready &&
                exec(("CREATE TABLE " + heads + "(one int PRIMARY KEY, seq bigint, hash text)")
                         .c_str()) &&
                exec(("INSERT INTO " + heads + " VALUES(1, 0, '')").c_str()) &&
                prepare("swap", "WITH head AS (UPDATE " + heads +
                                    " SET seq = $2::bigint, hash = $12 WHERE one = 1 AND"
                                    " seq = $2::bigint - 1 RETURNING one), ev AS (INSERT INTO " +
                                    table +
                                    " SELECT $1::uuid, $2::bigint, $3, $4, $5, NULL, $6, $7, $8,"
                                    " $9, $10, $11, $12 FROM head RETURNING seq)"
                                    " SELECT pg_notify('bench', seq::text) FROM ev");
    if (!ready) {
        state.SkipWithError(PQerrorMessage(conn));
        PQfinish(conn);
        return;
    }
    const auto run = [&](const char* name, int n, const char* const* values, ExecStatusType ok) {
        PGresult* r = PQexecPrepared(conn, name, n, values, nullptr, nullptr, 0);
        const bool done = PQresultStatus(r) == ok;
        PQclear(r);
        return done;
    };
    const std::string runId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    const std::string hash(64, 'a');
    const std::string time = "2026-05-01T10:00:00.000Z";
    std::vector<double> us;
    us.reserve(kAppends);
    long long seq = 0;
    for (auto _ : state) {
        const std::string text = "checked dashboards, all green (" + std::to_string(seq) + ")";
        const auto start = Clock::now();
        const std::string seqText = std::to_string(++seq);
        const char* values[] = {runId.c_str(), seqText.c_str(), time.c_str(), "note-added", "0.1",
                                text.c_str(),  "Bench",         "engineer",   "root",       "vm",
                                hash.c_str(),  hash.c_str()};
        const bool ok = statement ? run("swap", 12, values, PGRES_TUPLES_OK)
                                  : run("insert", 12, values, PGRES_COMMAND_OK);
        const auto end = Clock::now();
        if (!ok) {
            state.SkipWithError(PQerrorMessage(conn));
            break;
        }
        us.push_back(micros(start, end));
    }
    exec(("DROP TABLE " + table).c_str());
    exec(("DROP TABLE IF EXISTS " + heads).c_str());
    PQfinish(conn);
    if (!us.empty()) {
        const Percentiles p = percentiles(us);
        state.counters["p50_us"] = p.p50;
        state.counters["p99_us"] = p.p99;
        g_results.emplace(statement ? "statement" : "bare", p);
    }
}

// Another workstation: a ServerRun on its own thread (its connection and its event loop there),
// that catches up whenever watch() says something changed and stamps when each event arrived.
class Watcher : public QObject
{
public:
    bool start(const QString& uri, QString* error)
    {
        bool ok = false;
        QMetaObject::invokeMethod(
            this,
            [&] {
                m_run = ServerRun::open(uri, RunLedger::Access::ReadOnly, error);
                ok = m_run && m_run->watch([this] { fetch(); });
                if (m_run && !ok)
                    *error = QStringLiteral("watch() is not available: the window would poll");
            },
            Qt::BlockingQueuedConnection);
        return ok;
    }
    void stop()
    {
        QMetaObject::invokeMethod(
            this, [this] { m_run.reset(); }, Qt::BlockingQueuedConnection);
    }
    // When the event `seq` reached this workstation; false when it did not within `patience`.
    bool arrival(qint64 seq, std::chrono::milliseconds patience, Clock::time_point* at)
    {
        std::unique_lock lock(m_mutex);
        if (!m_seen.wait_for(lock, patience, [&] { return m_arrived.count(seq) > 0; }))
            return false;
        *at = m_arrived.at(seq);
        return true;
    }
    QString lastError()
    {
        std::lock_guard lock(m_mutex);
        return m_error;
    }

private:
    void fetch()
    {
        QList<SignOffEvent> fresh;
        QString error;
        const bool ok = m_run->catchUp(&fresh, &error);
        const auto now = Clock::now();
        std::lock_guard lock(m_mutex);
        if (!ok)
            m_error = error;
        for (const SignOffEvent& e : fresh)
            m_arrived.emplace(e.seq, now);
        m_seen.notify_all();
    }

    std::unique_ptr<ServerRun> m_run;
    std::mutex m_mutex;
    std::condition_variable m_seen;
    std::map<qint64, Clock::time_point> m_arrived;
    QString m_error;
};

struct Propagation
{
    std::vector<double> fromCallUs; // from the writer's append() call (the commit is inside it)
    std::vector<double> fromAckUs;  // from append() returning (the commit acknowledged)
    int lost = 0;
    QString error;
};
Propagation g_propagation;

// One sign-off at a time on one workstation, each waited for on the other before the next.
void measurePropagation()
{
    Propagation& out = g_propagation;
    const QString name =
        QStringLiteral("bench-watch-") + QUuid::createUuid().toString(QUuid::Id128);
    auto writer = ServerRun::create(g_server.runUri(name), seedRunbook(),
                                    QStringLiteral("summit-go-live-runbook.md"), &out.error);
    if (!writer)
        return;
    QThread thread;
    Watcher watcher;
    watcher.moveToThread(&thread);
    thread.start();
    if (watcher.start(g_server.runUri(name), &out.error)) {
        for (int i = 1; i <= kPropagations; ++i) {
            SignOffEvent e = note(*writer, i);
            const auto call = Clock::now();
            if (!writer->append(e, &out.error))
                break;
            const auto ack = Clock::now();
            Clock::time_point arrived;
            if (!watcher.arrival(e.seq, std::chrono::seconds(5), &arrived)) {
                ++out.lost;
                continue;
            }
            out.fromCallUs.push_back(micros(call, arrived));
            out.fromAckUs.push_back(micros(ack, arrived));
        }
        if (out.error.isEmpty())
            out.error = watcher.lastError();
    }
    watcher.stop();
    thread.quit();
    thread.wait();
}

Propagation g_sessionPropagation;

// The window's side of it: a RunSession on the real store (the model the checklist, header,
// timeline and wall screen read; its ledger on a worker thread, as the window holds it), each
// sign-off from another workstation timed until the session has folded it in and said so
// (recordedElsewhere, on this thread). The writer appends on this thread too, so an arrival
// is stamped only once append() has returned and the loop runs: never early.
void measureSessionPropagation()
{
    Propagation& out = g_sessionPropagation;
    const QString name =
        QStringLiteral("bench-session-") + QUuid::createUuid().toString(QUuid::Id128);
    auto writer = ServerRun::create(g_server.runUri(name), seedRunbook(),
                                    QStringLiteral("summit-go-live-runbook.md"), &out.error);
    if (!writer)
        return;
    RunSession session;
    bool opened = false;
    std::map<qint64, Clock::time_point> arrived;
    QEventLoop* waiting = nullptr;
    const auto wake = [&waiting] {
        if (waiting)
            waiting->quit();
    };
    QObject::connect(&session, &RunSession::opened, [&] {
        opened = true;
        wake();
    });
    QObject::connect(&session, &RunSession::openFailed, [&](const QString& error) {
        out.error = error;
        wake();
    });
    QObject::connect(&session, &RunSession::recordedElsewhere,
                     [&](const QList<SignOffEvent>& events) {
                         const auto now = Clock::now();
                         for (const SignOffEvent& e : events)
                             arrived.emplace(e.seq, now);
                         wake();
                     });
    const auto waitUntil = [&waiting](const std::function<bool()>& done, int ms) {
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        waiting = &loop;
        if (!done())
            loop.exec();
        waiting = nullptr;
        return done();
    };
    session.open(g_server.runUri(name));
    if (!waitUntil([&] { return opened || !out.error.isEmpty(); }, 10000) || !opened) {
        if (out.error.isEmpty())
            out.error = QStringLiteral("the session did not open the run within 10 s");
        return;
    }
    for (int i = 1; i <= kPropagations; ++i) {
        SignOffEvent e = note(*writer, i);
        const auto call = Clock::now();
        if (!writer->append(e, &out.error))
            break;
        const auto ack = Clock::now();
        if (!waitUntil([&] { return arrived.count(e.seq) > 0; }, 5000)) {
            ++out.lost;
            continue;
        }
        out.fromCallUs.push_back(micros(call, arrived.at(e.seq)));
        out.fromAckUs.push_back(micros(ack, arrived.at(e.seq)));
    }
    session.close();
}

struct Opening
{
    std::vector<double> ms;
    qint64 events = 0;
    double seedS = 0;
    QString error;
};
Opening g_opening;

// A run with kOpenEvents events (signed into a run file, then published to the server: the
// same rows as sign-offs leave, in seconds rather than minutes), then opened kOpens times as the
// window opens it: read every event, verify the chain, fold the rules.
void measureOpening()
{
    Opening& out = g_opening;
    const QString name = QStringLiteral("bench-open-") + QUuid::createUuid().toString(QUuid::Id128);
    const auto seedStart = Clock::now();
    {
        QTemporaryDir folder;
        auto file = RunFile::create(folder.filePath(QStringLiteral("seed.golive")), seedRunbook(),
                                    QStringLiteral("summit-go-live-runbook.md"), &out.error);
        if (!file)
            return;
        const QString item = file->runbook().allItems().constFirst()->id;
        const Actor actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
        for (int i = 1; i <= kOpenEvents; ++i) {
            SignOffEvent e;
            e.kind = EventKind::NoteAdded;
            e.itemId = item;
            e.actor = actor;
            e.text = QStringLiteral("checked dashboards, all green (%1)").arg(i);
            if (!file->append(e, &out.error))
                return;
        }
        if (!ServerRun::publish(g_server.runUri(name), *file, &out.error))
            return;
    }
    out.seedS = micros(seedStart, Clock::now()) / 1e6;
    for (int k = 0; k < kOpens; ++k) {
        const auto start = Clock::now();
        auto run =
            ServerRun::open(g_server.runUri(name), RunLedger::Access::PreferReadWrite, &out.error);
        const auto end = Clock::now();
        if (!run)
            return;
        out.events = run->events().size();
        out.ms.push_back(micros(start, end) / 1000);
    }
}

int printResults()
{
    // Best of the alternated rounds on each side.
    Percentiles bare{1e18, 1e18};
    Percentiles append{1e18, 1e18};
    Percentiles statement{1e18, 1e18};
    for (const auto& [side, p] : g_results) {
        Percentiles& best = side == "bare" ? bare : side == "append" ? append : statement;
        best.p50 = std::min(best.p50, p.p50);
        best.p99 = std::min(best.p99, p.p99);
    }
    int code = g_results.count("bare") && g_results.count("append") ? 0 : 1;
    std::printf("\nPostgreSQL on 127.0.0.1 (TLS verify-full, synchronous_commit on, fsync on)\n");
    std::printf("N=%d durable sign-offs each side\n", kAppends);
    std::printf("  bare libpq INSERT   : p50 %8.1f us   p99 %8.1f us\n", bare.p50, bare.p99);
    std::printf("  ServerRun::append   : p50 %8.1f us   p99 %8.1f us\n", append.p50, append.p99);
    std::printf("  ratio               : p50 %8.2fx     p99 %8.2fx   (target <= 1.5x)\n",
                append.p50 / bare.p50, append.p99 / bare.p99);
    const auto us = [](double v) { return std::to_string(long(v)) + " us"; };
    golive::bench::ratioRow("durable sign-off on a server run (ServerRun::append), p50",
                            us(append.p50), "bare libpq INSERT: " + us(bare.p50),
                            append.p50 / bare.p50, 1.5);
    golive::bench::ratioRow("durable sign-off on a server run (ServerRun::append), p99",
                            us(append.p99), "bare libpq INSERT: " + us(bare.p99),
                            append.p99 / bare.p99, 1.5);
    if (g_results.count("statement"))
        std::printf("  diagnostic: golive's append statement alone in libpq: p50 %.1f us"
                    "   p99 %.1f us (%.2fx / %.2fx the bare INSERT)\n",
                    statement.p50, statement.p99, statement.p50 / bare.p50,
                    statement.p99 / bare.p99);

    const auto printPropagation = [&code](const Propagation& prop, const char* what) {
        if (prop.fromCallUs.empty()) {
            std::printf("propagation to %s: not measured: %s\n", what, qPrintable(prop.error));
            code = 1;
            return;
        }
        const Percentiles call = percentiles(prop.fromCallUs);
        const Percentiles ack = percentiles(prop.fromAckUs);
        std::printf("N=%zu sign-offs seen by %s, %d not seen within 5 s\n", prop.fromCallUs.size(),
                    what, prop.lost);
        std::printf("  from append() call  : p50 %8.2f ms   p99 %8.2f ms   (target p99 < 250 ms)\n",
                    call.p50 / 1000, call.p99 / 1000);
        std::printf("  from its return     : p50 %8.2f ms   p99 %8.2f ms\n", ack.p50 / 1000,
                    ack.p99 / 1000);
        if (!prop.error.isEmpty())
            std::printf("  error: %s\n", qPrintable(prop.error));
        golive::bench::tableRow(std::string("propagation of a sign-off to ") + what + ", p99",
                                golive::bench::ms(call.p99 / 1000),
                                "from the append's return: " + golive::bench::ms(ack.p99 / 1000),
                                call.p99 / ack.p99, "p99 < 250 ms", call.p99 / 1000 < 250);
    };
    printPropagation(g_propagation, "a second ServerRun (watch + catchUp, another thread)");
    printPropagation(g_sessionPropagation,
                     "a window's RunSession (its model; the ledger on a worker thread)");

    const Opening& open = g_opening;
    if (open.ms.empty()) {
        std::printf("opening: not measured: %s\n", qPrintable(open.error));
        code = 1;
    } else {
        std::vector<double> ms = open.ms;
        std::sort(ms.begin(), ms.end());
        std::printf("opening a %lld-event server run (seeded in %.1f s), %zu opens\n",
                    static_cast<long long>(open.events), open.seedS, ms.size());
        std::printf(
            "  ServerRun::open     : median %8.1f ms   worst %8.1f ms   (target < 500 ms)\n",
            ms[ms.size() / 2], ms.back());
        golive::bench::tableRow(
            "opening a 10,000-event server run (median)", golive::bench::ms(ms[ms.size() / 2]),
            "worst: " + golive::bench::ms(ms.back()), -1, "< 500 ms", ms[ms.size() / 2] < 500);
    }
    return code;
}

} // namespace

// Alternated so a slow moment of the disk does not land on one side only.
BENCHMARK(BM_BareInsert)->Arg(0)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ServerRunAppend)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareInsert)->Arg(1)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareInsert)->Arg(0)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ServerRunAppend)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareInsert)->Arg(1)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // head records never in the user's folder
    benchmark::Initialize(&argc, argv);

    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/golive-bench-pg-XXXXXX"));
    QString error;
    if (!dir.isValid() || !script("start-postgres.sh", dir.path(), &error)) {
        std::fprintf(stderr, "bench_server: %s\n", qPrintable(error));
        return 1;
    }
    g_server.dir = dir.path();
    const QString port = readFixture(dir.path(), "port");
    const QString ca = dir.path() + QStringLiteral("/ca.pem");
    qputenv("PGPASSFILE", (dir.path() + QStringLiteral("/pgpass")).toLocal8Bit());
    g_server.uri =
        QStringLiteral("postgresql://golive_admin@127.0.0.1:%1/golive?sslmode=verify-full"
                       "&sslrootcert=%2")
            .arg(port, ca);
    g_server.libpq = g_server.uri.toUtf8();

    int code = 0;
    if (!initSchema(&error)) {
        std::fprintf(stderr, "bench_server: %s\n", qPrintable(error));
        code = 1;
    } else {
        benchmark::RunSpecifiedBenchmarks();
        measurePropagation();
        measureSessionPropagation();
        measureOpening();
        code = printResults();
    }
    benchmark::Shutdown();
    if (!script("stop-postgres.sh", dir.path(), &error)) {
        std::fprintf(stderr, "bench_server: %s\n", qPrintable(error));
        code = 1;
    }
    return code;
}
