// libFuzzer target: any bytes as Prometheus's answer to a range query (the SLO charts). The
// fast scanner and its QJsonDocument fallback must agree on what is readable, never crash.
#include "FuzzSupport.h"
#include "PrometheusSource.h"

#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    golive::fuzz::setUp();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace golive;
    QList<TimeSeries> series;
    QString error;
    const bool ok = PrometheusSource::parseMatrix(fuzz::bytes(data, size), &series, &error);
    if (!ok && error.isEmpty())
        std::abort(); // a refusal always says why
    for (const TimeSeries& s : series)
        if (s.timeMs.size() != s.values.size())
            std::abort(); // every time has its value
    return 0;
}
