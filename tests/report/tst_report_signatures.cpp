// The report of a run whose events are signed with SSH keys: each signed item names its key by
// the start of the fingerprint, an unsigned one says so, a roster page holds every key in full
// and how the roster came to be; names from people stay text in the PDF and the Markdown. A run
// without signatures prints as before, with one line saying it has none.
//
// The report checks every signature itself: Ada's events are signed by ssh-keygen with a key made
// for the test, and a signature that does not check, or a good one by a key off the roster, is
// printed as such, never as a key. Set GOLIVE_REPORT_KEEP=DIR to keep the PDFs.
#include "AllowedSigners.h"
#include "ChecklistReport.h"
#include "ReportTestUtil.h"
#include "RunbookBuilders.h"
#include "SshKey.h"

#include "../signing/SigningTestUtil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <optional>

using namespace golive;
using golive::test::makeGroup;
using golive::test::makeItem;

namespace {

// A name with HTML and Markdown in it: it must print as these characters, never as markup. It is
// a principal on the roster too, so it has none of the characters a principal may not have.
const QString kAda = QStringLiteral("Ada <b>Love</b> | y_z");
// A principal in the roster with the same (no spaces: it stands unquoted in the file).
const QString kEve = QStringLiteral("eve<i>x</i>|_y_");
// What a signature that does not check looks like in a row: armored, but no SSHSIG inside.
const QByteArray kGarbageSignature = QByteArrayLiteral("-----BEGIN SSH SIGNATURE-----\nAAAA\n"
                                                       "-----END SSH SIGNATURE-----\n");

// Ada's real key, made by ssh-keygen in initTestCase().
struct RealKey
{
    QString path; // the private key; path + ".pub" the public one
    signing::SshPublicKey pub;
};
std::optional<RealKey> g_ada;

// An Ed25519 public key whose 32 key bytes are all `fill`: a well-formed key for the roster
// that signs nothing.
signing::SshPublicKey keyOf(char fill)
{
    QByteArray blob;
    signing::appendString(&blob, QByteArrayLiteral("ssh-ed25519"));
    signing::appendString(&blob, QByteArray(32, fill));
    QString error;
    const auto key = signing::SshPublicKey::fromBlob(blob, &error);
    if (!key)
        qFatal("test key: %s", qPrintable(error));
    return *key;
}

const signing::SshPublicKey& adaKey()
{
    return g_ada->pub;
}

QString rosterLine(const QString& principal, const signing::SshPublicKey& key)
{
    return principal + QStringLiteral(" namespaces=\"golive\" ") + key.line() + QLatin1Char('\n');
}

// Ada's line, as golive writes it: her name quoted, and the incident commander's role, which a
// roster change needs.
QString adaLine()
{
    QString error;
    const QString line = signing::AllowedSigners::lineFor(kAda, adaKey(), &error,
                                                          {QStringLiteral("incident-commander")});
    if (line.isEmpty())
        qFatal("Ada's roster line: %s", qPrintable(error));
    return line + QLatin1Char('\n');
}

// Signs `e` (all its fields set) with Ada's key through ssh-keygen -Y sign, over the bytes the
// ledger signs (canonicalPayload(), which names the key).
void signByAda(SignOffEvent& e)
{
    e.signature.keyFingerprint = adaKey().fingerprint();
    e.signature.keyType = adaKey().type;
    const signing::test::Result r = signing::test::runKeygen(
        {QStringLiteral("-Y"), QStringLiteral("sign"), QStringLiteral("-f"), g_ada->path,
         QStringLiteral("-n"), QStringLiteral("golive")},
        e.canonicalPayload());
    if (r.exitCode != 0 || r.out.isEmpty())
        qFatal("ssh-keygen -Y sign: %s", r.err.constData());
    e.signature.armored = r.out;
}

SignOffEvent makeEvent(qint64 seq, EventKind kind, const QString& itemId, const QString& name,
                       Role role)
{
    SignOffEvent e;
    e.seq = seq;
    e.kind = kind;
    e.itemId = itemId;
    e.timeUtc = QDateTime(QDate(2026, 5, 1), QTime(9, int(seq)), QTimeZone::utc());
    e.actor.name = name;
    e.actor.role = role;
    e.hash = QByteArray::number(seq).repeated(64).left(64);
    return e;
}

ReportInput baseInput()
{
    ReportInput in;
    in.runId = QStringLiteral("00000000-0000-0000-0000-000000000002");
    in.runbookName = QStringLiteral("payments.md");
    in.runbookSha256 = QStringLiteral("0").repeated(64);
    in.createdUtc = QDateTime(QDate(2026, 5, 1), QTime(8, 0), QTimeZone::utc());
    in.generatedAtUtc = QDateTime(QDate(2026, 5, 1), QTime(10, 0), QTimeZone::utc());
    in.runbook.title = QStringLiteral("Payments cutover");
    RunbookSection s;
    s.number = QStringLiteral("1");
    s.title = QStringLiteral("Cutover");
    s.groups = {makeGroup(QStringLiteral("Phase A"), 0,
                          {makeItem(QStringLiteral("1.1"), QStringLiteral("Announce the window")),
                           makeItem(QStringLiteral("1.2"), QStringLiteral("Drain the queue")),
                           makeItem(QStringLiteral("1.3"), QStringLiteral("Switch traffic"))})};
    in.runbook.sections << s;
    return in;
}

// Made with Ada's key on the roster; Ada adds Eve's (signed), signs 1.1 (signed); Bob signs 1.2
// without a key.
ReportInput signedInput()
{
    ReportInput in = baseInput();
    in.roster = RunRoster{adaLine(), false};
    SignOffEvent add = makeEvent(1, EventKind::RosterChanged, {}, kAda, Role::IncidentCommander);
    add.fieldKey = QStringLiteral("add");
    add.text = in.roster.allowedSigners + rosterLine(kEve, keyOf('e'));
    signByAda(add);
    SignOffEvent announce =
        makeEvent(2, EventKind::Signed, QStringLiteral("1.1"), kAda, Role::IncidentCommander);
    signByAda(announce);
    in.events = {add, announce,
                 makeEvent(3, EventKind::Signed, QStringLiteral("1.2"), QStringLiteral("Bob"),
                           Role::Engineer)};
    in.head = in.events.constLast().hash;
    return in;
}

QString sha256Hex(const QString& text)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString pdfOf(const ReportInput& in, const QString& name, QTemporaryDir& dir)
{
    const QString pdf = dir.filePath(name);
    QString error;
    if (!writePdf(in, pdf, QPageSize::A4, &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const QString keepDir = qEnvironmentVariable("GOLIVE_REPORT_KEEP");
    if (!keepDir.isEmpty()) {
        QDir().mkpath(keepDir);
        QFile::remove(QDir(keepDir).filePath(name));
        QFile::copy(pdf, QDir(keepDir).filePath(name));
    }
    return pdf;
}

// The text of the PDF, pages apart (pdftotext ends each with a form feed).
QStringList pagesOf(const QString& pdf)
{
    const test::Tool t = test::runTool(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    if (t.exitCode != 0)
        return {};
    return QString::fromUtf8(t.out).split(QLatin1Char('\f'));
}

} // namespace

class TstReportSignatures : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfNamesEachItemsKeyOrSaysUnsigned();
    void badSignatureIsSaidNeverAKeyInBoth();
    void keyOffTheRosterIsSaidInBoth();
    void firstPageHasBothRostersSha256();
    void pdfRosterPageHasEveryKeyInFullAndItsHistory();
    void pdfPrintsNamesAsText();
    void pdfOfARunWithoutSignaturesSaysSoOnce();
    void aRosterThatDoesNotReadIsSaidToInBoth();
    void markdownHasTheSameFactsEscaped();
    void markdownOfARunWithoutSignaturesSaysSo();

private:
    QTemporaryDir m_dir;
};

void TstReportSignatures::initTestCase()
{
    QVERIFY2(QFile::exists(signing::test::kSshKeygen),
             "these tests sign with ssh-keygen (Debian package openssh-client)");
    QVERIFY(m_dir.isValid());
    QVERIFY(signing::test::makeKey(m_dir.path(), QStringLiteral("ada"), QStringLiteral("ed25519")));
    const QString path = m_dir.filePath(QStringLiteral("ada"));
    QString error;
    const auto pub = signing::SshPublicKey::fromFile(path + QStringLiteral(".pub"), &error);
    QVERIFY2(pub, qPrintable(error));
    g_ada = RealKey{path, *pub};
}

void TstReportSignatures::pdfNamesEachItemsKeyOrSaysUnsigned()
{
    QTemporaryDir dir;
    const QString pdf = pdfOf(signedInput(), QStringLiteral("signed.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QString text = test::squeezed(pagesOf(pdf).join(QLatin1Char('\n')));
    const QString shortKey = adaKey().shortFingerprint();
    QCOMPARE(shortKey.size(), 12);
    const qsizetype roster = text.indexOf(QStringLiteral("Theroster:whosignswithwhichkey"));
    QVERIFY2(roster > 0, qPrintable(text));
    // 1.1 is signed with Ada's key: its row names the key by the start of its fingerprint, the
    // whole of which is only on the roster page.
    const qsizetype announce = text.indexOf(QStringLiteral("Announcethewindow"));
    QVERIFY2(announce > 0, qPrintable(text));
    const qsizetype key = text.indexOf(QStringLiteral("key") + shortKey, announce);
    QVERIFY2(key > announce && key < roster, qPrintable(text));
    QVERIFY2(!text.left(roster).contains(adaKey().fingerprint()), qPrintable(text));
    // 1.2 is signed without a key: its row says so.
    const qsizetype drain = text.indexOf(QStringLiteral("Drainthequeue"));
    QVERIFY2(drain > 0, qPrintable(text));
    const qsizetype bob = text.indexOf(QStringLiteral("Bob"), drain);
    const qsizetype unsignedAt = text.indexOf(QStringLiteral("unsigned"), bob);
    QVERIFY2(bob > drain && unsignedAt > bob && unsignedAt < roster, qPrintable(text));
    // The first page counts them as they check.
    QVERIFY2(text.contains(QStringLiteral("Signatures:2of3eventssignedbyrosterkeys,1unsigned;")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("BADSIGNATURE")), qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("NOTONTHEROSTER")), qPrintable(text));
}

void TstReportSignatures::pdfRosterPageHasEveryKeyInFullAndItsHistory()
{
    QTemporaryDir dir;
    const QString pdf = pdfOf(signedInput(), QStringLiteral("roster.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QStringList pages = pagesOf(pdf);
    qsizetype at = -1;
    for (qsizetype i = 0; i < pages.size(); ++i) {
        if (pages.at(i).contains(QStringLiteral("The roster: who signs with which key")))
            at = i;
    }
    QVERIFY2(at > 0, qPrintable(pages.join(QStringLiteral("\n----\n"))));
    // A page of its own: nothing of the items above on it.
    const QString page = test::squeezed(pages.at(at));
    QVERIFY2(!page.contains(QStringLiteral("Announcethewindow")), qPrintable(page));
    // Every key in force at the end, in full: the one the run was made with, the one added.
    QVERIFY2(page.contains(adaKey().fingerprint()), qPrintable(page));
    QVERIFY2(page.contains(keyOf('e').fingerprint()), qPrintable(page));
    QVERIFY2(page.contains(QStringLiteral("ssh-ed25519")), qPrintable(page));
    QVERIFY2(page.contains(QStringLiteral("Signaturesareoptional")), qPrintable(page));
    // Its history: made with the run, then event #1 by Ada, who added a key, signed.
    const qsizetype made = page.indexOf(QStringLiteral("therunwasmadewithit"));
    const qsizetype added = page.indexOf(QStringLiteral("addedakey"));
    QVERIFY2(made > 0 && added > made, qPrintable(page));
    QVERIFY2(page.indexOf(test::squeezed(kAda), added) > added, qPrintable(page));
    QVERIFY2(page.indexOf(QStringLiteral("key") + adaKey().shortFingerprint(), added) > added,
             qPrintable(page));

    // A run that then requires signatures says so.
    ReportInput in = signedInput();
    SignOffEvent require =
        makeEvent(4, EventKind::RosterChanged, {}, kAda, Role::IncidentCommander);
    require.fieldKey = QStringLiteral("require-signatures");
    require.text = in.events.first().text;
    signByAda(require);
    in.events.append(require);
    const QString required = pdfOf(in, QStringLiteral("required.pdf"), dir);
    const QString all = test::squeezed(pagesOf(required).join(QLatin1Char('\n')));
    QVERIFY2(all.contains(QStringLiteral("Signaturesarerequired")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("madesignaturesrequired")), qPrintable(all));
}

void TstReportSignatures::pdfPrintsNamesAsText()
{
    QTemporaryDir dir;
    const QString pdf = pdfOf(signedInput(), QStringLiteral("names.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QStringList pages = pagesOf(pdf);
    const QString all = pages.join(QLatin1Char('\n'));
    // The name as its characters, on the first page (rich text) and in the rows (plain text).
    QVERIFY2(pages.value(0).contains(kAda), qPrintable(pages.value(0)));
    QVERIFY2(test::squeezed(all).count(test::squeezed(kAda)) >= 3, qPrintable(all));
    QVERIFY2(test::squeezed(all).contains(test::squeezed(kEve)), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("&lt;")), qPrintable(all));
}

void TstReportSignatures::pdfOfARunWithoutSignaturesSaysSoOnce()
{
    ReportInput in = baseInput();
    in.events = {makeEvent(1, EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Bob"),
                           Role::Engineer)};
    QTemporaryDir dir;
    const QString pdf = pdfOf(in, QStringLiteral("plain.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QStringList pages = pagesOf(pdf);
    const QString all = pages.join(QLatin1Char('\n'));
    QVERIFY2(pages.value(0).contains(QStringLiteral("Signatures: none (this run has no roster)")),
             qPrintable(pages.value(0)));
    QCOMPARE(all.count(QStringLiteral("Signatures:")), 1);
    QVERIFY2(!all.contains(QStringLiteral("unsigned")), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("roster:")), qPrintable(all));
}

void TstReportSignatures::aRosterThatDoesNotReadIsSaidToInBoth()
{
    // The report shows what the ledger holds even when the roster the run was made with does
    // not read.
    ReportInput in = baseInput();
    in.roster.allowedSigners = QStringLiteral("ada namespaces=\"golive\" ssh-ed25519 not-base64\n");
    in.events = {makeEvent(1, EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Bob"),
                           Role::Engineer)};
    QTemporaryDir dir;
    const QString pdf = pdfOf(in, QStringLiteral("unreadable.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QString all = test::squeezed(pagesOf(pdf).join(QLatin1Char('\n')));
    QVERIFY2(all.contains(QStringLiteral("Therosterdoesnotread:")), qPrintable(all));
    const QString md = QString::fromUtf8(toMarkdown(in));
    QVERIFY2(md.contains(QStringLiteral("**The roster does not read:** ")), qPrintable(md));

    // A change to a roster that does not read is refused as golive would refuse it: its row
    // (changed after Ada signed it) says its signature is bad, and the roster in force at the
    // end is still the one the run was made with, without Eve's key.
    in = signedInput();
    in.events.first().text = QStringLiteral("ada namespaces=\"golive\" ssh-ed25519 not-base64\n");
    const QString changed = pdfOf(in, QStringLiteral("changed.pdf"), dir);
    QVERIFY(!changed.isEmpty());
    const QString text = test::squeezed(pagesOf(changed).join(QLatin1Char('\n')));
    const qsizetype added = text.indexOf(QStringLiteral("addedakey"));
    QVERIFY2(added > 0, qPrintable(text));
    QVERIFY2(text.indexOf(QStringLiteral("BADSIGNATURE"), added) > added, qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("Therosterdoesnotread:")), qPrintable(text));
    QVERIFY2(!text.contains(keyOf('e').fingerprint()), qPrintable(text));
    QVERIFY2(text.contains(adaKey().fingerprint()), qPrintable(text));
}

void TstReportSignatures::badSignatureIsSaidNeverAKeyInBoth()
{
    // 1.1's row keeps Ada's fingerprint and type, but its signature is garbage: the report says
    // it is bad, and names no key for it.
    ReportInput in = signedInput();
    in.events[1].signature.armored = kGarbageSignature;
    QTemporaryDir dir;
    const QString pdf = pdfOf(in, QStringLiteral("bad.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QString text = test::squeezed(pagesOf(pdf).join(QLatin1Char('\n')));
    const QString shortKey = adaKey().shortFingerprint();
    const qsizetype roster = text.indexOf(QStringLiteral("Theroster:whosignswithwhichkey"));
    const qsizetype announce = text.indexOf(QStringLiteral("Announcethewindow"));
    const qsizetype drain = text.indexOf(QStringLiteral("Drainthequeue"));
    QVERIFY2(announce > 0 && drain > announce && roster > drain, qPrintable(text));
    const QString row = text.mid(announce, drain - announce);
    QVERIFY2(row.contains(QStringLiteral("BADSIGNATURE")), qPrintable(text));
    QVERIFY2(!row.contains(QStringLiteral("key") + shortKey), qPrintable(text));
    // The event history says it too, and the first page counts it.
    const qsizetype history = text.indexOf(QStringLiteral("Appendix:theeventhistory"));
    QVERIFY2(history > roster, qPrintable(text));
    QVERIFY2(text.indexOf(QStringLiteral("BADSIGNATURE"), history) > history, qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Signatures:1of3eventssignedbyrosterkeys,1unsigned,"
                                          "1BADSIGNATURE(firstatevent#2)")),
             qPrintable(text));

    const QString md = QString::fromUtf8(toMarkdown(in));
    const QString lineOf11 =
        md.mid(md.indexOf(QStringLiteral("**1.1**"))).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(lineOf11.endsWith(QStringLiteral(", **\u2717 BAD SIGNATURE**")), qPrintable(md));
    QVERIFY2(!lineOf11.contains(shortKey), qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("Signatures: 1 of 3 events signed by roster keys, "
                                        "**1 unsigned**, **1 BAD SIGNATURE (first at event #2)**")),
             qPrintable(md));
}

void TstReportSignatures::keyOffTheRosterIsSaidInBoth()
{
    // Bob signs 1.2 with a good signature by Ada's key, which the roster gives to Ada only.
    ReportInput in = signedInput();
    signByAda(in.events[2]);
    QTemporaryDir dir;
    const QString pdf = pdfOf(in, QStringLiteral("offroster.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QString text = test::squeezed(pagesOf(pdf).join(QLatin1Char('\n')));
    const QString shortKey = adaKey().shortFingerprint();
    const qsizetype drain = text.indexOf(QStringLiteral("Drainthequeue"));
    QVERIFY2(drain > 0, qPrintable(text));
    QVERIFY2(text.indexOf(QStringLiteral("key%1:NOTONTHEROSTER").arg(shortKey), drain) > drain,
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Signatures:2of3eventssignedbyrosterkeys,1bykeysNOTON"
                                          "THEROSTER;")),
             qPrintable(text));
    const QString md = QString::fromUtf8(toMarkdown(in));
    const QString lineOf12 =
        md.mid(md.indexOf(QStringLiteral("**1.2**"))).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(lineOf12.endsWith(QStringLiteral(", key `%1`: **NOT ON THE ROSTER**").arg(shortKey)),
             qPrintable(md));
}

void TstReportSignatures::firstPageHasBothRostersSha256()
{
    // The roster the run was made with (Ada's) and the one in force at the end (Ada's and Eve's),
    // by the SHA-256 of their text, to compare with a team's own allowed_signers file.
    const ReportInput in = signedInput();
    QTemporaryDir dir;
    const QString pdf = pdfOf(in, QStringLiteral("sha.pdf"), dir);
    QVERIFY(!pdf.isEmpty());
    const QString first = test::squeezed(pagesOf(pdf).value(0));
    const QString initial = sha256Hex(in.roster.allowedSigners);
    const QString atEnd = sha256Hex(in.events.first().text);
    QVERIFY(initial != atEnd);
    QVERIFY2(first.contains(QStringLiteral("RosterSHA-256therunwasmadewith:") + initial),
             qPrintable(first));
    QVERIFY2(first.contains(QStringLiteral("RosterSHA-256inforceattheend:") + atEnd),
             qPrintable(first));
    const QString md = QString::fromUtf8(toMarkdown(in));
    QVERIFY2(md.contains(QStringLiteral("Roster SHA-256 the run was made with: `%1`").arg(initial)),
             qPrintable(md));
    QVERIFY2(md.contains(QStringLiteral("Roster SHA-256 in force at the end: `%1`").arg(atEnd)),
             qPrintable(md));
}

void TstReportSignatures::markdownHasTheSameFactsEscaped()
{
    const QString md = QString::fromUtf8(toMarkdown(signedInput()));
    const QString lineOf11 = md.mid(md.indexOf(QStringLiteral("**1.1**")));
    QVERIFY2(lineOf11.section(QLatin1Char('\n'), 0, 0)
                 .endsWith(QStringLiteral(", key `%1`").arg(adaKey().shortFingerprint())),
             qPrintable(md));
    const QString lineOf12 = md.mid(md.indexOf(QStringLiteral("**1.2**")));
    QVERIFY2(lineOf12.section(QLatin1Char('\n'), 0, 0).endsWith(QStringLiteral(", **unsigned**")),
             qPrintable(md));
    // The roster section: every key in full, the principal escaped for Markdown.
    const qsizetype roster =
        md.indexOf(QStringLiteral("\n## The roster: who signs with which key\n"));
    QVERIFY2(roster > md.indexOf(QStringLiteral("**1.2**")), qPrintable(md));
    const QString section = md.mid(roster);
    QVERIFY2(section.contains(
                 QStringLiteral("| Ada \\<b\\>Love\\</b\\> \\| y\\_z,role:incident-commander | "
                                "ssh-ed25519 | `%1` | golive |")
                     .arg(adaKey().fingerprint())),
             qPrintable(md));
    QVERIFY2(
        section.contains(QStringLiteral("| eve\\<i\\>x\\</i\\>\\|\\_y\\_ | ssh-ed25519 | `%1` |")
                             .arg(keyOf('e').fingerprint())),
        qPrintable(md));
    QVERIFY2(section.contains(QStringLiteral("- Event #1, 2026-05-01 09:01:00 UTC: added a key by "
                                             "Ada \\<b\\>Love\\</b\\> \\| y\\_z "
                                             "(Incident Commander), key `%1`")
                                  .arg(adaKey().shortFingerprint())),
             qPrintable(md));
    // Nowhere as markup.
    QVERIFY2(!md.contains(kAda), qPrintable(md));
    QVERIFY2(!md.contains(kEve), qPrintable(md));
}

void TstReportSignatures::markdownOfARunWithoutSignaturesSaysSo()
{
    ReportInput in = baseInput();
    in.events = {makeEvent(1, EventKind::Signed, QStringLiteral("1.1"), QStringLiteral("Bob"),
                           Role::Engineer)};
    const QString md = QString::fromUtf8(toMarkdown(in));
    QCOMPARE(md.count(QStringLiteral("Signatures: none (this run has no roster)")), 1);
    QVERIFY2(!md.contains(QStringLiteral("unsigned")), qPrintable(md));
    QVERIFY2(!md.contains(QStringLiteral("## The roster")), qPrintable(md));
}

QTEST_MAIN(TstReportSignatures)
#include "tst_report_signatures.moc"
