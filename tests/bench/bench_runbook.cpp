// Parse and model build of a generated 10,000-item runbook (target: under 50 ms together), and of
// a wide one: 60,000 bullet groups of one checkbox each, where a rescan per group would show.
// The reference measured in the same run is cmark-gfm alone on the same text with the same
// extensions: golive's reading on top of it is printed as a ratio, which a noisy shared machine
// moves far less than the milliseconds.
#include "BenchTable.h"
#include "ChecklistModel.h"
#include "RunState.h"
#include "RunbookParser.h"

#include <QByteArray>
#include <QCoreApplication>

#include <benchmark/benchmark.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

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

// 60,000 plain bullets, each holding one checkbox: 60,000 nested groups in one tab (1.1 MB).
constexpr int kWideGroups = 60000;
const QByteArray& wideRunbookText()
{
    static const QByteArray text = [] {
        QByteArray md = "# Wide runbook\n\n## Checks\n\n";
        for (int g = 0; g < kWideGroups; ++g)
            md += "- g" + QByteArray::number(g) + "\n  - [ ] x\n";
        return md;
    }();
    return text;
}

void cmarkParse(const QByteArray& text)
{
    cmark_parser* parser = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (const char* name : {"tasklist", "table", "strikethrough", "autolink"})
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name));
    cmark_parser_feed(parser, text.constData(), size_t(text.size()));
    cmark_node* document = cmark_parser_finish(parser);
    benchmark::DoNotOptimize(document);
    cmark_node_free(document);
    cmark_parser_free(parser);
}

// The reference: cmark-gfm's own parse of the same bytes, with the extensions golive attaches.
void BM_CmarkReference(benchmark::State& state)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (auto _ : state)
        cmarkParse(runbookText());
}
BENCHMARK(BM_CmarkReference)->Unit(benchmark::kMillisecond);

void BM_WideCmarkReference(benchmark::State& state)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (auto _ : state)
        cmarkParse(wideRunbookText());
}
BENCHMARK(BM_WideCmarkReference)->Unit(benchmark::kMillisecond);

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

void BM_WideParseAndBuildModel(benchmark::State& state)
{
    for (auto _ : state) {
        auto result = golive::RunbookParser::parse(wideRunbookText(), QStringLiteral("wide.md"));
        if (result.runbook.checkableCount() != kWideGroups) {
            state.SkipWithError("the wide runbook did not parse to 60,000 items");
            break;
        }
        golive::RunState runState(&result.runbook);
        golive::ChecklistModel model;
        model.setRun(&result.runbook, &runState);
        benchmark::DoNotOptimize(model.rowCount());
    }
}
BENCHMARK(BM_WideParseAndBuildModel)->Unit(benchmark::kMillisecond);

// Prints what it is given, and keeps each benchmark's CPU time per iteration for the ratio.
class RatioReporter : public benchmark::ConsoleReporter
{
public:
    std::map<std::string, double> cpuPerIteration;

    void ReportRuns(const std::vector<Run>& runs) override
    {
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Iteration && run.iterations > 0)
                cpuPerIteration[run.benchmark_name()] =
                    run.GetAdjustedCPUTime(); // in the benchmark's unit (ms)
        }
        ConsoleReporter::ReportRuns(runs);
    }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const auto ratio = [&reporter](const char* ours, const char* reference, const char* what) {
        const auto r = reporter.cpuPerIteration.find(reference);
        const auto o = reporter.cpuPerIteration.find(ours);
        if (r != reporter.cpuPerIteration.end() && o != reporter.cpuPerIteration.end() &&
            r->second > 0)
            std::printf("%s / cmark-gfm alone (CPU): %.2f\n", what, o->second / r->second);
    };
    ratio("BM_Parse", "BM_CmarkReference", "golive parse");
    ratio("BM_ParseAndBuildModel", "BM_CmarkReference", "golive parse and model");
    // The table's figure: pairs, each side timed right after the other (the order alternated),
    // and the median of the pairs' ratios: a shared machine moves two runs far apart in time
    // much more than it moves two neighbours.
    cmark_gfm_core_extensions_ensure_registered();
    std::vector<double> oursMs, theirsMs, ratios;
    for (int pair = 0; pair < 21; ++pair) {
        double o = 0;
        double t = 0;
        for (int side = 0; side < 2; ++side) {
            const bool ourTurn = (side == 0) == (pair % 2 == 0);
            const auto start = std::chrono::steady_clock::now();
            if (ourTurn) {
                auto result = golive::RunbookParser::parse(runbookText(), QStringLiteral("g.md"));
                golive::RunState runState(&result.runbook);
                golive::ChecklistModel model;
                model.setRun(&result.runbook, &runState);
                benchmark::DoNotOptimize(model.rowCount());
            } else {
                cmarkParse(runbookText());
            }
            const std::chrono::duration<double, std::milli> took =
                std::chrono::steady_clock::now() - start;
            (ourTurn ? o : t) = took.count();
        }
        oursMs.push_back(o);
        theirsMs.push_back(t);
        ratios.push_back(o / t);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    std::printf("parse + model / cmark-gfm, 21 alternated pairs: median %.1f ms / %.1f ms, "
                "median of ratios %.2f\n",
                median(oursMs), median(theirsMs), median(ratios));
    golive::bench::ratioRow(
        "parse + model of the generated 10,000-item runbook", golive::bench::ms(median(oursMs)),
        "cmark-gfm's own parse of it: " + golive::bench::ms(median(theirsMs)), median(ratios), 1.5);
    ratio("BM_WideParseAndBuildModel", "BM_WideCmarkReference",
          "golive parse and model, 60,000 bullet groups");
    benchmark::Shutdown();
    return 0;
}
