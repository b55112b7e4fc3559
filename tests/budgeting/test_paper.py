"""Paper ballots: keyed in batches in Wagtail admin, each by two different people; counted only when the keyings
agree (or a third person resolves a mismatch); one person votes once, online or on paper."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from budgeting import rules, selectors, services
from budgeting.eligibility import OidcProvider
from budgeting.eligibility.identity import round_identity_hash
from budgeting.models import (
    Ballot,
    BudgetRound,
    Channel,
    Eligibility,
    PaperBatch,
    PaperEntry,
    PaperEntryStatus,
    Voter,
)
from tests.budgeting.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language (tests of the Danish
    wording switch to Danish themselves)."""
    with translation.override("en"):
        yield


ADMIN = "/admin/budgeting/paper"
STUB = "010203-1234"
CLAIMS = {"birthdate": "birthdate", "postal_code": "postal_code", "municipality": "municipality_code"}


def admin_client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _officers_may_open_the_admin(officers_may_open_the_admin):
    """Case-officer groups have access to Wagtail admin."""


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user(email="redaktoer2@kk.dk", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def open_round(open_round):
    """The open round of conftest, with a census list as its eligibility: its voters show their CPR number, so it
    can take paper ballots."""
    BudgetRound.objects.filter(pk=open_round.pk).update(eligibility=Eligibility.CENSUS)
    open_round.refresh_from_db()
    return open_round


@pytest.fixture
def proposals(open_round) -> dict[str, int]:
    """Bænke 900.000, Træer 800.000 and Lys 600.000 kr. on a 2.000.000 kr. knapsack ballot."""
    return {proposal.title: proposal.pk for proposal in open_round.proposals.all()}


@pytest.fixture
def batch(open_round, editor):
    return services.paper_batch_create(round=open_round, label="Nørrebro Bibliotek, 12. marts", created_by=editor)


def key(batch, user, selections, *, sequence=1, number=STUB):
    return services.paper_entry_key(
        batch=batch, sequence=sequence, keyed_by=user, selections=selections, census_number=number
    )


class TestDoubleKeying:
    def test_the_first_keying_waits_for_a_second(self, batch, editor, proposals):
        entry = key(batch, editor, {proposals["Bænke"]: 1})
        assert entry.status == PaperEntryStatus.PENDING
        assert entry.first_keying == {str(proposals["Bænke"]): 1}
        assert entry.first_census_hash == round_identity_hash(batch.round, "0102031234")
        assert not Ballot.objects.exists() and not Voter.objects.exists()

    def test_the_same_person_cannot_key_a_ballot_twice(self, batch, editor, proposals):
        key(batch, editor, {proposals["Bænke"]: 1})
        with pytest.raises(ValidationError) as refused:
            key(batch, editor, {proposals["Bænke"]: 1})
        assert refused.value.code == "same_keyer"
        assert "You keyed ballot 1 first: someone else must key it the second time." in refused.value.messages
        assert PaperEntry.objects.get().status == PaperEntryStatus.PENDING

    def test_the_database_refuses_the_same_keyer_and_the_same_number(self, batch, editor, proposals):
        entry = key(batch, editor, {proposals["Bænke"]: 1})
        with pytest.raises(IntegrityError), transaction.atomic():
            PaperEntry.objects.filter(pk=entry.pk).update(second_keyed_by=editor, second_keying={})
        with pytest.raises(IntegrityError), transaction.atomic():
            PaperEntry.objects.create(batch=batch, sequence=1, first_keyed_by=editor, first_keyed_at=timezone.now())
        with pytest.raises(IntegrityError), transaction.atomic():
            PaperEntry.objects.filter(pk=entry.pk).update(status=PaperEntryStatus.REFUSED)  # still holds an identity

    def test_matching_keyings_count_the_ballot_and_mark_the_voter(self, batch, editor, case_officer, proposals):
        """The ballot is a paper ballot like any other; the person is a paper voter without a link to it; the entry
        keeps no identity."""
        choice = {proposals["Bænke"]: 1, proposals["Lys"]: 1}
        key(batch, editor, choice)
        entry = key(batch, case_officer, choice, number="0102031234")  # the same number, typed differently
        assert entry.status == PaperEntryStatus.MATCHED
        ballot = entry.ballot
        assert ballot.channel == Channel.PAPER and ballot.selections() == dict.fromkeys(choice, 1)
        voter = Voter.objects.get()
        assert (voter.channel, voter.voted, voter.ballot, voter.user) == (Channel.PAPER, True, None, None)
        assert voter.census_hash == round_identity_hash(batch.round, "0102031234")
        assert (entry.first_census_hash, entry.second_census_hash) == ("", "")
        turnout = selectors.turnout(round=batch.round)
        assert (turnout.online, turnout.paper) == (0, 1)

    def test_a_mismatch_does_not_count_until_a_third_person_resolves_it(
        self, batch, editor, case_officer, second_editor, proposals
    ):
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Træer"]: 1})
        assert entry.status == PaperEntryStatus.MISMATCH
        assert not Ballot.objects.exists() and not Voter.objects.exists()
        for keyer in (editor, case_officer):
            with pytest.raises(ValidationError) as refused:
                key(batch, keyer, {proposals["Træer"]: 1})
            assert refused.value.code == "same_keyer"
        entry = key(batch, second_editor, {proposals["Træer"]: 1})
        assert entry.status == PaperEntryStatus.MATCHED
        assert entry.ballot.selections() == {proposals["Træer"]: 1}
        assert entry.third_keyed_by == second_editor
        with pytest.raises(ValidationError) as refused:
            key(batch, second_editor, {proposals["Træer"]: 1})
        assert refused.value.code == "settled"

    def test_a_third_keying_counts_only_when_it_agrees_with_one_of_the_two(
        self, batch, editor, case_officer, second_editor, proposals, django_user_model
    ):
        """A third keying that matches neither earlier keying decides nothing: two keyings must always agree."""
        key(batch, editor, {proposals["Bænke"]: 1})
        key(batch, case_officer, {proposals["Træer"]: 1})
        entry = key(batch, second_editor, {proposals["Lys"]: 1})
        assert entry.status == PaperEntryStatus.MISMATCH
        assert not Ballot.objects.exists()
        fourth = django_user_model.objects.create_user(email="fjerde@kk.dk", password="pw")
        fourth.groups.add(Group.objects.get(name="Editors"))
        entry = key(batch, fourth, {proposals["Bænke"]: 1})
        assert entry.status == PaperEntryStatus.MATCHED
        assert entry.ballot.selections() == {proposals["Bænke"]: 1}

    def test_different_identity_numbers_are_a_mismatch(self, batch, editor, case_officer, proposals):
        key(batch, editor, {proposals["Bænke"]: 1})
        assert (
            key(batch, case_officer, {proposals["Bænke"]: 1}, number="0102031243").status == PaperEntryStatus.MISMATCH
        )

    def test_an_invalid_paper_ballot_is_not_counted(self, batch, editor, case_officer, proposals):
        """Over the budget (2.300.000 of 2.000.000 kr.): refused with the reason, and the person may still vote."""
        everything = dict.fromkeys(proposals.values(), 1)
        key(batch, editor, everything)
        entry = key(batch, case_officer, everything)
        assert entry.status == PaperEntryStatus.REFUSED
        assert "The ballot is not valid: You have chosen proposals for" in entry.problem
        assert not Ballot.objects.exists() and not Voter.objects.exists()

    def test_keying_is_refused_before_voting_opens_and_after_the_tally(self, budget_round, open_round, editor):
        with_eligibility(budget_round, Eligibility.CENSUS)
        with pytest.raises(ValidationError, match="once voting has opened"):
            services.paper_batch_create(round=budget_round, label="Too early", created_by=editor)
        batch = services.paper_batch_create(round=open_round, label="Late", created_by=editor)
        BudgetRound.objects.filter(pk=open_round.pk).update(tallied_at=timezone.now())
        with pytest.raises(ValidationError, match="can no longer be keyed"):
            key(batch, editor, {})

    def test_a_batch_label_is_unique_in_the_round(self, batch, editor):
        with pytest.raises(ValidationError, match="already has a batch with this label"):
            services.paper_batch_create(round=batch.round, label=batch.label, created_by=editor)


def with_eligibility(budget_round: BudgetRound, eligibility: str) -> BudgetRound:
    BudgetRound.objects.filter(pk=budget_round.pk).update(eligibility=eligibility)
    budget_round.refresh_from_db()
    return budget_round


class TestRoundsThatTakePaper:
    """A paper voter is found among the online voters by the hash of the CPR number on the stub, so a round takes
    paper ballots only when its online voters show that number too."""

    @pytest.mark.parametrize(
        ("eligibility", "identity_claim", "takes_paper"),
        [
            (Eligibility.CENSUS, "", True),
            (Eligibility.OIDC, "dk.cpr", True),
            (Eligibility.OIDC, "", False),
            (Eligibility.SELF_DECLARED, "", False),
            (Eligibility.SELF_DECLARED, "dk.cpr", False),
        ],
    )
    def test_only_rounds_whose_voters_show_a_cpr_number_take_paper_ballots(
        self, open_round, editor, settings, eligibility, identity_claim, takes_paper
    ):
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": identity_claim}
        budget_round = with_eligibility(open_round, eligibility)
        if takes_paper:
            assert services.paper_refusal(budget_round) is None
            batch = services.paper_batch_create(round=budget_round, label="Valby", created_by=editor)
            assert batch.round == budget_round
            return
        with pytest.raises(ValidationError) as refused:
            services.paper_batch_create(round=budget_round, label="Valby", created_by=editor)
        assert refused.value.code == "no_identity"
        assert refused.value.messages[0].startswith("This round cannot take paper ballots: ")
        assert "cannot be checked against the people who voted online" in refused.value.messages[0]
        assert not PaperBatch.objects.exists()

    def test_the_refusals_say_why(self, open_round, settings):
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": ""}
        self_declared = services.paper_refusal(with_eligibility(open_round, Eligibility.SELF_DECLARED)).messages[0]
        assert "its voters declare for themselves that they may vote" in self_declared
        mitid = services.paper_refusal(with_eligibility(open_round, Eligibility.OIDC)).messages[0]
        assert "MitID does not give this site the voters' CPR numbers (no identity claim is set up)" in mitid

    def test_a_mitid_voter_with_the_cpr_claim_is_found_when_they_also_vote_on_paper(
        self, open_round, editor, case_officer, citizen, proposals, settings
    ):
        """Why the claim matters: with it, the MitID voter's hash is that of their CPR number, and their paper
        ballot is refused. Without it, the hash is of their MitID subject, which no stub can match."""
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": "dk.cpr"}
        budget_round = with_eligibility(open_round, Eligibility.OIDC)
        claims = {"birthdate": "1990-01-01", "municipality_code": "0101", "dk.cpr": STUB}
        decision = OidcProvider().check(budget_round, claims=claims, uid="mitid-sub-amira")
        voter = services.voter_verify(round=budget_round, user=citizen, decision=decision)
        services.ballot_submit(voter=voter, selections={proposals["Lys"]: 1})

        batch = services.paper_batch_create(round=budget_round, label="Valby", created_by=editor)
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Bænke"]: 1})
        assert entry.status == PaperEntryStatus.REFUSED
        assert entry.problem.startswith("This person has already voted online")

        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": ""}
        without_claim = OidcProvider().check(budget_round, claims=claims, uid="mitid-sub-amira")
        assert without_claim.identity_hash != round_identity_hash(budget_round, "0102031234")

    def test_keying_stops_when_the_identity_claim_is_taken_away(self, open_round, editor, proposals, settings):
        """A batch made while MitID gave the CPR number cannot be keyed once it no longer does."""
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": "dk.cpr"}
        batch = services.paper_batch_create(
            round=with_eligibility(open_round, Eligibility.OIDC), label="Valby", created_by=editor
        )
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": ""}
        with pytest.raises(ValidationError) as refused:
            key(batch, editor, {proposals["Bænke"]: 1})
        assert refused.value.code == "no_identity"
        assert not PaperEntry.objects.exists()


class TestOnePersonOneVote:
    def test_a_paper_ballot_of_someone_who_voted_online_is_refused_and_flagged(
        self, batch, editor, case_officer, citizen, proposals, settings
    ):
        """Online with MitID (CPR claim) or the census list, the voter row holds the same hash as the paper ballot."""
        voter = Voter.objects.create(
            round=batch.round, user=citizen, census_hash=round_identity_hash(batch.round, "0102031234")
        )
        services.ballot_submit(voter=voter, selections={proposals["Lys"]: 1})
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Bænke"]: 1})
        assert entry.status == PaperEntryStatus.REFUSED
        assert entry.problem.startswith("This person has already voted online, so the paper ballot does not count.")
        assert Ballot.objects.get().channel == Channel.ONLINE
        voter.refresh_from_db()
        assert (voter.channel, voter.voted) == (Channel.ONLINE, True)
        html = admin_client(editor).get(f"{ADMIN}/inspect/{batch.pk}/").content.decode()
        assert "This person has already voted online" in html

    def test_someone_who_voted_on_paper_cannot_vote_online(self, batch, editor, case_officer, citizen, proposals):
        """A person who had shown online that they may vote, then voted on paper, is told so when they submit."""
        voter = Voter.objects.create(
            round=batch.round, user=citizen, census_hash=round_identity_hash(batch.round, "0102031234")
        )
        key(batch, editor, {proposals["Bænke"]: 1})
        key(batch, case_officer, {proposals["Bænke"]: 1})
        voter.refresh_from_db()
        assert (voter.channel, voter.voted, voter.ballot) == (Channel.PAPER, True, None)
        with pytest.raises(ValidationError, match="You have voted on paper: you cannot also vote online."):
            services.ballot_submit(voter=voter, selections={proposals["Lys"]: 1})

    def test_one_person_on_two_paper_ballots_counts_once(self, batch, editor, case_officer, proposals):
        for sequence in (1, 2):
            key(batch, editor, {proposals["Bænke"]: 1}, sequence=sequence)
            entry = key(batch, case_officer, {proposals["Bænke"]: 1}, sequence=sequence)
        assert entry.status == PaperEntryStatus.REFUSED
        assert "already voted on another paper ballot" in entry.problem
        assert Ballot.objects.count() == 1

    def test_with_a_census_list_a_paper_voter_must_be_on_it(self, batch, editor, case_officer, proposals):
        services.census_list_import(round=batch.round, data=b"number\n1112131415", uploaded_by=editor)
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Bænke"]: 1})
        assert (entry.status, entry.problem) == (
            PaperEntryStatus.REFUSED,
            "The identity number is not on the round's census list.",
        )

    def test_with_sub_budgets_the_paper_ballot_counts_in_its_district(
        self, batch, editor, case_officer, norrebro, bispebjerg, proposals
    ):
        for district in (norrebro, bispebjerg):
            services.sub_budget_set(round=batch.round, district=district, amount=1_000_000, at=days(-10))
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Bænke"]: 1})
        assert entry.status == PaperEntryStatus.MATCHED
        assert entry.ballot.sub_budget.district == norrebro  # the proposals are at Runddelen, in Nørrebro
        assert Voter.objects.get().district == norrebro

    def test_the_tally_forgets_which_entry_made_which_ballot(self, batch, editor, case_officer, proposals):
        key(batch, editor, {proposals["Bænke"]: 1})
        key(batch, case_officer, {proposals["Bænke"]: 1})
        key(batch, editor, {proposals["Lys"]: 1}, sequence=2)
        services.round_close_links(round=batch.round, at=days(10))
        counted, pending = PaperEntry.objects.order_by("sequence")
        assert (counted.status, counted.ballot, counted.first_keying, counted.second_keying) == (
            PaperEntryStatus.MATCHED,
            None,
            {},
            None,
        )
        assert pending.first_census_hash == "" and pending.first_keying == {}
        assert Ballot.objects.get().channel == Channel.PAPER


class TestPermissions:
    @pytest.mark.parametrize(
        ("who", "moment", "allowed"),
        [
            ("anonymous", "during", False),
            ("citizen", "during", False),
            ("case_officer", "during", True),
            ("editor", "during", True),
            ("case_officer", "before", False),
            ("editor", "after_close", True),  # ballots collected until the close are keyed after it
            ("editor", "tallied", False),
        ],
    )
    def test_who_keys_paper_ballots_and_when(self, request, open_round, budget_round, who, moment, allowed):
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
        target, at = open_round, None
        if moment == "before":
            target = budget_round
        elif moment == "after_close":
            at = days(10)
        elif moment == "tallied":
            target.tallied_at = timezone.now()
        assert rules.can(user, "key_paper", target, at=at) is allowed


class TestAdminScreens:
    def test_every_screen_opens_for_budget_staff(self, batch, editor, case_officer, second_editor, proposals):
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Træer"]: 1})
        for user in (editor, case_officer, second_editor):
            client = admin_client(user)
            urls = [
                f"{ADMIN}/",
                f"{ADMIN}/new/",
                f"{ADMIN}/inspect/{batch.pk}/",
                f"{ADMIN}/key/{batch.pk}/",
                f"{ADMIN}/compare/{entry.pk}/",
            ]
            assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)

    def test_citizens_are_refused(self, batch, citizen, proposals):
        client = admin_client(citizen)
        for url in (f"{ADMIN}/", f"{ADMIN}/inspect/{batch.pk}/", f"{ADMIN}/key/{batch.pk}/"):
            assert client.get(url).status_code == 302
        response = client.post(
            f"{ADMIN}/key/{batch.pk}/", {"sequence": 1, "census_number": STUB, f"proposal-{proposals['Lys']}": "on"}
        )
        assert response.status_code == 302 and not PaperEntry.objects.exists()

    def test_a_batch_is_made_and_its_ballots_keyed_with_the_keyboard(self, open_round, editor, case_officer, proposals):
        """Make a batch, key ballot 1, and the form comes back for ballot 2; the second keyer sees none of the first
        keying; when they agree the ballot is counted."""
        first = admin_client(editor)
        response = first.post(f"{ADMIN}/new/", {"round": open_round.pk, "label": "Valby Kulturhus"})
        batch = PaperBatch.objects.get()
        assert response.status_code == 302 and response["Location"] == f"{ADMIN}/key/{batch.pk}/?sequence=1"
        assert batch.created_by == editor

        html = first.get(response["Location"]).content.decode()
        assert 'name="sequence" value="1"' in html and "autofocus" in html
        assert f"{proposals['Bænke']}" in html and "Bænke" in html
        form = {"sequence": 1, "census_number": STUB, f"proposal-{proposals['Lys']}": "on"}
        response = first.post(f"{ADMIN}/key/{batch.pk}/", form, follow=True)
        html = response.content.decode()
        assert "Ballot 1 is keyed once. Someone else must key it too." in html
        assert 'name="sequence" value="2"' in html

        second = admin_client(case_officer)
        html = second.get(f"{ADMIN}/key/{batch.pk}/").content.decode()
        assert 'name="sequence" value="1"' in html  # the ballot waiting for them
        assert "checked" not in html and "0102031234" not in html and STUB not in html
        response = second.post(f"{ADMIN}/key/{batch.pk}/", form, follow=True)
        assert "Ballot 1: the keyings agree, and it is counted." in response.content.decode()
        assert PaperEntry.objects.get().status == PaperEntryStatus.MATCHED
        assert ModelLogEntry.objects.filter(action="budgeting.paper_key").count() == 2
        assert "0102031234" not in str(list(ModelLogEntry.objects.values_list("data", flat=True)))

    def test_rounds_that_cannot_take_paper_are_marked_and_cannot_be_chosen(
        self, open_round, budget_round, editor, settings
    ):
        """The self-declared round is listed, marked and disabled; the census round can be chosen."""
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": ""}
        with_eligibility(budget_round, Eligibility.SELF_DECLARED)
        html = admin_client(editor).get(f"{ADMIN}/new/").content.decode()
        assert f'<option value="{open_round.pk}">{open_round.title}</option>' in html
        assert (
            f'<option value="{budget_round.pk}" disabled>{budget_round.title} (cannot take paper ballots)</option>'
            in html
        )
        assert "only rounds whose voters show it (a census list, or MitID with the CPR number) can take them" in html

    @pytest.mark.parametrize("eligibility", [Eligibility.SELF_DECLARED, Eligibility.OIDC])
    def test_a_batch_for_a_round_without_identity_numbers_is_refused_on_the_form(
        self, open_round, editor, settings, eligibility
    ):
        """Posted anyway (the option is disabled in the browser), the round comes back with the reason on its field."""
        settings.BUDGETING_OIDC_CLAIMS = {**CLAIMS, "identity": ""}
        with_eligibility(open_round, eligibility)
        response = admin_client(editor).post(f"{ADMIN}/new/", {"round": open_round.pk, "label": "Valby Kulturhus"})
        assert response.status_code == 200
        form = response.context["form"]
        assert form.errors["round"][0].startswith("This round cannot take paper ballots: ")
        assert "This round cannot take paper ballots: " in response.content.decode()
        assert not PaperBatch.objects.exists()

    def test_the_service_refusal_of_a_round_lands_on_its_field(self, open_round, editor, settings, monkeypatch):
        """Should the form let a round through (its claim removed between the check and the save), the service's
        refusal is shown on the round field."""
        from budgeting.admin_forms import PaperBatchForm

        monkeypatch.setattr(PaperBatchForm, "clean_round", lambda form: form.cleaned_data["round"])
        with_eligibility(open_round, Eligibility.SELF_DECLARED)
        response = admin_client(editor).post(f"{ADMIN}/new/", {"round": open_round.pk, "label": "Valby Kulturhus"})
        assert response.status_code == 200
        assert response.context["form"].errors["round"][0].startswith("This round cannot take paper ballots: ")
        assert not PaperBatch.objects.exists()

    def test_a_service_refusal_comes_back_on_the_form(self, batch, editor, proposals):
        client = admin_client(editor)
        form = {"sequence": 1, "census_number": STUB, f"proposal-{proposals['Lys']}": "on"}
        client.post(f"{ADMIN}/key/{batch.pk}/", form)
        response = client.post(f"{ADMIN}/key/{batch.pk}/", form)
        html = response.content.decode()
        assert response.status_code == 200
        assert "You keyed ballot 1 first: someone else must key it the second time." in html
        assert STUB not in html

    def test_the_mismatch_page_shows_the_keyings_side_by_side(
        self, batch, editor, case_officer, second_editor, proposals
    ):
        key(batch, editor, {proposals["Bænke"]: 1})
        entry = key(batch, case_officer, {proposals["Træer"]: 1}, number="9998887776")
        html = admin_client(second_editor).get(f"{ADMIN}/compare/{entry.pk}/").content.decode()
        assert "The identity numbers of the two keyings differ." in html
        assert html.count("Differs") == 2 and "Bænke" in html and "Træer" in html
        assert "Key the ballot again to resolve it" in html
        assert "9998887776" not in html and "0102031234" not in html
        html = admin_client(editor).get(f"{ADMIN}/compare/{entry.pk}/").content.decode()
        assert "You keyed this ballot, so someone else must resolve it." in html

    def test_a_ballot_keyed_once_cannot_be_peeked_at(self, batch, editor, second_editor, proposals):
        """The second keyer cannot see the first keying: the side-by-side page exists only for keyings that differ."""
        entry = key(batch, editor, {proposals["Bænke"]: 1})
        assert admin_client(second_editor).get(f"{ADMIN}/compare/{entry.pk}/", follow=True).status_code == 404

    def test_the_lists_cost_the_same_queries_for_1_or_50(self, open_round, editor, case_officer, proposals):
        """The batch list and a batch's page: the number of queries does not grow with the rows."""

        def measure(count: int) -> tuple[int, int]:
            batches = [
                services.paper_batch_create(round=open_round, label=f"{count} batch {n}", created_by=editor)
                for n in range(count)
            ]
            for sequence in range(1, count + 1):
                key(batches[0], editor, {proposals["Bænke"]: 1}, sequence=sequence, number=f"{count}{sequence:09d}")
            client = admin_client(case_officer)
            client.get(f"{ADMIN}/")  # warm the session and the permission caches
            counts = []
            for url in (f"{ADMIN}/", f"{ADMIN}/inspect/{batches[0].pk}/"):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200
                counts.append(len(queries))
            PaperBatch.objects.all().delete()
            return tuple(counts)

        one, fifty = measure(1), measure(50)
        assert one == fifty, (one, fifty)
        assert max(one) <= 30
