#!/usr/bin/env python3
"""Writes the SLO scenario that tst_realprometheus and check_cli_test run against, as OpenMetrics
text for `promtool tsdb create-blocks-from openmetrics`, plus a JSON description of it.

Two hours of samples every 15 s, ending at END (about a minute before now), for every panel of
the bundled dashboard (resources/dashboards/summit.json):

  prov-ledger    p95 0.12 s, rising to 0.45 s at T = END - 30 min (objective 0.35 s): BREACH
                 5xx 0.1 % (objective 1 %, warning 0.2 %): ok
  policy-lac     p95 12 ms (objective 25 ms): ok;  5xx 0.5 %: AT RISK (above the 0.2 % warning)
  nl2cypher      p95 0.9 s on nlq_duration_seconds (objective 2 s): ok;  5xx 0 %: ok
  report-studio  p95 0.18 s (objective 0.3 s): ok;  5xx 0.1 %: ok
  summit-api     slo:api_availability:ratio_rate5m = 0.9997 (objective 0.999 above): ok

Histogram buckets are laid out so that histogram_quantile(0.95, ...) over their rates is the
intended p95 within 0.1 % (linear interpolation inside the bucket). Counters start from a large
base so rate()'s extrapolation never clamps to zero.
"""
import argparse
import json
import time

STEP = 15
HOURS = 2
BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.75, 1.0,
           1.5, 2.0, 2.5, 5.0, 10.0]
PER_STEP = 10000  # requests per 15 s in every histogram (fine enough for exact quantiles)
BASE_STEPS = 1000  # counters start as if this many steps had already happened


def bucket_increments(p95):
    """Cumulative per-step counts for each le (the last is +Inf) giving exactly this p95."""
    n = PER_STEP
    rank = 0.95 * n
    k = next(i for i, b in enumerate(BUCKETS) if p95 <= b)  # p95 in (BUCKETS[k-1], BUCKETS[k]]
    lo = BUCKETS[k - 1] if k > 0 else 0.0
    hi = BUCKETS[k]
    f = (p95 - lo) / (hi - lo)
    width = n // 20  # requests inside the quantile's bucket
    c_lo = round(rank - f * width)
    c_hi = c_lo + width
    actual = lo + (hi - lo) * (rank - c_lo) / width
    assert abs(actual - p95) <= 1e-3 * p95, f"p95 {p95} comes out as {actual}"
    counts = []
    for i in range(len(BUCKETS)):
        if i < k:
            counts.append(round(c_lo * (i + 1) / k))
        elif i == k:
            counts.append(c_hi)
        else:
            counts.append(n if i > k + 1 or c_hi == n else c_hi + (n - c_hi) // 2)
    counts.append(n)
    for a, b in zip(counts, counts[1:]):
        assert a <= b
    return counts


def le_text(b):
    return repr(float(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="the OpenMetrics file to write")
    ap.add_argument("--meta", required=True, help="the JSON description to write")
    ap.add_argument("--end", type=int, default=0, help="last sample (epoch s; default now-60)")
    a = ap.parse_args()

    end = a.end or (int(time.time()) // STEP * STEP - 60)
    start = end - HOURS * 3600
    t_rise = end - 30 * 60
    times = list(range(start, end + 1, STEP))

    # (metric family, job, p95 before T, p95 from T on)
    latencies = [
        ("http_request_duration_seconds", "prov-ledger", 0.12, 0.45),
        ("http_request_duration_seconds", "policy-lac", 0.012, 0.012),
        ("nlq_duration_seconds", "nl2cypher", 0.9, 0.9),
        ("http_request_duration_seconds", "report-studio", 0.18, 0.18),
    ]
    # job: (requests per step, of which 5xx)
    errors = {"prov-ledger": (2000, 2), "policy-lac": (2000, 10), "nl2cypher": (400, 0),
              "report-studio": (1000, 1)}
    availability = 0.9997

    out = []
    for family in ("http_request_duration_seconds", "nlq_duration_seconds"):
        out.append(f"# TYPE {family} histogram")
        out.append(f"# UNIT {family} seconds")
        for fam, job, before, after in latencies:
            if fam != family:
                continue
            inc_before = bucket_increments(before)
            inc_after = bucket_increments(after)
            les = [le_text(b) for b in BUCKETS] + ["+Inf"]
            for j, le in enumerate(les):
                value = BASE_STEPS * inc_before[j]
                for t in times:
                    value += (inc_after if t >= t_rise else inc_before)[j]
                    out.append(f'{family}_bucket{{job="{job}",le="{le}"}} {value} {t}')
            count = BASE_STEPS * PER_STEP
            total = BASE_STEPS * PER_STEP * before * 0.6
            for t in times:
                p95 = after if t >= t_rise else before
                count += PER_STEP
                total += PER_STEP * p95 * 0.6
                out.append(f'{family}_count{{job="{job}"}} {count} {t}')
                out.append(f'{family}_sum{{job="{job}"}} {total:.3f} {t}')

    out.append("# TYPE http_requests counter")
    for job, (per_step, bad) in errors.items():
        for status, inc in (("200", per_step - bad), ("500", bad)):
            value = BASE_STEPS * inc
            for t in times:
                value += inc
                out.append(f'http_requests_total{{job="{job}",status="{status}"}} {value} {t}')

    out.append("# TYPE slo:api_availability:ratio_rate5m gauge")
    for t in times:
        out.append(f'slo:api_availability:ratio_rate5m{{job="summit-api"}} {availability} {t}')
    out.append("# EOF")

    with open(a.out, "w", encoding="ascii") as f:
        f.write("\n".join(out) + "\n")
    meta = {
        "start": start,
        "end": end,
        "step": STEP,
        "riseAt": t_rise,
        "p95": {job: {"before": b, "after": af} for _, job, b, af in latencies},
        "errorRate": {job: bad / per for job, (per, bad) in errors.items()},
        "availability": availability,
        "expectedStates": {
            "prov-ledger-p95": "breach", "prov-ledger-errors": "ok",
            "policy-lac-p95": "ok", "policy-lac-errors": "at risk",
            "nl2cypher-p95": "ok", "nl2cypher-errors": "ok",
            "report-studio-p95": "ok", "report-studio-errors": "ok",
            "api-availability": "ok",
        },
        "firingAlert": {"name": "ProvLedgerLatencyHigh", "severity": "critical"},
    }
    with open(a.meta, "w", encoding="ascii") as f:
        json.dump(meta, f, indent=2)


if __name__ == "__main__":
    main()
