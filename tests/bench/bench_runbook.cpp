// Parse and model build of a generated 10,000-item runbook (target: under 50 ms together).
#include "ChecklistModel.h"
#include "RunState.h"
#include "RunbookParser.h"

#include <QByteArray>
#include <QCoreApplication>

#include <benchmark/benchmark.h>

namespace {

// 10 sections x 250 top-level items, each with 3 sub-items: 10,000 checkable items, with
// details, inline code and a placeholder or two, like a real runbook but larger.
QByteArray generateRunbook()
{
    QByteArray md = "# Generated Go-Live Runbook\n\n**Version:** 9.9\n**Owner:** [Owner Name]\n\n";
    for (int s = 0; s < 10; ++s) {
        md += "## " + QByteArray::number(s) + ". Section number " + QByteArray::number(s) + "\n\n";
        for (int i = 0; i < 250; ++i) {
            md += "- [ ] **Item " + QByteArray::number(i) + " of `service-" +
                  QByteArray::number(s) +
                  "`:**\n  - Detail line with *emphasis* and a [link](https://example.org).\n";
            for (int c = 0; c < 3; ++c) {
                md += "  - [ ] Sub-step " + QByteArray::number(c) + " is verified.\n";
            }
        }
        md += "\n";
    }
    return md;
}

const QByteArray& runbookText()
{
    static const QByteArray text = generateRunbook();
    return text;
}

void BM_Parse(benchmark::State& state)
{
    for (auto _ : state) {
        auto result = golive::RunbookParser::parse(runbookText(), QStringLiteral("generated.md"));
        benchmark::DoNotOptimize(result);
        if (result.runbook.checkableCount() != 10000) {
            state.SkipWithError("the generated runbook did not parse to 10,000 items");
        }
    }
    state.SetBytesProcessed(state.iterations() * runbookText().size());
}
BENCHMARK(BM_Parse)->Unit(benchmark::kMillisecond);

void BM_ParseAndBuildModel(benchmark::State& state)
{
    for (auto _ : state) {
        auto result = golive::RunbookParser::parse(runbookText(), QStringLiteral("generated.md"));
        golive::RunState runState(&result.runbook);
        golive::ChecklistModel model;
        model.setRun(&result.runbook, &runState);
        benchmark::DoNotOptimize(model.rowCount());
    }
}
BENCHMARK(BM_ParseAndBuildModel)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
