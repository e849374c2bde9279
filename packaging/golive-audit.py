#!/usr/bin/env python3
"""Recomputes a golive run file's sign-off chain with nothing but Python's standard library.

An auditor need not trust golive: each event's hash is SHA-256 over compact, key-sorted JSON of
its fields exactly as stored (seq, time, kind, item, field, text, actor, role, os_user, host,
prev), and prev is the previous event's hash. The first event's prev is the run's genesis: the
SHA-256 of "golive-run\\n" + meta.run_id + "\\n" + the SHA-256 of meta.runbook_text (computed
here, and checked against meta.runbook_sha256), so the chain also covers the embedded runbook.
A run made with a roster (meta.allowed_signers, meta.signatures_required) anchors it too: the
genesis text goes on with "\nallowed-signers " + the SHA-256 of the roster and "\nsignatures "
+ "required" or "optional". A signed event's JSON also holds "key": its key's fingerprint.

Each signed event's signature is then checked by OpenSSH itself, as
`ssh-keygen -Y verify -f ROSTER -I ACTOR -n golive -s SIG < PAYLOAD`, with the roster in force
when it was made: the run's first roster, changed by each roster-changed event (its text is the
whole roster afterwards) that is itself signed by a key on the roster, by an incident commander
or release captain.
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
         "observed", "dashboard-set", "roster-changed"}
ROLES = {"incident-commander", "release-captain", "engineer", "observer"}


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


def signature_key(armored: str):
    """The key an armored SSHSIG signature carries: (type, "SHA256:..." fingerprint)."""
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
    return key_type.decode("ascii", "replace"), "SHA256:" + digest


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
    has_roster = bool(roster.strip())
    if any(e["key_fp"] or e["signature"] for e in events) and shutil.which("ssh-keygen") is None:
        print(f"{path}: ssh-keygen (OpenSSH) is needed to check the signatures and was not found")
        return 2
    problems, off_roster, good, unsigned = [], [], 0, 0
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
                sig_type, sig_fp = signature_key(sig)
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
            # The signature itself first, then whether the roster gives its key to the actor.
            rc, said = ssh_keygen(["-Y", "check-novalidate", "-n", "golive", "-s", sig_file],
                                  e["payload"])
            if rc != 0:
                problems.append(f"event #{seq}: its signature does not check over its contents "
                                f"(ssh-keygen: {said})")
                continue
            judge = roster
            if is_roster_event and not roster.strip():
                judge = e["text"]  # a run's first roster is judged by itself
            on_roster = False
            if judge.strip():
                with open(roster_file, "w", encoding="utf-8") as f:
                    f.write(judge)
                rc, said = ssh_keygen(["-Y", "verify", "-f", roster_file, "-I", e["actor"],
                                       "-n", "golive", "-s", sig_file], e["payload"])
                on_roster = rc == 0
            if not on_roster:
                off_roster.append(f"event #{seq}: signed by {e['actor']} with {fp}, which the "
                                  "roster in force does not give them")
                continue
            if is_roster_event:
                if e["role"] not in ("incident-commander", "release-captain"):
                    problems.append(f"event #{seq}: it changes the roster as {e['role']}; only an "
                                    "incident commander or release captain may")
                    continue
                roster, has_roster = e["text"], True
                if e["field"] == "require-signatures":
                    required = True
            good += 1
    if has_roster:
        problems += off_roster
    problems.sort(key=lambda p: int(re.match(r"event #(\d+)", p).group(1)))
    print(f"{path}: signatures: {good} signed by roster keys, {unsigned} unsigned, "
          f"{len(off_roster)} by keys not on the roster, "
          f"{'required' if required else 'optional'}")
    for p in problems:
        print(f"{path}: signature not accepted at {p}")
    return 1 if problems else 0


def meta_text(value) -> str:
    if value is None:
        return ""
    return bytes(value).decode("utf-8") if isinstance(value, (bytes, bytearray, memoryview)) \
        else str(value)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: golive-audit.py RUN.golive", file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        # Runs of schema 3 keep each event's signature; older ones have none.
        signed = any(r[0] == "signature" for r in
                     db.execute("SELECT name FROM pragma_table_info('events')").fetchall())
        rows = db.execute(
            "SELECT seq, time_utc, kind, item_id, field_key, text, actor, role, os_user, host,"
            " prev_hash, hash"
            + (", key_type, key_fp, signature" if signed else ", NULL, NULL, NULL")
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
         key_type, key_fp, signature) in rows:
        fields = {"seq": seq, "time": time, "kind": kind, "item": item or "",
                  "field": field or "", "text": text or "", "actor": actor, "role": role,
                  "os_user": os_user or "", "host": host or "", "prev": prev_hash}
        if key_fp:
            fields["key"] = key_fp
        payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        events.append({"seq": seq, "kind": kind, "field": field or "", "text": text or "",
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
    if not rows:
        print(f"{path}: no events: nothing is signed, so nothing ties the embedded runbook "
              "to this run yet")
    if signed and (roster or required or any(e["key_fp"] or e["signature"] for e in events)):
        return check_signatures(path, meta, events)
    return 0


if __name__ == "__main__":
    sys.exit(main())
