"""Reads for the reach report: whom the platform reaches, per district and per project, and who answered the
optional end-of-vote question. Aggregates only, and never a figure about fewer than five people.

Every measure is counted where it happens: ideas, comments and support in the district the idea is placed in,
voters in the district they live in (`Voter.district`), answers in the voter's district. Per 1,000 inhabitants
uses `maps.District.population`; the city average is the districts' sum over their inhabitants, so a district
"more than 30 % below the average" (`OUTREACH_SHORTFALL`) has a rate under 0.7 times it, decided with integers.

Small cells: a figure that counts fewer than `SMALL_CELL` different people (zero included) is hidden, with its
rate. Because totals are shown (and the city average gives the total away), a hidden figure could be worked out
by subtraction; so in every line that adds up to a shown total, when only one figure is hidden, or the hidden
ones add up to fewer than `SMALL_CELL`, the smallest figure still shown is hidden too, until neither is true
(`suppress`). Whether a district is flagged is decided on the true figures: a flag tells that a rate is low,
not what it is.

The number of queries does not depend on the number of districts, projects or rows counted.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from maps.models import District
from participation.models import Comment, Idea, Support, Visibility

from ..models import AgeBand, BudgetRound, FirstTime, SurveyAnswer, Voter
from .common import _project_model

SMALL_CELL = 5
# A district is flagged for outreach on a measure when its rate is more than 30 % below the city average:
# rate < (1 - 3/10) x average.
OUTREACH_SHORTFALL = (3, 10)

MEASURES: tuple[tuple[str, str], ...] = (
    ("ideas", _("Ideas")),
    ("comments", _("Comments")),
    ("supporters", _("Supporters")),
    ("voters", _("Voters")),
)
MEASURE_KEYS = tuple(key for key, _label in MEASURES)
UNKNOWN = "unknown"
TOTAL = "total"


# Hiding small cells -------------------------------------------------------------------------------


@dataclass
class Cell:
    """One figure of a table: what it counts (`value`), how many different people are behind it (`people`;
    the same as `value` when it counts people), and whether it is hidden."""

    value: int
    people: int
    suppressed: bool = False

    @property
    def shown(self) -> int | None:
        return None if self.suppressed else self.value

    @property
    def small(self) -> bool:
        """Hidden because it is about fewer than `SMALL_CELL` people (the others are hidden to protect these)."""
        return self.people < SMALL_CELL


def suppress(cells: dict[Hashable, Cell], lines: Iterable[tuple[Hashable, list[Hashable]]]) -> None:
    """Hide every cell about fewer than `SMALL_CELL` people, then enough others that none can be worked out.

    `lines` are (total, parts): the total's value is the sum of the parts' values, as the table shows it.
    In a line where exactly one cell is hidden, or the hidden parts add up (total minus the shown parts) to
    fewer than `SMALL_CELL`, the smallest shown part is hidden too (the total itself when every part is
    hidden), and so on until every line is safe. Ties go to the cell given first; the result is the same on
    every run.
    """
    lines = list(lines)
    order = {key: number for number, key in enumerate(cells)}
    for cell in cells.values():
        if cell.people < SMALL_CELL:
            cell.suppressed = True
    changed = True
    while changed:
        changed = False
        for total_key, part_keys in lines:
            total = cells[total_key]
            hidden = [key for key in (total_key, *part_keys) if cells[key].suppressed]
            if not hidden or len(hidden) == len(part_keys) + 1:
                continue
            if len(hidden) == 1:
                exposed = True
            elif not total.suppressed:
                hidden_sum = total.value - sum(cells[key].value for key in part_keys if not cells[key].suppressed)
                exposed = hidden_sum < SMALL_CELL
            else:
                exposed = False
            if exposed:
                candidates = [key for key in part_keys if not cells[key].suppressed] or [total_key]
                pick = min(candidates, key=lambda key: (cells[key].value, order[key]))
                cells[pick].suppressed = True
                changed = True


# Per 1,000 inhabitants ----------------------------------------------------------------------------


@dataclass
class Figure:
    """One measure of one row: the cell, the rate per 1,000 inhabitants and how it compares with the city's."""

    cell: Cell
    population: int | None
    # Of the whole city (the districts with a known population): the sum of the measure and of the inhabitants.
    city_value: int
    city_population: int
    flagged: bool = False
    bar: int = 0  # the rate as a percentage of the largest rate shown (0 when hidden), for the chart

    @property
    def suppressed(self) -> bool:
        return self.cell.suppressed

    @property
    def value(self) -> int | None:
        return self.cell.shown

    @property
    def true_rate(self) -> float | None:
        return 1000 * self.cell.value / self.population if self.population else None

    @property
    def per_thousand(self) -> float | None:
        """Per 1,000 inhabitants; None when hidden or the population is not known."""
        return None if self.cell.suppressed else self.true_rate

    @property
    def versus_average(self) -> int | None:
        """Percent above (positive) or below (negative) the city average; None when hidden or not known."""
        rate = self.per_thousand
        if rate is None or not self.city_value or not self.city_population:
            return None
        average = 1000 * self.city_value / self.city_population
        return round(100 * (rate / average - 1))


def _below_average(value: int, population: int | None, city_value: int, city_population: int) -> bool:
    """Whether value / population is more than 30 % below city_value / city_population (exact, in integers)."""
    if not population or not city_value or not city_population:
        return False
    numerator, denominator = OUTREACH_SHORTFALL
    return value * city_population * denominator < (denominator - numerator) * city_value * population


@dataclass
class ReachRow:
    key: Hashable
    label: str
    population: int | None
    figures: dict[str, Figure] = field(default_factory=dict)
    url: str = ""

    @property
    def flagged_measures(self) -> list[str]:
        """The labels of the measures on which the row is flagged for outreach."""
        return [label for key, label in MEASURES if self.figures[key].flagged]

    @property
    def flagged(self) -> bool:
        return any(figure.flagged for figure in self.figures.values())


@dataclass(frozen=True)
class MeasureTable:
    """The rows of a table for one measure (the district tables of the report, one per measure)."""

    key: str
    label: str
    rows: list[tuple[ReachRow, Figure]]
    total: Figure
    average: float | None  # per 1,000 inhabitants; None when the total is hidden
    average_bar: int

    @property
    def flagged_rows(self) -> list[ReachRow]:
        return [row for row, figure in self.rows if figure.flagged]


@dataclass
class ReachTable:
    rows: list[ReachRow]
    total: ReachRow
    averages: dict[str, float | None]

    def measure(self, key: str) -> MeasureTable:
        label = dict(MEASURES)[key]
        rates = [figure.per_thousand for row in self.rows if (figure := row.figures[key]).per_thousand is not None]
        average = self.averages[key]
        largest = max([*rates, average or 0]) or 0
        return MeasureTable(
            key=key,
            label=label,
            rows=[(row, row.figures[key]) for row in self.rows],
            total=self.total.figures[key],
            average=average,
            average_bar=round(100 * average / largest) if average and largest else 0,
        )

    def measures(self) -> list[MeasureTable]:
        return [self.measure(key) for key in MEASURE_KEYS]


# The end-of-vote question -------------------------------------------------------------------------

NOT_GIVEN = "not_given"


@dataclass(frozen=True)
class SurveyColumn:
    key: str
    label: str
    group: str  # "answers", "age" or "first_time"


def survey_columns() -> list[SurveyColumn]:
    return [
        SurveyColumn("answers", _("Answers"), "answers"),
        *(SurveyColumn(f"age:{value}", label, "age") for value, label in AgeBand.choices),
        SurveyColumn(f"age:{NOT_GIVEN}", _("Age not given"), "age"),
        SurveyColumn(f"first:{FirstTime.YES.value}", _("First time"), "first_time"),
        SurveyColumn(f"first:{FirstTime.NO.value}", _("Taken part before"), "first_time"),
        SurveyColumn(f"first:{NOT_GIVEN}", _("Not given"), "first_time"),
    ]


@dataclass
class SurveyRow:
    key: Hashable
    label: str
    cells: list[Cell]


@dataclass
class SurveyTable:
    columns: list[SurveyColumn]
    rows: list[SurveyRow]
    total: SurveyRow

    @property
    def answers(self) -> int | None:
        return self.total.cells[0].shown


# The report ---------------------------------------------------------------------------------------


@dataclass
class ReachReport:
    round: BudgetRound | None
    start: datetime.date | None
    end: datetime.date | None
    districts: ReachTable
    projects: ReachTable
    survey: SurveyTable

    @property
    def flagged_districts(self) -> list[ReachRow]:
        return [row for row in self.districts.rows if row.flagged]


def _dated(queryset: QuerySet, field_name: str, start, end) -> QuerySet:
    if start is not None:
        queryset = queryset.filter(**{f"{field_name}__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{field_name}__lte": end})
    return queryset


@dataclass(frozen=True)
class _Sources:
    """The rows each measure counts, narrowed to the round's project and the period."""

    ideas: QuerySet
    comments: QuerySet
    supports: QuerySet
    voters: QuerySet
    answers: QuerySet


def _sources(round: BudgetRound | None, start, end) -> _Sources:
    ideas = Idea.objects.exclude(visibility=Visibility.HIDDEN)
    comments = Comment.objects.exclude(visibility=Visibility.HIDDEN)
    supports = Support.objects.all()
    voters = Voter.objects.filter(voted=True)
    answers = SurveyAnswer.objects.all()
    if round is not None:
        project_key = round.project.translation_key
        ideas = ideas.filter(project__translation_key=project_key)
        comments = comments.filter(idea__project__translation_key=project_key)
        supports = supports.filter(idea__project__translation_key=project_key)
        voters = voters.filter(round=round)
        answers = answers.filter(round=round)
    return _Sources(
        ideas=_dated(ideas, "created_at__date", start, end),
        comments=_dated(comments, "created_at__date", start, end),
        supports=_dated(supports, "created_at__date", start, end),
        voters=_dated(voters, "created_on", start, end),
        answers=_dated(answers, "answered_on", start, end),
    )


# How each measure is counted in its source: the district and project of a row, the person behind it.
_PLACES = {
    "ideas": ("district", "project__translation_key", "author"),
    "comments": ("idea__district", "idea__project__translation_key", "author"),
    "supporters": ("idea__district", "idea__project__translation_key", "user"),
    "voters": ("district", "round__project__translation_key", None),
}


def _source(sources: _Sources, measure: str) -> QuerySet:
    return {
        "ideas": sources.ideas,
        "comments": sources.comments,
        "supporters": sources.supports,
        "voters": sources.voters,
    }[measure]


def _grouped(queryset: QuerySet, by: str, person: str | None, *, people_only: bool) -> dict[Hashable, Cell]:
    """{group: Cell} in one query: rows (or different people when `people_only`) and different people."""
    if person is None:
        counts = {"n": Count("pk"), "p": Count("pk")}
    elif people_only:
        counts = {"n": Count(person, distinct=True), "p": Count(person, distinct=True)}
    else:
        counts = {"n": Count("pk"), "p": Count(person, distinct=True)}
    rows = queryset.order_by().values(by).annotate(**counts).values_list(by, "n", "p")
    return {key: Cell(value=n, people=p) for key, n, p in rows}


def _people(queryset: QuerySet, district_field: str, person: str | None) -> tuple[int, int]:
    """Different people behind the whole measure in one query: those placed in a district, and all."""
    if person is None:
        counted = queryset.aggregate(
            located=Count("pk", filter=Q(**{f"{district_field}__isnull": False})), everyone=Count("pk")
        )
    else:
        counted = queryset.aggregate(
            located=Count(person, distinct=True, filter=Q(**{f"{district_field}__isnull": False})),
            everyone=Count(person, distinct=True),
        )
    return counted["located"], counted["everyone"]


def _rate_table(
    rows: list[ReachRow],
    counts: dict[str, dict[Hashable, Cell]],
    people: dict[str, int],
    *,
    city: dict[str, tuple[int, int]],
    flag: bool,
    total_label: str,
    total_population: int | None,
) -> ReachTable:
    """Rows with their figures, hidden where they must be, flagged where they are low; and the total row."""
    total = ReachRow(key=TOTAL, label=total_label, population=total_population)
    cells: dict[Hashable, Cell] = {}
    lines = []
    for measure in MEASURE_KEYS:
        found = counts[measure]
        parts = []
        for row in rows:
            cell = found.get(row.key) or Cell(value=0, people=0)
            cells[(row.key, measure)] = cell
            parts.append((row.key, measure))
        total_cell = Cell(value=sum(cells[key].value for key in parts), people=people[measure])
        cells[(TOTAL, measure)] = total_cell
        lines.append(((TOTAL, measure), parts))
    suppress(cells, lines)

    averages: dict[str, float | None] = {}
    for measure in MEASURE_KEYS:
        city_value, city_population = city[measure]
        for row in (*rows, total):
            cell = cells[(row.key, measure)]
            row.figures[measure] = Figure(
                cell=cell,
                population=row.population,
                city_value=city_value,
                city_population=city_population,
                flagged=flag
                and row is not total
                and _below_average(cell.value, row.population, city_value, city_population),
            )
        hidden_total = cells[(TOTAL, measure)].suppressed
        averages[measure] = None if hidden_total or not city_population else 1000 * city_value / city_population
        rates = [rate for row in rows if (rate := row.figures[measure].per_thousand) is not None]
        largest = max([*rates, averages[measure] or 0], default=0)
        for row in rows:
            rate = row.figures[measure].per_thousand
            row.figures[measure].bar = round(100 * rate / largest) if rate and largest else 0
    return ReachTable(rows=rows, total=total, averages=averages)


def _survey_table(answers: QuerySet, districts: list[District]) -> SurveyTable:
    """Answers per district (and "not known"), by age band and by first time, with their totals; one query."""
    columns = survey_columns()
    found: dict[Hashable, dict[str, int]] = {}
    rows_found = answers.order_by().values("district", "age_band", "first_time").annotate(n=Count("pk"))
    for row in rows_found.values_list("district", "age_band", "first_time", "n"):
        district_id, age_band, first_time, n = row
        key = district_id if district_id is not None else UNKNOWN
        counted = found.setdefault(key, {})
        for column in ("answers", f"age:{age_band or NOT_GIVEN}", f"first:{first_time or NOT_GIVEN}"):
            counted[column] = counted.get(column, 0) + n
    row_specs: list[tuple[Hashable, str]] = [(district.pk, district.name) for district in districts]
    if UNKNOWN in found:
        row_specs.append((UNKNOWN, str(_("District not known"))))
    cells: dict[Hashable, Cell] = {}
    for key, _label in row_specs:
        for column in columns:
            value = found.get(key, {}).get(column.key, 0)
            cells[(key, column.key)] = Cell(value=value, people=value)
    for column in columns:
        value = sum(cells[(key, column.key)].value for key, _label in row_specs)
        cells[(TOTAL, column.key)] = Cell(value=value, people=value)

    age_keys = [column.key for column in columns if column.group == "age"]
    first_keys = [column.key for column in columns if column.group == "first_time"]
    lines = []
    for key in [*(key for key, _label in row_specs), TOTAL]:
        lines.append(((key, "answers"), [(key, column) for column in age_keys]))
        lines.append(((key, "answers"), [(key, column) for column in first_keys]))
    for column in columns:
        lines.append(((TOTAL, column.key), [(key, column.key) for key, _label in row_specs]))
    suppress(cells, lines)

    rows = [SurveyRow(key, label, [cells[(key, column.key)] for column in columns]) for key, label in row_specs]
    total = SurveyRow(TOTAL, str(_("Whole city")), [cells[(TOTAL, column.key)] for column in columns])
    return SurveyTable(columns=columns, rows=rows, total=total)


def _project_population(page, city_population: int | None) -> int | None:
    """The inhabitants of the project's districts (None when one is not known); the city's when it has none."""
    populations = [district.population for district in page.districts.all()]
    if not populations:
        return city_population
    return sum(populations) if all(populations) else None


def report_rounds() -> QuerySet[BudgetRound]:
    """The rounds the report can be narrowed to, newest first, with their project pages."""
    return BudgetRound.objects.select_related("project").order_by("-created_at", "-pk")


def reach_report(
    *, round: BudgetRound | None = None, start: datetime.date | None = None, end: datetime.date | None = None
) -> ReachReport:
    """The reach report, for the whole platform or one round's project, over a period (days included).

    Seventeen queries, whatever the number of districts, projects, ideas or voters.
    """
    sources = _sources(round, start, end)
    districts = []
    if round is not None:
        # A round's vote is for the people of its project's districts: the others are not "under-represented".
        districts = list(District.objects.filter(pk__in=round.project.districts.values("pk")).order_by("code"))
    if not districts:
        districts = list(District.objects.order_by("code"))
    populations = {district.pk: district.population for district in districts}
    known_population = sum(population for population in populations.values() if population)
    all_known = bool(districts) and all(populations.values())

    district_counts: dict[str, dict[Hashable, Cell]] = {}
    project_counts: dict[str, dict[Hashable, Cell]] = {}
    located_people: dict[str, int] = {}
    all_people: dict[str, int] = {}
    for measure in MEASURE_KEYS:
        district_field, project_field, person = _PLACES[measure]
        queryset = _source(sources, measure)
        people_only = measure == "supporters"
        district_counts[measure] = _grouped(
            queryset.filter(**{f"{district_field}__isnull": False}), district_field, person, people_only=people_only
        )
        project_counts[measure] = _grouped(queryset, project_field, person, people_only=people_only)
        located_people[measure], all_people[measure] = _people(queryset, district_field, person)

    # The city: the districts whose population is known, and what was counted in them.
    city = {
        measure: (
            sum(cell.value for key, cell in district_counts[measure].items() if populations.get(key)),
            known_population,
        )
        for measure in MEASURE_KEYS
    }
    district_rows = [ReachRow(key=d.pk, label=d.name, population=d.population) for d in districts]
    district_table = _rate_table(
        district_rows,
        district_counts,
        located_people,
        city=city,
        flag=True,
        total_label=str(_("Whole city")),
        total_population=known_population if all_known else None,
    )

    keys = set().union(*(counts.keys() for counts in project_counts.values())) - {None}
    if round is not None:
        keys.add(round.project.translation_key)
    project_model = _project_model()
    pages = (
        project_model.objects.filter(translation_key__in=keys)
        .select_related("locale")
        .prefetch_related("districts")
        .order_by("title", "pk")
    )
    default_language = Locale.get_default().language_code
    by_key: dict[Hashable, object] = {}
    for page in pages:
        if page.translation_key not in by_key or page.locale.language_code == default_language:
            by_key[page.translation_key] = page
    project_rows = []
    for key, page in sorted(by_key.items(), key=lambda item: (item[1].title.lower(), str(item[0]))):
        population = _project_population(page, known_population if all_known else None)
        project_rows.append(ReachRow(key=key, label=page.title, population=population))
    project_table = _rate_table(
        project_rows,
        project_counts,
        all_people,
        city=city,
        flag=False,
        total_label=str(_("All projects")),
        total_population=None,
    )
    return ReachReport(
        round=round,
        start=start,
        end=end,
        districts=district_table,
        projects=project_table,
        survey=_survey_table(sources.answers, districts),
    )
