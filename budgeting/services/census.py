"""Census lists: staff upload who may vote in a round as a CSV file; it is kept only as salted hashes.

The file is read in memory (the admin view keeps it off the disk), hashed line by line and never stored;
numbers appear in no message, log or error. What comes back is how many people were imported and which
lines were skipped and why, by line number.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maps.models import District
from participation.models import local_date

from ..eligibility.identity import Hasher, is_identity_number, normalize_identity_number, round_salt
from ..models import BudgetRound, CensusEntry, CensusList

BATCH_SIZE = 5000

# Column names the upload understands (compared in lower case without spaces, dashes and underscores).
NUMBER_COLUMNS = {"number", "nummer", "cpr", "cprnr", "cprnummer", "personnummer", "identity", "identitynumber", "id"}
BIRTHDATE_COLUMNS = {"birthdate", "dateofbirth", "birthday", "fødselsdato", "foedselsdato", "fodselsdato"}
DISTRICT_COLUMNS = {"district", "districtcode", "districtnumber", "bydel", "bydelsnr", "bydelsnummer"}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y")


@dataclass
class CensusImport:
    """What an upload did: people imported, and the lines skipped as (line number, why)."""

    imported: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _column_key(name: str) -> str:
    return "".join(character for character in name.strip().lower() if character not in " _-.")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets saved "as CSV" on Danish Windows machines.
        return data.decode("cp1252", errors="replace")


def _delimiter(header_line: str) -> str:
    return max((";", ",", "\t"), key=header_line.count)


def _parse_date(value: str) -> datetime.date | None:
    """A birth date, or None when it is not one (a day in the future is not a birth date)."""
    for date_format in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(value, date_format).date()
        except ValueError:
            continue
        return day if day <= datetime.date.today() else None
    return None


def _rows(reader) -> Iterator[tuple[int, list[str]]]:
    """The file's lines after the header, numbered; a file that is not CSV (a stray quote) is refused clearly."""
    line = 1
    try:
        for line, row in enumerate(reader, start=2):  # noqa: B007 - the number is reported on an error
            yield line, row
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read after line %(line)s: it is not a well-formed CSV file (%(error)s).")
            % {"line": line, "error": str(error)[:100]},
            code="file",
        ) from error


def birthday_at_age(birthdate: datetime.date, age: int) -> datetime.date:
    """The day a person born on `birthdate` turns `age` (1 March in other years for someone born on 29 February)."""
    try:
        return birthdate.replace(year=birthdate.year + age)
    except ValueError:
        return datetime.date(birthdate.year + age, 3, 1)


def _voting_window(round: BudgetRound) -> tuple[datetime.date, datetime.date] | None:
    phases = round.voting_phases()
    if not phases:
        return None
    return min(phase.start for phase in phases), max(phase.end for phase in phases)


def _districts() -> dict[str, District]:
    """Districts by number and by name, as a list may write them ("3", "Nørrebro", "nørrebro")."""
    found = {}
    for district in District.objects.all():
        found[str(district.code)] = district
        found[district.name.strip().lower()] = district
        found[district.slug] = district
    return found


def census_list_import(*, round: BudgetRound, data: bytes, uploaded_by, at=None) -> CensusImport:
    """Replace the round's census list with the people in a CSV file.

    The file has a header row naming its columns: the identity number (`number`, `cpr`, `personnummer`…),
    optionally the birth date (`birthdate`, `fødselsdato`; 2008-05-31 or 31-05-2008) and the district (`district`,
    `bydel`; its number or name). Commas, semicolons or tabs; UTF-8 or Windows-1252.

    Kept per person: the hash of the number, the district, and, for someone who reaches the round's minimum age
    after today (or after voting opens) but before it closes, the day they do. Someone still too young when
    voting closes is skipped. The round's salt is kept, so voters already taking part stay recognised. Refused
    (nothing changes) when the file has no number column or nobody in it could be imported.
    """
    if round.tallied_at is not None:
        raise ValidationError(_("The votes have been counted: the census list can no longer change."), code="closed")
    text = _decode(data)
    lines = text.splitlines()
    if not lines:
        raise ValidationError(_("The file is empty."), code="file")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(lines[0]))
    header = [_column_key(name) for name in next(reader, [])]
    number_column = next((i for i, name in enumerate(header) if name in NUMBER_COLUMNS), None)
    if number_column is None:
        raise ValidationError(
            _(
                "The first line must name the columns, one of them “number” (or “cpr”): the identity numbers. "
                "“birthdate” and “district” are optional."
            ),
            code="file",
        )
    birth_column = next((i for i, name in enumerate(header) if name in BIRTHDATE_COLUMNS), None)
    district_column = next((i for i, name in enumerate(header) if name in DISTRICT_COLUMNS), None)

    today = local_date(at)
    window = _voting_window(round)
    threshold = max(today, window[0]) if window else today
    districts = _districts() if district_column is not None else {}
    hasher = Hasher(round_salt(round))
    result = CensusImport()
    first_line: dict[str, int] = {}
    rows: list[tuple[str, int | None, datetime.date | None]] = []

    def cell(row: list[str], column: int | None) -> str:
        return row[column].strip() if column is not None and column < len(row) else ""

    for line, row in _rows(reader):
        if not any(value.strip() for value in row):
            continue
        number = normalize_identity_number(cell(row, number_column))
        if not number:
            result.skipped.append((line, _("line %(line)s has no number") % {"line": line}))
            continue
        if not is_identity_number(number):
            result.skipped.append(
                (line, _("line %(line)s: the number is not 4 to 32 letters and digits") % {"line": line})
            )
            continue
        district = None
        if value := cell(row, district_column):
            district = districts.get(value.lower())
            if district is None:
                result.skipped.append(
                    (
                        line,
                        _("line %(line)s: there is no district “%(district)s” (write its number or its name)")
                        % {"line": line, "district": value[:40]},
                    )
                )
                continue
        eligible_from = None
        if value := cell(row, birth_column):
            birthdate = _parse_date(value)
            if birthdate is None:
                result.skipped.append(
                    (line, _("line %(line)s: the birth date is not a date (write it as 2008-05-31)") % {"line": line})
                )
                continue
            of_age = birthday_at_age(birthdate, round.minimum_age)
            if window and of_age > window[1]:
                result.skipped.append(
                    (
                        line,
                        _("line %(line)s: turns %(age)s only after voting closes")
                        % {"line": line, "age": round.minimum_age},
                    )
                )
                continue
            if of_age > threshold:
                eligible_from = of_age
        digest = hasher(number)
        if digest in first_line:
            result.skipped.append(
                (
                    line,
                    _("line %(line)s: the same number as line %(first)s") % {"line": line, "first": first_line[digest]},
                )
            )
            continue
        first_line[digest] = line
        rows.append((digest, district.pk if district is not None else None, eligible_from))

    if not rows:
        raise ValidationError(
            _("Nobody in the file could be imported, so the list was not changed. %(first)s")
            % {"first": result.skipped[0][1] if result.skipped else ""},
            code="file",
        )
    with transaction.atomic():
        census_list = CensusList.objects.select_for_update().get(round=round)
        CensusEntry.objects.filter(round=round).delete()
        for start in range(0, len(rows), BATCH_SIZE):
            CensusEntry.objects.bulk_create(
                CensusEntry(round=round, census_hash=digest, district_id=district_id, eligible_from=eligible_from)
                for digest, district_id, eligible_from in rows[start : start + BATCH_SIZE]
            )
        census_list.uploaded_at = timezone.now()
        census_list.uploaded_by = uploaded_by
        census_list.entry_count = len(rows)
        census_list.minimum_age = round.minimum_age
        census_list.save(update_fields=["uploaded_at", "uploaded_by", "entry_count", "minimum_age"])
    result.imported = len(rows)
    return result
