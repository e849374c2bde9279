// Durable sign-off latency: RunFile::append against a bare sqlite3 insert of a similar row,
// both in WAL mode with synchronous=FULL, on the same filesystem, in one run.
#include "BenchTable.h"
#include "RunFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace golive;

namespace {

constexpr int kAppends = 2000;

struct Percentiles
{
    double p50 = 0;
    double p99 = 0;
};

std::multimap<std::string, Percentiles> g_results; // side -> one run

Percentiles percentiles(std::vector<double> us)
{
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) {
        return us.at(std::min(us.size() - 1, static_cast<size_t>(q * double(us.size()))));
    };
    return {at(0.50), at(0.99)};
}

void report(benchmark::State& state, const char* side, const std::vector<double>& us)
{
    const Percentiles p = percentiles(us);
    state.counters["p50_us"] = p.p50;
    state.counters["p99_us"] = p.p99;
    g_results.emplace(side, p);
}

QString tempDir()
{
    // On /tmp, like a run file beside the user's other files: same filesystem for both.
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/golive-bench-XXXXXX"));
    return dir.path();
}

void BM_RunFileAppend(benchmark::State& state)
{
    static int round = 0;
    const QString path = tempDir() + QStringLiteral("/bench-%1.golive").arg(++round);
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!seed.open(QIODevice::ReadOnly)) {
        state.SkipWithError("cannot read the seed runbook");
        return;
    }
    QString error;
    auto run = RunFile::create(path, seed.readAll(), QStringLiteral("seed.md"), &error);
    if (!run) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    const QString item = run->runbook().allItems().constFirst()->id;
    const Actor actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
    std::vector<double> us;
    us.reserve(kAppends);
    int i = 0;
    for (auto _ : state) {
        SignOffEvent e;
        e.kind = EventKind::NoteAdded;
        e.itemId = item;
        e.actor = actor;
        e.text = QStringLiteral("checked dashboards, all green (%1)").arg(++i);
        const auto start = std::chrono::steady_clock::now();
        const bool ok = run->append(e, &error);
        const auto end = std::chrono::steady_clock::now();
        if (!ok) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
    report(state, "append", us);
}

// The floor: one prepared INSERT in autocommit, the same columns and sizes, no hashing, no
// rules, no Qt.
void BM_BareSqliteInsert(benchmark::State& state)
{
    static int round = 0;
    const QByteArray path =
        (tempDir() + QStringLiteral("/bare-%1.sqlite").arg(++round)).toLocal8Bit();
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        state.SkipWithError("sqlite3_open_v2 failed");
        return;
    }
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                 "CREATE TABLE events(seq INTEGER PRIMARY KEY, time_utc TEXT NOT NULL, kind TEXT "
                 "NOT NULL, item_id TEXT, field_key TEXT, text TEXT, actor TEXT NOT NULL, role "
                 "TEXT NOT NULL, os_user TEXT, host TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT "
                 "NULL)",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", -1, &insert,
                       nullptr);
    const std::string hash(64, 'a');
    const std::string time = "2026-05-01T10:00:00.000Z";
    std::vector<double> us;
    us.reserve(kAppends);
    long long seq = 0;
    for (auto _ : state) {
        const std::string text = "checked dashboards, all green (" + std::to_string(seq) + ")";
        const auto start = std::chrono::steady_clock::now();
        sqlite3_bind_int64(insert, 1, ++seq);
        const auto bind = [&](int column, const std::string& s) {
            sqlite3_bind_text(insert, column, s.data(), int(s.size()), SQLITE_STATIC);
        };
        bind(2, time);
        bind(3, "note-added");
        bind(4, "0.1");
        sqlite3_bind_null(insert, 5);
        bind(6, text);
        bind(7, "Bench");
        bind(8, "engineer");
        bind(9, "root");
        bind(10, "vm");
        bind(11, hash);
        bind(12, hash);
        const int rc = sqlite3_step(insert);
        sqlite3_reset(insert);
        const auto end = std::chrono::steady_clock::now();
        if (rc != SQLITE_DONE) {
            state.SkipWithError(sqlite3_errmsg(db));
            break;
        }
        us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    if (!us.empty())
        report(state, "bare", us);
}

} // namespace

// Alternated so a slow moment of the disk does not land on one side only.
BENCHMARK(BM_BareSqliteInsert)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RunFileAppend)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareSqliteInsert)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RunFileAppend)->Iterations(kAppends)->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);         // QtSql loads its SQLite driver as a plugin
    QStandardPaths::setTestModeEnabled(true); // head records never in the user's folder
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    // Best of the alternated runs on each side.
    Percentiles bare{1e18, 1e18};
    Percentiles append{1e18, 1e18};
    for (const auto& [name, p] : g_results) {
        Percentiles& side = name == "bare" ? bare : append;
        side.p50 = std::min(side.p50, p.p50);
        side.p99 = std::min(side.p99, p.p99);
    }
    if (g_results.empty())
        return 1;
    std::printf("\nN=%d durable appends (WAL, synchronous=FULL) in %s\n", kAppends,
                qPrintable(QDir::tempPath()));
    std::printf("  bare sqlite3 insert : p50 %8.1f us   p99 %8.1f us\n", bare.p50, bare.p99);
    std::printf("  RunFile::append     : p50 %8.1f us   p99 %8.1f us\n", append.p50, append.p99);
    std::printf("  ratio               : p50 %8.2fx     p99 %8.2fx   (target <= 1.5x)\n",
                append.p50 / bare.p50, append.p99 / bare.p99);
    char a50[32], b50[32], a99[32], b99[32];
    std::snprintf(a50, sizeof a50, "%.0f us", append.p50);
    std::snprintf(b50, sizeof b50, "%.0f us", bare.p50);
    std::snprintf(a99, sizeof a99, "%.0f us", append.p99);
    std::snprintf(b99, sizeof b99, "%.0f us", bare.p99);
    golive::bench::ratioRow("durable sign-off (RunFile::append), p50", a50,
                            std::string("bare SQLite insert: ") + b50, append.p50 / bare.p50, 1.5);
    golive::bench::ratioRow("durable sign-off (RunFile::append), p99", a99,
                            std::string("bare SQLite insert: ") + b99, append.p99 / bare.p99, 1.5);
    return 0;
}
