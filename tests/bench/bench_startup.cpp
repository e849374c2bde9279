// Time to first frame of the golive window beside a bare Qt window, in the same run, as a ratio.
// golive: MainWindow on the bundled dashboard with demo data, a fresh copy of the Summit seed
// run opened, shown, until the run is open and a frame showing it is painted. The bare window:
// a QMainWindow holding a QTreeView over a model with as many rows as the runbook has items,
// shown, until its first frame is painted. Each round measures both, one after the other.
#include "BenchTable.h"
#include "Dashboard.h"
#include "MainWindow.h"
#include "RunFile.h"
#include "Settings.h"
#include "Theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QMainWindow>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <vector>

using namespace golive;

namespace {

constexpr int kTimeoutMs = 20000;

struct Fixture
{
    QTemporaryDir dir{QStringLiteral("/tmp/golive-bench-startup-XXXXXX")};
    QString seedRun; // the Summit seed run, never opened by a window: each round copies it
    int items = 0;   // the runbook's items, every depth
    std::optional<Dashboard> dashboard;
    int copies = 0;
    QString error;

    bool make()
    {
        if (!dir.isValid()) {
            error = QStringLiteral("no temporary folder");
            return false;
        }
        QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
        if (!seed.open(QIODevice::ReadOnly)) {
            error = seed.errorString();
            return false;
        }
        seedRun = dir.filePath(QStringLiteral("seed.golive"));
        auto run = RunFile::create(seedRun, seed.readAll(),
                                   QStringLiteral("summit-go-live-runbook.md"), &error);
        if (!run) {
            return false;
        }
        items = static_cast<int>(run->runbook().allItems().size());
        dashboard = Dashboard::fromFile(QStringLiteral(":/dashboards/summit.json"), &error);
        return dashboard.has_value();
    }

    // A run file no window has opened yet (its own head record, its own lock).
    QString freshRun()
    {
        const QString path = dir.filePath(QStringLiteral("run%1.golive").arg(++copies));
        if (!QFile::copy(seedRun, path)) {
            error = QStringLiteral("cannot copy the seed run to %1").arg(path);
            return {};
        }
        return path;
    }
};

Fixture* g_fixture = nullptr;

// Says when a frame of `window` has been painted: the first paint event the window gets after
// arm(), and control back in the event loop (the rest of that frame is painted and flushed in
// the same pass, before the queued call runs).
class FrameWatch : public QObject
{
public:
    explicit FrameWatch(QWidget* window) : QObject(window) { window->installEventFilter(this); }

    void arm() { m_armed = true; }
    bool painted() const { return m_painted; }
    std::function<void()> onPainted;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (m_armed && event->type() == QEvent::Paint) {
            m_armed = false;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_painted = true;
                    if (onPainted) {
                        onPainted();
                    }
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_armed = false;
    bool m_painted = false;
};

// Runs the event loop until `done` or the timeout; false on the timeout.
bool waitFor(QEventLoop& loop, const std::function<bool()>& done)
{
    if (done()) {
        return true;
    }
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    timeout.start(kTimeoutMs);
    return loop.exec() == 0 && done();
}

// Milliseconds from nothing to the golive window's first frame that shows the run.
std::optional<double> goliveFirstFrame(QString* error)
{
    const QString path = g_fixture->freshRun();
    if (path.isEmpty()) {
        *error = g_fixture->error;
        return std::nullopt;
    }
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    MainWindow window;
    FrameWatch frames(&window);
    bool opened = false;
    // The frame that counts is one painted after the run is open: a frame before it shows an
    // empty window.
    QObject::connect(&window, &MainWindow::runShown, &loop, [&] {
        opened = true;
        frames.arm();
        window.update();
    });
    frames.onPainted = [&] {
        if (opened) {
            loop.quit();
        }
    };
    window.useConfiguredSource(QString(), true, *g_fixture->dashboard);
    window.openRun(path);
    window.resize(1400, 900);
    window.show();
    if (!waitFor(loop, [&] { return opened && frames.painted(); })) {
        *error = opened ? QStringLiteral("the golive window painted no frame")
                        : QStringLiteral("the golive window did not open the run");
        return std::nullopt;
    }
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    window.close();
    return ms;
}

// Milliseconds from nothing to the first frame of a bare window with a tree of `rows` rows.
std::optional<double> bareFirstFrame(int rows, QString* error)
{
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    QMainWindow window;
    FrameWatch frames(&window);
    frames.onPainted = [&loop] { loop.quit(); };
    frames.arm();
    auto* model = new QStandardItemModel(rows, 1, &window);
    for (int r = 0; r < rows; ++r) {
        model->setItem(r, 0, new QStandardItem(QStringLiteral("Item %1").arg(r + 1)));
    }
    auto* tree = new QTreeView(&window);
    tree->setModel(model);
    window.setCentralWidget(tree);
    window.resize(1400, 900);
    window.show();
    if (!waitFor(loop, [&] { return frames.painted(); })) {
        *error = QStringLiteral("the bare window painted no frame");
        return std::nullopt;
    }
    const double ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    window.close();
    return ms;
}

// What the windows leave behind (deferred deletes, the ledger thread's last words) is handled
// before the next one is timed.
void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// One iteration = the bare window, then the golive window. The benchmark's time is golive's;
// the counters are the medians of both and their ratio.
void BM_FirstFrame(benchmark::State& state)
{
    QString error;
    // Once each, not timed: fonts, styles and plugins load on first use in any Qt program.
    if (!bareFirstFrame(g_fixture->items, &error) || !goliveFirstFrame(&error)) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    settle();
    std::vector<double> bare;
    std::vector<double> golive;
    for (auto _ : state) {
        const std::optional<double> bareMs = bareFirstFrame(g_fixture->items, &error);
        settle();
        if (!bareMs) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        const std::optional<double> goliveMs = goliveFirstFrame(&error);
        settle();
        if (!goliveMs) {
            state.SkipWithError(qPrintable(error));
            return;
        }
        bare.push_back(bareMs.value());
        golive.push_back(goliveMs.value());
        state.SetIterationTime(goliveMs.value() / 1000.0);
    }
    const double b = median(bare);
    const double g = median(golive);
    state.counters["golive_ms"] = g;
    state.counters["bare_ms"] = b;
    state.counters["ratio"] = b > 0 ? g / b : 0;
    state.counters["rows"] = g_fixture->items;
    std::printf("first frame, median of %zu: golive %.1f ms, bare tree window %.1f ms, "
                "ratio %.2f (%d rows)\n",
                golive.size(), g, b, b > 0 ? g / b : 0.0, g_fixture->items);
    golive::bench::infoRow("first frame in one process (the window alone, Qt already up)",
                           golive::bench::ms(g),
                           "bare QMainWindow with a tree, same process: " + golive::bench::ms(b));
}

} // namespace

BENCHMARK(BM_FirstFrame)->UseManualTime()->Iterations(10)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    // A window needs a platform; a build machine has no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    // Settings and head records in a folder of the benchmark's own, never the user's.
    QTemporaryDir config(QStringLiteral("/tmp/golive-bench-config-XXXXXX"));
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       config.filePath(QStringLiteral("config")));
    QCoreApplication::setOrganizationName(QStringLiteral("golive-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_startup"));
    // An operator is set, as after the first start: no dialog asks for one.
    Settings::instance()->setValue(Settings::Key::OperatorName, QStringLiteral("Bench"));
    Settings::instance()->setValue(Settings::Key::OperatorRole, QStringLiteral("release-captain"));
    // As main() does before its window: Fusion and the dark theme, for both windows.
    applyStartupTheme(QString());

    Fixture fixture;
    if (!fixture.make()) {
        std::fprintf(stderr, "bench_startup: could not set up: %s\n", qPrintable(fixture.error));
        return 1;
    }
    g_fixture = &fixture;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    g_fixture = nullptr;
    return 0;
}
