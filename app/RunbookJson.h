// JSON forms of a runbook, its diagnostics, a run's state and its ledger check (lint, status,
// verify and, later, export all print these).
#pragma once

#include "RunFile.h"
#include "RunbookParser.h"
#include "Wording.h" // jsonTime()

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace golive {

// Value of a field by key, empty when unfilled; placeholders in texts are rendered with it.
using FieldValueFn = std::function<QString(const QString&)>;

// {"title", "file", "itemCount", "metadata": {key: value}, "fields": [...], "sections":
// [{"number", "title", "line", "groups": [titles], "outline": [{"title", "depth",
// "continuation", "kind", "line", "itemIds", "itemCount", "nonCheckableParent",
// "readingMaterial"}], "items": [nested items]}]}. Without valueOf placeholders stay as the
// runbook gives them; `source` (the runbook's text) tells bullets and bold lines from headings
// (see outlineOf()).
QJsonObject runbookToJson(const Runbook& runbook, const FieldValueFn& valueOf = {},
                          const QByteArray& source = {});
QJsonObject itemToJson(const RunbookItem& item, const Runbook& runbook,
                       const FieldValueFn& valueOf = {});
QJsonArray diagnosticsToJson(const QList<Diagnostic>& diagnostics);

QJsonObject itemStateToJson(const ItemState& state);
QJsonObject eventToJson(const SignOffEvent& event);
QJsonObject verificationToJson(const ChainVerification& verification,
                               const QList<SignOffEvent>& events);
// Everything `golive status --json` shows: the run, its fields, per-section progress, every
// item with its state (flat, in runbook order), the events and the ledger verification.
QJsonObject runToJson(const RunLedger& run, const ChainVerification& verification);

} // namespace golive
