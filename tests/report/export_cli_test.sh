#!/bin/sh
# `golive export` and `golive verify --digest` through the real binary, with no display: the PDF
# read back by pdftotext, its QR code by zbarimg, and a printed digest checked against the file
# before and after more sign-offs, and after tampering.
# Usage: export_cli_test.sh GOLIVE
set -u
golive=${1:?usage: export_cli_test.sh GOLIVE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config"
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
mkdir -p "$HOME"
cd "$work" || exit 1

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
run() { # run EXPECTED ARGS...
    expected=$1; shift
    "$golive" "$@" >out 2>err
    code=$?
    echo "golive $* -> exit $code"
    [ "$code" -eq "$expected" ] || { fail "golive $* exited $code, expected $expected"; cat out err; return 1; }
}
has() { grep -qF -- "$2" "$1" || fail "$1 lacks: $2"; }

run 0 new --out r.golive || exit 1
run 0 fill owner "Rita Captain" --as "Rita Captain" --role release-captain --run r.golive
run 0 sign 0.1 --as "Ann Lee" --role engineer --note "window agreed with the business" --run r.golive
run 0 sign 1.1 --as "Bob Stone" --role release-captain --run r.golive
run 0 na 3.2.4 --as "Bob Stone" --role release-captain --reason "no secrets scanner yet" --run r.golive

# PDF on A4 and Letter, Markdown and JSON in one go; no display is needed.
run 0 export --run r.golive --pdf a4.pdf --md r.md --json r.json || exit 1
run 0 export --run r.golive --pdf letter.pdf --paper letter
run 2 export --run r.golive --pdf x.pdf --paper tabloid && has err "--paper"
[ ! -e x.pdf ] || fail "a refused export wrote x.pdf"
run 2 export --run r.golive && has err "--pdf"
pdfinfo a4.pdf | grep -q "595 x 842" || fail "a4.pdf is not A4: $(pdfinfo a4.pdf | grep 'Page size')"
pdfinfo letter.pdf | grep -q "612 x 792" || fail "letter.pdf is not Letter"
pdftotext a4.pdf a4.txt
for text in "Ann Lee" "Bob Stone" "Rita Captain" "window agreed with the business" \
    "Go-Live Window Defined" "Enable Maintenance Mode" "no secrets scanner yet"; do
    has a4.txt "$text"
done
pages=$(pdfinfo a4.pdf | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 2 ] || fail "a4.pdf has $pages pages"
p=1
while [ "$p" -le "$pages" ]; do
    pdftotext -f "$p" -l "$p" a4.pdf page.txt
    grep -q "Page $p of $pages" page.txt || fail "page $p lacks 'Page $p of $pages'"
    p=$((p + 1))
done
python3 -c 'import json,sys; d=json.load(open("r.json")); assert len(d["events"]) == 4, d["events"]' \
    || fail "r.json does not hold the 4 events"
has r.md "Ann Lee"

# The QR code on the last page holds the run id and the full head; verify --digest agrees.
pdftoppm -r 150 -png -f "$pages" -l "$pages" a4.pdf last
qr=$(zbarimg --raw -q last*.png 2>/dev/null | head -n 1)
head=$("$golive" verify --run r.golive | sed -n 's/^head //p')
run_id=$("$golive" status --run r.golive --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["runId"])')
[ "$qr" = "golive:run=$run_id;head=$head" ] || fail "QR '$qr' is not golive:run=$run_id;head=$head"
has a4.txt "$head"
run 0 verify --run r.golive --digest "$head" && has out "matches"
run 0 verify --run r.golive --digest "$qr"
run 1 verify --run r.golive --digest "$(echo "$head" | tr '0-9a-f' '1-9a-f0')" && has err "does not match"
run 2 verify --run r.golive --digest "not-a-hash" && has err "--digest"

# A later sign-off: the print is now out of date, and says since which event.
run 0 sign 1.2.1.1 --as "Ann Lee" --role engineer --run r.golive
run 1 verify --run r.golive --digest "$head" && has err "printed after event #4" && has err "1 event was recorded since: #5"

# Another run's print is refused by its run id.
run 0 new --out other.golive
run 1 verify --run other.golive --digest "$qr" && has err "is of run $run_id"

# Tampering with a signed event (triggers dropped, a note rewritten): refused.
cp r.golive t.golive
python3 - t.golive <<'PY' || fail "cannot tamper"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
    db.execute(f'DROP TRIGGER "{name}"')
cols = [r[1] for r in db.execute("PRAGMA table_info(events)")]
col = "payload" if "payload" in cols else "text"
row = db.execute(f"SELECT seq, {col} FROM events WHERE seq = 2").fetchone()
db.execute(f"UPDATE events SET {col} = ? WHERE seq = 2", (row[1].replace("business", "BUSINESS"),))
db.commit()
PY
run 1 verify --run t.golive --digest "$head" && has err "broken"

if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "all export and digest cases passed"
