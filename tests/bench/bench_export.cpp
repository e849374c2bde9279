// Export of a 500-item run with every item signed: PDF, Markdown and JSON (target: under 1 s).
// The run is made once (500 durable sign-offs); each export reads it as `golive export` would:
// ReportInput::fromRunFile (a fresh verify of the chain) and then the writer.
#include "BenchTable.h"
#include "ChecklistReport.h"
#include "RunFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace golive;

namespace {

constexpr int kSections = 10;
constexpr int kItemsPerSection = 50; // 10 top-level items with 4 children each

QByteArray generateRunbook()
{
    QString md = QStringLiteral("# Generated Go-Live Runbook (500 items)\n\n"
                                "**Owner:** [Release Captain Name]\n"
                                "**Incident Commander:** [Incident Commander Name]\n\n");
    for (int s = 1; s <= kSections; ++s) {
        md += QStringLiteral("## %1. Section %1: services batch %1\n\n").arg(s);
        for (int i = 1; i <= kItemsPerSection / 5; ++i) {
            md += QStringLiteral("- [ ] **Service %1-%2 deployed and verified:**\n"
                                 "  - Health checks green on every replica; dashboards reviewed.\n")
                      .arg(s)
                      .arg(i);
            for (int c = 1; c <= 4; ++c) {
                md += QStringLiteral("  - [ ] Step %1 of service %2-%3: check `svc-%2-%3` "
                                     "metrics and logs for errors\n")
                          .arg(c)
                          .arg(s)
                          .arg(i);
            }
        }
        md += QLatin1Char('\n');
    }
    return md.toUtf8();
}

struct Fixture
{
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/golive-bench-export-XXXXXX")};
    std::unique_ptr<RunFile> run;
    QString error;

    bool make()
    {
        const QString path = dir.filePath(QStringLiteral("bench.golive"));
        auto rw = RunFile::create(path, generateRunbook(), QStringLiteral("generated.md"), &error);
        if (!rw)
            return false;
        const QList<const RunbookItem*> items = rw->runbook().allItems();
        if (items.size() != kSections * kItemsPerSection) {
            error = QStringLiteral("the generated runbook has %1 items").arg(items.size());
            return false;
        }
        const QList<Actor> actors{
            Actor::local(QStringLiteral("Ana Lima"), Role::ReleaseCaptain),
            Actor::local(QStringLiteral("Marcus Oyelaran-Beckett"), Role::IncidentCommander),
            Actor::local(QStringLiteral("Priya Raman"), Role::Engineer),
        };
        for (const QString& key : {QStringLiteral("owner"), QStringLiteral("incident-commander")}) {
            SignOffEvent e;
            e.kind = EventKind::FieldFilled;
            e.fieldKey = key;
            e.text = key == QStringLiteral("owner") ? actors.at(0).name : actors.at(1).name;
            e.actor = actors.at(0);
            if (!rw->append(e, &error))
                return false;
        }
        // The sub-items first: an item is signed once its sub-items are (else only over them,
        // with a reason naming each).
        QList<int> order;
        for (const bool subItems : {true, false}) {
            for (int i = 0; i < items.size(); ++i) {
                if ((items.at(i)->id.count(QLatin1Char('.')) > 1) == subItems)
                    order.append(i);
            }
        }
        for (const int i : order) {
            SignOffEvent e;
            e.kind = EventKind::Signed;
            e.itemId = items.at(i)->id;
            e.actor = actors.at(i % actors.size());
            if (i % 4 == 0)
                e.text = QStringLiteral("verified on the dashboards; evidence in the channel");
            if (!rw->append(e, &error))
                return false;
        }
        rw.reset();
        run = RunFile::open(path, RunFile::Access::ReadOnly, &error);
        return run != nullptr;
    }
};

Fixture* g_fixture = nullptr;

void BM_ExportPdf(benchmark::State& state)
{
    const QString out = g_fixture->dir.filePath(QStringLiteral("bench.pdf"));
    for (auto _ : state) {
        const ReportInput in = ReportInput::fromRunFile(*g_fixture->run);
        QString error;
        if (!writePdf(in, out, QPageSize::A4, &error)) {
            state.SkipWithError(qPrintable(error));
            return;
        }
    }
    state.counters["bytes"] = double(QFileInfo(out).size());
}

void BM_ExportMarkdown(benchmark::State& state)
{
    qsizetype bytes = 0;
    for (auto _ : state) {
        const ReportInput in = ReportInput::fromRunFile(*g_fixture->run);
        const QByteArray md = toMarkdown(in);
        bytes = md.size();
        benchmark::DoNotOptimize(md.constData());
    }
    state.counters["bytes"] = double(bytes);
}

void BM_ExportJson(benchmark::State& state)
{
    qsizetype bytes = 0;
    for (auto _ : state) {
        const ReportInput in = ReportInput::fromRunFile(*g_fixture->run);
        const QByteArray json = toJson(in);
        bytes = json.size();
        benchmark::DoNotOptimize(json.constData());
    }
    state.counters["bytes"] = double(bytes);
}

// What reading the run costs by itself (part of each export above).
void BM_ReadRun(benchmark::State& state)
{
    for (auto _ : state) {
        const ReportInput in = ReportInput::fromRunFile(*g_fixture->run);
        benchmark::DoNotOptimize(in.events.size());
    }
}

// Prints what it is given and keeps each benchmark's real time per iteration (ms).
class KeepingReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> msPerIteration;

    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Iteration && run.iterations > 0)
                msPerIteration[run.run_name.function_name] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

BENCHMARK(BM_ExportPdf)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_ExportMarkdown)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadRun)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    // The PDF needs a QGuiApplication for its fonts; a build machine has no display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // head records never in the user's folder
    Fixture fixture;
    if (!fixture.make()) {
        std::fprintf(stderr, "bench_export: could not make the run: %s\n",
                     qPrintable(fixture.error));
        return 1;
    }
    g_fixture = &fixture;
    benchmark::Initialize(&argc, argv);
    KeepingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    const auto pdfMs = reporter.msPerIteration.find("BM_ExportPdf");
    const auto readMs = reporter.msPerIteration.find("BM_ReadRun");
    if (pdfMs != reporter.msPerIteration.end() && readMs != reporter.msPerIteration.end() &&
        readMs->second > 0) {
        golive::bench::tableRow("export of a 500-item run, every item signed: 60-page PDF",
                                golive::bench::ms(pdfMs->second),
                                "reading the run for it: " + golive::bench::ms(readMs->second),
                                pdfMs->second / readMs->second, "< 1 s", pdfMs->second < 1000);
    }
    const QString pdf = fixture.dir.filePath(QStringLiteral("bench.pdf"));
    if (!qEnvironmentVariableIsEmpty("GOLIVE_BENCH_KEEP"))
        QFile::copy(pdf, qEnvironmentVariable("GOLIVE_BENCH_KEEP"));
    g_fixture = nullptr;
    return 0;
}
