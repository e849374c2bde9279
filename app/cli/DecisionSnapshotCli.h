// The snapshot a decision recorded on the command line carries (decision/DecisionSnapshot.h):
// the run's SLO panels and alerts asked of Prometheus once, and its health checks probed once,
// within a short timeout, so a slow or unreachable Prometheus never holds a decision back: the
// decision is recorded all the same, its snapshot saying why the SLO data is missing.
#pragma once

#include "Console.h"
#include "RunFile.h"
#include "decision/DecisionSnapshot.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace golive::cli {

inline constexpr double kDefaultSnapshotTimeoutSeconds = 5;

// Where and how long a command looks before it records a decision.
struct SnapshotRequest
{
    QString prometheus; // --prometheus as given (checked); "" when not given
    double timeoutSeconds = kDefaultSnapshotTimeoutSeconds;
};

// --prometheus URL and --snapshot-timeout SECONDS of the commands whose events take a snapshot
// (gate, go, nogo, fail, rollback, live, observe, sign, na).
class SnapshotOptions
{
public:
    SnapshotOptions();

    void addTo(QCommandLineParser& parser) const;
    // " [--prometheus URL] [--snapshot-timeout SECONDS]", for the usage lines.
    static QString usage();
    // The request, or nullopt with *error saying why the options are a usage error (a
    // --prometheus that is not an http(s) URL or carries credentials, a timeout out of range).
    std::optional<SnapshotRequest> read(const QCommandLineParser& parser, QString* error) const;

private:
    const QCommandLineOption m_prometheusOption;
    const QCommandLineOption m_timeoutOption;
};

// What golive can see now for `run`: its dashboard's panels and the firing alerts, asked of
// Prometheus (--prometheus, else $GOLIVE_PROMETHEUS_URL, else the Settings dialog's address;
// credentials as `golive check` finds them), and its health checks, probed once, both at the
// same time and within the request's timeout (plus a small margin). Never fails: what could not
// be seen is recorded as such (no dashboard, no Prometheus address, Prometheus unreachable or
// slow). *credentialNote: why no credentials were sent when some were expected.
DecisionSnapshot takeCliSnapshot(const RunLedger& run, const SnapshotRequest& request,
                                 QString* credentialNote = nullptr);

} // namespace golive::cli
