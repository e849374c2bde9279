// Memory over a long window session: the golive window on the Summit seed run with the bundled
// dashboard on demo data, its SLO clock run forward 15 s a refresh through 2,000 refreshes, then
// 5,000 events recorded (notes on the items, through the session as the window records any
// sign-off). Resident memory is read after a warm-up and at the end of each part (after
// malloc_trim, so memory the allocator holds free is not counted); target: under 5 MiB of growth
// after warm-up in each part. The reference is the resident memory after the warm-up.
#include "BenchTable.h"
#include "Dashboard.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "RunSession.h"
#include "SloMonitor.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <malloc.h>

#include <cstdio>

using namespace golive;

namespace {

long long residentKiB()
{
    malloc_trim(0);
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

// Runs the event loop until `done` or 10 s pass; false on the timeout.
template <typename Done> bool pump(Done done)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > 10000)
            return false;
        QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    return true;
}

void row(const char* what, long long warm, long long end)
{
    const double growth = double(end - warm);
    char measured[64];
    std::snprintf(measured, sizeof measured, "%+.1f MiB (%.1f MiB at the end)", growth / 1024,
                  double(end) / 1024);
    golive::bench::tableRow(what, measured, "after warm-up: " + golive::bench::mib(double(warm)),
                            double(end) / double(warm), "growth < 5 MiB", growth < 5 * 1024);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/golive-bench-soak-XXXXXX"));
    // Settings and head records in the benchmark's own folder, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_soak"));
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    QString error;
    if (!dir.isValid() || !seed.open(QIODevice::ReadOnly))
        return std::fprintf(stderr, "no temporary folder or seed runbook\n"), 1;
    const QString path = dir.filePath(QStringLiteral("soak.golive"));
    if (!RunFile::create(path, seed.readAll(), QStringLiteral("summit-go-live-runbook.md"), &error))
        return std::fprintf(stderr, "%s\n", qPrintable(error)), 1;
    const auto dashboard = Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error);
    if (!dashboard)
        return std::fprintf(stderr, "%s\n", qPrintable(error)), 1;

    MainWindow window;
    bool opened = false;
    QObject::connect(&window, &MainWindow::runOpened, [&opened] { opened = true; });
    window.resize(1600, 1000);
    window.show();
    window.openRun(path);
    if (!pump([&] { return opened; }))
        return std::fprintf(stderr, "the run did not open\n"), 1;

    // SLO refreshes in fast-forward: the monitor's clock moves 15 s a refresh, so the range
    // slides as it does over a long night.
    QDateTime clock = QDateTime::currentDateTimeUtc();
    window.sloMonitor()->setClock([&clock] { return clock; });
    window.useConfiguredSource(QString(), true, *dashboard);
    qint64 updates = 0;
    QObject::connect(window.sloMonitor(), &SloMonitor::panelUpdated, [&updates] { ++updates; });
    const qint64 panels = dashboard->panels.size();
    auto refreshes = [&](int count) {
        for (int i = 0; i < count; ++i) {
            clock = clock.addSecs(15);
            const qint64 want = updates + panels;
            window.sloMonitor()->refreshNow();
            if (!pump([&] { return updates >= want; }))
                return false;
        }
        return true;
    };
    if (!refreshes(200))
        return std::fprintf(stderr, "the SLO panels stopped updating\n"), 1;
    const long long sloWarm = residentKiB();
    if (!refreshes(1800))
        return std::fprintf(stderr, "the SLO panels stopped updating\n"), 1;
    const long long sloEnd = residentKiB();
    std::printf("2,000 SLO refreshes (%lld panels): %.1f MiB after 200, %.1f MiB after 2,000\n",
                panels, double(sloWarm) / 1024, double(sloEnd) / 1024);

    qint64 recorded = 0;
    QObject::connect(window.session(), &RunSession::eventRecorded, [&recorded] { ++recorded; });
    const auto items = window.runbook().allItems();
    const Actor actor = Actor::local(QStringLiteral("Soak Operator"), Role::Engineer);
    auto record = [&](int count) {
        for (int i = 0; i < count; ++i) {
            SignOffEvent e;
            e.kind = EventKind::NoteAdded;
            e.itemId = items.at(int(recorded % items.size()))->id;
            e.actor = actor;
            e.text = QStringLiteral("checked the dashboards, all green (%1)").arg(recorded + 1);
            const qint64 want = recorded + 1;
            QString why;
            if (!window.session()->submit(e, &why)) {
                std::fprintf(stderr, "refused: %s\n", qPrintable(why));
                return false;
            }
            if (!pump([&] { return recorded >= want; }))
                return false;
        }
        return true;
    };
    if (!record(500))
        return std::fprintf(stderr, "events stopped being recorded\n"), 1;
    const long long eventsWarm = residentKiB();
    if (!record(4500))
        return std::fprintf(stderr, "events stopped being recorded\n"), 1;
    const long long eventsEnd = residentKiB();
    std::printf("5,000 events: %.1f MiB after 500, %.1f MiB after 5,000\n",
                double(eventsWarm) / 1024, double(eventsEnd) / 1024);

    row("memory across 2,000 SLO refreshes (fast-forward), after 200", sloWarm, sloEnd);
    row("memory across 5,000 events recorded in one window session, after 500", eventsWarm,
        eventsEnd);
    return 0;
}
