#!/usr/bin/env python3
"""Backup and restore, proven: dump a PostgreSQL database, restore it into a fresh one, and show that every counted
budget round comes back intact.

    scripts/backup_restore_check.py                      # build a database (migrate + seed_demo), then check it
    scripts/backup_restore_check.py --source-database X  # check an existing database (left as it is)
    make backup-check

Steps, each printed as it happens:
1. The source: a fresh database with the migrations and the demo (`seed_demo` counts its closed round, "Borgerbudget
   Nørrebro og Bispebjerg 2026", 500 ballots in two sub-budgets), or the database named by --source-database.
2. Its fingerprint, taken by a Django process reading it (`--fingerprint`, read-only): for every counted round the
   stored tally (`TallyResult`: votes online and on paper, selected), a recount of its ballots with its rule
   (`budgeting.tally`, which must give the stored winners), its published pabulib `.pb` files and proposals CSV
   (`budgeting.exports`, the bytes a visitor downloads), and the number of rows in every table.
3. `pg_dump -Fc` of the source into a file, as a nightly backup would make it.
4. A fresh database, and `pg_restore --exit-on-error` of the file into it.
5. The same fingerprint of the restored database, and a byte-for-byte comparison of the two.

The verdict is the last line; the exit code is 0 when everything is identical (and every round recounts to its
stored winners), else 1 (2 when a step could not run). The databases the script made are dropped at the end, and
the dump file removed (--keep keeps them, to look).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
# Settings of the Django processes the script runs: e-mail stays in memory and the demo's photos are not written
# anywhere, so nothing leaves the machine; the database is the DATABASE_URL the script gives each process.
DEFAULT_SETTINGS = "config.settings.test"


class CheckError(Exception):
    """A step could not run (exit code 2)."""


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201


# Databases


def database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _maintenance(server: str):
    import psycopg

    return psycopg.connect(database_url(server, "postgres"), autocommit=True)


def create_database(server: str, name: str) -> None:
    from psycopg import sql

    with _maintenance(server) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server: str, name: str) -> None:
    from psycopg import sql

    with _maintenance(server) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run(command: list[str], *, env: dict[str, str] | None = None, what: str) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise CheckError(f"{what} failed (exit code {result.returncode}):\n{result.stderr.strip()[-4000:]}")
    say(f"  {what}: done in {time.monotonic() - started:.1f} s")
    return result


def django_env(url: str, settings: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=settings)
    return environment


def manage(url: str, settings: str, *args: str, what: str) -> None:
    run([sys.executable, "manage.py", *args], env=django_env(url, settings), what=what)


# The fingerprint (runs inside Django, in its own process)


def write_fingerprint(out: Path) -> None:
    """Write what must survive a restore into `out`: per counted round its stored results, a recount and its
    published files; and the row count of every table. Reads only."""
    import django

    django.setup()
    from django.db import connection

    from budgeting import exports, selectors
    from budgeting.models import BudgetRound, TallyResult
    from budgeting.services import TALLY_RULES
    from budgeting.services.tally import box_election
    from budgeting.tally import tally

    out.mkdir(parents=True, exist_ok=True)
    summary = {"rounds": [], "recounts_match": True}
    for round in BudgetRound.objects.filter(tallied_at__isnull=False).order_by("pk"):
        folder = out / f"round-{round.pk}"
        folder.mkdir()
        stored = [
            {
                "proposal": result.proposal.code,
                "title": result.proposal.title,
                "cost": result.proposal.cost,
                "sub_budget": result.sub_budget.district.code if result.sub_budget_id else None,
                "votes_online": result.votes_online,
                "votes_paper": result.votes_paper,
                "selected": result.selected,
            }
            for result in TallyResult.objects.filter(tally__round=round)
            .select_related("proposal", "sub_budget__district")
            .order_by("sub_budget__district__code", "proposal__code", "proposal__pk")
        ]
        (folder / "tally.json").write_text(json.dumps(stored, ensure_ascii=False, indent=1), encoding="utf-8")

        rule = TALLY_RULES[round.winner_rule]
        recount = []
        ballots = 0
        for box in selectors.ballot_boxes(round=round):
            ballots += len(box.ballots)
            winners = sorted(tally(box_election(box, ballot_type=round.ballot_type), rule))
            codes = {proposal.code for proposal in box.proposals}
            stored_winners = sorted(row["proposal"] for row in stored if row["selected"] and row["proposal"] in codes)
            recount.append({"ballots": len(box.ballots), "winners": winners, "stored_winners": stored_winners})
            summary["recounts_match"] &= winners == stored_winners
        (folder / "recount.json").write_text(json.dumps(recount, indent=1), encoding="utf-8")

        files = []
        for ballot_file in exports.ballot_files(round=round):
            text = exports.ballot_file_text(round=round, sub_budget=ballot_file.sub_budget)
            (folder / ballot_file.filename).write_bytes(text.encode("utf-8"))
            files.append(ballot_file.filename)
        csv_name = exports.proposals_csv_filename(round=round)
        (folder / csv_name).write_bytes(exports.proposals_csv(round=round).encode("utf-8"))
        files.append(csv_name)
        summary["rounds"].append({"id": round.pk, "title": round.title, "ballots": ballots, "files": files})

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    (out / "tables.json").write_text(json.dumps(counts, indent=1), encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


def fingerprint(url: str, settings: str, out: Path, *, what: str) -> dict:
    run(
        [sys.executable, str(Path(__file__).resolve()), "--fingerprint", str(out)],
        env=django_env(url, settings),
        what=what,
    )
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


# Comparing


def compare(before: Path, after: Path) -> list[str]:
    """What differs between two fingerprints (relative paths and a word on each); empty when byte-identical."""
    names_before = {path.relative_to(before) for path in before.rglob("*") if path.is_file()}
    names_after = {path.relative_to(after) for path in after.rglob("*") if path.is_file()}
    problems = [f"{name}: missing after the restore" for name in sorted(names_before - names_after)]
    problems += [f"{name}: only after the restore" for name in sorted(names_after - names_before)]
    for name in sorted(names_before & names_after):
        if str(name) != "tables.json" and not filecmp.cmp(before / name, after / name, shallow=False):
            problems.append(f"{name}: differs")
    if "tables.json" in {str(name) for name in names_before & names_after}:
        counts_before = json.loads((before / "tables.json").read_text(encoding="utf-8"))
        counts_after = json.loads((after / "tables.json").read_text(encoding="utf-8"))
        problems += [
            f"table {table}: {counts_before.get(table)} rows before, {counts_after.get(table)} after"
            for table in sorted(set(counts_before) | set(counts_after))
            if counts_before.get(table) != counts_after.get(table)
        ]
    return problems


# The check


def check(args: argparse.Namespace) -> int:
    server = args.server_url.rstrip("/")
    tag = f"sob_backup_check_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    made: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="backup-check-"))
    started = time.monotonic()
    try:
        if args.source_database:
            source = args.source_database
            say(f"1/5 Source: the existing database {source!r} (left as it is)")
        else:
            source = f"{tag}_source"
            say(f"1/5 Source: a fresh database {source!r} with the migrations and the demo")
            create_database(server, source)
            made.append(source)
            manage(database_url(server, source), args.settings, "migrate", "--no-input", "-v", "0", what="migrate")
            manage(database_url(server, source), args.settings, "seed_demo", "-v", "0", what="seed_demo")
        source_url = database_url(server, source)

        say("2/5 Fingerprint of the source: stored tallies, recounts, .pb and CSV exports, rows per table")
        before = fingerprint(source_url, args.settings, work / "before", what="fingerprint")
        if not before["rounds"]:
            raise CheckError(f"{source!r} has no counted round: there is nothing to prove. Count one first.")
        for round in before["rounds"]:
            say(f"  round {round['id']} “{round['title']}”: {round['ballots']} ballots, {', '.join(round['files'])}")

        dump = work / "backup.dump"
        say(f"3/5 pg_dump -Fc of {source!r}")
        run(["pg_dump", "--format=custom", f"--dbname={source_url}", f"--file={dump}"], what="pg_dump")
        say(f"  {dump.stat().st_size / 1_000_000:.1f} MB")

        restored = f"{tag}_restored"
        say(f"4/5 pg_restore into a fresh database {restored!r}")
        create_database(server, restored)
        made.append(restored)
        run(
            [
                "pg_restore",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                f"--dbname={database_url(server, restored)}",
                str(dump),
            ],
            what="pg_restore",
        )

        say("5/5 Fingerprint of the restored database, compared byte for byte")
        after = fingerprint(database_url(server, restored), args.settings, work / "after", what="fingerprint")
        problems = compare(work / "before", work / "after")
        for name, summary in (("source", before), ("restored database", after)):
            if not summary["recounts_match"]:
                problems.append(f"a recount of the {name}'s ballots does not give its stored winners")
        compared = sum(1 for path in (work / "before").rglob("*") if path.is_file())
        for problem in problems:
            say(f"  DIFFERENT {problem}")
        elapsed = time.monotonic() - started
        if problems:
            say(f"FAILED: the restored database differs from the source in {len(problems)} way(s) ({elapsed:.0f} s).")
            return 1
        rounds = len(before["rounds"])
        say(
            f"OK: the backup restores intact: {rounds} counted round(s), their tallies (recounted to the stored "
            f"winners) and .pb exports byte-identical, {compared} files and every table's row count the same "
            f"({elapsed:.0f} s)."
        )
        return 0
    finally:
        if args.keep:
            say(f"Kept: databases {', '.join(made) or '(none made)'}, files in {work}")
        else:
            for name in made:
                try:
                    drop_database(server, name)
                except Exception as error:  # noqa: BLE001
                    say(f"  could not drop {name!r}: {error}")
            shutil.rmtree(work, ignore_errors=True)
            say(f"Cleaned up: dropped {', '.join(made) or 'nothing (no database was made)'}, removed the dump.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server-url",
        default=os.environ.get("BACKUP_CHECK_SERVER_URL", DEFAULT_SERVER),
        help=f"PostgreSQL server to use, without a database name (default {DEFAULT_SERVER})",
    )
    parser.add_argument("--source-database", help="check this existing database instead of building one")
    parser.add_argument("--settings", default=DEFAULT_SETTINGS, help=f"Django settings module ({DEFAULT_SETTINGS})")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files made, to look at them")
    parser.add_argument("--fingerprint", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fingerprint:
        sys.path.insert(0, str(ROOT))
        write_fingerprint(Path(args.fingerprint))
        return 0
    try:
        return check(args)
    except CheckError as error:
        say(f"ERROR: {error}")
        say("FAILED: the check could not run to the end.")
        return 2


if __name__ == "__main__":
    sys.exit(main())
