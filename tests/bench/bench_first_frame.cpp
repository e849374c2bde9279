// Time from exec to the first painted frame, whole processes, as a person starting golive sees
// it: golive itself beside a bare Qt Widgets window (bench_bare_window: a 48-row tree view),
// started alternately in pairs, each reporting through the same probe (app/FirstFrameProbe).
// A frame counts once the window is at least 400x300 and, for golive, shows its run (opened).
//   1. start-up: `golive --demo` on the default run (made by a first start before timing)
//      beside the bare window: the median of the pairs' ratios, target at most 1.3x;
//   2. big runs: `golive --demo --run` a run of 10,000 events beside the same on a run with
//      none: target at most 2x;
//   3. peak memory (VmHWM) of `golive --demo` with the Summit dashboard, read 1.5 s after the
//      first frame, beside the bare window's: target at most 1.5x.
// For the record, how much of the start-up is loading golive's libraries: the bare window
// with every library golive loads (ldd) preloaded, beside the bare window as it is.
// Needs a display (Xvfb; tests/bench/run-all starts one) or QT_QPA_PLATFORM=offscreen.
#include "BenchTable.h"
#include "RunFile.h"
#include "SignOffEvent.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace golive;

namespace {

constexpr int kPairs = 7;
constexpr int kTimeoutMs = 60000;
constexpr int kStayAfterFrameMs = 1500;

struct Launch
{
    double firstFrameMs = -1;
    long long peakKiB = -1;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Starts `program` with the probe asked for, times it to its "first-frame" line, and reads the
// "peak-kib" line it prints before it leaves. Returns false (and says why) on any failure.
bool launch(const QString& program, const QStringList& args, QProcessEnvironment env, Launch* out)
{
    env.insert(QStringLiteral("GOLIVE_FIRST_FRAME_PROBE"), QString::number(kStayAfterFrameMs));
    QProcess p;
    p.setProcessEnvironment(env);
    p.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer clock;
    clock.start();
    p.start(program, args);
    if (!p.waitForStarted(kTimeoutMs)) {
        std::fprintf(stderr, "cannot start %s: %s\n", qPrintable(program),
                     qPrintable(p.errorString()));
        return false;
    }
    // Bounded: the whole launch has kTimeoutMs, however the lines arrive.
    while (out->peakKiB < 0 && clock.elapsed() < kTimeoutMs) {
        const int left = int(std::max<qint64>(1, kTimeoutMs - clock.elapsed()));
        if (!p.canReadLine() && !p.waitForReadyRead(left))
            break;
        while (p.canReadLine()) {
            const QByteArray line = p.readLine().trimmed();
            if (line == "first-frame")
                out->firstFrameMs = double(clock.nsecsElapsed()) / 1e6;
            else if (line.startsWith("peak-kib "))
                out->peakKiB = line.mid(9).toLongLong();
        }
    }
    if (!p.waitForFinished(kTimeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    if (out->firstFrameMs < 0 || out->peakKiB < 0) {
        std::fprintf(stderr, "%s %s reported no first frame within %d ms (exit %d)\n",
                     qPrintable(program), qPrintable(args.join(QLatin1Char(' '))), kTimeoutMs,
                     p.exitCode());
        return false;
    }
    return true;
}

struct Pairs
{
    std::vector<double> ours, reference, ratio;
    std::vector<double> oursPeak, referencePeak;
};

// kPairs pairs, the order alternated so that neither side always starts on a warmer machine.
// `ourEnv`, when given, is our side's environment instead of `env`.
bool measurePairs(const QString& ours, const QStringList& oursArgs, const QString& reference,
                  const QStringList& referenceArgs, const QProcessEnvironment& env, Pairs* out,
                  const QProcessEnvironment* ourEnv = nullptr)
{
    const QProcessEnvironment& oursEnv = ourEnv ? *ourEnv : env;
    for (int i = 0; i < kPairs; ++i) {
        Launch a, b;
        const bool oursFirst = i % 2 == 0;
        if (oursFirst) {
            if (!launch(ours, oursArgs, oursEnv, &a) || !launch(reference, referenceArgs, env, &b))
                return false;
        } else {
            if (!launch(reference, referenceArgs, env, &b) || !launch(ours, oursArgs, oursEnv, &a))
                return false;
        }
        out->ours.push_back(a.firstFrameMs);
        out->reference.push_back(b.firstFrameMs);
        out->ratio.push_back(a.firstFrameMs / b.firstFrameMs);
        out->oursPeak.push_back(double(a.peakKiB));
        out->referencePeak.push_back(double(b.peakKiB));
    }
    return true;
}

// The shared libraries `program` loads at start, as ldd lists them (full paths), or none when
// ldd cannot say.
QStringList loadedLibraries(const QString& program)
{
    QProcess ldd;
    ldd.start(QStringLiteral("ldd"), {program});
    if (!ldd.waitForFinished(kTimeoutMs) || ldd.exitCode() != 0) {
        ldd.kill();
        ldd.waitForFinished(5000);
        return {};
    }
    QStringList paths;
    for (const QByteArray& line : ldd.readAllStandardOutput().split('\n')) {
        // "\tlibQt6Core.so.6 => /lib/x86_64-linux-gnu/libQt6Core.so.6 (0x...)"
        const qsizetype arrow = line.indexOf("=> /");
        if (arrow < 0)
            continue;
        const QByteArray rest = line.mid(arrow + 3);
        paths << QString::fromLocal8Bit(rest.left(rest.indexOf(" (")));
    }
    return paths;
}

QByteArray seedRunbook()
{
    QFile f(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A run of the seed runbook with `events` notes on its items after its creation.
bool makeRun(const QString& path, int events)
{
    QString error;
    auto file =
        RunFile::create(path, seedRunbook(), QStringLiteral("summit-go-live-runbook.md"), &error);
    if (!file) {
        std::fprintf(stderr, "cannot make %s: %s\n", qPrintable(path), qPrintable(error));
        return false;
    }
    const auto items = file->runbook().allItems();
    const Actor actor = Actor::local(QStringLiteral("Bench Operator"), Role::Engineer);
    for (int i = 0; i < events; ++i) {
        SignOffEvent e;
        e.kind = EventKind::NoteAdded;
        e.itemId = items.at(i % items.size())->id;
        e.actor = actor;
        e.text = QStringLiteral("checked the dashboards, all green (%1)").arg(i + 1);
        if (!file->append(e, &error)) {
            std::fprintf(stderr, "cannot append to %s: %s\n", qPrintable(path), qPrintable(error));
            return false;
        }
    }
    return true;
}

void printPairs(const char* what, const Pairs& p, const char* oursName, const char* refName)
{
    std::printf("%s (%d pairs, ms):\n", what, kPairs);
    for (size_t i = 0; i < p.ratio.size(); ++i)
        std::printf("  %-10s %7.1f   %-10s %7.1f   ratio %.2f\n", oursName, p.ours[i], refName,
                    p.reference[i], p.ratio[i]);
    std::printf("  median    %7.1f              %7.1f   median of ratios %.2f\n", median(p.ours),
                median(p.reference), median(p.ratio));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // `--make-runs DIR`: only make the empty and the 10,000-event runs in DIR (for profiling
    // one start by hand), then leave.
    if (argc == 3 && qstrcmp(argv[1], "--make-runs") == 0) {
        const QString dir = QString::fromLocal8Bit(argv[2]);
        return makeRun(dir + QStringLiteral("/empty.golive"), 0) &&
                       makeRun(dir + QStringLiteral("/big.golive"), 10000)
                   ? 0
                   : 1;
    }
    const QString golive = QStringLiteral(GOLIVE_BINARY);
    const QString bare = QStringLiteral(BARE_WINDOW_BINARY);
    QTemporaryDir home(QDir::tempPath() + QStringLiteral("/golive-bench-first-frame-XXXXXX"));
    if (!home.isValid())
        return std::fprintf(stderr, "no temporary folder\n"), 1;

    // Both sides start as a first-time user would: an empty home, no settings, no Prometheus.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* dir : {"config", "data", "cache", "state"}) {
        const QString path = home.filePath(QLatin1String(dir));
        QDir().mkpath(path);
        env.insert(QStringLiteral("XDG_%1_HOME").arg(QString::fromLatin1(dir).toUpper()), path);
    }
    env.insert(QStringLiteral("HOME"), home.path());
    env.remove(QStringLiteral("GOLIVE_PROMETHEUS_URL"));

    // The default run is made on golive's first start; time the starts after it, when it is
    // there, as on every day but the first. One start of the bare window warms its side alike.
    Launch warmGolive, warmBare;
    if (!launch(golive, {QStringLiteral("--demo")}, env, &warmGolive) ||
        !launch(bare, {}, env, &warmBare))
        return 1;

    Pairs startup;
    if (!measurePairs(golive, {QStringLiteral("--demo")}, bare, {}, env, &startup))
        return 1;
    printPairs("first frame, golive --demo (default run) / bare window", startup, "golive", "bare");

    // The floor that loading golive's libraries sets: the bare window with all of them loaded.
    const QStringList libraries = loadedLibraries(golive);
    if (libraries.isEmpty())
        return std::fprintf(stderr, "ldd listed no libraries for %s\n", qPrintable(golive)), 1;
    QProcessEnvironment preloaded = env;
    preloaded.insert(QStringLiteral("LD_PRELOAD"), libraries.join(QLatin1Char(':')));
    Pairs loading;
    if (!measurePairs(bare, {}, bare, {}, env, &loading, &preloaded))
        return 1;
    printPairs("first frame, bare window with golive's libraries loaded / as it is", loading,
               "loaded", "bare");

    const QString empty = home.filePath(QStringLiteral("empty.golive"));
    const QString big = home.filePath(QStringLiteral("big.golive"));
    if (!makeRun(empty, 0) || !makeRun(big, 10000))
        return 1;
    Pairs runs;
    if (!measurePairs(golive, {QStringLiteral("--demo"), QStringLiteral("--run"), big}, golive,
                      {QStringLiteral("--demo"), QStringLiteral("--run"), empty}, env, &runs))
        return 1;
    printPairs("first frame showing the run, 10,000 events / no events", runs, "10,000", "none");

    const double peak = median(startup.oursPeak);
    const double barePeak = median(startup.referencePeak);
    std::printf("peak memory (VmHWM, %d ms after the first frame): golive --demo %.1f MiB, bare "
                "window %.1f MiB, ratio %.2f\n",
                kStayAfterFrameMs, peak / 1024, barePeak / 1024, peak / barePeak);

    using namespace golive::bench;
    ratioRow("start-up: exec to first frame, golive --demo on the default run",
             ms(median(startup.ours)),
             "bare Qt window, 48-row tree: " + ms(median(startup.reference)), median(startup.ratio),
             1.3);
    infoRatioRow("start-up: bare window with golive's " + std::to_string(libraries.size()) +
                     " libraries loaded (the floor loading sets)",
                 ms(median(loading.ours)), "bare Qt window: " + ms(median(loading.reference)),
                 median(loading.ratio));
    ratioRow("big run: first frame showing a run of 10,000 events", ms(median(runs.ours)),
             "a run of no events: " + ms(median(runs.reference)), median(runs.ratio), 2.0);
    ratioRow("peak memory, golive --demo with the Summit dashboard", mib(peak),
             "bare Qt window: " + mib(barePeak), peak / barePeak, 1.5);
    return 0;
}
