// gate, go, nogo, fail, rollback, rollback-step, live and observe: the cutover on the command
// line, one event each, under the window's rules.
#pragma once

#include "EventCommand.h"

namespace golive::cli {

class CutoverCommand : public EventCommand
{
public:
    enum class Verb
    {
        Gate,
        Go,
        NoGo,
        Fail,
        Rollback,
        RollbackStep,
        Live,
        Observe
    };

    CutoverCommand(QString name, QString summary, Verb verb);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return m_positional ? 1 : 0; }
    qsizetype maxPositional() const override { return m_positional ? 1 : 0; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    // Whether the verb's event may take a snapshot (eventTakesSnapshot()), so it has
    // --prometheus and --snapshot-timeout.
    bool takesSnapshot() const;
    // The step, rollback step number or observation category, checked; or the usage error's
    // exit code.
    std::optional<int> readTarget(Console& c, const QCommandLineParser& parser, QString* target,
                                  int* number) const;
    // The event for this verb, and a hint for when the rules refuse it.
    SignOffEvent makeEvent(const RunState& state, const Actor& actor, const QString& text,
                           const QString& target, int number, QString* hint) const;
    // The success line, without the ledger head.
    QString doneLine(const RunLedger& run, const SignOffEvent& event,
                     const QStringList& openPreChecks, const QString& text, const QString& target,
                     int number) const;

    const Verb m_verb;
    const char* m_positional;     // "STEP", "N", "CATEGORY" or nullptr
    const char* m_positionalHelp; //
    const char* m_describe;
    bool m_textRequired;
    const QCommandLineOption m_textOption; // --reason, --note or --text
};

} // namespace golive::cli
