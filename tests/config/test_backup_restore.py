"""Backup and restore, proven (`scripts/backup_restore_check.py`, `make backup-check`): a database dumped with
pg_dump and restored into a fresh one gives the same tally and byte-identical `.pb` exports; any difference fails."""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from budgeting import services
from tests.budgeting.conftest import (
    AFTER,
    DURING,
    areas,
    bispebjerg,
    budget_round,
    make_proposal,
    norrebro,
    project,
    tmf,
)

__all__ = ["areas", "bispebjerg", "budget_round", "norrebro", "project", "tmf"]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "backup_restore_check.py"


def load_script():
    spec = importlib.util.spec_from_file_location("backup_restore_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fingerprint_folder(root: Path, *, pb: bytes, rows: int) -> Path:
    (root / "round-1").mkdir(parents=True)
    (root / "round-1" / "Denmark_Copenhagen_x.pb").write_bytes(pb)
    (root / "round-1" / "tally.json").write_text('[{"proposal": "1", "selected": true}]')
    (root / "tables.json").write_text(json.dumps({"budgeting_ballot": rows, "budgeting_proposal": 4}))
    return root


def test_the_comparison_finds_one_changed_byte_and_one_lost_row(tmp_path):
    """The verdict is byte for byte: one changed character in a .pb file, or one row fewer in a table, is reported
    by name; identical fingerprints give no difference."""
    compare = load_script().compare
    pb = b"META\nkey;value\nbudget;1000000\n"
    before = fingerprint_folder(tmp_path / "before", pb=pb, rows=8)
    assert compare(before, fingerprint_folder(tmp_path / "same", pb=pb, rows=8)) == []
    changed = fingerprint_folder(tmp_path / "changed", pb=pb.replace(b"1000000", b"1000001"), rows=7)
    assert compare(before, changed) == [
        "round-1/Denmark_Copenhagen_x.pb: differs",
        "table budgeting_ballot: 8 rows before, 7 after",
    ]


def _server_url() -> str:
    database = settings.DATABASES["default"]
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database.get("PASSWORD") else "")
    return f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_counted_round_survives_dump_and_restore(budget_round, django_user_model):
    """A counted round (four proposals, eight ballots) is dumped with pg_dump, restored into a fresh database, and
    comes back with the same stored tally, a recount giving the same winners and byte-identical .pb and CSV files;
    the script says so, exits 0 and drops the database it made."""
    proposals = [
        make_proposal(budget_round, title=title, cost=cost)
        for title, cost in (("Træer", 900_000), ("Bænke", 800_000), ("Lys ved søerne", 600_000), ("Leg", 300_000))
    ]
    wishes = [(0, 1), (0, 1), (0, 2), (2, 3), (3,), (1, 2), (0,), (0, 3)]
    for number, wish in enumerate(wishes):
        user = django_user_model.objects.create_user(email=f"voter{number}@example.dk", password="pw")
        voter = services.voter_for(round=budget_round, user=user)
        services.ballot_submit(voter=voter, selections={proposals[i].pk: 1 for i in wish}, at=DURING)
    services.round_tally(round=budget_round, at=AFTER)
    budget_round.refresh_from_db()
    assert budget_round.tallied_at is not None

    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            str(SCRIPT),
            "--server-url",
            _server_url(),
            "--source-database",
            settings.DATABASES["default"]["NAME"],
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"round {budget_round.pk} “Borgerbudget 2027”: 8 ballots" in result.stdout
    assert "Denmark_Copenhagen_borgerbudget-2027.pb" in result.stdout
    assert "OK: the backup restores intact" in result.stdout
    dropped = re.search(r"Cleaned up: dropped (\S+),", result.stdout).group(1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [dropped])
        assert cursor.fetchone()[0] == 0
