// Every pair of a text colour and the colour it is written on, in both themes, meets WCAG 2's
// AA contrast for text (4.5:1): the palette's own pairs, the theme's words on the window and
// on lists, and the words on every banner, badge, button and fill the theme names. Pairs are
// taken from where the widgets use them (named beside each).
#include "ChecklistModel.h"
#include "ChecklistStyleProxy.h"
#include "RunState.h"
#include "RunbookParser.h"
#include "SloPanelWidget.h"
#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

using namespace golive;

namespace {

double luminance(const QColor& c)
{
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// The WCAG contrast ratio of two opaque colours, 1 to 21.
double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// `over` seen through `veil` (a translucent colour over it).
QColor composite(const QColor& veil, const QColor& over)
{
    const double a = veil.alphaF();
    return QColor::fromRgbF(float(veil.redF() * a + over.redF() * (1 - a)),
                            float(veil.greenF() * a + over.greenF() * (1 - a)),
                            float(veil.blueF() * a + over.blueF() * (1 - a)));
}

constexpr double kAaText = 4.5;

} // namespace

class TestThemeContrast : public QObject
{
    Q_OBJECT

private slots:
    void everyTextPairMeetsAa_data();
    void everyTextPairMeetsAa();
    void checklistStatusWordsMeetAa();
    void aFailedUpdateReadsOnAPanelFilledForABreach();
    void theRatioIsWcags();
};

void TestThemeContrast::everyTextPairMeetsAa_data()
{
    QTest::addColumn<QColor>("text");
    QTest::addColumn<QColor>("background");
    for (const Theme theme : {Theme::Dark, Theme::Light}) {
        applyTheme(theme);
        const QPalette p = QApplication::palette();
        const auto c = [theme](ThemeColour role) { return themeColour(role, theme); };
        const auto add = [&](const char* what, const QColor& text, const QColor& background) {
            QTest::addRow("%s: %s", qPrintable(themeName(theme)), what) << text << background;
        };
        // The palette: every widget's words.
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
            const char* g = group == QPalette::Active ? "active" : "inactive";
            add(qPrintable(QStringLiteral("%1 window text").arg(QLatin1String(g))),
                p.color(group, QPalette::WindowText), p.color(group, QPalette::Window));
            add(qPrintable(QStringLiteral("%1 text on base").arg(QLatin1String(g))),
                p.color(group, QPalette::Text), p.color(group, QPalette::Base));
            add(qPrintable(QStringLiteral("%1 text on alternate rows").arg(QLatin1String(g))),
                p.color(group, QPalette::Text), p.color(group, QPalette::AlternateBase));
            add(qPrintable(QStringLiteral("%1 button text").arg(QLatin1String(g))),
                p.color(group, QPalette::ButtonText), p.color(group, QPalette::Button));
            add(qPrintable(QStringLiteral("%1 selection").arg(QLatin1String(g))),
                p.color(group, QPalette::HighlightedText), p.color(group, QPalette::Highlight));
        }
        add("tooltip", p.color(QPalette::ToolTipText), p.color(QPalette::ToolTipBase));
        add("placeholder text", p.color(QPalette::PlaceholderText), p.color(QPalette::Base));
        add("link", p.color(QPalette::Link), p.color(QPalette::Base));
        // Words in the theme's colours, on the window and on lists and text boxes.
        const QList<std::pair<const char*, ThemeColour>> words = {
            {"error text", ThemeColour::ErrorText},
            {"ok text", ThemeColour::OkText},
            {"warning text", ThemeColour::WarningText},
            {"muted text", ThemeColour::MutedText},
            {"accent", ThemeColour::Accent},
            {"problem text", ThemeColour::ProblemText},
            {"neutral text", ThemeColour::NeutralText},
            {"footnote", ThemeColour::FootnoteText},
            {"stale value", ThemeColour::Stale},
            {"wall alarm", ThemeColour::WallAlarmText},
        };
        for (const auto& [what, role] : words) {
            add(qPrintable(QStringLiteral("%1 on the window").arg(QLatin1String(what))), c(role),
                p.color(QPalette::Window));
            add(qPrintable(QStringLiteral("%1 on a list").arg(QLatin1String(what))), c(role),
                p.color(QPalette::Base));
        }
        // An item's status in words, in the checklist's rows (plain and alternate) and its
        // details; a failed step's on its row; a critical alert's row.
        for (const QPalette::ColorRole row : {QPalette::Base, QPalette::AlternateBase}) {
            const QString on = row == QPalette::Base ? QStringLiteral("a row")
                                                     : QStringLiteral("an alternate row");
            add(qPrintable(QStringLiteral("signed status on %1").arg(on)), c(ThemeColour::OkText),
                p.color(row));
            add(qPrintable(QStringLiteral("not applicable status on %1").arg(on)),
                c(ThemeColour::NeutralText), p.color(row));
            add(qPrintable(QStringLiteral("blocked status on %1").arg(on)),
                c(ThemeColour::ErrorText), p.color(row));
            add(qPrintable(QStringLiteral("open status on %1").arg(on)),
                c(ThemeColour::WarningText), p.color(row));
        }
        add("failed step's status", c(ThemeColour::ErrorText), c(ThemeColour::FailedRow));
        // White words on banners, badges, the GO and NO-GO buttons and the phase headers.
        const QList<std::pair<const char*, ThemeColour>> fills = {
            {"danger banner", ThemeColour::DangerBanner},
            {"rollback banner", ThemeColour::RollbackBanner},
            {"warning banner", ThemeColour::WarningBanner},
            {"GO button", ThemeColour::Ok},
            {"NO-GO button", ThemeColour::Breach},
            {"demo badge", ThemeColour::DemoBadge},
            {"wall demo badge", ThemeColour::WallDemoBadge},
            {"checked choice", ThemeColour::ChoiceChecked},
            {"unknown badge", ThemeColour::Unknown},
            {"phase preparing", ThemeColour::PhasePreparing},
            {"phase go/no-go", ThemeColour::PhaseGoNoGo},
            {"phase cutover", ThemeColour::PhaseCutover},
            {"phase final monitoring", ThemeColour::PhaseFinalMonitoring},
            {"phase live", ThemeColour::PhaseLive},
            {"phase rollback", ThemeColour::PhaseRollback},
            {"phase rolled back", ThemeColour::PhaseRolledBack},
            {"wall final monitoring", ThemeColour::WallPhaseFinalMonitoring},
            {"wall rollback", ThemeColour::WallPhaseRollback},
            {"wall rolled back", ThemeColour::WallPhaseRolledBack},
            {"wall failure badge", ThemeColour::WallBreach},
        };
        for (const auto& [what, role] : fills)
            add(what, c(ThemeColour::OnStateText), c(role));
        add("at-risk panel", c(ThemeColour::OnAmberText), c(ThemeColour::AtRisk));
        add("wall go/no-go", c(ThemeColour::OnAmberText), c(ThemeColour::WallPhaseGoNoGo));
        for (const auto& [what, role] : QList<std::pair<const char*, ThemeColour>>{
                 {"next row", ThemeColour::NextRow},
                 {"done row", ThemeColour::DoneRow},
                 {"warning fill", ThemeColour::WarningFill},
                 {"unfilled field", ThemeColour::PlaceholderMarker}})
            add(what, c(ThemeColour::OnLightFillText), c(role));
        add("note", c(ThemeColour::NoteText), c(ThemeColour::NoteBackground));
        add("problem box", c(ThemeColour::NoteText), c(ThemeColour::ProblemBackground));
        add("failed step's row", p.color(QPalette::Text), c(ThemeColour::FailedRow));
        add("wall panel in breach", p.color(QPalette::WindowText), c(ThemeColour::WallBreachFill));
        // The keyboard help, over the window through its veil.
        const QColor veiled = composite(c(ThemeColour::HelpVeil), p.color(QPalette::Window));
        add("help text", c(ThemeColour::HelpText), veiled);
        add("help keys", c(ThemeColour::HelpKeysText), veiled);
        add("help menu", c(ThemeColour::HelpGroupText), veiled);
        add("help closing", c(ThemeColour::HelpMutedText), veiled);
        add("command output", c(ThemeColour::TerminalText), c(ThemeColour::TerminalBackground));
        add("selected output", c(ThemeColour::TerminalText), c(ThemeColour::TerminalSelection));
    }
    applyTheme(Theme::Dark);
}

void TestThemeContrast::everyTextPairMeetsAa()
{
    QFETCH(QColor, text);
    QFETCH(QColor, background);
    const double ratio = contrast(text, background);
    QVERIFY2(ratio >= kAaText, qPrintable(QStringLiteral("%1 on %2: %3:1, below %4:1")
                                              .arg(text.name(), background.name())
                                              .arg(ratio, 0, 'f', 2)
                                              .arg(kAaText)));
}

// The checklist's status column, as its proxy colours it, for an item of every status.
void TestThemeContrast::checklistStatusWordsMeetAa()
{
    const RunbookParseResult parsed = RunbookParser::parse(
        "# Go-live\n\n## 1. Steps\n\n- [ ] a\n- [ ] b\n- [ ] c\n- [ ] d\n", QStringLiteral("t.md"));
    RunState state(&parsed.runbook);
    qint64 seq = 0;
    for (const auto& [id, kind] :
         QList<std::pair<const char*, EventKind>>{{"1.1", EventKind::Signed},
                                                  {"1.2", EventKind::NotApplicable},
                                                  {"1.3", EventKind::Blocked}}) {
        SignOffEvent e;
        e.seq = ++seq;
        e.kind = kind;
        e.itemId = QString::fromLatin1(id);
        e.text = QStringLiteral("reason");
        e.actor = Actor::local(QStringLiteral("Ana"), Role::Engineer);
        e.timeUtc = QDateTime::currentDateTimeUtc();
        state.apply(e);
    }
    ChecklistModel model;
    model.setRun(&parsed.runbook, &state);
    ChecklistStyleProxy proxy;
    proxy.setSourceModel(&model);
    for (const Theme theme : {Theme::Dark, Theme::Light}) {
        applyTheme(theme);
        const QPalette p = QApplication::palette();
        QSet<ItemStatus> seen;
        QList<QModelIndex> todo{QModelIndex()};
        while (!todo.isEmpty()) {
            const QModelIndex parent = todo.takeLast();
            for (int row = 0; row < proxy.rowCount(parent); ++row) {
                todo << proxy.index(row, 0, parent);
                const QModelIndex status = proxy.index(row, ChecklistModel::StatusColumn, parent);
                const QVariant brush = status.data(Qt::ForegroundRole);
                if (!brush.isValid())
                    continue;
                seen << static_cast<ItemStatus>(
                    proxy.index(row, 0, parent).data(ChecklistModel::StatusRole).toInt());
                const QColor text = brush.value<QBrush>().color();
                for (const QPalette::ColorRole background :
                     {QPalette::Base, QPalette::AlternateBase})
                    QVERIFY2(contrast(text, p.color(background)) >= kAaText,
                             qPrintable(QStringLiteral("%1: %2 on %3 (%4 theme): %5:1")
                                            .arg(status.data().toString(), text.name(),
                                                 p.color(background).name(), themeName(theme))
                                            .arg(contrast(text, p.color(background)), 0, 'f', 2)));
            }
        }
        QCOMPARE(seen.size(), 4); // signed, not applicable, blocked, open
    }
    applyTheme(Theme::Dark);
}

// The wall screen fills a panel in breach; a failed update after it is said on whatever the
// panel is then (a failed update makes it stale, and a stale panel is not filled).
void TestThemeContrast::aFailedUpdateReadsOnAPanelFilledForABreach()
{
    PanelDefinition def;
    def.id = QStringLiteral("p");
    def.title = QStringLiteral("prov-ledger p95 latency");
    for (const Theme theme : {Theme::Dark, Theme::Light}) {
        applyTheme(theme);
        SloPanelWidget panel(def);
        panel.setFillOnBreach(true);
        PanelUpdate breach;
        breach.panelId = def.id;
        breach.ok = true;
        breach.state = SloState::Breach;
        breach.currentValue = 0.9;
        breach.fetchedAtUtc = QDateTime::currentDateTimeUtc();
        panel.applyUpdate(breach);
        PanelUpdate failed;
        failed.panelId = def.id;
        failed.error = QStringLiteral("Prometheus unreachable");
        panel.applyUpdate(failed);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("color:(#[0-9a-f]{6})")).match(panel.statusText());
        QVERIFY2(m.hasMatch(), qPrintable(panel.statusText()));
        const QColor text(m.captured(1));
        // What the words are on: the fill while the panel is filled, else the window.
        const QColor fill = panel.property("filled").toBool()
                                ? themeColour(ThemeColour::WallBreachFill, theme)
                                : QApplication::palette().color(QPalette::Window);
        QVERIFY2(contrast(text, fill) >= kAaText,
                 qPrintable(QStringLiteral("%1 on %2 (%3 theme): %4:1")
                                .arg(text.name(), fill.name(), themeName(theme))
                                .arg(contrast(text, fill), 0, 'f', 2)));
    }
    applyTheme(Theme::Dark);
}

void TestThemeContrast::theRatioIsWcags()
{
    // WCAG's own examples: black on white is 21:1; #767676 on white is the lightest grey at 4.5.
    QCOMPARE(qRound(contrast(Qt::black, Qt::white) * 100), 2100);
    QVERIFY(contrast(QColor(0x76, 0x76, 0x76), Qt::white) >= 4.5);
    QVERIFY(contrast(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
}

QTEST_MAIN(TestThemeContrast)
#include "tst_themecontrast.moc"
