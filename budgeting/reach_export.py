"""The reach report as CSV: the same figures as the admin page, hidden where the page hides them.

One row per figure (long format), so that a spreadsheet can filter and pivot it: which table, which measure,
which district or project, its inhabitants, the count, per 1,000 inhabitants, compared with the city average
(percent) and whether it is flagged for outreach. A hidden count is written "<5" and its rate and comparison
are left empty, exactly as on the page; a count hidden only so that such a figure cannot be worked out from the
totals is written "hidden". UTF-8 with a byte-order mark, so that spreadsheets read æ, ø and å.
"""

from __future__ import annotations

import csv
import io

from .exports import _cell
from .selectors.reach import MEASURES, SMALL_CELL, Cell, ReachReport, ReachRow, ReachTable

SMALL = f"<{SMALL_CELL}"
HIDDEN = "hidden"
CSV_HEADER = [
    "table",
    "measure",
    "area",
    "inhabitants",
    "count",
    "per_1000_inhabitants",
    "compared_with_city_average_percent",
    "flagged_for_outreach",
]


def _number(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _count(cell: Cell) -> str:
    """The count, or why it is hidden: about fewer than five people, or to protect such a figure."""
    if not cell.suppressed:
        return str(cell.value)
    return SMALL if cell.small else HIDDEN


def _rate_rows(table_name: str, table: ReachTable) -> list[list[str]]:
    rows = []
    for measure, _label in MEASURES:
        row: ReachRow
        for row in (*table.rows, table.total):
            figure = row.figures[measure]
            rows.append(
                [
                    table_name,
                    measure,
                    _cell(row.label),
                    "" if row.population is None else str(row.population),
                    _count(figure.cell),
                    _number(figure.per_thousand),
                    "" if figure.versus_average is None else str(figure.versus_average),
                    "yes" if figure.flagged else "no",
                ]
            )
    return rows


def reach_filename(report: ReachReport) -> str:
    parts = ["reach"]
    if report.round is not None:
        parts.append(f"round-{report.round.pk}")
    if report.start is not None:
        parts.append(f"from-{report.start.isoformat()}")
    if report.end is not None:
        parts.append(f"to-{report.end.isoformat()}")
    return "_".join(parts) + ".csv"


def reach_csv(report: ReachReport) -> str:
    """The districts, the projects and the answers to the end-of-vote question, as one CSV text."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(_rate_rows("districts", report.districts))
    writer.writerows(_rate_rows("projects", report.projects))
    survey = report.survey
    for column_number, column in enumerate(survey.columns):
        for row in (*survey.rows, survey.total):
            cell = row.cells[column_number]
            writer.writerow(["end_of_vote_question", column.key, _cell(row.label), "", _count(cell)] + ["", "", ""])
    return out.getvalue()
