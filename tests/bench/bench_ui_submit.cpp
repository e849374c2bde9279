// How long the UI thread is blocked when it records a sign-off, beside how long the commit takes.
// The window hands events to AsyncLedger; the commit (WAL, synchronous=FULL) runs on a worker.
#include "AsyncLedger.h"
#include "BenchTable.h"
#include "RunFile.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <vector>

using namespace golive;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // head records never in the user's folder
    QTextStream out(stdout);
    QTemporaryDir dir(QStringLiteral("/tmp/golive-bench-XXXXXX"));
    QFile seed(QStringLiteral(GOLIVE_SEED_RUNBOOK));
    if (!dir.isValid() || !seed.open(QIODevice::ReadOnly)) {
        out << "cannot set up the benchmark\n";
        return 1;
    }
    const QString path = dir.filePath(QStringLiteral("bench.golive"));
    QString error;
    if (!RunFile::create(path, seed.readAll(), QStringLiteral("seed.md"), &error)) {
        out << error << '\n';
        return 1;
    }

    AsyncLedger ledger;
    QEventLoop loop;
    QObject::connect(&ledger, &AsyncLedger::opened, &loop, &QEventLoop::quit);
    ledger.open(path, RunFile::Access::ReadWrite);
    loop.exec();

    // Notes on one item, one at a time, as an operator would add them; each one timed on the
    // calling thread (blocked) and from call to the appended() signal (durable).
    const int n = 1000;
    std::vector<double> blockedUs;
    std::vector<double> durableUs;
    QElapsedTimer total;
    QElapsedTimer sinceCall;
    int done = 0;
    QObject::connect(&ledger, &AsyncLedger::appended, &loop, [&] {
        durableUs.push_back(static_cast<double>(sinceCall.nsecsElapsed()) / 1000.0);
        if (++done == n) {
            loop.quit();
            return;
        }
        SignOffEvent e;
        e.kind = EventKind::NoteAdded;
        e.itemId = QStringLiteral("1.1");
        e.text = QStringLiteral("note %1").arg(done);
        e.actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
        sinceCall.start();
        QElapsedTimer call;
        call.start();
        ledger.append(e);
        blockedUs.push_back(static_cast<double>(call.nsecsElapsed()) / 1000.0);
    });
    QObject::connect(&ledger, &AsyncLedger::appendFailed, &loop,
                     [&](const SignOffEvent&, const QString& why) {
                         out << "append failed: " << why << '\n';
                         loop.exit(1);
                     });
    total.start();
    SignOffEvent first;
    first.kind = EventKind::NoteAdded;
    first.itemId = QStringLiteral("1.1");
    first.text = QStringLiteral("note 0");
    first.actor = Actor::local(QStringLiteral("Bench"), Role::Engineer);
    sinceCall.start();
    QElapsedTimer call;
    call.start();
    ledger.append(first);
    blockedUs.push_back(static_cast<double>(call.nsecsElapsed()) / 1000.0);
    if (loop.exec() != 0) {
        return 1;
    }
    out << QStringLiteral("UI thread blocked per sign-off: p50 %1 us, p99 %2 us, max %3 us\n")
               .arg(percentile(blockedUs, 0.5), 0, 'f', 1)
               .arg(percentile(blockedUs, 0.99), 0, 'f', 1)
               .arg(*std::max_element(blockedUs.begin(), blockedUs.end()), 0, 'f', 1);
    out << QStringLiteral("durable (call to appended): p50 %1 us, p99 %2 us; %3 events in %4 ms\n")
               .arg(percentile(durableUs, 0.5), 0, 'f', 1)
               .arg(percentile(durableUs, 0.99), 0, 'f', 1)
               .arg(n)
               .arg(total.elapsed());
    out.flush();
    char blocked[32], durable[32];
    std::snprintf(blocked, sizeof blocked, "p99 %.0f us", percentile(blockedUs, 0.99));
    std::snprintf(durable, sizeof durable, "p50 %.0f us", percentile(durableUs, 0.5));
    // The target is a frame at 60 Hz; the reference, the commit the worker does meanwhile.
    golive::bench::tableRow("UI thread blocked per sign-off (enqueue to the ledger's worker)",
                            blocked, std::string("the durable commit on the worker: ") + durable,
                            -1, "< 16 ms", percentile(blockedUs, 0.99) < 16000);
    return 0;
}
