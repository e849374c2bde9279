#!/usr/bin/env bash
# The code's shape, checked on every test run: no source file over 1,000 lines; no colour written
# outside the theme (ui/Theme.cpp) and the report's print palette (services/report/ReportStyle.*);
# no comment that points at a tracker's issue ("issue N, point M") instead of saying what the
# code does. Prints every finding as FILE:LINE: rule: text and fails when there is one.
# Usage: shape_test.sh [SOURCE_DIR]   (default: the checkout this script is in)
set -euo pipefail

root=${1:-"$(cd "$(dirname "$0")/../.." && pwd)"}
cd "$root"

max_lines=1000
findings=0

# Files of the given top-level folders (those that exist) that are code or build scripts, never
# test data (fuzz corpora, runbooks and runs under tests/data). NUL-separated, sorted.
sources() {
    local dirs=()
    for d in "$@"; do
        [ -d "$d" ] && dirs+=("$d")
    done
    [ ${#dirs[@]} -eq 0 ] && return 0
    find "${dirs[@]}" -type f \
        \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' -o -name '*.c' -o -name '*.cc' \
        -o -name '*.py' -o -name '*.sh' -o -name '*.cmake' -o -name 'CMakeLists.txt' \) \
        -not -path 'tests/fuzz/corpus/*' -not -path 'tests/data/*' -print0 | sort -z
}

report() { # rule; reads grep -nH lines (FILE:LINE:TEXT) on stdin
    local rule=$1 line file rest text
    while IFS= read -r line; do
        file=${line%%:*}
        rest=${line#*:}
        text=$(sed 's/^[[:space:]]*//' <<<"${rest#*:}" | cut -c1-160)
        printf '%s:%s: %s: %s\n' "$file" "${rest%%:*}" "$rule" "$text"
        findings=$((findings + 1))
    done
}

# 1. Size: a file over 1,000 lines holds more than one thing; split it by feature.
while IFS= read -r -d '' f; do
    n=$(wc -l <"$f")
    if [ "$n" -gt "$max_lines" ]; then
        printf '%s:%s: size: %s lines (at most %s)\n' "$f" "$n" "$n" "$max_lines"
        findings=$((findings + 1))
    fi
done < <(sources app models services ui tests)

# 2. Colours: a hex colour (#rgb, #rrggbb, #aarrggbb), a QColor made from numbers, a name or a
# string, Qt's named global colours, or a named colour in a style sheet. The invalid QColor()
# ("no colour") and Qt::transparent are not colours.
hex='#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})([^0-9a-zA-Z_]|$)'
qcolor='QColor([[:space:]]+[A-Za-z_][A-Za-z0-9_]*)?[[:space:]]*[({][[:space:]]*'
qcolor+='([0-9"]|Qt::|QStringLiteral|QLatin1String)'
qtnamed='Qt::(white|black|red|darkRed|green|darkGreen|blue|darkBlue|cyan|darkCyan|magenta'
qtnamed+='|darkMagenta|yellow|darkYellow|gray|darkGray|lightGray)([^0-9a-zA-Z_]|$)'
other='QColorConstants::|qRgba?[[:space:]]*\(|QColor::from(Rgb|Hsv|Hsl|Cmyk|String)'
css='(color|background|border[a-z-]*)[[:space:]]*:[^;}]*[^0-9a-zA-Z_%-]'
css+='(white|black|red|green|blue|yellow|orange|gr[ae]y|purple|pink|brown|cyan|magenta|navy'
css+='|maroon|teal|olive|lime|silver|gold)([^0-9a-zA-Z_-]|$)'
colour_re="$hex|$qcolor|$qtnamed|$other|$css"
while IFS= read -r -d '' f; do
    case "$f" in
    ui/Theme.cpp | services/report/ReportStyle.*) continue ;;
    *.cpp | *.h | *.hpp | *.c | *.cc) ;;
    *) continue ;;
    esac
    report colour < <(grep -nHE -- "$colour_re" "$f" || true)
done < <(sources app models services ui)

# 3. Comments that cite a tracker ("issue N", "issues N and M", "issue #N" with numbers): the
# tracker is not in the repository, so the words must say what the code does. C++ comments
# (//, /* and the * lines of a block) and # comments of CMake, shell and Python files.
tag='[Ii][Ss][Ss][Uu][Ee][Ss]?[[:space:]]+#?[0-9]+'
while IFS= read -r -d '' f; do
    case "$f" in
    *.cpp | *.h | *.hpp | *.c | *.cc) re="(//|/\\*|^[[:space:]]*\\*).*$tag" ;;
    *) re="#.*$tag" ;;
    esac
    report comment < <(grep -nHE -- "$re" "$f" || true)
done < <(
    sources app models services ui tests packaging resources
    [ -f CMakeLists.txt ] && printf '%s\0' CMakeLists.txt
)

if [ "$findings" -gt 0 ]; then
    echo "shape_test: $findings finding(s) in $root" >&2
    exit 1
fi
echo "shape_test: $root is in shape"
