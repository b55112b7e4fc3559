"""Reading and writing pabulib files: what pabutools reads, we read the same; what we write, pabutools reads back."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pabutools.election.pabulib import parse_pabulib_from_string

from budgeting.pabulib import PabulibError, format_number, format_pabulib, parse_pabulib, read_pabulib
from budgeting.tally import Ballot, Election, tally
from tests.budgeting.test_tally_oracle import RULES, pabulib_data_dir, run_pabutools

HEADER = "META\nkey;value\nbudget;{budget}\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost;name\n"


def _file(projects: str, votes: str, *, budget="100", vote_type="approval", votes_header="voter_id;vote") -> str:
    return HEADER.format(budget=budget, vote_type=vote_type) + projects + f"VOTES\n{votes_header}\n" + votes


def test_a_real_cumulative_file_is_read_with_grouped_ballots():
    """Zurich D10: 24 projects, 180 voters grouped into distinct ballots, points kept, META and names kept."""
    parsed = read_pabulib(pabulib_data_dir() / "Switzerland_Zurich_D10.pb")
    election = parsed.election
    assert (election.vote_type, election.budget, len(election.projects)) == ("cumulative", 60000, 24)
    assert election.num_voters == 180 == int(parsed.meta["num_votes"])
    assert len(election.ballots) <= 180
    assert parsed.project_columns["1"]["name"] == "Planting Workshops at Oerlikon"
    first = election.ballots[0]
    points = {election.project_ids[j]: p for j, p in zip(first.projects, first.points, strict=True)}
    assert points == {"9": 4, "3": 3, "13": 3}  # the first voter: "9,3,13" with "4,3,3"


def test_amounts_written_as_floats_stay_exact():
    """ "100000.0" is the integer 100000; decimal commas and fractions become Fractions."""
    text = _file("a;100000.0;A\nb;2,5;B\nc;1/3;C\n", "1;a,b\n", budget="100002.5")
    election = parse_pabulib(text).election
    assert election.projects == {"a": 100000, "b": Fraction(5, 2), "c": Fraction(1, 3)}
    assert isinstance(election.projects["a"], int)
    assert election.budget == Fraction(200005, 2)


def test_choose_one_quoting_bom_none_and_blank_lines():
    """choose-1 is approval; quoted fields may hold ';'; a byte-order mark, None values and blank lines are fine."""
    text = "\ufeff" + _file('a;10;"Park; north"\nb;None;B\n', '1;a\n\n2;"b, a"\n3;None\n', vote_type="choose-1")
    with pytest.raises(PabulibError, match="cost of project b is missing"):
        parse_pabulib(text)
    parsed = parse_pabulib(text.replace("b;None;B", "b;20;None"))
    assert parsed.project_columns == {"a": {"name": "Park; north"}, "b": {}}
    election = parsed.election
    assert election.vote_type == "approval"
    assert [(b.projects, b.multiplicity) for b in election.ballots] == [((0,), 1), ((0, 1), 1), ((), 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_file("a;10;A\n", "1;a,zz\n"), "line 10: the vote names the unknown project 'zz'"),
        (_file("a;10;A\na;12;A\n", "1;a\n"), "line 8: project a appears twice"),
        (_file("a;10;A;extra\n", "1;a\n"), "line 7: 4 fields but the PROJECTS header has 3"),
        (_file("a;-10;A\n", "1;a\n"), "must not be negative"),
        (
            _file("a;10;A\n", "1;a;1,2\n", vote_type="cumulative", votes_header="voter_id;vote;points"),
            "line 10: the vote lists 1 projects and 2 points",
        ),
        ("PROJECTS\nproject_id;cost\na;1\n", "no META section"),
        ("META\n", "the META section has no header"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(text, message):
    """Errors say what is wrong and, where there is one, on which line."""
    with pytest.raises(PabulibError, match=message):
        parse_pabulib(text)


def _awkward_election() -> Election:
    return Election(
        budget=Fraction(21, 2),
        projects={"p1": 4, "p;2": Fraction(5, 2), "p3": Fraction(1, 3), "p4": 0},
        ballots=(
            Ballot((0, 1), (2, Fraction(1, 2)), multiplicity=2),
            Ballot((), (), multiplicity=1),
            Ballot((2, 3), (1, 3), multiplicity=1),
        ),
        vote_type="cumulative",
    )


def test_written_files_read_back_to_the_same_election_in_both_parsers():
    """Fractions, an empty ballot, a ';' in an id and META and project columns survive a round trip."""
    election = _awkward_election()
    text = format_pabulib(
        election,
        meta={"description": "Demo; with a semicolon", "country": "Denmark", "max_sum_points": 4, "min_length": 1},
        project_columns={"p1": {"name": 'Bænke "nye"\nved søen', "votes": 2}, "p3": {"selected": 1}},
        voter_ids=["x", "y", "z", "w"],
    )
    parsed = parse_pabulib(text)
    assert parsed.election == election
    assert parsed.meta["description"] == "Demo; with a semicolon"
    assert parsed.project_columns["p1"] == {"name": 'Bænke "nye" ved søen', "votes": "2"}
    assert parsed.project_columns["p3"] == {"selected": "1"}
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == Fraction(21, 2)
    assert {p.name: Fraction(str(p.cost)) for p in instance} == election.projects
    assert sorted(b.meta["voter_id"] for b in profile) == ["w", "x", "y", "z"]
    assert profile.num_ballots() == 4
    for rule in RULES:
        assert tally(election, rule) == run_pabutools(instance, profile, rule)


@pytest.mark.parametrize("file", ["Netherlands_Assen_2024.pb", "Switzerland_Zurich_D10.pb"])
def test_pabutools_tallies_a_rewritten_real_file_like_the_original(file):
    """A real file rewritten by format_pabulib gives pabutools the same winners as ours on the original."""
    parsed = read_pabulib(pabulib_data_dir() / file)
    instance, profile = parse_pabulib_from_string(
        format_pabulib(parsed.election, meta=parsed.meta, project_columns=parsed.project_columns)
    )
    for rule in RULES:
        assert run_pabutools(instance, profile, rule) == tally(parsed.election, rule)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"voter_ids": ["1", "2"]}, "voter_ids must be 4 distinct strings"),
        ({"voter_ids": ["1", "2", "3", "3"]}, "voter_ids must be 4 distinct strings"),
        ({"voter_ids": ["1", "2", "3", "4,5"]}, "voter id '4,5' cannot be written"),
        ({"meta": {"min_length": "two"}}, "META min_length must be a number"),
    ],
)
def test_the_writer_refuses_what_cannot_be_read_back(kwargs, message):
    """Voter ids must be one distinct, comma-free string per voter; numeric META keys must be numbers."""
    with pytest.raises(ValueError, match=message):
        format_pabulib(_awkward_election(), **kwargs)


def test_project_ids_with_commas_cannot_be_written():
    """A comma would split a vote list, so such an id is refused."""
    with pytest.raises(ValueError, match="project id 'a,b'"):
        format_pabulib(Election(budget=1, projects={"a,b": 1}))


def test_numbers_are_written_as_pabulib_reads_them():
    """Whole numbers as integers, finite decimals as decimals, anything else as p/q."""
    assert [format_number(x) for x in (7, Fraction(5, 2), Fraction(1, 8), Fraction(1, 3))] == [
        "7",
        "2.5",
        "0.125",
        "1/3",
    ]
