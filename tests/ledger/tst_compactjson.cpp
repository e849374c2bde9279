// The chain check writes each event's canonical JSON itself; it must be QJsonDocument's bytes
// exactly, or every event of every run would read as changed. Compared with QJsonDocument over
// random members (quotes, backslashes, non-ASCII, characters near every boundary), and where it
// must give the bytes up to QJsonDocument (control characters, surrogates, keys out of order);
// and end to end: events appended (hashed as the ledger hashes them) verify when read back.
#include "RunFile.h"
#include "runfile/CompactJson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using golive::runfile::CompactJsonWriter;

class TestCompactJson : public QObject
{
    Q_OBJECT

private slots:
    void matchesQJsonDocumentOnRandomMembers();
    void givesUpWhereQtEscapesOtherwise_data();
    void givesUpWhereQtEscapesOtherwise();
    void givesUpOnKeysOutOfOrder();
    void appendedEventsVerify();
};

namespace {

// Characters a note or a name may hold, the writer's edge cases among them.
QString randomText(QRandomGenerator& random)
{
    static const char16_t alphabet[] = {u'a',   u'Z',   u'0',   u' ',   u'"',   u'\\',  u'/',
                                        u'{',   u'}',   u':',   u',',   u'~',   0x7F,   0x80,
                                        0xA0,   0xE9,   0x7FF,  0x800,  0x20AC, 0x2028, 0x2029,
                                        0xFEFF, 0xFFFD, 0xFFFF, 0x4E2D, 0xD7FF, 0xE000};
    const int length = random.bounded(0, 40);
    QString s;
    for (int i = 0; i < length; ++i)
        s += QChar(alphabet[random.bounded(int(std::size(alphabet)))]);
    return s;
}

} // namespace

void TestCompactJson::matchesQJsonDocumentOnRandomMembers()
{
    QRandomGenerator random(20261205);
    const QLatin1StringView keys[] = {
        QLatin1StringView("actor"),   QLatin1StringView("field"),    QLatin1StringView("host"),
        QLatin1StringView("item"),    QLatin1StringView("key"),      QLatin1StringView("kind"),
        QLatin1StringView("os_user"), QLatin1StringView("prev"),     QLatin1StringView("role"),
        QLatin1StringView("seq"),     QLatin1StringView("snapshot"), QLatin1StringView("text"),
        QLatin1StringView("time")};
    for (int round = 0; round < 20000; ++round) {
        CompactJsonWriter writer;
        QJsonObject object;
        for (const QLatin1StringView key : keys) {
            if (random.bounded(4) == 0)
                continue; // optional members, as key and snapshot are
            if (key == QLatin1StringView("seq")) {
                const qint64 seq = random.bounded(4) == 0 ? random.bounded(1, 10)
                                                          : qint64(random.generate()) * 1000;
                writer.add(key, seq);
                object.insert(QString(key), seq);
            } else {
                const QString text = randomText(random);
                writer.add(key, text);
                object.insert(QString(key), text);
            }
        }
        QVERIFY(writer.ok());
        const QByteArray expected = QJsonDocument(object).toJson(QJsonDocument::Compact);
        QCOMPARE(writer.finish(), expected);
    }
}

void TestCompactJson::givesUpWhereQtEscapesOtherwise_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("newline") << QStringLiteral("a\nb");
    QTest::newRow("tab") << QStringLiteral("a\tb");
    QTest::newRow("escape") << QString(QChar(0x1B)) + QStringLiteral("[31m");
    QTest::newRow("nul") << QString(QChar(0));
    QTest::newRow("unit separator (0x1F)") << QString(QChar(0x1F));
    QTest::newRow("emoji (a surrogate pair)") << QString::fromUtf8("\xF0\x9F\x9A\x80");
    QTest::newRow("lone high surrogate") << QString(QChar(0xD800));
    QTest::newRow("lone low surrogate") << QStringLiteral("a") + QChar(0xDC00);
}

void TestCompactJson::givesUpWhereQtEscapesOtherwise()
{
    QFETCH(QString, text);
    CompactJsonWriter writer;
    writer.add(QLatin1StringView("text"), text);
    QVERIFY(!writer.ok());
}

void TestCompactJson::givesUpOnKeysOutOfOrder()
{
    CompactJsonWriter writer;
    writer.add(QLatin1StringView("seq"), qint64(1));
    writer.add(QLatin1StringView("kind"), QStringLiteral("signed"));
    QVERIFY(!writer.ok());
    CompactJsonWriter twice;
    twice.add(QLatin1StringView("item"), QStringLiteral("1.1"));
    twice.add(QLatin1StringView("item"), QStringLiteral("1.2"));
    QVERIFY(!twice.ok());
}

void TestCompactJson::appendedEventsVerify()
{
    // Texts the direct writer takes and texts it leaves to QJsonDocument, in every field an
    // event carries: the run reads back intact only if both paths hash what append hashed.
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("run.golive"));
    QString error;
    {
        auto run = golive::RunFile::create(path, "# Run\n\n## Checks\n\n- [ ] One\n- [ ] Two\n",
                                           QStringLiteral("run.md"), &error);
        QVERIFY2(run, qPrintable(error));
        const QStringList texts{
            QStringLiteral("plain"),
            QStringLiteral("quotes \" and backslashes \\ and /slashes/"),
            QStringLiteral("caf\u00e9 \u20ac \u4e2d \u00a0"),
            QStringLiteral("two\nlines and a\ttab"),        // QJsonDocument's
            QString::fromUtf8("launched \xF0\x9F\x9A\x80"), // a surrogate pair: QJsonDocument's
            QString(3000, QChar(0x4e2d))}; // every character three bytes: the buffer's worst
        for (const QString& text : texts) {
            golive::SignOffEvent e;
            e.kind = golive::EventKind::NoteAdded;
            e.itemId = run->runbook().allItems().constFirst()->id;
            // A name is one line of plain text (the rules refuse the rest): quotes and
            // non-ASCII still go through the direct writer.
            e.actor = golive::Actor::local(QStringLiteral("Ana \"AL\" L\u00edma\\ops"),
                                           golive::Role::Engineer);
            e.text = text;
            QVERIFY2(run->append(e, &error), qPrintable(error));
        }
    }
    auto reopened = golive::RunFile::open(path, golive::RunFile::Access::ReadOnly, &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(reopened->events().size(), 6);
    QVERIFY2(reopened->verification().intact(), qPrintable(reopened->verification().summary()));
}

QTEST_GUILESS_MAIN(TestCompactJson)
#include "tst_compactjson.moc"
