// sign, revoke, na, block, note and fill: one event about an item or a field each, under the
// window's rules.
#pragma once

#include "EventCommand.h"

#include <optional>

namespace golive::cli {

class ActionCommand : public EventCommand
{
public:
    // kind: Signed, Revoked, NotApplicable, Blocked, NoteAdded or FieldFilled.
    ActionCommand(QString name, QString summary, EventKind kind);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return isFill() ? 2 : 1; }
    qsizetype maxPositional() const override { return isFill() ? 2 : 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    bool isFill() const { return m_kind == EventKind::FieldFilled; }
    // sign and na: an item with requires= checks records a snapshot (eventTakesSnapshot()).
    bool takesSnapshot() const
    {
        return m_kind == EventKind::Signed || m_kind == EventKind::NotApplicable;
    }
    // The text the event keeps (--note, --reason, --text, VALUE or --override-order's REASON),
    // or the usage error's exit code. With --open-sub-items or --open-checks the reason is
    // required.
    std::optional<int> readText(Console& c, const QCommandLineParser& parser, QString* text,
                                bool* overriding) const;
    // The item or field the event is about; *hint names the near misses when there is none.
    void findSubject(const RunLedger& run, SignOffEvent& event, const QStringList& positional,
                     const RunbookItem** item, const RunbookField** field, QString* hint) const;
    void printDone(Console& c, const RunLedger& run, const SignOffEvent& event,
                   const RunbookItem* item, const RunbookField* field, bool overriding) const;

    const EventKind m_kind;
    const char* m_verb;       // what the success line starts with
    const char* m_describe;   // the help's description
    const char* m_textOption; // "note", "reason", "text" or nullptr (fill: positional VALUE)
    bool m_textRequired;
    std::optional<QCommandLineOption> m_textOpt;
    const QCommandLineOption m_overrideOption;
    const QCommandLineOption m_openSubItemsOption;
    const QCommandLineOption m_openChecksOption;
    const QCommandLineOption m_evidenceOption;
};

} // namespace golive::cli
