#!/usr/bin/env bash
# Shows that shape_test.sh can fail: a tiny tree that keeps every rule passes, and each planted
# bug (a long file, each kind of colour literal, a comment citing a tracker's issue) fails it,
# named with its rule. What the rules allow (the theme's own colours, the report's print
# palette, QColor(), a #objectName selector, issue words in a string) must not fail it.
# Usage: shape_selftest.sh PATH/TO/shape_test.sh
set -euo pipefail

shape=${1:?usage: shape_selftest.sh PATH/TO/shape_test.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

make_clean_tree() {
    rm -rf "$work/tree"
    mkdir -p "$work/tree"/{app,models,services/report,ui,tests,packaging,resources}
    cd "$work/tree"
    printf '%s\n' 'cmake_minimum_required(VERSION 3.25)' '# The build, in words.' >CMakeLists.txt
    cat >ui/Theme.cpp <<'EOF'
// The theme: the one place that names colours.
#include "Theme.h"
QColor danger() { return QColor(0xb7, 0x1c, 0x1c); } // #b71c1c
QColor ink() { return QColor(Qt::black); }
EOF
    cat >services/report/ReportStyle.cpp <<'EOF'
// The report's print palette.
const char* kTable = "th { background-color: #e6e6e6; color: black; }";
EOF
    cat >ui/Widget.cpp <<'EOF'
// A widget that asks the theme for its colours.
#include "Widget.h"
#if defined(X)
#endif
void Widget::style()
{
    setStyleSheet(QStringLiteral("#abortBanner { background: %1; color: %2; }")
                      .arg(themeColour(ThemeColour::DangerBanner).name(),
                           themeColour(ThemeColour::OnStateText).name()));
    label->setStyleSheet(QStringLiteral("QLabel#badge { border: 1px solid %1; }").arg(c));
    setColor(m_label, QColor()); // no colour: the palette's
    pixmap.fill(Qt::transparent);
    const QString message = tr("see issue 12 in the tracker"); // words for a user, not a tag
}
EOF
    seq 1 1000 | sed 's|^|// line |' >models/Long.h # exactly at the limit
    printf '%s\n' '#!/bin/sh' '# Checks the tests, in words (issues are tracked elsewhere).' \
        >tests/run.sh
    printf '%s\n' '# Installs the desktop file.' >packaging/CMakeLists.txt
    cd - >/dev/null
}

expect() { # pass|fail, what, [the rule a failure must name]
    local want=$1 what=$2 rule=${3:-} out rc=0
    out=$("$shape" "$work/tree" 2>&1) || rc=$?
    if [ "$want" = pass ] && [ "$rc" -ne 0 ]; then
        echo "FAIL: $what: shape_test failed on a tree that keeps the rules:"
        echo "$out"
        failures=$((failures + 1))
    elif [ "$want" = fail ] && { [ "$rc" -eq 0 ] || ! grep -q ": $rule: " <<<"$out"; }; then
        echo "FAIL: $what: shape_test did not report a '$rule' finding (exit $rc):"
        echo "$out"
        failures=$((failures + 1))
    else
        echo "ok: $what"
    fi
}

plant() { # what, rule, file (under the tree), line to append
    make_clean_tree
    mkdir -p "$(dirname "$work/tree/$3")"
    printf '%s\n' "$4" >>"$work/tree/$3"
    expect fail "$1" "$2"
}

make_clean_tree
expect pass "a tree that keeps every rule"

make_clean_tree
echo '// one line too many' >>"$work/tree/models/Long.h"
expect fail "a header of 1,001 lines" size
make_clean_tree
seq 1 1001 | sed 's|^|    check();|' >"$work/tree/tests/tst_long.cpp"
expect fail "a test of 1,001 lines" size

plant "a hex colour in a style sheet" colour ui/Widget.cpp \
    '    setStyleSheet(QStringLiteral("QLabel { background: #b71c1c; }"));'
plant "a three-digit hex colour in HTML" colour models/Text.cpp \
    "    out += QStringLiteral(\"<p style='color:#777'>%1</p>\");"
plant "a QColor made from numbers" colour services/Chart.cpp \
    '    return QColor(0xc6, 0x28, 0x28);'
plant "a QColor made from a name" colour app/Main.cpp '    const QColor c(QColor("red"));'
plant "a QColor variable made from numbers" colour ui/Widget.cpp \
    '    const QColor stale(0xa0, 0xa0, 0xa0);'
plant "a QColor variable braced from numbers" colour ui/Widget.cpp '    const QColor c{198, 40, 40};'
plant "Qt's named colour" colour ui/Widget.cpp '    p.setPen(QPen(Qt::white, 3));'
plant "a named colour in a style sheet" colour ui/Widget.cpp \
    '    label->setStyleSheet(QStringLiteral("QLabel { color: white; }"));'
plant "a hex colour in a header" colour ui/Widget.h 'constexpr auto kRed = "#c62828";'
plant "a colour in the report outside its palette" colour services/report/Pager.cpp \
    '    p.setPen(Qt::black);'
plant "a colour in ui/Theme.h (only Theme.cpp names them)" colour ui/Theme.h \
    '// DangerBanner is #b71c1c'

# The tags are put together here, so this script does not carry them itself.
i=issue I=Issue is=issues
plant "a C++ comment citing an issue and point" comment ui/Widget.cpp \
    "// The header ($i 6, point 9): phase and clock."
plant "a trailing C++ comment citing an issue" comment services/Store.cpp "int x = 0; // $i 4"
plant "a block comment citing an issue" comment models/Model.h "/* The model ($I #3)"
plant "a block comment's line citing issues" comment models/Model.h " * see $is 5 and 6"
plant "a CMake comment citing an issue" comment tests/CMakeLists.txt \
    "# $I 6, points 9 and 10: presentation mode"
plant "the top-level CMakeLists.txt citing an issue" comment CMakeLists.txt "# ($i 2)"
plant "a packaging script citing an issue" comment packaging/install-deps.sh \
    "apt-get install foo # $i 7"

if [ "$failures" -gt 0 ]; then
    echo "shape_selftest: $failures case(s) wrong" >&2
    exit 1
fi
echo "shape_selftest: every rule fails on its planted bug and passes a tree that keeps it"
