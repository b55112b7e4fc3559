"""Read and write pabulib ``.pb`` files (META, PROJECTS and VOTES sections, ``;``-separated).

The reader accepts what ``pabutools.election.parse_pabulib`` accepts for approval (also ``choose-1``)
and cumulative ballots: quoted fields, a byte-order mark, ``None`` for a missing value, decimal commas
and whole amounts written as floats (``100000.0`` is kept as the integer 100000). The writer produces
text that pabutools reads back to the same election; it is meant for publishing anonymised ballots,
so voter ids are whatever opaque strings the caller gives.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from budgeting.tally import Election, Number, exact_number

SECTIONS = ("meta", "projects", "votes")
VOTE_TYPE_ALIASES = {"approval": "approval", "choose-1": "approval", "cumulative": "cumulative"}
INTEGER_META = ("min_length", "max_length")
NUMBER_META = ("min_sum_cost", "max_sum_cost", "min_points", "max_points", "min_sum_points", "max_sum_points")


class PabulibError(ValueError):
    """The text is not a pabulib file this reader can use; the message says where and why."""


@dataclass(frozen=True)
class PabulibFile:
    """An election with the file's META values and each project's other columns (name, votes, ...)."""

    election: Election
    meta: dict[str, str] = field(default_factory=dict)
    project_columns: dict[str, dict[str, str]] = field(default_factory=dict)


def read_pabulib(path: str | Path) -> PabulibFile:
    """Parse the pabulib file at ``path`` (UTF-8, with or without a byte-order mark)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise PabulibError(f"{path} is not UTF-8 text: {error}") from None
    return parse_pabulib(text)


def parse_pabulib(text: str) -> PabulibFile:
    """Parse pabulib text into an :class:`Election` with its META values and project columns."""
    sections: dict[str, tuple[list[str], list[tuple[int, list[str]]]]] = {}
    reader = csv.reader(text.removeprefix("\ufeff").splitlines(), delimiter=";")
    rows: list[tuple[int, list[str]]] | None = None
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            name = row[0].strip().lower()
            if name in SECTIONS:
                header = [cell.strip() for cell in next(reader, [])]
                if not header:
                    raise PabulibError(f"line {reader.line_num}: the {name.upper()} section has no header")
                rows = []
                sections[name] = (header, rows)
            elif rows is None:
                raise PabulibError(f"line {reader.line_num}: expected a META, PROJECTS or VOTES section")
            else:
                rows.append((reader.line_num, [cell.strip() for cell in row]))
    except csv.Error as error:
        raise PabulibError(f"line {reader.line_num}: {error}") from None
    for name in ("meta", "projects"):
        if name not in sections:
            raise PabulibError(f"the file has no {name.upper()} section")
    meta = _read_meta(sections["meta"][1])
    vote_type = VOTE_TYPE_ALIASES.get(meta.get("vote_type", "").lower())
    if vote_type is None:
        raise PabulibError(f"unsupported vote_type {meta.get('vote_type')!r} (approval, choose-1 or cumulative)")
    costs, columns = _read_projects(*sections["projects"])
    votes = _read_votes(*sections.get("votes", ([], [])), costs=costs, vote_type=vote_type)
    budget = _number(meta.get("budget"), "META budget", None)
    election = Election.from_votes(budget=budget, projects=costs, votes=votes, vote_type=vote_type)
    return PabulibFile(election=election, meta=meta, project_columns=columns)


def _present(value: str | None) -> bool:
    return value is not None and value != "" and value.lower() != "none"


def _number(value: str | None, what: str, line: int | None) -> Number:
    where = f"line {line}: " if line else ""
    if not _present(value):
        raise PabulibError(f"{where}{what} is missing")
    try:
        return exact_number(value, what=what)
    except ValueError as error:
        raise PabulibError(f"{where}{error}") from None


def _read_meta(rows: list[tuple[int, list[str]]]) -> dict[str, str]:
    meta = {}
    for line, row in rows:
        if len(row) < 2:
            raise PabulibError(f"line {line}: a META row needs a key and a value")
        meta[row[0]] = row[1]
    return meta


def _as_dict(header: list[str], line: int, row: list[str], section: str) -> dict[str, str]:
    if len(row) > len(header):
        raise PabulibError(f"line {line}: {len(row)} fields but the {section} header has {len(header)}")
    return {key: value for key, value in zip(header, row, strict=False) if _present(value)}


def _read_projects(header, rows) -> tuple[dict[str, Number], dict[str, dict[str, str]]]:
    if "cost" not in header:
        raise PabulibError("the PROJECTS header has no cost column")
    costs: dict[str, Number] = {}
    columns: dict[str, dict[str, str]] = {}
    for line, row in rows:
        values = _as_dict(header, line, row, "PROJECTS")
        project_id = row[0]
        if not project_id:
            raise PabulibError(f"line {line}: a project has no id")
        if project_id in costs:
            raise PabulibError(f"line {line}: project {project_id} appears twice")
        costs[project_id] = _number(values.get("cost"), f"cost of project {project_id}", line)
        columns[project_id] = {k: v for k, v in values.items() if k not in (header[0], "cost")}
    return costs, columns


def _read_votes(header, rows, *, costs, vote_type) -> list:
    if rows and "vote" not in header:
        raise PabulibError("the VOTES header has no vote column")
    votes: list = []
    for line, row in rows:
        values = _as_dict(header, line, row, "VOTES")
        names = [name.strip() for name in values.get("vote", "").split(",")]
        names = [name for name in names if name]
        for name in names:
            if name not in costs:
                raise PabulibError(f"line {line}: the vote names the unknown project {name!r}")
        if vote_type == "approval":
            votes.append(names)
            continue
        points = [p.strip() for p in values["points"].split(",")] if "points" in values else []
        if not points:
            names = []
        if len(points) != len(names) or len(set(names)) != len(names):
            raise PabulibError(f"line {line}: the vote lists {len(names)} projects and {len(points)} points")
        votes.append({name: _number(p, "points", line) for name, p in zip(names, points, strict=True)})
    return votes


def format_number(value: Number) -> str:
    """An exact amount as pabulib text: a decimal where one is exact, else ``p/q`` (pabutools reads both)."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    rest = value.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = 0
    while (value * 10**digits).denominator != 1:
        digits += 1
    scaled = int(value * 10**digits)
    return f"{scaled // 10**digits}.{scaled % 10**digits:0{digits}d}"


def _clean(value: object) -> str:
    text = format_number(value) if isinstance(value, int | Fraction) and not isinstance(value, bool) else str(value)
    return " ".join(text.splitlines()).strip()


def _check_id(kind: str, value: str) -> None:
    if not value or value != value.strip() or "," in value or value.lower() in (*SECTIONS, "none"):
        raise ValueError(f"{kind} {value!r} cannot be written to a pabulib file")
    if len(value.splitlines()) != 1:
        raise ValueError(f"{kind} {value!r} cannot span lines")


def format_pabulib(
    election: Election,
    *,
    meta: Mapping[str, object] | None = None,
    project_columns: Mapping[str, Mapping[str, object]] | None = None,
    voter_ids: Sequence[str] | None = None,
) -> str:
    """The election as pabulib text.

    ``meta`` adds META rows (description, country, unit, instance, rule, min_length, ...); num_projects,
    num_votes, budget and vote_type always come from the election. ``project_columns`` adds columns per
    project id (name, votes, selected, ...). ``voter_ids`` names the voters, one per voter in ballot
    order (each ballot repeated ``multiplicity`` times); they default to 1, 2, 3, ...
    """
    n = election.num_voters
    ids = list(voter_ids) if voter_ids is not None else [str(i) for i in range(1, n + 1)]
    if len(ids) != n or len(set(ids)) != n:
        raise ValueError(f"voter_ids must be {n} distinct strings")
    for voter_id in ids:
        _check_id("voter id", voter_id)
    for project_id in election.project_ids:
        _check_id("project id", project_id)
    rows: dict[str, str] = {"description": "", "country": "", "unit": "", "instance": ""}
    rows.update({str(k): _clean(v) for k, v in (meta or {}).items()})
    for key in INTEGER_META + NUMBER_META:
        if key in rows and (not rows[key].isdigit() if key in INTEGER_META else not _valid_number(rows[key])):
            raise ValueError(f"META {key} must be a number, not {rows[key]!r}")
    rows.update(
        num_projects=str(len(election.projects)),
        num_votes=str(n),
        budget=format_number(election.budget),
        vote_type=election.vote_type,
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerows([["META"], ["key", "value"], *rows.items()])
    extra = list(dict.fromkeys(k for columns in (project_columns or {}).values() for k in columns))
    extra = [k for k in extra if k not in ("project_id", "cost")]
    writer.writerows([["PROJECTS"], ["project_id", "cost", *extra]])
    for project_id, cost in election.projects.items():
        columns = (project_columns or {}).get(project_id, {})
        writer.writerow([project_id, format_number(cost), *(_clean(columns.get(k, "None")) for k in extra)])
    cumulative = election.vote_type == "cumulative"
    writer.writerows([["VOTES"], ["voter_id", "vote", "points"] if cumulative else ["voter_id", "vote"]])
    voters = iter(ids)
    for ballot in election.ballots:
        vote = ",".join(election.project_ids[j] for j in ballot.projects)
        points = ",".join(format_number(p) for p in ballot.points) or "None"
        for _ in range(ballot.multiplicity):
            writer.writerow([next(voters), vote, points] if cumulative else [next(voters), vote])
    return out.getvalue()


def _valid_number(text: str) -> bool:
    try:
        exact_number(text)
    except ValueError:
        return False
    return True
