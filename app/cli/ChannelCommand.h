// channel: the run's war-room channel. `set` keeps its incoming-webhook URL (read from standard
// input: a secret, kept in the OS keychain) with its format and the moments it hears; `test`
// and `summary` post on request and record what was posted; `show` says what is set (the URL
// masked); `clear` removes it. GOLIVE_CHANNEL_WEBHOOK gives the URL for one process instead.
#pragma once

#include "ChannelMessage.h"
#include "EventCommand.h"

namespace golive::cli {

class ChannelCommand : public EventCommand
{
public:
    ChannelCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    QString epilog() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 1; }
    qsizetype maxPositional() const override { return 1; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    int set(Console& c, const QCommandLineParser& parser);
    int show(Console& c, const QCommandLineParser& parser);
    int clear(Console& c, const QCommandLineParser& parser);
    // test and summary: post `which` and record it.
    int post(Console& c, const QCommandLineParser& parser, ChannelMoment which);

    const QCommandLineOption m_formatOption;
    const QCommandLineOption m_momentsOption;
};

} // namespace golive::cli
