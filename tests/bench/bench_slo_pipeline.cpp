// The SLO chart pipeline at full resolution: a 12-series x 11,000-point query_range answer is
// parsed and downsampled (on a worker in the app), then drawn by one replace() per series on the
// UI thread. Prints each stage's time, the UI thread's share, and the process's peak memory.
// The UI thread's part is measured beside the same replace() of what was drawn before (the min
// and the max of every pixel column: twice the points), before it in every round; Qt Charts
// strokes the whole line on every change, so the cost follows the points. Appending the new tail
// instead of replacing was measured too and dropped: each removePoints() and append() restrokes
// the whole line, so sliding the range that way cost more than one replace(). The app's sources
// ask for about one sample a pixel column, so there a chart got about this many points already:
// this answer, with more points than columns, is the case the bound is for.
#include "BenchTable.h"
#include "PrometheusSource.h"
#include "TimeSeries.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QLineSeries>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace {

QByteArray makeAnswer(int seriesCount, int points, qint64 startSec)
{
    QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    for (int s = 0; s < seriesCount; ++s) {
        body += s ? ",{" : "{";
        body += R"("metric":{"job":"svc-)" + QByteArray::number(s) + R"(","le":"0.5"},"values":[)";
        for (int i = 0; i < points; ++i) {
            if (i) {
                body += ',';
            }
            const double v = 0.2 + 0.05 * ((i * 7919 + s * 104729) % 1000) / 1000.0;
            body += '[' + QByteArray::number(startSec + i * 8) + ".000,\"" +
                    QByteArray::number(v, 'f', 6) + "\"]";
        }
        body += "]}";
    }
    return body + "]}}";
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
    }
    return -1;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTextStream out(stdout);
    const int series = 12;
    const int points = 11000;
    const int columns = 1000; // a wide panel on a wall screen
    const qint64 start = 1700000000;
    const QByteArray body = makeAnswer(series, points, start);
    out << "answer: " << series << " series x " << points << " points, "
        << QString::number(body.size() / 1e6, 'f', 1) << " MB\n";

    // Twelve charts, as many as a full dashboard shows, each redrawn once per refresh.
    std::vector<QChartView*> views;
    std::vector<QLineSeries*> lines;
    for (int s = 0; s < series; ++s) {
        auto* chart = new QChart;
        chart->setAnimationOptions(QChart::NoAnimation);
        auto* line = new QLineSeries;
        chart->addSeries(line);
        chart->createDefaultAxes();
        auto* view = new QChartView(chart);
        view->resize(1000, 300);
        views.push_back(view);
        lines.push_back(line);
    }

    std::vector<double> parseMs, downsampleMs, replaceMs, replaceBeforeMs, renderMs;
    for (int round = 0; round < 7; ++round) {
        QElapsedTimer t;
        t.start();
        QList<golive::TimeSeries> parsed;
        QString error;
        if (!golive::PrometheusSource::parseMatrix(body, &parsed, &error)) {
            out << "parse failed: " << error << '\n';
            return 1;
        }
        parseMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        QList<QList<QPointF>> drawn;
        for (const golive::TimeSeries& s : parsed) {
            drawn.append(
                golive::downsampleForChart(s, start * 1000, (start + points * 8) * 1000, columns));
        }
        downsampleMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        QList<QList<QPointF>> drawnBefore;
        for (const golive::TimeSeries& s : parsed) {
            drawnBefore.append(
                golive::downsampleMinMax(s, start * 1000, (start + points * 8) * 1000, columns));
        }
        // The UI thread's part, as drawn before (the reference), then as drawn now: one
        // replace() per series each.
        t.restart();
        for (int s = 0; s < series; ++s) {
            lines[static_cast<size_t>(s)]->replace(drawnBefore.at(s));
        }
        replaceBeforeMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        for (int s = 0; s < series; ++s) {
            lines[static_cast<size_t>(s)]->replace(drawn.at(s));
        }
        replaceMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        t.restart();
        for (QChartView* view : views) {
            view->grab();
        }
        renderMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    const double p = median(parseMs);
    const double d = median(downsampleMs);
    const double r = median(replaceMs);
    out << QStringLiteral("parse (worker):       %1 ms\n").arg(p, 0, 'f', 2);
    out << QStringLiteral("downsample (worker):  %1 ms (to %2 columns)\n")
               .arg(d, 0, 'f', 2)
               .arg(columns);
    out << QStringLiteral("replace (UI thread):  %1 ms for %2 series\n")
               .arg(r, 0, 'f', 2)
               .arg(series);
    const double before = median(replaceBeforeMs);
    out << QStringLiteral("replace, as before:   %1 ms (min and max of every column)\n")
               .arg(before, 0, 'f', 2);
    out << QStringLiteral("pipeline total:       %1 ms\n").arg(p + d + r, 0, 'f', 2);
    out << QStringLiteral(
               "paint 12 charts:      %1 ms (offscreen grab, not part of the pipeline)\n")
               .arg(median(renderMs), 0, 'f', 2);
    out << QStringLiteral("peak memory (VmHWM):  %1 MiB\n")
               .arg(static_cast<double>(peakRssKiB()) / 1024.0, 0, 'f', 1);
    out.flush();
    using namespace golive::bench;
    tableRow("UI thread per SLO refresh, 12 series x 11,000 points (replace())", ms(r),
             "min and max of every column, as before: " + ms(before), r / before, "< 2 ms",
             r < 2.0);
    infoRow("paint of the 12 charts after that refresh (offscreen)", ms(median(renderMs)));
    for (QChartView* view : views) {
        delete view;
    }
    return 0;
}
