// Evidence: attaching a 25 MiB file (RunLedger::appendWithBlob into a run file) beside reading
// the same file and hashing it with SHA-256 (the least any attach must do), and opening a run
// holding 500 attachments of 1 MiB beside opening the same run with their bytes removed; the
// resident memory each open adds. Ratios in the same run, printed at the end.
#include "AsyncLedger.h"
#include "BenchTable.h"
#include "RunFile.h"
#include "evidence/Evidence.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

using namespace golive;

namespace {

constexpr qint64 kAttachBytes = 25 * 1024 * 1024;
constexpr int kOpenAttachments = 500;

std::vector<double> g_attachMs, g_hashMs, g_openWithMs, g_openWithoutMs;
std::vector<double> g_rssWithKiB, g_rssWithoutKiB;
std::vector<double> g_uiStallMs, g_idleStallMs;

QString tempDir()
{
    static QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/golive-bench-ev-XXXXXX"));
    return dir.path();
}

QByteArray seedRunbook()
{
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return seed.open(QIODevice::ReadOnly) ? seed.readAll() : QByteArray();
}

// Resident memory now, in KiB (Linux /proc/self/status VmRSS).
double residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toDouble();
    }
    return 0;
}

// A file of `bytes` random bytes (so every attach stores new bytes).
bool writeRandom(const QString& path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QByteArray chunk(1024 * 1024, Qt::Uninitialized);
    for (qint64 left = bytes; left > 0; left -= chunk.size()) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(chunk.data()),
                                              chunk.size() / 4);
        if (f.write(chunk.constData(), std::min<qint64>(left, chunk.size())) < 0)
            return false;
    }
    return true;
}

SignOffEvent attachment(const QString& itemId, const QString& name)
{
    SignOffEvent e;
    e.kind = EventKind::EvidenceAttached;
    e.itemId = itemId;
    e.actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
    e.text = attachmentEventText({name, 0, QStringLiteral("application/octet-stream"), {}});
    return e;
}

void BM_Attach25MiB(benchmark::State& state)
{
    static int round = 0;
    const QString file = tempDir() + QStringLiteral("/attach.bin");
    for (auto _ : state) {
        state.PauseTiming();
        const QString path = tempDir() + QStringLiteral("/attach-%1.golive").arg(++round);
        QString error;
        auto run = RunFile::create(path, seedRunbook(), QStringLiteral("seed.md"), &error);
        if (!run || !writeRandom(file, kAttachBytes)) {
            state.SkipWithError("cannot make the run or the file");
            return;
        }
        SignOffEvent e =
            attachment(run->runbook().allItems().constFirst()->id, QStringLiteral("attach.bin"));
        QFile source(file);
        source.open(QIODevice::ReadOnly);
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        const bool ok = run->appendWithBlob(e, &source, QStringLiteral("attach.bin"),
                                            DefaultMaxAttachmentBytes, &error);
        g_attachMs.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        if (!ok) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        state.PauseTiming();
        run.reset();
        QFile::remove(path);
        state.ResumeTiming();
    }
}

// The longest the caller's thread goes without its event loop turning, with a 1 ms timer
// ticking on it: while AsyncLedger attaches a 25 MiB file on its worker (what the window
// does), and, as the reference, while the loop only waits as long.
double longestStallMs(const std::function<void(QEventLoop&)>& during)
{
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(1);
    auto last = std::chrono::steady_clock::now();
    double longest = 0;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const auto now = std::chrono::steady_clock::now();
        longest = std::max(longest, std::chrono::duration<double, std::milli>(now - last).count());
        last = now;
    });
    tick.start();
    last = std::chrono::steady_clock::now();
    during(loop);
    return longest;
}

void BM_UiThreadWhileAttaching(benchmark::State& state)
{
    static int round = 0;
    const QString file = tempDir() + QStringLiteral("/ui-attach.bin");
    for (auto _ : state) {
        state.PauseTiming();
        const QString path = tempDir() + QStringLiteral("/ui-attach-%1.golive").arg(++round);
        QString error;
        QString itemId;
        {
            auto run = RunFile::create(path, seedRunbook(), QStringLiteral("seed.md"), &error);
            if (!run || !writeRandom(file, kAttachBytes)) {
                state.SkipWithError("cannot make the run or the file");
                return;
            }
            itemId = run->runbook().allItems().constFirst()->id;
        }
        AsyncLedger ledger;
        {
            QEventLoop opened;
            QObject::connect(&ledger, &AsyncLedger::opened, &opened, &QEventLoop::quit);
            QObject::connect(&ledger, &AsyncLedger::openFailed, &opened, &QEventLoop::quit);
            ledger.open(path, RunLedger::Access::ReadWrite);
            opened.exec();
        }
        state.ResumeTiming();
        auto started = std::chrono::steady_clock::now();
        double tookMs = 0;
        bool ok = false;
        const double stall = longestStallMs([&](QEventLoop& loop) {
            QObject::connect(&ledger, &AsyncLedger::appended, &loop, [&] {
                ok = true;
                loop.quit();
            });
            QObject::connect(&ledger, &AsyncLedger::appendFailed, &loop, &QEventLoop::quit);
            started = std::chrono::steady_clock::now();
            ledger.appendWithFile(attachment(itemId, QStringLiteral("ui-attach.bin")), file,
                                  DefaultMaxAttachmentBytes);
            loop.exec();
            tookMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                               started)
                         .count();
        });
        if (!ok) {
            state.SkipWithError("the attach through the worker failed");
            return;
        }
        const double idle = longestStallMs([&](QEventLoop& loop) {
            QTimer::singleShot(int(tookMs), &loop, &QEventLoop::quit);
            loop.exec();
        });
        g_uiStallMs.push_back(stall);
        g_idleStallMs.push_back(idle);
    }
}

void BM_ReadAndHash25MiB(benchmark::State& state)
{
    const QString file = tempDir() + QStringLiteral("/hash.bin");
    for (auto _ : state) {
        state.PauseTiming();
        if (!writeRandom(file, kAttachBytes)) {
            state.SkipWithError("cannot write the file");
            return;
        }
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        QFile source(file);
        source.open(QIODevice::ReadOnly);
        QCryptographicHash hash(QCryptographicHash::Sha256);
        while (!source.atEnd())
            hash.addData(source.read(RunLedger::BlobChunkBytes));
        benchmark::DoNotOptimize(hash.result());
        g_hashMs.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
}

// The run with 500 attachments of 1 MiB, and the same run with the blobs' bytes removed
// (triggers dropped on a copy, then VACUUM): made once.
bool makeOpenRuns(QString* with, QString* without)
{
    *with = tempDir() + QStringLiteral("/open-with.golive");
    *without = tempDir() + QStringLiteral("/open-without.golive");
    if (QFile::exists(*without))
        return true;
    QString error;
    {
        auto run = RunFile::create(*with, seedRunbook(), QStringLiteral("seed.md"), &error);
        if (!run)
            return false;
        const QString file = tempDir() + QStringLiteral("/one.bin");
        const QString item = run->runbook().allItems().constFirst()->id;
        for (int i = 0; i < kOpenAttachments; ++i) {
            if (!writeRandom(file, 1024 * 1024))
                return false;
            QFile source(file);
            source.open(QIODevice::ReadOnly);
            SignOffEvent e = attachment(item, QStringLiteral("part-%1.bin").arg(i));
            if (!run->appendWithBlob(e, &source, source.fileName(), DefaultMaxAttachmentBytes,
                                     &error))
                return false;
        }
        if (!run->checkpoint(&error))
            return false;
    }
    if (!QFile::copy(*with, *without))
        return false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("x"));
        db.setDatabaseName(*without);
        db.open();
        QSqlQuery q(db);
        for (const char* sql :
             {"DROP TRIGGER blob_chunks_never_deleted", "DELETE FROM blob_chunks", "VACUUM"})
            q.exec(QLatin1String(sql));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("x"));
    return true;
}

void openOnce(benchmark::State& state, bool withBlobs)
{
    QString with, without;
    if (!makeOpenRuns(&with, &without)) {
        state.SkipWithError("cannot make the runs");
        return;
    }
    for (auto _ : state) {
        const double before = residentKiB();
        const auto start = std::chrono::steady_clock::now();
        QString error;
        auto run = RunFile::open(withBlobs ? with : without, RunLedger::Access::ReadOnly, &error);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        if (!run) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        (withBlobs ? g_openWithMs : g_openWithoutMs).push_back(ms);
        (withBlobs ? g_rssWithKiB : g_rssWithoutKiB).push_back(residentKiB() - before);
    }
}

void BM_OpenWith500Attachments(benchmark::State& state)
{
    openOnce(state, true);
}
void BM_OpenWithoutTheirBytes(benchmark::State& state)
{
    openOnce(state, false);
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

} // namespace

// Alternated so a slow moment of the disk does not land on one side only.
BENCHMARK(BM_ReadAndHash25MiB)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attach25MiB)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadAndHash25MiB)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Attach25MiB)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UiThreadWhileAttaching)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenWithoutTheirBytes)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenWith500Attachments)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenWithoutTheirBytes)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpenWith500Attachments)->Iterations(10)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);         // QtSql loads its SQLite driver as a plugin
    QStandardPaths::setTestModeEnabled(true); // head records never in the user's folder
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    if (g_attachMs.empty() || g_hashMs.empty() || g_openWithMs.empty() || g_openWithoutMs.empty())
        return 1;
    const double attach = median(g_attachMs), hash = median(g_hashMs);
    const double openWith = median(g_openWithMs), openWithout = median(g_openWithoutMs);
    std::printf("\nattach 25 MiB (appendWithBlob, run file in %s): median %.1f ms (target < 500)\n",
                qPrintable(QDir::tempPath()), attach);
    std::printf("  read + SHA-256 (Qt) of the same size      : median %.1f ms   ratio %.2fx\n",
                hash, attach / hash);
    std::printf("open a run with %d x 1 MiB attachments      : median %.1f ms (target < 300)\n",
                kOpenAttachments, openWith);
    std::printf("  the same run without their bytes          : median %.1f ms   ratio %.2fx\n",
                openWithout, openWith / openWithout);
    std::printf("  resident memory an open adds: with %.0f KiB, without %.0f KiB (medians)\n",
                median(g_rssWithKiB), median(g_rssWithoutKiB));
    if (!g_uiStallMs.empty())
        std::printf("the caller's thread while AsyncLedger attaches 25 MiB: longest stall %.1f ms "
                    "(median of %zu; target < 16)\n  the same thread idle as long             : "
                    "longest stall %.1f ms\n",
                    median(g_uiStallMs), g_uiStallMs.size(), median(g_idleStallMs));
    using namespace golive::bench;
    tableRow("attach a 25 MiB file to a run file", ms(attach),
             "read + SHA-256 of the same file: " + ms(hash), attach / hash, "< 500 ms",
             attach < 500);
    tableRow("open a run holding 500 attachments of 1 MiB", ms(openWith),
             "the same run without their bytes: " + ms(openWithout), openWith / openWithout,
             "< 300 ms", openWith < 300);
    if (!g_uiStallMs.empty())
        tableRow("the window's thread while 25 MiB are attached: longest stall",
                 ms(median(g_uiStallMs)), "the thread idle as long: " + ms(median(g_idleStallMs)),
                 median(g_uiStallMs) / median(g_idleStallMs), "< 16 ms", median(g_uiStallMs) < 16);
}
