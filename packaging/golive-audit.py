#!/usr/bin/env python3
"""Recomputes a golive run file's sign-off chain with nothing but Python's standard library.

An auditor need not trust golive: each event's hash is SHA-256 over compact, key-sorted JSON of
its fields exactly as stored (seq, time, kind, item, field, text, actor, role, os_user, host,
prev), and prev is the previous event's hash. The first event's prev is the run's genesis: the
SHA-256 of "golive-run\\n" + meta.run_id + "\\n" + the SHA-256 of meta.runbook_text (computed
here, and checked against meta.runbook_sha256), so the chain also covers the embedded runbook.
A run made with a roster (meta.allowed_signers, meta.signatures_required) anchors it too: the
genesis text goes on with "\nallowed-signers " + the SHA-256 of the roster and "\nsignatures "
+ "required" or "optional". A signed event's JSON also holds "key": its key's fingerprint, and
an event that carries a snapshot of what golive could see when it was recorded (schema 5: the
events table's snapshot column, compact JSON) holds it as "snapshot", the stored text as a
string; an event without one (NULL or empty) has no "snapshot" at all.

Each signed event's signature is then checked by OpenSSH itself, as
`ssh-keygen -Y verify -f ROSTER -I ACTOR -n golive -s SIG < PAYLOAD`, with the roster in force
when it was made, and the role it claims against the roles its roster line names: a line may
name them as principals "role:incident-commander", "role:release-captain", "role:engineer",
"role:observer" beside the person's name (such principals are never names). A line naming roles
signs only in those; a line naming none signs in any role but a change of the roster.
The roster in force is the run's first roster, changed by each roster-changed event (its text
is the whole roster afterwards) that counts: signed by a key whose line names the role the event
claims, role:incident-commander or role:release-captain (a run's first roster: a line of the
roster it sets), setting a roster that reads and has someone on it, and, when it requires
signatures, leaving the roster's text as it was. A roster change that does not count fails the
audit; a signature by a key off the roster fails it only when a roster was in force.
Evidence (files attached and commands' output, schema 4) is checked too: each
evidence-attached or command-run event names its bytes' SHA-256 in its field, and its JSON text
gives their size ("size", or a command's "kept_bytes"); the bytes are the run's blob with that
SHA-256, its chunks (blob_chunks) numbered 0, 1, 2, ... with none missing, concatenated in
that order.
Usage: golive-audit.py RUN.golive
Exit 0 when the chain and the signatures check, 1 when they do not (the first bad event is
named), 2 on usage or when ssh-keygen is needed and missing.
"""
import base64
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile

TIME_FORM = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
KINDS = {"signed", "revoked", "not-applicable", "blocked", "field-filled", "note-added",
         "chain-break-acknowledged", "phase-changed", "decision", "step-failed", "rollback-step",
         "observed", "dashboard-set", "roster-changed", "evidence-attached", "command-run"}
EVIDENCE = {"evidence-attached": "size", "command-run": "kept_bytes"}
ROLES = {"incident-commander", "release-captain", "engineer", "observer"}
COMMANDERS = ("incident-commander", "release-captain")
ROLE_PREFIX = "role:"
KEY_TYPES = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
             "ssh-rsa", "ssh-dss", "sk-ssh-ed25519@openssh.com",
             "sk-ecdsa-sha2-nistp256@openssh.com"}
SSH_SPACE = " \t\r\n"


def golive_time(time) -> bool:
    """Exactly yyyy-MM-ddTHH:mm:ss.zzzZ (UTC, milliseconds), a real date and time."""
    if not isinstance(time, str) or not TIME_FORM.fullmatch(time):
        return False
    try:
        datetime.datetime.strptime(time, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return True


def ssh_string(blob: bytes, at: int):
    """One length-prefixed string of OpenSSH's wire format at `at`: (bytes, next offset)."""
    if at + 4 > len(blob):
        raise ValueError("truncated")
    (n,) = struct.unpack(">I", blob[at:at + 4])
    if at + 4 + n > len(blob):
        raise ValueError("truncated")
    return blob[at + 4:at + 4 + n], at + 4 + n


def next_word(line: str, at: int):
    """OpenSSH's strdelimw: the next word from `at`, a double quote starting a stretch (spaces
    and all) to the next quote; (word, position after the whitespace that follows). None when a
    quote is never closed."""
    i = at
    while i < len(line) and line[i] not in SSH_SPACE and line[i] != '"':
        i += 1
    word = line[at:i]
    if i < len(line) and line[i] == '"':
        close = line.find('"', i + 1)
        if close < 0:
            return None
        word += line[i + 1:close]
        i = close + 1
    elif i < len(line):
        i += 1
    while i < len(line) and line[i] in SSH_SPACE:
        i += 1
    return word, i


def parse_options(opts: str):
    """The options word of a roster line: the namespaces it names (None: any), or raises
    ValueError for anything golive does not read (it reads namespaces="..." only)."""
    m = re.fullmatch(r'(?i:namespaces)="((?:\\"|[^"\\]|\\(?!"))*)"', opts)
    if not m:
        raise ValueError(f"unsupported options {opts[:40]!r}")
    return m.group(1).replace('\\"', '"').split(",")


def rsa_bits(blob: bytes) -> int:
    _, at = ssh_string(blob, 0)
    _, at = ssh_string(blob, at)
    n, _ = ssh_string(blob, at)
    return int.from_bytes(n, "big").bit_length()


def parse_roster(text: str):
    """A roster as golive reads it: a list of (names, roles, namespaces, key blob), one per line
    that is not blank or a comment; None when a line does not read."""
    if len(text) > 64 * 1024:  # golive reads no larger roster (AllowedSigners::parse)
        return None
    entries = []
    for line in text.split("\n"):
        stripped = line.lstrip(SSH_SPACE)
        if not stripped or stripped.startswith("#"):
            continue
        got = next_word(stripped, 0)
        if got is None or got[1] >= len(stripped):
            return None
        principals, at = got[0].split(","), got[1]
        rest = stripped[at:]
        namespaces = None
        if re.split(r"[ \t]", rest, maxsplit=1)[0] not in KEY_TYPES:
            end, quoted = 0, False
            while end < len(rest) and (quoted or rest[end] not in " \t"):
                if rest[end] == "\\" and rest[end + 1:end + 2] == '"':
                    end += 1
                elif rest[end] == '"':
                    quoted = not quoted
                end += 1
            if quoted:
                return None
            try:
                namespaces = parse_options(rest[:end])
            except ValueError:
                return None
            rest = rest[end:].lstrip(SSH_SPACE)
        words = rest.split()
        if len(words) < 2 or words[0] not in KEY_TYPES:
            return None
        try:
            blob = base64.b64decode(words[1], validate=True)
            if ssh_string(blob, 0)[0].decode("ascii") != words[0]:
                return None
            if words[0] == "ssh-rsa" and rsa_bits(blob) < 2048:
                return None
        except (ValueError, UnicodeError, base64.binascii.Error):
            return None
        names = [p for p in principals if not p.startswith(ROLE_PREFIX)]
        roles = [p[len(ROLE_PREFIX):] for p in principals if p.startswith(ROLE_PREFIX)]
        entries.append((names, roles, namespaces, blob))
    return entries


def match_pattern(s: bytes, p: bytes) -> bool:
    """OpenSSH's match_pattern: `*` any run of bytes, `?` one byte, everything else itself (one
    saved backtrack point, so a hostile pattern costs at most |s| x |p| steps)."""
    si = pi = 0
    star_p, star_s = -1, 0
    while si < len(s):
        if pi < len(p) and p[pi] in (ord("?"), s[si]):
            si, pi = si + 1, pi + 1
        elif pi < len(p) and p[pi] == ord("*"):
            star_p, star_s, pi = pi, si, pi + 1
        elif star_p >= 0:
            star_s += 1
            pi, si = star_p + 1, star_s
        else:
            return False
    while pi < len(p) and p[pi] == ord("*"):
        pi += 1
    return pi == len(p)


def match_pattern_list(name: str, patterns) -> bool:
    """OpenSSH's match_pattern_list: a match of a `!`-negated pattern refuses; a pattern of
    1023 bytes or more matches nothing."""
    s, positive = name.encode("utf-8"), False
    for sub in ",".join(patterns).encode("utf-8").split(b","):
        negated = sub.startswith(b"!")
        sub = sub[1:] if negated else sub
        if len(sub) >= 1023:
            return False
        if match_pattern(s, sub):
            if negated:
                return False
            positive = True
    return positive


def has_commander(entries) -> bool:
    """Whether a line names a commander's role for a person who can sign (golive's
    AllowedSigners::hasCommander): a name neither a role nor a negation, namespace golive."""
    for names, roles, namespaces, _blob in entries or []:
        if not any(r in COMMANDERS for r in roles):
            continue
        if namespaces is not None and not match_pattern_list("golive", namespaces):
            continue
        if any(n and not n.startswith("!") for n in names):
            return True
    return False


def allows_as(entries, name: str, role: str, key: bytes, roster_change: bool) -> bool:
    """Whether a roster line gives `key` to `name` in `role` (golive's AllowedSigners::allowsAs):
    a line naming roles signs in those only; one naming none in any role but a roster change,
    which needs a line naming a commander's role, and that role claimed."""
    if name.startswith(ROLE_PREFIX) or (roster_change and role not in COMMANDERS):
        return False
    for names, roles, namespaces, blob in entries or []:
        if blob != key or (namespaces is not None and not match_pattern_list("golive", namespaces)):
            continue
        if not names or not match_pattern_list(name, names):
            continue
        if role in roles or (not roles and not roster_change):
            return True
    return False


def signature_key(armored: str):
    """The key an armored SSHSIG signature carries: (type, "SHA256:..." fingerprint, blob)."""
    lines = armored.strip().splitlines()
    if len(lines) < 3 or lines[0] != "-----BEGIN SSH SIGNATURE-----" or \
            lines[-1] != "-----END SSH SIGNATURE-----":
        raise ValueError("not an armored SSH signature")
    raw = base64.b64decode("".join(lines[1:-1]), validate=True)
    if raw[:6] != b"SSHSIG" or raw[6:10] != b"\0\0\0\1":
        raise ValueError("not an SSHSIG signature of version 1")
    key, _ = ssh_string(raw, 10)
    key_type, _ = ssh_string(key, 0)
    digest = base64.b64encode(hashlib.sha256(key).digest()).decode().rstrip("=")
    return key_type.decode("ascii", "replace"), "SHA256:" + digest, key


def ssh_keygen(args, data: bytes):
    """Runs ssh-keygen with `data` on stdin: (exit code, what it said)."""
    try:
        p = subprocess.run(["ssh-keygen"] + args, input=data, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return 1, "ssh-keygen did not answer within 60 seconds"
    said = (p.stdout + p.stderr).decode("utf-8", "replace").strip()
    return p.returncode, "; ".join(line.strip() for line in said.splitlines() if line.strip())


def check_signatures(path, meta, events) -> int:
    """Every signature checked by ssh-keygen against the roster in force when it was made."""
    roster = meta_text(meta.get("allowed_signers"))
    required = meta_text(meta.get("signatures_required")) == "1"
    if any(e["key_fp"] or e["signature"] for e in events) and shutil.which("ssh-keygen") is None:
        print(f"{path}: ssh-keygen (OpenSSH) is needed to check the signatures and was not found")
        return 2
    problems, off_roster, good, unsigned = [], 0, 0, 0
    with tempfile.TemporaryDirectory(prefix="golive-audit-") as tmp:
        data_file, sig_file, roster_file = (os.path.join(tmp, n) for n in ("data", "sig", "roster"))
        for e in events:
            seq, fp, sig = e["seq"], e["key_fp"], e["signature"]
            is_roster_event = e["kind"] == "roster-changed"
            if not fp and not sig:
                unsigned += 1
                if is_roster_event:
                    problems.append(f"event #{seq}: it changes the roster unsigned")
                elif required:
                    problems.append(f"event #{seq}: unsigned while the run required signatures")
                continue
            if not fp:
                problems.append(f"event #{seq}: it carries a signature but its payload names no key")
                continue
            if not sig:
                problems.append(f"event #{seq}: its payload names the key {fp} but its signature "
                                "was removed")
                continue
            try:
                sig_type, sig_fp, sig_key = signature_key(sig)
            except (ValueError, UnicodeError, base64.binascii.Error) as err:
                problems.append(f"event #{seq}: its signature does not read: {err}")
                continue
            if sig_fp != fp or sig_type != e["key_type"]:
                problems.append(f"event #{seq}: it was signed with {sig_type} {sig_fp}, not the key "
                                f"it names ({e['key_type']} {fp})")
                continue
            with open(data_file, "wb") as f:
                f.write(e["payload"])
            with open(sig_file, "w", encoding="utf-8") as f:
                f.write(sig)
            # The signature itself first, then whether the roster gives its key to the actor
            # (ssh-keygen decides the name), in the role the event claims (the line's roles).
            rc, said = ssh_keygen(["-Y", "check-novalidate", "-n", "golive", "-s", sig_file],
                                  e["payload"])
            if rc != 0:
                problems.append(f"event #{seq}: its signature does not check over its contents "
                                f"(ssh-keygen: {said})")
                continue
            judge = roster
            if is_roster_event and not roster.strip():
                judge = e["text"]  # a run's first roster is judged by itself
            judged = parse_roster(judge) if judge.strip() else None
            on_roster = False
            if judged:
                with open(roster_file, "w", encoding="utf-8") as f:
                    f.write(judge)
                rc, said = ssh_keygen(["-Y", "verify", "-f", roster_file, "-I", e["actor"],
                                       "-n", "golive", "-s", sig_file], e["payload"])
                on_roster = rc == 0 and allows_as(judged, e["actor"], e["role"], sig_key,
                                                  is_roster_event)
            if not on_roster:
                off_roster += 1
                # A roster change golive would not write fails whatever roster there was; any
                # other event only when a roster with someone on it was in force.
                if is_roster_event or judge.strip():
                    problems.append(f"event #{seq}: signed by {e['actor']} as {e['role']} with "
                                    f"{fp}, which the roster in force does not give them"
                                    + (" to change the roster" if is_roster_event else ""))
                continue
            if is_roster_event:
                if e["role"] not in COMMANDERS:
                    problems.append(f"event #{seq}: it changes the roster as {e['role']}; only an "
                                    "incident commander or release captain may")
                    continue
                if not parse_roster(e["text"]):
                    problems.append(f"event #{seq}: the roster it sets does not read or has "
                                    "nobody on it")
                    continue
                if not has_commander(parse_roster(e["text"])):
                    problems.append(f"event #{seq}: the roster it sets leaves nobody who may "
                                    "change it")
                    continue
                if e["field"] == "require-signatures" and e["text"] != roster:
                    problems.append(f"event #{seq}: it requires signatures and changes the roster "
                                    "too")
                    continue
                roster = e["text"]
                if e["field"] == "require-signatures":
                    required = True
            good += 1
    problems.sort(key=lambda p: int(re.match(r"event #(\d+)", p).group(1)))
    print(f"{path}: signatures: {good} signed by roster keys, {unsigned} unsigned, "
          f"{off_roster} by keys not on the roster, "
          f"{'required' if required else 'optional'}")
    for p in problems:
        print(f"{path}: signature not accepted at {p}")
    return 1 if problems else 0


def meta_text(value) -> str:
    if value is None:
        return ""
    return bytes(value).decode("utf-8") if isinstance(value, (bytes, bytearray, memoryview)) \
        else str(value)


def check_evidence(path, db, events) -> bool:
    """Each evidence event's bytes: kept in the run (schema 4: blobs, blob_chunks in order of n),
    the size its JSON text gives, and the SHA-256 its field names. Read a chunk at a time."""
    evidence = [e for e in events if e["kind"] in EVIDENCE]
    if not evidence:
        return True
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "blobs" not in tables or "blob_chunks" not in tables:
        print(f"{path}: event #{evidence[0]['seq']} records evidence, but the run keeps none")
        return False
    for e in evidence:
        where = f"event #{e['seq']} ({e['kind']} for {e['item']})"
        try:
            size = json.loads(e["text"])[EVIDENCE[e["kind"]]]
        except (ValueError, KeyError, TypeError):
            print(f"{path}: {where}: its text is not the JSON golive writes")
            return False
        row = db.execute("SELECT id, size FROM blobs WHERE sha256 = ?", (e["field"],)).fetchone()
        if row is None:
            print(f"{path}: {where}: its bytes are missing from the run")
            return False
        digest, total, expected_n = hashlib.sha256(), 0, 0
        for (n, chunk) in db.execute(
                "SELECT n, data FROM blob_chunks WHERE blob_id = ? ORDER BY n", (row[0],)):
            if n != expected_n:  # chunks numbered 0, 1, 2, ... with none missing
                break
            digest.update(chunk)
            total += len(chunk)
            expected_n += 1
        else:
            expected_n = -1
        if (expected_n != -1 or digest.hexdigest() != e["field"] or total != size
                or row[1] != size):
            print(f"{path}: {where}: its stored bytes do not match their SHA-256 and size")
            return False
    print(f"{path}: evidence intact, {len(evidence)} events")
    return True


def stored_text(value) -> str:
    """A text column as golive reads it: NULL is empty, bytes (a BLOB put there by hand) are
    read as UTF-8."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: golive-audit.py RUN.golive", file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        # Runs of schema 3 keep each event's signature, runs of schema 5 its snapshot; older
        # ones have none.
        columns = {r[0] for r in
                   db.execute("SELECT name FROM pragma_table_info('events')").fetchall()}
        signed = "signature" in columns
        rows = db.execute(
            "SELECT seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host,"
            " prev_hash, hash"
            + (", key_type, key_fp, signature" if signed else ", NULL, NULL, NULL")
            + (", snapshot" if "snapshot" in columns else ", NULL")
            + " FROM events ORDER BY seq").fetchall()
    except sqlite3.Error as e:
        print(f"{path}: cannot read the ledger: {e}", file=sys.stderr)
        return 2
    run_id, runbook = meta.get("run_id"), meta.get("runbook_text")
    if not isinstance(run_id, str) or runbook is None:
        print(f"{path}: not a golive run: its run_id or runbook_text is missing")
        return 1
    if isinstance(runbook, str):
        runbook = runbook.encode("utf-8")
    runbook_sha = hashlib.sha256(runbook).hexdigest()
    if meta.get("runbook_sha256") != runbook_sha:
        print(f"{path}: the embedded runbook does not match its recorded SHA-256")
        return 1
    anchor = f"golive-run\n{run_id}\n{runbook_sha}"
    roster = meta_text(meta.get("allowed_signers"))
    required = meta_text(meta.get("signatures_required")) == "1"
    if roster or required:
        anchor += (f"\nallowed-signers {hashlib.sha256(roster.encode('utf-8')).hexdigest()}"
                   f"\nsignatures {'required' if required else 'optional'}")
    genesis = hashlib.sha256(anchor.encode("utf-8")).hexdigest()
    prev, expected_seq = genesis, 1
    events = []
    for (seq, time, kind, item, field, text, actor, role, os_user, host, prev_hash, digest,
         key_type, key_fp, signature, snapshot) in rows:
        fields = {"seq": seq, "time": time, "kind": kind, "item": item or "",
                  "field": field or "", "text": text or "", "actor": actor, "role": role,
                  "os_user": os_user or "", "host": host or "", "prev": prev_hash}
        if key_fp:
            fields["key"] = key_fp
        snapshot = stored_text(snapshot)
        if snapshot:  # as SignOffEvent::canonicalPayload: only an event that carries one
            fields["snapshot"] = snapshot
        payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        events.append({"seq": seq, "kind": kind, "item": item or "", "field": field or "",
                       "text": text or "",
                       "actor": actor, "role": role, "key_type": key_type or "",
                       "key_fp": key_fp or "", "signature": signature or "",
                       "payload": payload.encode("utf-8")})
        if kind not in KINDS or role not in ROLES:
            print(f"{path}: broken at event #{seq}: its kind {kind!r} or role {role!r} is not "
                  "one golive writes")
            return 1
        if not golive_time(time):
            print(f"{path}: broken at event #{seq}: its time {time!r} is not in golive's form")
            return 1
        if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
            print(f"{path}: broken at event #{seq}: its contents were changed after it was written")
            return 1
        if seq == 1 and expected_seq == 1 and prev_hash != prev:
            print(f"{path}: broken at event #{seq}: it is not chained to this run's id and runbook")
            return 1
        if seq != expected_seq or prev_hash != prev:
            print(f"{path}: broken at event #{seq}: the event before it is missing or was changed")
            return 1
        prev, expected_seq = digest, seq + 1
    print(f"{path}: chain intact, {len(rows)} events, head {prev}")
    if not check_evidence(path, db, events):
        return 1
    if not rows:
        print(f"{path}: no events: nothing is signed, so nothing ties the embedded runbook "
              "to this run yet")
    if signed and (roster or required or any(e["key_fp"] or e["signature"] for e in events)):
        return check_signatures(path, meta, events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
