// One row of the benchmarks' shared table (tests/bench/run-all collects them): the figure, the
// reference measured in the same run, their ratio, the target and whether it is met. Printed as
// a tab-separated line starting "@row", beside each benchmark's own readable output.
#pragma once

#include <cstdio>
#include <string>

namespace golive::bench {

inline void tableRow(const std::string& figure, const std::string& measured,
                     const std::string& reference, double ratio, const std::string& target,
                     bool met)
{
    // A ratio below zero: none (the figure has no reference to be a ratio of).
    char ratioText[32] = "-";
    if (ratio >= 0)
        std::snprintf(ratioText, sizeof ratioText, "%.2f", ratio);
    std::printf("@row\t%s\t%s\t%s\t%s\t%s\t%s\n", figure.c_str(), measured.c_str(),
                reference.c_str(), ratioText, target.c_str(), met ? "met" : "NOT MET");
    std::fflush(stdout);
}

// A figure measured for the record, with no target of its own.
inline void infoRow(const std::string& figure, const std::string& measured,
                    const std::string& reference = "-")
{
    std::printf("@row\t%s\t%s\t%s\t-\t-\t-\n", figure.c_str(), measured.c_str(), reference.c_str());
    std::fflush(stdout);
}

// A ratio measured for the record, with no target of its own.
inline void infoRatioRow(const std::string& figure, const std::string& measured,
                         const std::string& reference, double ratio)
{
    std::printf("@row\t%s\t%s\t%s\t%.2f\t-\t-\n", figure.c_str(), measured.c_str(),
                reference.c_str(), ratio);
    std::fflush(stdout);
}

// A figure held to at most `maxRatio` times its reference.
inline void ratioRow(const std::string& figure, const std::string& measured,
                     const std::string& reference, double ratio, double maxRatio)
{
    char target[32];
    std::snprintf(target, sizeof target, "<= %.2fx", maxRatio);
    tableRow(figure, measured, reference, ratio, target, ratio <= maxRatio);
}

inline std::string ms(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, v < 10 ? "%.2f ms" : "%.0f ms", v);
    return text;
}

inline std::string mib(double kib)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", kib / 1024.0);
    return text;
}

} // namespace golive::bench
