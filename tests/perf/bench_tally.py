"""Benchmark: our tally against pabutools 1.2.3 on the shared pabulib files (a script, not a test).

    .venv/bin/python tests/perf/bench_tally.py [--data DIR] [--live-all]

For each file and rule it prints our time (parsing included), pabutools' time (its own parsing
included) and the ratio. pabutools runs live only on files with fewer than 1,000 voters; for the
others the table shows the seconds stored in expected_winners.jsonl, marked "(stored)", unless
--live-all is given (Mokotów with add1 then takes minutes and gigabytes). The last column says
whether our winners equal pabutools' (live or stored).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from budgeting.pabulib import read_pabulib  # noqa: E402
from budgeting.tally import RULES, tally  # noqa: E402

LIVE_LIMIT = 1000


def _stored(data_dir: Path) -> dict[tuple[str, str], dict]:
    path = data_dir / "expected_winners.jsonl"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as lines:
        return {(e["file"], e["rule"]): e for e in map(json.loads, filter(str.strip, lines))}


def _pabutools(path: Path, rule: str) -> tuple[float, list[str]]:
    from pabutools.election import parse_pabulib

    from tests.budgeting.test_tally_oracle import run_pabutools

    start = time.perf_counter()
    winners = run_pabutools(*parse_pabulib(str(path)), rule)
    return time.perf_counter() - start, winners


def _row(path: Path, rule: str, stored: dict, live_all: bool) -> list[str]:
    start = time.perf_counter()
    election = read_pabulib(path).election
    winners = tally(election, rule)
    ours = time.perf_counter() - start
    record = stored.get((path.name, rule))
    if election.num_voters < LIVE_LIMIT or live_all:
        theirs, expected = _pabutools(path, rule)
        shown = f"{theirs:.3f}"
    elif record:
        theirs, expected = record["seconds"], record["winners"]
        shown = f"{theirs:.3f} (stored)"
    else:
        theirs, expected, shown = None, None, "-"
    ratio = "-" if theirs is None or ours <= 0 else f"{theirs / ours:.{1 if theirs < 10 * ours else 0}f}x"
    same = "-" if expected is None else ("yes" if winners == expected else "NO")
    return [path.stem, rule, f"{election.num_voters:,}", f"{ours:.3f}", shown, ratio, same]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "pabulib")
    parser.add_argument("--live-all", action="store_true", help="run pabutools live on every file")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.pb"), key=lambda p: p.stat().st_size)
    if not files:
        parser.error(f"no .pb files in {args.data}")
    stored = _stored(args.data)
    rows = [["file", "rule", "voters", "ours (s)", "pabutools (s)", "ratio", "same winners"]]
    for path in files:
        for rule in RULES:
            sys.stderr.write(f"… {path.stem} {rule}\n")
            sys.stderr.flush()
            rows.append(_row(path, rule, stored, args.live_all))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5}
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")
        if n == 0:
            sys.stdout.write("  ".join("-" * w for w in widths) + "\n")
    return 1 if any(row[-1] == "NO" for row in rows[1:]) else 0


if __name__ == "__main__":
    sys.exit(main())
