// attach: keeps files as evidence on an item (an evidence-attached event each, the bytes in the
// run); attachments: lists a run's evidence and extracts it with a SHA256SUMS file.
#pragma once

#include "EventCommand.h"

namespace golive::cli {

class AttachCommand : public EventCommand
{
public:
    AttachCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    qsizetype minPositional() const override { return 2; }
    qsizetype maxPositional() const override { return 1000; }
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_maxSizeOption;
};

class AttachmentsCommand : public RunCommand
{
public:
    AttachmentsCommand(QString name, QString summary);

protected:
    QString description() const override;
    QString usage() const override;
    void addOptions(QCommandLineParser& parser) override;
    int run(Console& c, const QCommandLineParser& parser) override;

private:
    const QCommandLineOption m_jsonOption;
    const QCommandLineOption m_extractOption;
};

// The file name an evidence event's bytes are extracted under: "<seq>-<name>" with the name
// made safe (no '/', '\\', control character or leading '.'), or "<seq>-command-output.txt".
QString extractedName(const SignOffEvent& event);

} // namespace golive::cli
