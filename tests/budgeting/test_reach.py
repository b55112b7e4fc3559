"""The reach report: per 1,000 inhabitants against the city average, districts more than 30 % below it flagged,
every figure about fewer than five people hidden (and enough others that none can be worked out), the same figures
in the CSV as on the page, staff only, and a number of queries that does not grow with districts or projects.

Populations are set by hand so that the rates can be worked out on paper: ten districts of 10,000 inhabitants,
except Nørrebro (20,000) and Amager Vest (100,000): 200,000 in all.
"""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from budgeting.models import SurveyAnswer, Voter
from budgeting.reach_export import reach_csv
from budgeting.selectors.reach import Cell, reach_report, suppress
from maps.models import District
from participation.models import Comment, Idea, Support, Visibility
from tests.budgeting.factories import BudgetRoundFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db

REPORT = "budgeting_reach_report"
CSV = "budgeting_reach_report_csv"
NORREBRO, INDRE_BY, BISPEBJERG, AMAGER_VEST, VALBY = 3, 1, 8, 10, 5


# Making the data ----------------------------------------------------------------------------------


def people(n: int, prefix: str) -> list:
    user_model = get_user_model()
    return user_model.objects.bulk_create([user_model(email=f"{prefix}{number}@example.dk") for number in range(n)])


def district(code: int) -> District:
    return District.objects.get(code=code)


def add_ideas(project, code: int, authors: list, *, each: int = 1, on: datetime.date | None = None) -> list[Idea]:
    ideas = Idea.objects.bulk_create(
        [
            Idea(project=project, author=author, title=f"Idé {number}", description="Tekst.", district=district(code))
            for author in authors
            for number in range(each)
        ]
    )
    if on is not None:
        moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
        Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).update(created_at=moment)
    return ideas


def add_voters(budget_round, code: int | None, n: int) -> None:
    place = district(code) if code is not None else None
    Voter.objects.bulk_create(
        [Voter(round=budget_round, census_hash=f"{code}-{number}", district=place, voted=True) for number in range(n)]
    )


@pytest.fixture
def populations(areas):
    District.objects.update(population=10_000)
    District.objects.filter(code=NORREBRO).update(population=20_000)
    District.objects.filter(code=AMAGER_VEST).update(population=100_000)


@pytest.fixture
def city(populations, project_index, tmf):
    """One project across the city: 30 ideas from 30 people in Nørrebro, 14 from 14 in Amager Vest, 6 from 6 in
    Indre By, and 6 ideas from only 2 people in Valby. 50 ideas (56 with Valby's) in all."""
    project = create_project(project_index, title="Hele byen", slug="hele-byen", administration=tmf)
    add_ideas(project, NORREBRO, people(30, "n"))
    add_ideas(project, AMAGER_VEST, people(14, "a"))
    add_ideas(project, INDRE_BY, people(6, "i"))
    add_ideas(project, VALBY, people(2, "v"), each=3)
    return project


def rows_of(table) -> dict[str, object]:
    return {row.label: row for row in table.rows}


# Hiding small cells -------------------------------------------------------------------------------


def cells(*values: int) -> dict:
    return {key: Cell(value=value, people=value) for key, value in enumerate(values)}


def test_a_cell_about_fewer_than_five_people_is_hidden_and_a_lone_one_gets_company():
    """3 of a total of 30 is hidden; since the total is shown it could be worked out, so the smallest other part
    (7, not 20) is hidden too. Nothing else is."""
    table = cells(30, 3, 20, 7)
    suppress(table, [(0, [1, 2, 3])])
    assert [cell.suppressed for cell in table.values()] == [False, True, False, True]


def test_hidden_cells_must_add_up_to_five_or_more():
    """Two hidden zeros would add up to 0 (so each would be known): the smallest part shown is hidden as well."""
    table = cells(15, 0, 0, 6, 9)
    suppress(table, [(0, [1, 2, 3, 4])])
    assert [cell.suppressed for cell in table.values()] == [False, True, True, True, False]


def test_a_figure_counts_people_not_rows():
    """Six ideas from two people are a figure about two people: hidden."""
    table = {"total": Cell(value=26, people=22), "a": Cell(value=6, people=2), "b": Cell(value=20, people=20)}
    suppress(table, [("total", ["a", "b"])])
    assert table["a"].suppressed and table["b"].suppressed and not table["total"].suppressed


def test_when_every_part_is_hidden_a_small_total_goes_too():
    table = cells(4, 1, 3)
    suppress(table, [(0, [1, 2])])
    assert all(cell.suppressed for cell in table.values())


def test_a_two_way_table_is_safe_in_every_row_and_column():
    """Rows and columns with their totals: after hiding, every line has no hidden cell, or two or more whose sum
    (from the shown total) is at least five."""
    grid = [[40, 20, 3, 17], [30, 10, 10, 10], [12, 6, 2, 4]]  # row total, then three parts
    table = {(r, c): Cell(value=v, people=v) for r, row in enumerate(grid) for c, v in enumerate(row)}
    for c in range(4):
        column = sum(row[c] for row in grid)
        table[("t", c)] = Cell(value=column, people=column)
    lines = [((r, 0), [(r, 1), (r, 2), (r, 3)]) for r in (0, 1, 2, "t")]
    lines += [(("t", c), [(0, c), (1, c), (2, c)]) for c in range(4)]
    suppress(table, lines)
    for total, parts in lines:
        hidden = [key for key in (total, *parts) if table[key].suppressed]
        assert len(hidden) != 1
        if hidden and not table[total].suppressed:
            assert sum(table[key].value for key in hidden) >= 5


# The figures --------------------------------------------------------------------------------------


def test_per_thousand_and_the_city_average_by_hand(city):
    """Ideas per 1,000: Nørrebro 30/20,000 = 1.5, Amager Vest 14/100,000 = 0.14, Indre By 6/10,000 = 0.6; the city
    56/200,000 = 0.28 (Valby's six count, though hidden). Compared with it: +436 %, -50 %, +114 %."""
    report = reach_report()
    ideas = report.districts.measure("ideas")
    assert ideas.average == pytest.approx(0.28)
    rows = {row.label: figure for row, figure in ideas.rows}
    assert rows["Nørrebro"].value == 30 and rows["Nørrebro"].per_thousand == pytest.approx(1.5)
    assert rows["Nørrebro"].versus_average == 436
    assert rows["Amager Vest"].per_thousand == pytest.approx(0.14) and rows["Amager Vest"].versus_average == -50
    assert rows["Indre By"].per_thousand == pytest.approx(0.6) and rows["Indre By"].versus_average == 114
    assert ideas.total.value == 56


def test_districts_more_than_30_percent_below_the_average_are_flagged(city):
    """Amager Vest (50 % below) is flagged on ideas; Nørrebro and Indre By are not; so are the districts with no
    ideas at all (hidden, but flagged); and Valby (6 ideas from 2 people: 0.6 per 1,000, above the average)
    is hidden but not flagged."""
    report = reach_report()
    rows = rows_of(report.districts)
    assert rows["Amager Vest"].figures["ideas"].flagged
    assert not rows["Nørrebro"].figures["ideas"].flagged and not rows["Indre By"].figures["ideas"].flagged
    assert rows["Bispebjerg"].figures["ideas"].flagged and rows["Bispebjerg"].figures["ideas"].suppressed
    assert rows["Valby"].figures["ideas"].suppressed and not rows["Valby"].figures["ideas"].flagged
    flagged = {row.label for row in report.flagged_districts}
    assert "Amager Vest" in flagged and "Nørrebro" not in flagged and "Valby" not in flagged


def test_exactly_30_percent_below_is_not_flagged(populations, project_index, tmf):
    """With only Nørrebro and Indre By counted (20,000 inhabitants each), 14 ideas in Nørrebro against 40 in the
    city make 0.7 against 1.0 per 1,000: exactly 30 % below, not more, so not flagged. With 13 of 39 it is."""
    District.objects.exclude(code__in=[NORREBRO, INDRE_BY]).update(population=None)
    District.objects.filter(code=INDRE_BY).update(population=20_000)
    project = create_project(project_index, slug="graense", administration=tmf)
    add_ideas(project, NORREBRO, people(14, "n"))
    add_ideas(project, INDRE_BY, people(26, "i"))  # the city: 40 / 40,000 = 1.0; Nørrebro 0.7
    assert not rows_of(reach_report().districts)["Nørrebro"].figures["ideas"].flagged
    Idea.objects.filter(district__code=NORREBRO).first().delete()  # 13 / 20,000 = 0.65; the city 39 / 40,000
    assert rows_of(reach_report().districts)["Nørrebro"].figures["ideas"].flagged


def test_every_measure_is_counted_where_it_happens(populations, project_index, tmf):
    """Comments and supporters in the district of their idea (supporters as different people), voters where they
    live; hidden ideas and comments are not counted."""
    project = create_project(project_index, slug="maal", administration=tmf)
    ideas = add_ideas(project, NORREBRO, people(5, "n"))
    Idea.objects.filter(pk=ideas[0].pk).update(visibility=Visibility.HIDDEN)
    commenters = people(6, "c")
    Comment.objects.bulk_create([Comment(idea=ideas[1], author=user, text="Enig.") for user in commenters])
    Comment.objects.bulk_create([Comment(idea=ideas[2], author=user, text="Også.") for user in commenters])
    Comment.objects.create(idea=ideas[1], author=commenters[0], text="Spam", visibility=Visibility.HIDDEN)
    supporters = people(7, "s")
    Support.objects.bulk_create([Support(idea=idea, user=user) for idea in ideas[1:3] for user in supporters])
    add_voters(BudgetRoundFactory(project=project), BISPEBJERG, 9)

    # The true figures (each district is the only one with such figures, so the page hides them all).
    rows = rows_of(reach_report().districts)
    norrebro, bispebjerg = rows["Nørrebro"].figures, rows["Bispebjerg"].figures
    assert norrebro["ideas"].cell.value == 4
    assert norrebro["comments"].cell.value == 12 and norrebro["comments"].true_rate == pytest.approx(0.6)
    assert norrebro["supporters"].cell.value == 7
    assert bispebjerg["voters"].cell.value == 9 and bispebjerg["voters"].true_rate == pytest.approx(0.9)
    assert norrebro["voters"].cell.value == 0
    assert all(row.figures["voters"].suppressed for row in rows.values())


def test_the_report_narrows_to_a_round_and_a_period(city, project_index, tmf):
    """With a round, only its project's ideas and its voters count; with a period, only what happened in it."""
    other = create_project(project_index, title="Andet", slug="andet", administration=tmf)
    budget_round = BudgetRoundFactory(project=other)
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    add_ideas(other, BISPEBJERG, people(8, "b"), on=last_year)
    add_voters(budget_round, BISPEBJERG, 12)

    rows = rows_of(reach_report(round=budget_round).districts)
    figures = rows["Bispebjerg"].figures
    assert figures["ideas"].cell.value == 8 and figures["voters"].cell.value == 12
    assert rows["Nørrebro"].figures["ideas"].cell.value == 0
    assert [row.label for row in reach_report(round=budget_round).projects.rows] == ["Andet"]

    recent = reach_report(start=timezone.localdate() - datetime.timedelta(days=30))
    assert rows_of(recent.districts)["Bispebjerg"].figures["ideas"].cell.value == 0
    assert rows_of(recent.districts)["Nørrebro"].figures["ideas"].cell.value == 30
    old = reach_report(end=last_year)
    assert rows_of(old.districts)["Bispebjerg"].figures["ideas"].cell.value == 8


def test_a_rounds_report_covers_its_projects_districts_only(city, project_index, tmf):
    """A round's vote is for the people of its project's districts: the others are neither listed nor flagged."""
    other = create_project(
        project_index, title="Andet", slug="andet", administration=tmf, districts=[district(BISPEBJERG)]
    )
    budget_round = BudgetRoundFactory(project=other)
    add_voters(budget_round, BISPEBJERG, 12)
    assert list(rows_of(reach_report(round=budget_round).districts)) == ["Bispebjerg"]
    assert len(rows_of(reach_report().districts)) > 1


def test_projects_against_the_city_average(city, project_index, tmf, norrebro):
    """A project is measured against the inhabitants of its districts: 10 ideas in a Nørrebro project are 0.5 per
    1,000 (20,000 inhabitants), +52 % on a city average of 66 / 200,000 = 0.33; a project without districts against
    the whole city."""
    local = create_project(project_index, title="Nørrebro", slug="lokal", administration=tmf, districts=[norrebro])
    add_ideas(local, NORREBRO, people(10, "l"))
    rows = rows_of(reach_report().projects)
    assert rows["Nørrebro"].population == 20_000
    assert rows["Nørrebro"].figures["ideas"].per_thousand == pytest.approx(0.5)
    assert rows["Nørrebro"].figures["ideas"].versus_average == 52
    assert rows["Hele byen"].population == 200_000
    assert reach_report().projects.total.figures["ideas"].value == 66


def test_no_small_figure_can_be_worked_out_from_the_totals(city):
    """In every district column either nothing is hidden, or two or more figures are, adding up (from the shown
    total) to five or more; and a hidden figure's rate and comparison are hidden with it."""
    report = reach_report()
    for table in report.districts.measures():
        hidden = [figure for _row, figure in table.rows if figure.suppressed]
        assert len(hidden) != 1
        if hidden and not table.total.suppressed:
            assert sum(figure.cell.value for figure in hidden) >= 5
        for figure in hidden:
            assert figure.value is None and figure.per_thousand is None and figure.versus_average is None
    # Ideas: Valby (2 people) and the six empty districts are hidden; together 6, which is enough, so nothing more.
    ideas = {row.label: figure for row, figure in report.districts.measure("ideas").rows}
    assert {label for label, figure in ideas.items() if figure.suppressed} == {
        "Østerbro",
        "Vesterbro-Kongens Enghave",
        "Valby",
        "Vanløse",
        "Brønshøj-Husum",
        "Bispebjerg",
        "Amager Øst",
    }


def test_a_single_small_district_takes_another_with_it(populations, project_index, tmf):
    """Only Nørrebro (9 voters) and Bispebjerg (3 voters) voted, and the other districts count none: the hidden
    ones (3 + zeros) add up to under five, so Nørrebro is hidden too, though the total (12) is shown."""
    project = create_project(project_index, slug="faa", administration=tmf)
    budget_round = BudgetRoundFactory(project=project)
    add_voters(budget_round, NORREBRO, 9)
    add_voters(budget_round, BISPEBJERG, 3)
    voters = reach_report().districts.measure("voters")
    figures = {row.label: figure for row, figure in voters.rows}
    assert figures["Bispebjerg"].suppressed and figures["Bispebjerg"].cell.small
    assert figures["Nørrebro"].suppressed and not figures["Nørrebro"].cell.small
    assert voters.total.value == 12


def test_the_end_of_vote_answers_are_hidden_below_five_margins_included(populations, project_index, tmf):
    """Answers per district by age and first time, with the totals of every row and column: Nørrebro has 10 answers
    "25-34, first time" and 8 "65+, not the first time"; Bispebjerg 6 and 2. Every cell under five is hidden (the
    empty ones too), and then, wherever a row or column would give one away, the next smallest: Nørrebro's 65+
    and "taken part before", all of Bispebjerg, and the city's 65+ and "taken part before"."""
    budget_round = BudgetRoundFactory(project=create_project(project_index, slug="svar", administration=tmf))
    today = timezone.localdate()
    answers = []
    for code, first, second in ((NORREBRO, 10, 8), (BISPEBJERG, 6, 2)):
        for age_band, first_time, n in (("25-34", "yes", first), ("65+", "no", second)):
            answers += [
                SurveyAnswer(
                    round=budget_round,
                    district=district(code),
                    age_band=age_band,
                    first_time=first_time,
                    answered_on=today,
                )
                for _ in range(n)
            ]
    SurveyAnswer.objects.bulk_create(answers)
    survey = reach_report(round=budget_round).survey
    keys = [column.key for column in survey.columns]
    rows = {row.label: dict(zip(keys, row.cells, strict=True)) for row in survey.rows}
    total = dict(zip(keys, survey.total.cells, strict=True))

    norrebro = rows["Nørrebro"]
    assert (norrebro["answers"].shown, norrebro["age:25-34"].shown, norrebro["first:yes"].shown) == (18, 10, 10)
    assert norrebro["age:65+"].suppressed and not norrebro["age:65+"].small
    assert norrebro["first:no"].suppressed and norrebro["age:15-17"].suppressed and norrebro["age:15-17"].small
    assert all(cell.suppressed for cell in rows["Bispebjerg"].values())
    assert (total["answers"].shown, total["age:25-34"].shown, total["first:yes"].shown) == (26, 16, 16)
    assert total["age:65+"].suppressed and total["first:no"].suppressed

    # No line (a row against its total, a column against the city's) gives a hidden cell away.
    groups = [[key for key in keys if key.startswith(prefix)] for prefix in ("age:", "first:")]
    lines = [(row["answers"], [row[key] for key in group]) for row in (*rows.values(), total) for group in groups]
    lines += [(total[key], [row[key] for row in rows.values()]) for key in keys]
    for line_total, parts in lines:
        hidden = [cell for cell in (line_total, *parts) if cell.suppressed]
        assert len(hidden) != 1
        if hidden and not line_total.suppressed:
            assert sum(cell.value for cell in hidden) >= 5


# The page and the CSV -----------------------------------------------------------------------------


class Tables(HTMLParser):
    """The tables of a page as {caption: [[cell text, …], …]}, without the text meant for screen readers only."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._hidden_depth = 0
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self._hidden_depth or "w-sr-only" in classes.split():
            self._hidden_depth += 1
        if tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption.strip()] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._hidden_depth:
            return
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def editor_client(client, editor):
    """An editor whose Wagtail admin is in English (the source strings)."""
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    return client


def test_the_page_shows_the_flags_and_the_rules(city, editor_client):
    """The page names the flagged districts and the measures in words, marks their rows "Under-represented", and
    explains how small figures are hidden."""
    html = editor_client.get(reverse(REPORT)).content.decode()
    assert "Districts flagged for outreach" in html
    assert "<strong>Amager Vest</strong>: more than 30 % below the city average in ideas" in html
    assert "Under-represented" in html
    assert "is hidden and shown as “&lt; 5”" in html
    assert html.count("<h1") == 1


def test_the_csv_hides_the_same_figures_as_the_page(city, editor_client):
    """For every district and measure, the count in the CSV is the one in the page's table ("<5" and "–" for the
    hidden ones, "hidden" in the CSV for the second kind), with the same rate and flag."""
    html = editor_client.get(reverse(REPORT)).content.decode()
    tables = page_tables(html)
    response = editor_client.get(reverse(CSV))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="reach.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    checked = 0
    for measure, label in (("ideas", "Ideas"), ("voters", "Voters"), ("supporters", "Supporters")):
        caption = next(caption for caption in tables if caption.lower().startswith(f"{label.lower()} per district"))
        page = {cells[0]: cells for cells in tables[caption][1:]}
        for row in rows:
            if row["table"] != "districts" or row["measure"] != measure:
                continue
            cells = page[row["area"]]
            expected = {"<5": "< 5", "hidden": "–"}.get(row["count"], row["count"])
            assert cells[2] == expected, (measure, row["area"])
            assert cells[3].startswith(row["per_1000_inhabitants"] or "–")
            assert ("Under-represented" in cells[5]) == (row["flagged_for_outreach"] == "yes")
            checked += 1
    assert checked == 3 * 11
    amager = next(
        row for row in rows if (row["table"], row["measure"], row["area"]) == ("districts", "ideas", "Amager Vest")
    )
    assert amager == {
        "table": "districts",
        "measure": "ideas",
        "area": "Amager Vest",
        "inhabitants": "100000",
        "count": "14",
        "per_1000_inhabitants": "0.14",
        "compared_with_city_average_percent": "-50",
        "flagged_for_outreach": "yes",
    }


def test_the_csv_keeps_formulas_out(populations, project_index, tmf, editor_client):
    """A project title that a spreadsheet would read as a formula is written as text."""
    project = create_project(project_index, title="=HYPERLINK(1)", slug="formel", administration=tmf)
    add_ideas(project, NORREBRO, people(5, "f"))
    text = reach_csv(reach_report())
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_a_bad_period_is_refused_with_a_message(city, editor_client):
    response = editor_client.get(reverse(REPORT), {"start": "2026-05-01", "end": "2026-04-01"})
    assert "The period must end on or after the day it starts." in response.content.decode()
    assert editor_client.get(reverse(CSV), {"start": "2026-05-01", "end": "2026-04-01"}).status_code == 400


# Who may see it -----------------------------------------------------------------------------------


@pytest.fixture
def admin_citizen(django_user_model):
    """Someone who may open Wagtail admin but is neither editor nor case officer (e.g. a committee member)."""
    user = django_user_model.objects.create_user(email="udvalg@example.dk", password="pw")
    group = Group.objects.create(name="Lokaludvalg (test)")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    user.groups.add(group)
    return user


def test_only_staff_see_the_report(
    client, populations, editor, case_officer, officers_may_open_the_admin, citizen, admin_citizen, django_user_model
):
    """Editors, case officers and superusers see the report and its CSV and find it under Reports; others with
    admin access are refused with a reason; citizens and visitors never get into the admin."""
    superuser = django_user_model.objects.create_superuser(email="root@kk.dk", password="pw")
    for user in (editor, case_officer, superuser):
        client.force_login(user)
        response = client.get(reverse(REPORT))
        assert response.status_code == 200, user
        assert client.get(reverse(CSV)).status_code == 200
        assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(admin_citizen)
    response = client.get(reverse(REPORT))
    assert response.status_code == 403
    with translation.override("da"):  # Wagtail admin speaks the site's default language to this user
        reason = gettext("Only editors and case officers can see the reach report.")
    assert reason in response.content.decode()
    assert client.get(reverse(CSV)).status_code == 403
    assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(citizen)
    assert client.get(reverse(REPORT)).status_code == 302
    assert client.get(reverse(CSV)).status_code == 302
    client.logout()
    assert client.get(reverse(CSV)).status_code == 302


# Queries ------------------------------------------------------------------------------------------


def _spread(project_index, tmf, n: int) -> None:
    """n projects with a round, each with ideas, comments, supports, voters and answers in a district."""
    codes = list(District.objects.values_list("code", flat=True))
    authors = people(5, f"q{n}-")
    for number in range(n):
        project = create_project(project_index, slug=f"q{n}-{number}", administration=tmf)
        code = codes[number % len(codes)]
        ideas = add_ideas(project, code, authors)
        Comment.objects.bulk_create([Comment(idea=ideas[0], author=user, text="Ja.") for user in authors])
        Support.objects.bulk_create([Support(idea=ideas[1], user=user) for user in authors])
        budget_round = BudgetRoundFactory(project=project)
        add_voters(budget_round, code, 6)
        SurveyAnswer.objects.create(
            round=budget_round, district=district(code), age_band="18-24", answered_on=timezone.localdate()
        )


def _extra_districts(start: int, n: int) -> None:
    District.objects.bulk_create(
        [
            District(code=100 + number, name=f"Bydel {number}", slug=f"bydel-{number}", outline={}, population=5_000)
            for number in range(start, start + n)
        ]
    )


def test_the_queries_do_not_grow_with_projects_or_districts(populations, project_index, tmf, editor_client):
    """The report (and its page) costs the same for 1 or 50 projects, and for 1 or 50 more districts."""
    counts = []
    for n in (1, 50):
        _spread(project_index, tmf, n)
        _extra_districts(0, 1) if n == 1 else _extra_districts(1, n - 1)
        connection.queries_log.clear()  # the log keeps the last 9,000 queries: setting up 50 projects fills it
        with CaptureQueriesContext(connection) as report_queries:
            reach_report()
        editor_client.get(reverse(REPORT))  # warm the admin's caches
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as page_queries:
            assert editor_client.get(reverse(REPORT)).status_code == 200
        counts.append((len(report_queries), len(page_queries)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 17, counts


def test_period_is_counted_in_whole_months():
    """Two reports a day apart cannot be subtracted into one day's small numbers: the period is whole months."""
    from budgeting.viewsets.reach import ReachFilterForm

    form = ReachFilterForm({"start": "2026-05-17", "end": "2026-06-03"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (
        datetime.date(2026, 5, 1),
        datetime.date(2026, 6, 30),
    )
    december = ReachFilterForm({"end": "2026-12-02"})
    assert december.is_valid() and december.cleaned_data["end"] == datetime.date(2026, 12, 31)
