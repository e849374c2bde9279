// golive's allowed_signers reader against ssh-keygen -Y verify: the same roster, the same
// signature, the same answer for who may sign; and the lines it refuses, named by number.
#include "AllowedSigners.h"
#include "SigningTestUtil.h"
#include "SshSignature.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace golive::signing;
using namespace golive::signing::test;

namespace {
const QByteArray kData("step 12: DNS switched\n");
}

class TestAllowedSigners : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void quotedPrincipalWithSpace();
    void namespacesOption();
    void patternsAgreeWithSshKeygen_data();
    void patternsAgreeWithSshKeygen();
    void matchPatternListCases_data();
    void matchPatternListCases();
    void hostilePatternIsBounded();
    void hugeRosterRefused();
    void refusedLines_data();
    void refusedLines();
    void entriesForKey();
    void lineForRoundTrips_data();
    void lineForRoundTrips();
    void lineForRefusesNames_data();
    void lineForRefusesNames();

private:
    // Whether golive and ssh-keygen both give `expected` for `principal` under roster `text`,
    // over ssh-keygen's signature of kData with the ed25519 key, in namespace `ns`.
    void compareWithSshKeygen(const QString& text, const QString& principal, const QString& ns,
                              bool expected);
    QString keyLine() const
    {
        return m_key.type + QLatin1Char(' ') + QString::fromLatin1(m_key.blob.toBase64());
    }

    QTemporaryDir m_dir;
    QString m_sigPath;
    SshPublicKey m_key, m_otherKey, m_rsa1024;
    std::optional<SshSignature> m_sig;
};

void TestAllowedSigners::initTestCase()
{
    // These tests compare golive with OpenSSH itself: without it they would prove nothing, so
    // its absence fails them rather than skipping them.
    QVERIFY2(QFile::exists(kSshKeygen),
             qPrintable(kSshKeygen + QStringLiteral(" is missing: these tests need ssh-keygen "
                                                    "(Debian package openssh-client)")));
    QVERIFY(m_dir.isValid());
    QVERIFY(makeKey(m_dir.path(), QStringLiteral("ada"), QStringLiteral("ed25519")));
    QVERIFY(makeKey(m_dir.path(), QStringLiteral("bob"), QStringLiteral("ed25519")));
    QVERIFY(makeKey(m_dir.path(), QStringLiteral("old"), QStringLiteral("rsa"), 1024));
    QString error;
    m_key = *SshPublicKey::fromFile(m_dir.filePath(QStringLiteral("ada.pub")), &error);
    m_otherKey = *SshPublicKey::fromFile(m_dir.filePath(QStringLiteral("bob.pub")), &error);
    m_rsa1024 = *SshPublicKey::fromFile(m_dir.filePath(QStringLiteral("old.pub")), &error);
    const QString dataPath = m_dir.filePath(QStringLiteral("data"));
    QVERIFY(writeAll(dataPath, kData));
    const QByteArray armored = sshSign(m_dir.filePath(QStringLiteral("ada")), dataPath, kNamespace);
    m_sig = SshSignature::parseArmored(armored, &error);
    QVERIFY2(m_sig, qPrintable(error));
    QVERIFY(m_sig->key == m_key);
    m_sigPath = dataPath + QStringLiteral(".sig");
}

void TestAllowedSigners::compareWithSshKeygen(const QString& text, const QString& principal,
                                              const QString& ns, bool expected)
{
    QString error;
    const auto roster = AllowedSigners::parse(text, &error);
    QVERIFY2(roster, qPrintable(error));
    QCOMPARE(roster->allows(principal, m_key, ns), expected);
    const QString path = m_dir.filePath(QStringLiteral("allowed_signers"));
    QVERIFY(writeAll(path, text.toUtf8()));
    QCOMPARE(sshVerify(path, principal, ns, m_sigPath, kData), expected);
}

void TestAllowedSigners::quotedPrincipalWithSpace()
{
    const QString text = QStringLiteral("# the war room\n\n\"Ada Lovelace\" ") + keyLine() +
                         QStringLiteral(" ada@laptop\n");
    QString error;
    const auto roster = AllowedSigners::parse(text, &error);
    QVERIFY2(roster, qPrintable(error));
    QCOMPARE(roster->entries().size(), 1);
    const AllowedSigner& e = roster->entries().first();
    QCOMPARE(e.principals, QStringList{QStringLiteral("Ada Lovelace")});
    QCOMPARE(e.lineNumber, 3);
    QVERIFY(e.namespaces.isEmpty());
    QCOMPARE(e.key.comment, QStringLiteral("ada@laptop"));
    compareWithSshKeygen(text, QStringLiteral("Ada Lovelace"), kNamespace, true);
    compareWithSshKeygen(text, QStringLiteral("Ada"), kNamespace, false);
    compareWithSshKeygen(text, QStringLiteral("ada lovelace"), kNamespace, false);
    // Any namespace, with no namespaces option.
    QVERIFY(roster->allows(QStringLiteral("Ada Lovelace"), m_key, QStringLiteral("git")));
    // Not with another key.
    QVERIFY(!roster->allows(QStringLiteral("Ada Lovelace"), m_otherKey, kNamespace));
    // A quote never closed is refused.
    QVERIFY(!AllowedSigners::parse(QStringLiteral("\"Ada Lovelace ") + keyLine(), &error));
    QVERIFY2(error.contains(QStringLiteral("line 1")), qPrintable(error));
}

void TestAllowedSigners::namespacesOption()
{
    const QString golive =
        QStringLiteral("ada namespaces=\"golive\" ") + keyLine() + QLatin1Char('\n');
    const QString gitOnly =
        QStringLiteral("ada namespaces=\"git\" ") + keyLine() + QLatin1Char('\n');
    const QString both =
        QStringLiteral("ada NameSpaces=\"git,gol*\" ") + keyLine() + QLatin1Char('\n');
    QString error;
    const auto roster = AllowedSigners::parse(both, &error);
    QVERIFY2(roster, qPrintable(error));
    QCOMPARE(roster->entries().first().namespaces,
             (QStringList{QStringLiteral("git"), QStringLiteral("gol*")}));
    compareWithSshKeygen(golive, QStringLiteral("ada"), kNamespace, true);
    compareWithSshKeygen(gitOnly, QStringLiteral("ada"), kNamespace, false);
    compareWithSshKeygen(both, QStringLiteral("ada"), kNamespace, true);
    // A later line that allows the namespace still counts, as in ssh-keygen.
    compareWithSshKeygen(gitOnly + golive, QStringLiteral("ada"), kNamespace, true);
    // An empty list allows nothing.
    compareWithSshKeygen(QStringLiteral("ada namespaces=\"\" ") + keyLine(), QStringLiteral("ada"),
                         kNamespace, false);
}

void TestAllowedSigners::patternsAgreeWithSshKeygen_data()
{
    QTest::addColumn<QString>("principals");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("expected");
    QTest::newRow("exact") << "ada"
                           << "ada" << true;
    QTest::newRow("case differs") << "ada"
                                  << "Ada" << false;
    QTest::newRow("list") << "bob,ada"
                          << "ada" << true;
    QTest::newRow("star") << "*@example.com"
                          << "ada@example.com" << true;
    QTest::newRow("star misses") << "*@example.com"
                                 << "ada@example.org" << false;
    QTest::newRow("question") << "a?a"
                              << "aXa" << true;
    QTest::newRow("question needs one") << "a?a"
                                        << "aa" << false;
    QTest::newRow("negated") << "*@example.com,!mallory@example.com"
                             << "mallory@example.com" << false;
    QTest::newRow("negated other") << "*@example.com,!mallory@example.com"
                                   << "ada@example.com" << true;
    QTest::newRow("negation first") << "!mallory*,*"
                                    << "mallory2" << false;
    QTest::newRow("only negation") << "!mallory"
                                   << "ada" << false;
    QTest::newRow("quoted list with space") << "\"Ada Lovelace,B*\""
                                            << "Bob Smith" << true;
}

void TestAllowedSigners::patternsAgreeWithSshKeygen()
{
    QFETCH(QString, principals);
    QFETCH(QString, name);
    QFETCH(bool, expected);
    compareWithSshKeygen(principals + QLatin1Char(' ') + keyLine() + QLatin1Char('\n'), name,
                         kNamespace, expected);
}

void TestAllowedSigners::matchPatternListCases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<bool>("expected");
    QTest::newRow("empty list") << "ada" << QStringList{} << false;
    QTest::newRow("star alone") << "anything" << QStringList{QStringLiteral("*")} << true;
    QTest::newRow("star matches empty") << "" << QStringList{QStringLiteral("*")} << true;
    QTest::newRow("stars") << "abc" << QStringList{QStringLiteral("**a**c**")} << true;
    QTest::newRow("star backtracks") << "abcbcd" << QStringList{QStringLiteral("a*bcd")} << true;
    QTest::newRow("star then question") << "abcd" << QStringList{QStringLiteral("a*?d")} << true;
    QTest::newRow("star then question too few")
        << "ad" << QStringList{QStringLiteral("a*?d")} << false;
    QTest::newRow("comma inside an element") << "b" << QStringList{QStringLiteral("a,b")} << true;
    QTest::newRow("negation wins in any order")
        << "ada" << QStringList{QStringLiteral("ada"), QStringLiteral("!a*")} << false;
    QTest::newRow("utf-8 by byte")
        << QString::fromUtf8("Zoë") << QStringList{QStringLiteral("Zo?")} << false;
    QTest::newRow("utf-8 by bytes")
        << QString::fromUtf8("Zoë") << QStringList{QStringLiteral("Zo??")} << true;
    QTest::newRow("pattern too long")
        << QString(1100, QLatin1Char('a')) << QStringList{QString(1100, QLatin1Char('a'))} << false;
}

void TestAllowedSigners::matchPatternListCases()
{
    QFETCH(QString, name);
    QFETCH(QStringList, patterns);
    QFETCH(bool, expected);
    QCOMPARE(matchPatternList(name, patterns), expected);
}

void TestAllowedSigners::hostilePatternIsBounded()
{
    // OpenSSH's recursive matcher takes exponential time on this; golive's takes a moment.
    QElapsedTimer t;
    t.start();
    QVERIFY(!matchPatternList(QString(500, QLatin1Char('a')),
                              {QStringLiteral("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b")}));
    QVERIFY2(t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
}

void TestAllowedSigners::hugeRosterRefused()
{
    // A roster is a few dozen lines: more than 64 KiB of them is not read line by line (a row
    // anyone can insert must not make a window read megabytes).
    const QString line = QStringLiteral("ada ") + keyLine() + QLatin1Char('\n');
    QString text;
    while (text.size() <= 64 * 1024)
        text += line;
    QString error;
    QVERIFY(!AllowedSigners::parse(text, &error));
    QVERIFY2(error.contains(QStringLiteral("not an allowed_signers file")), qPrintable(error));
    // Just under the limit reads.
    QString under;
    while (under.size() + line.size() <= 64 * 1024)
        under += line;
    QVERIFY2(AllowedSigners::parse(under, &error), qPrintable(error));
}

void TestAllowedSigners::refusedLines_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("words");
    QTest::newRow("cert-authority") << "ada cert-authority KEY"
                                    << "cert-authority";
    QTest::newRow("cert-authority and namespaces") << "ada namespaces=\"golive\",cert-authority KEY"
                                                   << "cert-authority";
    QTest::newRow("valid-after") << "ada valid-after=\"20260101\" KEY"
                                 << "valid-after";
    QTest::newRow("valid-before") << "ada valid-before=\"20260101\" KEY"
                                  << "valid-before";
    QTest::newRow("unknown option") << "ada no-touch-required KEY"
                                    << "no-touch-required";
    QTest::newRow("namespaces twice") << "ada namespaces=\"golive\",namespaces=\"git\" KEY"
                                      << "twice";
    QTest::newRow("namespaces unquoted") << "ada namespaces=golive KEY"
                                         << "double quotes";
    QTest::newRow("option quote open") << "ada namespaces=\"golive KEY"
                                       << "never closed";
    QTest::newRow("trailing comma") << "ada namespaces=\"golive\", KEY"
                                    << "comma";
    QTest::newRow("no key") << "ada"
                            << "no key";
    QTest::newRow("options, no key") << "ada namespaces=\"golive\""
                                     << "no key";
    QTest::newRow("bad base64") << "ada ssh-ed25519 AAAA!!!!"
                                << "base64";
    QTest::newRow("truncated key") << "ada ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"
                                   << "malformed";
    QTest::newRow("unknown type") << "ada ssh-dss AAAAB3NzaC1kc3M="
                                  << "ssh-dss";
    QTest::newRow("type mismatch") << "ada ecdsa-sha2-nistp256 KEYB64"
                                   << "the line says";
    QTest::newRow("rsa 1024") << "ada RSA1024"
                              << "1024 bits";
}

void TestAllowedSigners::refusedLines()
{
    QFETCH(QString, line);
    QFETCH(QString, words);
    line.replace(QStringLiteral("RSA1024"), m_rsa1024.type + QLatin1Char(' ') +
                                                QString::fromLatin1(m_rsa1024.blob.toBase64()));
    line.replace(QStringLiteral("KEYB64"), QString::fromLatin1(m_key.blob.toBase64()));
    line.replace(QStringLiteral("KEY"), keyLine());
    // Two good lines and a comment before it: the refusal names line 4.
    const QString text = QStringLiteral("bob ") + m_otherKey.line() + QStringLiteral("\n# x\n") +
                         QStringLiteral("ada ") + keyLine() + QLatin1Char('\n') + line +
                         QLatin1Char('\n');
    QString error;
    QVERIFY(!AllowedSigners::parse(text, &error));
    QVERIFY2(error.startsWith(QStringLiteral("allowed signers, line 4: ")), qPrintable(error));
    QVERIFY2(error.contains(words), qPrintable(error));
}

void TestAllowedSigners::entriesForKey()
{
    const QString text =
        QStringLiteral("ada,ada2 ") + keyLine() + QStringLiteral("\nbob ") + m_otherKey.line() +
        QStringLiteral("\n  \"Ada L\" namespaces=\"golive\" ") + keyLine() + QLatin1Char('\n');
    QString error;
    const auto roster = AllowedSigners::parse(text, &error);
    QVERIFY2(roster, qPrintable(error));
    const auto mine = roster->entriesFor(m_key);
    QCOMPARE(mine.size(), 2);
    QCOMPARE(mine.at(0).principals, (QStringList{QStringLiteral("ada"), QStringLiteral("ada2")}));
    QCOMPARE(mine.at(0).lineNumber, 1);
    QCOMPARE(mine.at(1).principals, QStringList{QStringLiteral("Ada L")});
    QCOMPARE(mine.at(1).namespaces, QStringList{kNamespace});
    QCOMPARE(mine.at(1).lineNumber, 3);
    QCOMPARE(roster->entriesFor(m_otherKey).size(), 1);
    QVERIFY(roster->entriesFor(m_rsa1024).isEmpty());
}

void TestAllowedSigners::lineForRoundTrips_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << "ada";
    QTest::newRow("space") << "Ada Lovelace";
    QTest::newRow("email") << "ada@example.com";
    QTest::newRow("non-ascii") << QString::fromUtf8("Zoë Ångström");
    QTest::newRow("leading hash") << "#ops";
    QTest::newRow("equals and backslash") << "a=b\\c";
}

void TestAllowedSigners::lineForRoundTrips()
{
    QFETCH(QString, name);
    QString error;
    const QString line = AllowedSigners::lineFor(name, m_key, &error);
    QVERIFY2(!line.isEmpty(), qPrintable(error));
    QVERIFY(!line.contains(QLatin1Char('\n')));
    QCOMPARE(line.startsWith(QLatin1Char('"')),
             name.contains(QLatin1Char(' ')) || name.startsWith(QLatin1Char('#')));
    const auto roster = AllowedSigners::parse(line + QLatin1Char('\n'), &error);
    QVERIFY2(roster, qPrintable(error));
    QCOMPARE(roster->entries().size(), 1);
    QCOMPARE(roster->entries().first().principals, QStringList{name});
    QCOMPARE(roster->entries().first().namespaces, QStringList{kNamespace});
    QVERIFY(roster->entries().first().key == m_key);
    compareWithSshKeygen(line + QLatin1Char('\n'), name, kNamespace, true);
    compareWithSshKeygen(line + QLatin1Char('\n'), name, QStringLiteral("git"), false);
    compareWithSshKeygen(line + QLatin1Char('\n'), name + QLatin1Char('x'), kNamespace, false);
}

void TestAllowedSigners::lineForRefusesNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << "";
    QTest::newRow("blank") << "  ";
    QTest::newRow("comma") << "Lovelace, Ada";
    QTest::newRow("quote") << "Ada \"the Countess\"";
    QTest::newRow("star") << "ada*";
    QTest::newRow("question") << "ada?";
    QTest::newRow("bang") << "!ada";
    QTest::newRow("newline") << "ada\nbob ssh-ed25519 AAAA";
    QTest::newRow("tab") << "ada\tbob";
    QTest::newRow("escape") << "ada\x1b[31m";
    QTest::newRow("line separator") << QStringLiteral("ada") + QChar(0x2028);
}

void TestAllowedSigners::lineForRefusesNames()
{
    QFETCH(QString, name);
    QString error;
    QVERIFY(AllowedSigners::lineFor(name, m_key, &error).isEmpty());
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QLatin1Char('\n')));
    QVERIFY(!error.contains(QLatin1Char('\x1b')));
    // A weak key is refused too, whatever the name.
    error.clear();
    QVERIFY(AllowedSigners::lineFor(QStringLiteral("ada"), m_rsa1024, &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("1024 bits")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAllowedSigners)
#include "tst_allowedsigners.moc"
