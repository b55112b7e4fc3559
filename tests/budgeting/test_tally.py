"""The tally equals pabutools 1.2.3 on real pabulib elections and on hand-made edge cases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgeting.pabulib import read_pabulib
from budgeting.tally import Ballot, Election, tally
from tests.budgeting.test_tally_oracle import RULES, expected_winners, pabulib_data_dir, pabutools_winners

FILES = (
    "Netherlands_Assen_2024.pb",
    "Switzerland_Zurich_D10.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Poland_Warszawa_2020_Mokotow.pb",
)


@pytest.fixture(scope="module")
def pabulib_dir():
    return pabulib_data_dir()


@pytest.fixture(scope="module")
def oracle(pabulib_dir):
    return {(line["file"], line["rule"]): line for line in expected_winners(pabulib_dir)}


def test_the_oracle_has_one_line_per_file_and_rule(oracle):
    """expected_winners.jsonl holds exactly the 5 files x 3 rules that the next test checks."""
    assert set(oracle) == {(file, rule) for file in FILES for rule in RULES}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("file", FILES)
def test_winners_equal_pabutools_on_real_elections(pabulib_dir, oracle, file, rule):
    """Every rule on every pabulib file (Mokotów with add1 included) selects pabutools' winners."""
    expected = oracle[(file, rule)]
    election = read_pabulib(pabulib_dir / file).election
    assert election.vote_type == expected["vote_type"]
    assert tally(election, rule) == expected["winners"]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("file", ["Netherlands_Assen_2024.pb", "Switzerland_Zurich_D10.pb"])
def test_pb_tally_prints_only_the_sorted_winners(pabulib_dir, oracle, file, rule):
    """`manage.py pb_tally FILE --rule RULE` prints the winners, one per line, and nothing else."""
    out, err = StringIO(), StringIO()
    call_command("pb_tally", str(pabulib_dir / file), rule=rule, stdout=out, stderr=err)
    assert out.getvalue() == "".join(f"{project_id}\n" for project_id in oracle[(file, rule)]["winners"])
    assert err.getvalue() == ""


def test_pb_tally_refuses_a_missing_file(tmp_path):
    """A missing file is a CommandError that names it, with nothing on stdout."""
    out = StringIO()
    with pytest.raises(CommandError, match="No such file"):
        call_command("pb_tally", str(tmp_path / "nope.pb"), rule="mes", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello;world\n", "expected a META, PROJECTS or VOTES section"),
        ("META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;5\n", "unsupported vote_type"),
        ("META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;five\n", "cost of project 1"),
        ("META\nkey;value\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n", "budget is missing"),
    ],
)
def test_pb_tally_explains_a_malformed_file(tmp_path, text, message):
    """A file that is not usable pabulib is a CommandError saying why."""
    path = tmp_path / "bad.pb"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("pb_tally", str(path), rule="greedy", stdout=StringIO())


def test_pb_tally_refuses_a_file_that_is_not_text(tmp_path):
    """Bytes that are not UTF-8 are refused with a clear message."""
    path = tmp_path / "binary.pb"
    path.write_bytes(b"\xff\xfe\x00META")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("pb_tally", str(path), rule="greedy", stdout=StringIO())


def _approval(budget, costs, votes):
    return Election.from_votes(budget=budget, projects=costs, votes=votes)


def _all_rules(election):
    results = {rule: tally(election, rule) for rule in RULES}
    assert results == {rule: pabutools_winners(election, rule) for rule in RULES}
    return results


def test_ties_go_to_the_smaller_id_string():
    """With equal votes and costs, "10" beats "9" in greedy and in MES, as pabutools' lexicographic tie-break."""
    election = _approval(10, {"9": 10, "10": 10}, [["9", "10"], ["9", "10"]])
    assert _all_rules(election) == {"greedy": ["10"], "mes": ["10"], "mes-add1": ["10"]}


def test_zero_cost_projects():
    """Greedy always takes zero-cost projects; MES takes them only when somebody is satisfied by them.

    With cost satisfaction a free project satisfies nobody, so approval MES leaves it to add1's greedy
    completion; with points it is selected before the first round.
    """
    approval = _approval(10, {"free": 0, "paid": 10, "unvoted": 0}, [["free", "paid"], ["paid"]])
    assert _all_rules(approval) == {
        "greedy": ["free", "paid", "unvoted"],
        "mes": ["paid"],
        "mes-add1": ["free", "paid", "unvoted"],
    }
    cumulative = Election.from_votes(
        budget=10, projects={"free": 0, "paid": 10}, votes=[{"free": 2, "paid": 1}], vote_type="cumulative"
    )
    assert _all_rules(cumulative) == {"greedy": ["free", "paid"], "mes": ["free", "paid"], "mes-add1": ["free", "paid"]}


def test_unsupported_projects_only_fill_up_greedily():
    """MES never selects a project nobody voted for; greedy fills the rest of the budget with them by id."""
    election = _approval(10, {"voted": 4, "b": 5, "a": 5}, [["voted"]])
    assert _all_rules(election) == {"greedy": ["a", "voted"], "mes": ["voted"], "mes-add1": ["a", "voted"]}


def test_add1_returns_the_previous_outcome_when_one_overspends():
    """add1 grows voters' budgets until an outcome overspends (here "big", dearer than the budget) and
    keeps the one before, which greedy then completes."""
    election = _approval(10, {"a": 2, "b": 7, "big": 11}, [["a", "big"], ["b", "big"]])
    assert _all_rules(election) == {"greedy": ["a", "b"], "mes": ["a"], "mes-add1": ["a", "b"]}


def test_add1_stops_at_the_first_exhaustive_outcome():
    """One unit more per voter makes "mid" affordable: the outcome is then exhaustive and add1 stops."""
    election = _approval(10, {"small": 3, "mid": 6}, [["small"], ["mid"]])
    assert _all_rules(election) == {"greedy": ["mid", "small"], "mes": ["small"], "mes-add1": ["mid", "small"]}


def test_no_voters():
    """Without ballots MES selects nothing; greedy (and so add1's completion) fills up by project id."""
    election = Election(budget=10, projects={"b": 5, "a": 5, "c": 1})
    assert _all_rules(election) == {"greedy": ["a", "b"], "mes": [], "mes-add1": ["a", "b"]}


def test_cumulative_points_are_utilities():
    """Cumulative MES weighs points; greedy orders by total points."""
    election = Election(
        budget=12,
        projects={"x": 6, "y": 6, "z": 6},
        ballots=(
            Ballot((0, 1), (3, 1), multiplicity=2),
            Ballot((1, 2), (1, 3), multiplicity=1),
            Ballot((2,), (4,), multiplicity=1),
        ),
        vote_type="cumulative",
    )
    assert _all_rules(election) == {"greedy": ["x", "z"], "mes": ["x", "z"], "mes-add1": ["x", "z"]}


def test_an_unknown_rule_is_refused():
    """tally names the rules it knows."""
    with pytest.raises(ValueError, match="greedy, mes, mes-add1"):
        tally(Election(budget=1, projects={}), "phragmen")
