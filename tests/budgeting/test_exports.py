"""The published files of a counted round: pabulib ballot files that pabutools reads and that recount to the
stored winners, a CSV of the proposals, and nothing in either that points to a person."""

import csv
import io
import re

import pytest
from pabutools.election import ApprovalProfile, CumulativeProfile, parse_pabulib

from budgeting import exports, services
from budgeting.models import Ballot, BallotType, Proposal, TallyResult, Voter, WinnerRule, format_receipt_code
from budgeting.pabulib import parse_pabulib as our_parse
from budgeting.tally import tally
from tests.budgeting.conftest import AFTER, BISPEBJERG, DURING, RUNDDEL, make_proposal
from tests.budgeting.test_tally_oracle import run_pabutools

pytestmark = pytest.mark.django_db


def vote(budget_round, user, selections, *, district=None):
    voter = services.voter_for(round=budget_round, user=user, district=district)
    return services.ballot_submit(voter=voter, selections=selections, at=DURING)


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(email=f"person{n}@example.dk", password="pw") for n in range(8)]


@pytest.fixture
def counted(budget_round, users):
    """A counted knapsack round (MES, 2.000.000 kr.) with four proposals and eight ballots; one voter's census
    hash is known too."""
    p = [
        make_proposal(budget_round, title=title, cost=cost)
        for title, cost in (("Træer", 900_000), ("Bænke", 800_000), ("Lys; ved søerne", 600_000), ("Leg", 300_000))
    ]
    wishes = [(0, 1), (0, 1), (0, 2), (2, 3), (3,), (1, 2), (0,), (0, 3)]
    for user, wish in zip(users, wishes, strict=True):
        vote(budget_round, user, {p[i].pk: 1 for i in wish})
    Voter.objects.filter(user=users[0]).update(census_hash="c3f1a9e0salted0hash0of0a0census0identity")
    services.round_tally(round=budget_round, at=AFTER)
    budget_round.refresh_from_db()
    return budget_round


def stored_winners(budget_round) -> list[str]:
    return sorted(r.proposal.code for r in TallyResult.objects.filter(tally__round=budget_round, selected=True))


def test_the_ballot_file_is_read_by_pabutools_and_recounts_to_the_stored_winners(counted, tmp_path):
    """pabutools' own parser reads the file (budget, 4 projects, 8 approval ballots); recounting it with our tally
    and with pabutools under the round's rule gives the published winners."""
    (only,) = exports.ballot_files(round=counted)
    path = tmp_path / only.filename
    path.write_text(exports.ballot_file_text(round=counted), encoding="utf-8")

    instance, profile = parse_pabulib(str(path))

    assert isinstance(profile, ApprovalProfile)
    assert (int(instance.budget_limit), len(instance), len(profile)) == (2_000_000, 4, 8)
    assert sorted(str(p.name) for p in instance) == ["1", "2", "3", "4"]
    assert run_pabutools(instance, profile, "mes") == stored_winners(counted)
    assert tally(our_parse(path.read_text(encoding="utf-8")).election, "mes") == stored_winners(counted)


def test_meta_and_projects_describe_the_round(counted):
    """META names the round and its rule and notes the knapsack ballots; PROJECTS has number, cost, title, votes
    and the stored result; the name of the file follows pabulib's Country_Unit_Instance."""
    text = exports.ballot_file_text(round=counted)
    meta = dict(line.split(";", 1) for line in text.split("PROJECTS")[0].splitlines()[2:])
    assert meta["country"] == "Denmark"
    assert meta["unit"] == "Copenhagen"
    assert meta["instance"] == "Borgerbudget 2027"
    assert meta["vote_type"] == "approval"
    assert meta["rule"] == "equalshares"
    assert (meta["num_projects"], meta["num_votes"], meta["budget"]) == ("4", "8", "2000000")
    assert meta["max_sum_cost"] == "2000000"
    assert "Knapsack ballots" in meta["comment"]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", meta["date_begin"])
    projects = text.split("PROJECTS\n")[1].split("VOTES")[0].splitlines()
    assert projects[0] == "project_id;cost;name;votes;selected"
    assert projects[3] == '3;600000;"Lys; ved søerne";3;' + ("1" if "3" in stored_winners(counted) else "0")
    assert exports.ballot_files(round=counted)[0].filename == "Denmark_Copenhagen_borgerbudget-2027.pb"


def test_voters_are_their_receipt_codes_in_random_id_order(counted):
    """Each ballot is listed under its receipt code as the voter sees it, in the order of the ballots' random ids
    (not the order they were cast in)."""
    text = exports.ballot_file_text(round=counted)
    rows = [line.split(";") for line in text.split("VOTES\n")[1].splitlines()[1:]]
    ballots = list(Ballot.objects.filter(round=counted).order_by("id"))
    assert [row[0] for row in rows] == [format_receipt_code(ballot.receipt_code) for ballot in ballots]
    first = ballots[0]
    assert rows[0][1] == ",".join(sorted((c.proposal.code for c in first.choices.all()), key=int))


def test_cumulative_ballots_are_published_with_their_points(project, users, tmp_path):
    """A cumulative round's file has points per vote and a score per project; pabutools reads it as cumulative."""
    budget_round = services.round_create(
        project=project,
        title="Pointrunde",
        total_budget=1_000,
        ballot_type=BallotType.CUMULATIVE,
        winner_rule=WinnerRule.MES_ADD1,
        points_total=10,
        points_per_proposal_max=6,
    )
    a, b, c = (make_proposal(budget_round, title=t, cost=cost) for t, cost in (("A", 600), ("B", 500), ("C", 400)))
    vote(budget_round, users[0], {a.pk: 6, b.pk: 4})
    vote(budget_round, users[1], {b.pk: 6, c.pk: 4})
    vote(budget_round, users[2], {c.pk: 5, b.pk: 5})
    services.round_tally(round=budget_round, at=AFTER)
    budget_round.refresh_from_db()
    text = exports.ballot_file_text(round=budget_round)
    path = tmp_path / "points.pb"
    path.write_text(text, encoding="utf-8")

    instance, profile = parse_pabulib(str(path))

    assert isinstance(profile, CumulativeProfile)
    assert "max_sum_points;10" in text and "max_points;6" in text and "rule;equalshares/add1" in text
    assert "project_id;cost;name;votes;score;selected" in text
    assert run_pabutools(instance, profile, "mes-add1") == stored_winners(budget_round)
    assert tally(our_parse(text).election, "mes-add1") == stored_winners(budget_round)


def test_a_round_with_sub_budgets_publishes_one_file_per_district(budget_round, norrebro, bispebjerg, users):
    """Each sub-budget is its own election: its file has its amount, its district's proposals and its ballots."""
    services.sub_budget_set(round=budget_round, district=norrebro, amount=1_200_000)
    services.sub_budget_set(round=budget_round, district=bispebjerg, amount=800_000)
    n = make_proposal(budget_round, title="Nørrebro", cost=700_000, point=RUNDDEL)
    b = make_proposal(budget_round, title="Bispebjerg", cost=500_000, point=BISPEBJERG)
    for user in users[:3]:
        vote(budget_round, user, {n.pk: 1}, district=norrebro)
    for user in users[3:5]:
        vote(budget_round, user, {b.pk: 1}, district=bispebjerg)
    services.round_tally(round=budget_round, at=AFTER)
    budget_round.refresh_from_db()

    files = exports.ballot_files(round=budget_round)

    assert [f.filename for f in files] == [
        "Denmark_Copenhagen_borgerbudget-2027_norrebro.pb",
        "Denmark_Copenhagen_borgerbudget-2027_bispebjerg.pb",
    ]
    texts = [exports.ballot_file_text(round=budget_round, sub_budget=f.sub_budget) for f in files]
    assert "budget;1200000" in texts[0] and "num_votes;3" in texts[0] and "district;Nørrebro" in texts[0]
    assert "budget;800000" in texts[1] and "num_votes;2" in texts[1] and "Nørrebro" not in texts[1]
    assert [tally(our_parse(text).election, "mes") for text in texts] == [[n.code], [b.code]]


def test_the_proposals_csv(counted):
    """One row per proposal, winners first: number, title, district, cost, votes online, on paper and in total,
    and whether it was selected; UTF-8 with a byte-order mark for spreadsheets."""
    text = exports.proposals_csv(round=counted)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == exports.CSV_HEADER
    assert len(rows) == 4
    by_title = {row["title"]: row for row in rows}
    assert by_title["Træer"]["votes_online"] == "5"
    assert (by_title["Træer"]["votes_paper"], by_title["Træer"]["votes_total"]) == ("0", "5")
    assert by_title["Træer"]["cost"] == "900000"
    assert {row["code"] for row in rows if row["selected"] == "1"} == set(stored_winners(counted))
    assert [row["selected"] for row in rows] == sorted((row["selected"] for row in rows), reverse=True)


def test_no_export_holds_anything_that_points_to_a_person(counted, users):
    """Neither file holds an e-mail address, a user or voter id or a census hash, and no ballot keeps the day it
    was cast."""
    texts = [exports.ballot_file_text(round=counted), exports.proposals_csv(round=counted)]
    voters = Voter.objects.filter(round=counted)
    ballot_days = {ballot.submitted_on for ballot in Ballot.objects.filter(round=counted)}
    for text in texts:
        for user in users:
            assert user.email not in text
            assert user.email.split("@")[0] not in text
        assert "c3f1a9e0salted0hash0of0a0census0identity" not in text
    # After the count every ballot carries the voting's first day, public anyway: no ballot has a day of its own.
    assert len(ballot_days) == 1
    voter_ids = {row.split(";")[0] for row in texts[0].split("VOTES\n")[1].splitlines()[1:]}
    assert voter_ids == {format_receipt_code(b.receipt_code) for b in Ballot.objects.filter(round=counted)}
    assert not voter_ids & ({str(v.pk) for v in voters} | {str(u.pk) for u in users})


def test_nothing_is_published_before_the_count(budget_round):
    """Before the count there is no ballot file and no CSV."""
    make_proposal(budget_round)
    with pytest.raises(exports.NotPublished):
        exports.ballot_file_text(round=budget_round)
    with pytest.raises(exports.NotPublished):
        exports.proposals_csv(round=budget_round)


def test_a_spreadsheet_formula_in_a_title_is_written_as_text(counted):
    """A title starting with = is written with a leading apostrophe, so spreadsheets do not run it."""
    Proposal.objects.filter(round=counted, title="Leg").update(title="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in exports.proposals_csv(round=counted)
