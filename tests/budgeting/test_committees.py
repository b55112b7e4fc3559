"""The local committees after the vote: who may do what (role × action), the decision workflow and its audit trail,
the database's guarantees, the workspace in Wagtail admin (with a flat query count), and the public record."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from budgeting.models import (
    AuditAction,
    CommitteeAuditEntry,
    CommitteeDecision,
    CommitteeMembership,
    CommitteeRole,
    ConflictOfInterest,
    DecisionKind,
    Implementation,
    ProposalFollow,
    Tally,
    TallyResult,
)
from budgeting.rules import can
from budgeting.selectors import committees as selectors
from budgeting.services import committees as services
from maps.models import LocalCommittee
from participation.models import NotificationKind, PhaseType
from tests.budgeting.conftest import BISPEBJERG, RUNDDEL, days, make_proposal
from tests.budgeting.factories import ProposalFactory
from tests.cms.factories import create_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the services' messages in English, the source language."""
    with translation.override("en"):
        yield


WORKSPACE = "/admin/budgeting/committees/"
AUDIT = "/admin/budgeting/committee-audit/"
MEMBERS = "/admin/budgeting/committee-members/"


# A counted round in Nørrebro and Bispebjerg -------------------------------------------------------------


def _count(budget_round, selected: dict) -> None:
    """Store the round's count directly: `selected` is {proposal: won?}."""
    tally = Tally.objects.create(round=budget_round, rule=budget_round.winner_rule, computed_at=timezone.now())
    TallyResult.objects.bulk_create(
        TallyResult(tally=tally, proposal=proposal, votes_online=40 if won else 3, selected=won)
        for proposal, won in selected.items()
    )
    budget_round.tallied_at = timezone.now()
    budget_round.save(update_fields=["tallied_at"])


@pytest.fixture
def counted(project_index, tmf, norrebro, bispebjerg):
    """A round whose voting ended ten days ago, counted: two winners in Nørrebro, one in Bispebjerg, one loser."""
    from budgeting import services as budget_services

    project = create_project(
        project_index,
        title="Borgerbudget Nørrebro og Bispebjerg 2026",
        slug="borgerbudget-2026",
        administration=tmf,
        districts=[norrebro, bispebjerg],
        phases=[(PhaseType.VOTING, days(-25), days(-10)), (PhaseType.REALISATION, days(-9), days(300))],
    )
    budget_round = budget_services.round_create(
        project=project, title="Borgerbudget 2026", total_budget=2_000_000, ballot_type="knapsack", winner_rule="mes"
    )
    before = days(-30)
    proposals = {
        "benches": make_proposal(budget_round, title="Bænke ved Runddelen", point=RUNDDEL, at=before),
        "trees": make_proposal(budget_round, title="Træer i Nørrebroparken", point=(55.6925, 12.5430), at=before),
        "lights": make_proposal(budget_round, title="Lys ved Bispebjerg station", point=BISPEBJERG, at=before),
        "loser": make_proposal(budget_round, title="Sauna i Superkilen", point=(55.6990, 12.5420), at=before),
    }
    _count(budget_round, {proposal: name != "loser" for name, proposal in proposals.items()})
    return proposals


@pytest.fixture
def committees(areas):
    return {
        "norrebro": LocalCommittee.objects.get(name="Nørrebro"),
        "bispebjerg": LocalCommittee.objects.get(name="Bispebjerg"),
    }


def _person(django_user_model, email, first_name):
    return django_user_model.objects.create_user(email=email, password="pw", first_name=first_name, last_name="Test")


@pytest.fixture
def editor_user(editor):
    return editor


@pytest.fixture
def people(django_user_model, committees, citizen, case_officer, editor, counted):
    """Everyone in the matrix. Hanne records a draft on "benches"; Karim and Lene (a chair) declared a conflict."""
    admin = django_user_model.objects.create_superuser(email="admin@kk.dk", password="pw")
    norrebro, bispebjerg = committees["norrebro"], committees["bispebjerg"]
    folks = {
        "member": _person(django_user_model, "hanne@example.dk", "Hanne"),
        "chair": _person(django_user_model, "per@example.dk", "Per"),
        "conflicted_member": _person(django_user_model, "karim@example.dk", "Karim"),
        "conflicted_chair": _person(django_user_model, "lene@example.dk", "Lene"),
        "other_committee": _person(django_user_model, "ole@example.dk", "Ole"),
    }
    services.membership_add(committee=norrebro, user=folks["member"], by=admin)
    services.membership_add(committee=norrebro, user=folks["chair"], role=CommitteeRole.CHAIR, by=admin)
    services.membership_add(committee=norrebro, user=folks["conflicted_member"], by=admin)
    services.membership_add(committee=norrebro, user=folks["conflicted_chair"], role=CommitteeRole.CHAIR, by=admin)
    services.membership_add(committee=bispebjerg, user=folks["other_committee"], role=CommitteeRole.CHAIR, by=admin)
    benches = counted["benches"]
    services.decision_record(
        proposal=benches, kind=DecisionKind.APPROVE, reason="Bænkene er ønsket af mange.", by=folks["member"]
    )
    services.conflict_declare(proposal=benches, member=folks["conflicted_member"], reason="Min forening søgte.")
    services.conflict_declare(proposal=benches, member=folks["conflicted_chair"])
    folks.update(case_officer=case_officer, editor=editor, citizen=citizen, anonymous=AnonymousUser(), superuser=admin)
    return folks


def _fresh(user):
    """The user as a new request would see them (the rules keep answers on the user object)."""
    return type(user).objects.get(pk=user.pk) if user.is_authenticated else user


# The permission matrix -----------------------------------------------------------------------------------

ACTIONS = ("view_committee", "view_audit", "manage_members", "decide", "confirm_decision", "declare_conflict")
# What each role may do on the Nørrebro committee and its proposal "benches" (which has a draft). Everything else
# is refused.
MATRIX = {
    "member": {"view_committee", "view_audit", "decide", "declare_conflict"},
    "chair": {"view_committee", "view_audit", "decide", "declare_conflict", "confirm_decision"},
    "conflicted_member": {"view_committee", "view_audit"},
    "conflicted_chair": {"view_committee", "view_audit"},
    "other_committee": set(),
    "case_officer": set(),
    "editor": {"view_committee", "view_audit", "manage_members"},
    "superuser": {"view_committee", "view_audit", "manage_members"},
    "citizen": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(role, people, committees, counted):
    """Each role may do exactly what the matrix allows on the Nørrebro committee and its winning proposal."""
    user = _fresh(people[role])
    targets = dict.fromkeys(("view_committee", "view_audit", "manage_members"), committees["norrebro"])
    targets.update(dict.fromkeys(("decide", "confirm_decision", "declare_conflict"), counted["benches"]))
    allowed = {action for action in ACTIONS if can(user, action, targets[action])}
    assert allowed == MATRIX[role]


def test_a_member_of_another_committee_sees_only_their_own(people, committees, counted):
    """Ole sits on Bispebjerg's committee: he opens its workspace and decides on its winner, not Nørrebro's."""
    ole = _fresh(people["other_committee"])
    assert can(ole, "view_committee", committees["bispebjerg"]) and can(ole, "decide", counted["lights"])
    assert not can(ole, "view_committee", committees["norrebro"]) and not can(ole, "decide", counted["trees"])


def test_nobody_decides_on_a_loser_or_after_a_final_approval(people, counted):
    """A proposal that did not win is nobody's to decide; nor is one the chair has approved for good."""
    hanne, per = _fresh(people["member"]), _fresh(people["chair"])
    assert not can(hanne, "decide", counted["loser"])
    services.decision_confirm(decision=counted["benches"].decisions.get(), by=per)
    assert not can(_fresh(people["member"]), "decide", counted["benches"])
    assert not can(_fresh(people["member"]), "declare_conflict", counted["benches"])


def test_a_chair_may_confirm_only_a_draft(people, counted):
    """Without a draft there is nothing to confirm."""
    assert not can(_fresh(people["chair"]), "confirm_decision", counted["trees"])


# Which committee a proposal belongs to ------------------------------------------------------------------


def test_the_committee_is_found_by_the_point_else_by_the_district(counted, committees, norrebro):
    """A point in Nørrebro's outline is Nørrebro's committee's; without a point, the district's only committee."""
    assert selectors.committee_for_proposal(proposal=counted["benches"]) == committees["norrebro"]
    assert selectors.committee_for_proposal(proposal=counted["lights"]) == committees["bispebjerg"]
    pointless = counted["trees"]
    pointless.latitude = pointless.longitude = None
    pointless.district = norrebro
    assert selectors.committee_for_proposal(proposal=pointless) == committees["norrebro"]


def test_a_proposal_without_a_point_in_a_district_of_two_committees_has_none(counted, areas):
    """Indre By has two committees (Indre By and Christianshavn): without a point no committee can be chosen."""
    from maps.models import District

    proposal = counted["trees"]
    proposal.latitude = proposal.longitude = None
    proposal.district = District.objects.get(code=1)
    assert selectors.committee_for_proposal(proposal=proposal) is None


# The workflow and its audit trail ----------------------------------------------------------------------


def _entries(**filters):
    return list(CommitteeAuditEntry.objects.filter(**filters).order_by("at", "pk"))


def test_every_step_is_in_the_audit_trail(people, committees, counted):
    """Recording, changing, withdrawing, recording again, confirming, declaring a conflict and changing and
    removing a member each leave one entry: who (account and name), what (with the texts), on which proposal."""
    hanne, per, admin = people["member"], people["chair"], people["superuser"]
    trees, norrebro = counted["trees"], committees["norrebro"]
    CommitteeAuditEntry.objects.all().delete()

    draft = services.decision_record(proposal=trees, kind=DecisionKind.REFER_BACK, reason="For dyrt.", by=hanne)
    services.decision_update(
        decision=draft, kind=DecisionKind.APPROVE_WITH_CHANGES, changes="Kun 10 træer.", reason="Godt.", by=per
    )
    services.decision_withdraw(decision=draft, by=hanne)
    final = services.decision_record(
        proposal=trees, kind=DecisionKind.APPROVE_WITH_CHANGES, changes="Kun 10 træer.", reason="Godt.", by=hanne
    )
    services.decision_confirm(decision=final, by=per)
    services.conflict_declare(proposal=counted["lights"], member=people["other_committee"], reason="Nabo.")
    membership = CommitteeMembership.objects.get(user=hanne)
    services.membership_change(membership=membership, role=CommitteeRole.CHAIR, by=admin)
    services.membership_remove(membership=membership, by=admin)

    steps = [(entry.action, entry.actor_id, entry.actor_name, entry.proposal_id) for entry in _entries()]
    assert steps == [
        (AuditAction.DECISION_RECORDED, hanne.pk, "Hanne Test", trees.pk),
        (AuditAction.DECISION_CHANGED, per.pk, "Per Test", trees.pk),
        (AuditAction.DECISION_WITHDRAWN, hanne.pk, "Hanne Test", trees.pk),
        (AuditAction.DECISION_RECORDED, hanne.pk, "Hanne Test", trees.pk),
        (AuditAction.DECISION_CONFIRMED, per.pk, "Per Test", trees.pk),
        (AuditAction.CONFLICT_DECLARED, people["other_committee"].pk, "Ole Test", counted["lights"].pk),
        (AuditAction.MEMBER_CHANGED, admin.pk, "admin@kk.dk", None),
        (AuditAction.MEMBER_REMOVED, admin.pk, "admin@kk.dk", None),
    ]
    entries = _entries()
    assert entries[0].details == {"decision": draft.pk, "kind": "refer_back", "changes": "", "reason": "For dyrt."}
    assert entries[1].details["before"]["kind"] == "refer_back"
    assert entries[1].details["after"] == {"kind": "changes", "changes": "Kun 10 træer.", "reason": "Godt."}
    assert entries[4].committee == norrebro and entries[4].details["kind"] == "changes"
    assert entries[5].committee == committees["bispebjerg"] and entries[5].details["reason"] == "Nabo."
    assert entries[6].details == {
        "member": "Hanne Test",
        "member_id": hanne.pk,
        "role_before": "member",
        "role": "chair",
    }


def test_adding_a_member_opens_the_admin_and_removing_the_last_membership_closes_it(people, committees, citizen):
    """Membership is the source of truth; the "Lokaludvalg" group (made by the migration, with admin access)
    follows it: in when added, out when they leave their last committee."""
    group = Group.objects.get(name=services.COMMITTEE_GROUP)
    assert group.permissions.filter(codename="access_admin").exists()
    first = services.membership_add(committee=committees["norrebro"], user=citizen, by=people["editor"])
    second = services.membership_add(committee=committees["bispebjerg"], user=citizen, by=people["editor"])
    assert _fresh(citizen).has_perm("wagtailadmin.access_admin")
    entry = CommitteeAuditEntry.objects.filter(action=AuditAction.MEMBER_ADDED).latest("pk")
    assert (entry.committee, entry.actor, entry.details["member_id"]) == (
        committees["bispebjerg"],
        people["editor"],
        citizen.pk,
    )
    services.membership_remove(membership=first, by=people["editor"])
    assert group.user_set.filter(pk=citizen.pk).exists()
    services.membership_remove(membership=second, by=people["editor"])
    assert not group.user_set.filter(pk=citizen.pk).exists()
    assert not _fresh(citizen).has_perm("wagtailadmin.access_admin")


def test_adding_someone_twice_is_refused(people, committees):
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(committee=committees["norrebro"], user=people["member"], by=people["editor"])


def test_confirming_an_approval_opens_the_implementation_and_tells_the_followers(
    people, counted, django_capture_on_commit_callbacks, django_user_model
):
    """The chair's confirmation makes the decision final; an approval opens its implementation (planned), and the
    proposal's followers are told in the site (by the fan-out task), the chair who acted is not."""
    follower = _person(django_user_model, "follower@example.dk", "Følger")
    benches = counted["benches"]
    ProposalFollow.objects.create(user=follower, proposal=benches, language="en")
    ProposalFollow.objects.create(user=people["chair"], proposal=benches)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_confirm(decision=benches.decisions.get(), by=people["chair"])
    assert decision.is_final and decision.confirmed_by == people["chair"]
    assert Implementation.objects.get(proposal=benches).status == "planned"
    notification = follower.notifications.get()
    assert notification.kind == NotificationKind.PROPOSAL_DECIDED and notification.detail == "Approved"
    assert not people["chair"].notifications.exists()


def test_a_referral_opens_no_implementation_and_the_proposal_can_be_decided_again(people, counted):
    """Referred back: no implementation, and a new draft may be recorded; the old decision stays in the history."""
    trees = counted["trees"]
    first = services.decision_record(
        proposal=trees, kind="refer_back", reason="Find et andet sted.", by=people["member"]
    )
    services.decision_confirm(decision=first, by=people["chair"])
    assert not Implementation.objects.filter(proposal=trees).exists()
    services.decision_record(proposal=trees, kind="approve", reason="Nyt sted fundet.", by=people["member"])
    case = selectors.committee_case(proposal=trees)
    assert case.state == "draft" and [decision.kind for decision in case.history] == ["refer_back"]


# What is refused -----------------------------------------------------------------------------------------


def test_a_second_draft_is_refused(people, counted):
    """One draft at a time: the service says to change the waiting one, and the database refuses it too."""
    benches = counted["benches"]
    with pytest.raises(ValidationError, match="already has a decision waiting"):
        services.decision_record(proposal=benches, kind="approve", reason="Igen.", by=people["chair"])
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeDecision.objects.create(
            proposal=benches,
            committee=benches.decisions.get().committee,
            kind="approve",
            reason="Igen.",
            recorded_at=timezone.now(),
        )


@pytest.mark.parametrize(
    ("kind", "changes", "reason", "field"),
    [
        ("changes", "", "Godt.", "changes"),
        ("approve", "", "   ", "reason"),
        ("maybe", "", "Godt.", "kind"),
    ],
)
def test_the_changes_and_the_reason_are_required(people, counted, kind, changes, reason, field):
    """Approval with changes names them; every decision gives a reason; the kind is one of three."""
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            proposal=counted["trees"], kind=kind, changes=changes, reason=reason, by=people["member"]
        )
    assert field in refused.value.error_dict
    assert not counted["trees"].decisions.exists()


@pytest.mark.parametrize(("kind", "changes", "reason"), [("changes", "", "Godt."), ("approve", "", "")])
def test_the_database_refuses_a_decision_without_changes_or_reason(counted, committees, kind, changes, reason):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeDecision.objects.create(
            proposal=counted["trees"],
            committee=committees["norrebro"],
            kind=kind,
            changes=changes,
            reason=reason,
            recorded_at=timezone.now(),
        )


def test_changes_are_dropped_unless_the_approval_comes_with_them(people, counted):
    decision = services.decision_record(
        proposal=counted["trees"], kind="approve", changes="Noget.", reason="Godt.", by=people["member"]
    )
    assert decision.changes == ""


def test_a_loser_is_refused(people, counted):
    with pytest.raises(ValidationError, match="Only the winning proposals"):
        services.decision_record(proposal=counted["loser"], kind="approve", reason="Godt.", by=people["member"])


def test_a_member_of_another_committee_is_refused(people, counted):
    with pytest.raises(ValidationError, match="Only the members of the Nørrebro Local Committee"):
        services.decision_record(
            proposal=counted["trees"], kind="approve", reason="Godt.", by=people["other_committee"]
        )
    with pytest.raises(ValidationError, match="Only the members of the Nørrebro Local Committee"):
        services.conflict_declare(proposal=counted["trees"], member=people["other_committee"])


def test_a_conflicted_member_takes_no_part(people, counted):
    """Karim declared a conflict on "benches": he can neither record nor change nor withdraw its decision."""
    karim, benches = people["conflicted_member"], counted["benches"]
    draft = benches.decisions.get()
    for attempt in (
        lambda: services.decision_update(decision=draft, kind="approve", reason="Ja.", by=karim),
        lambda: services.decision_withdraw(decision=draft, by=karim),
    ):
        with pytest.raises(ValidationError, match="conflict of interest"):
            attempt()
    assert benches.decisions.get().reason == "Bænkene er ønsket af mange."


def test_a_chair_with_a_conflict_cannot_confirm_and_is_told_who_must(people, counted):
    """Lene chairs but declared a conflict: the deputy (Per, also a chair) must confirm."""
    draft = counted["benches"].decisions.get()
    with pytest.raises(ValidationError, match="another chair of the committee"):
        services.decision_confirm(decision=draft, by=people["conflicted_chair"])
    with pytest.raises(ValidationError, match="Only the chair"):
        services.decision_confirm(decision=draft, by=people["member"])
    assert services.decision_confirm(decision=draft, by=people["chair"]).is_final


def test_declaring_a_conflict_withdraws_ones_own_draft(people, counted):
    """Hanne recorded the draft on "benches"; when she declares a conflict it is withdrawn, and the trail says why."""
    services.conflict_declare(proposal=counted["benches"], member=people["member"])
    assert not counted["benches"].decisions.exists()
    last = CommitteeAuditEntry.objects.latest("pk")
    assert (last.action, last.details["because"]) == (AuditAction.DECISION_WITHDRAWN, "conflict_of_interest")


def test_a_conflict_is_declared_once(people, counted):
    with pytest.raises(ValidationError, match="already declared"):
        services.conflict_declare(proposal=counted["benches"], member=people["conflicted_member"])
    assert ConflictOfInterest.objects.filter(member=people["conflicted_member"]).count() == 1


def test_a_confirmed_decision_cannot_change(people, counted):
    draft = counted["benches"].decisions.get()
    services.decision_confirm(decision=draft, by=people["chair"])
    with pytest.raises(ValidationError, match="can no longer change"):
        services.decision_update(decision=draft, kind="refer_back", reason="Nej.", by=people["chair"])
    with pytest.raises(ValidationError, match="approved this proposal for good"):
        services.decision_record(proposal=counted["benches"], kind="refer_back", reason="Nej.", by=people["chair"])


# The workspace in Wagtail admin -------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_of_one_committee_goes_straight_to_its_workspace(people, committees, counted):
    """Hanne's "Local committees" menu leads to Nørrebro's two winning proposals (not Bispebjerg's, not the loser),
    with where each stands."""
    client = _client(people["member"])
    response = client.get(WORKSPACE)
    assert response.status_code == 302 and response["Location"] == f"{WORKSPACE}{committees['norrebro'].pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Bænke ved Runddelen" in html and "Træer i Nørrebroparken" in html
    assert "Lys ved Bispebjerg station" not in html and "Sauna i Superkilen" not in html
    states = {case.proposal.title: case.state for case in selectors.committee_cases(committee=committees["norrebro"])}
    assert states == {"Bænke ved Runddelen": "draft", "Træer i Nørrebroparken": "undecided"}


def test_the_menu_shows_local_committees_to_members_and_editors_only(people, officers_may_open_the_admin):
    """A case officer may open the admin, but has no committee: no "Local committees" menu."""
    for role, shown in (("member", True), ("editor", True), ("case_officer", False)):
        html = _client(people[role]).get("/admin/").content.decode()
        assert (WORKSPACE in html) is shown, role


def test_others_are_refused_the_workspace(people, committees, counted):
    """Ole (Bispebjerg) gets a 403 on Nørrebro's workspace and proposals; a citizen is sent to sign in."""
    ole = _client(people["other_committee"])
    assert ole.get(f"{WORKSPACE}{committees['norrebro'].pk}/").status_code == 403
    assert ole.get(f"{WORKSPACE}proposal/{counted['trees'].pk}/").status_code == 403
    assert _client(people["citizen"]).get(WORKSPACE).status_code in (302, 403)


def test_a_member_records_a_decision_and_the_chair_confirms_it_in_the_admin(people, counted):
    """The form with a missing reason comes back with the error and what was typed; then the decision is recorded;
    the chair's page offers the confirm button, and confirming publishes it."""
    trees = counted["trees"]
    url = f"{WORKSPACE}proposal/{trees.pk}/"
    hanne = _client(people["member"])
    response = hanne.post(url, {"action": "record", "kind": "changes", "changes": "Kun 10 træer.", "reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kun 10 træer." in html and response.context["decision_form"].errors["reason"]
    assert not trees.decisions.exists()
    response = hanne.post(
        url, {"action": "record", "kind": "changes", "changes": "Kun 10 træer.", "reason": "Pladsen er trang."}
    )
    assert response.status_code == 302
    assert 'value="confirm"' not in hanne.get(url).content.decode()

    per = _client(people["chair"])
    assert 'value="confirm"' in per.get(url).content.decode()
    assert per.post(url, {"action": "confirm"}).status_code == 302
    decision = trees.decisions.get()
    assert decision.is_final and decision.kind == "changes" and decision.confirmed_by == people["chair"]


def test_a_conflicted_chair_sees_why_and_cannot_confirm_in_the_admin(people, counted):
    url = f"{WORKSPACE}proposal/{counted['benches'].pk}/"
    lene = _client(people["conflicted_chair"])
    response = lene.get(url)
    assert 'value="confirm"' not in response.content.decode()
    assert response.context["is_chair"] and response.context["conflicted"] and not response.context["may_confirm"]
    response = lene.post(url, {"action": "confirm"})
    assert response.status_code == 403
    assert not counted["benches"].decisions.get().is_final


def test_a_member_declares_a_conflict_in_the_admin(people, counted):
    url = f"{WORKSPACE}proposal/{counted['trees'].pk}/"
    response = _client(people["member"]).post(url, {"action": "conflict", "conflict_reason": "Jeg bor på pladsen."})
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get(proposal=counted["trees"], member=people["member"])
    assert (conflict.member_name, conflict.reason) == ("Hanne Test", "Jeg bor på pladsen.")


def test_editors_read_but_do_not_decide(people, counted):
    url = f"{WORKSPACE}proposal/{counted['trees'].pk}/"
    editor = _client(people["editor"])
    assert editor.get(url).status_code == 200
    assert editor.post(url, {"action": "record", "kind": "approve", "reason": "Ja."}).status_code == 403
    assert not counted["trees"].decisions.exists()


def _winners(budget_round, count: int, start: int, point=RUNDDEL) -> list:
    """`count` more winning proposals of the counted round at the point."""
    proposals = [
        ProposalFactory(round=budget_round, code=str(start + n), latitude=point[0], longitude=point[1])
        for n in range(count)
    ]
    TallyResult.objects.bulk_create(
        TallyResult(tally=budget_round.tally, proposal=p, votes_online=9, selected=True) for p in proposals
    )
    return proposals


def test_the_workspace_costs_the_same_for_1_and_50_proposals(people, committees, counted, django_user_model):
    """Bispebjerg's list reads as many queries for its 1 winner as for 50, each with a draft, a declaration and a
    confirmed decision before it."""
    bispebjerg = committees["bispebjerg"]
    url = f"{WORKSPACE}{bispebjerg.pk}/"
    ole = people["other_committee"]  # Bispebjerg's chair
    member = _person(django_user_model, "bo@example.dk", "Bo")
    services.membership_add(committee=bispebjerg, user=member, by=people["editor"])

    def queries() -> int:
        client = _client(ole)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert len(selectors.committee_cases(committee=bispebjerg)) == 1
    one = queries()
    for proposal in _winners(counted["lights"].round, 49, start=100, point=BISPEBJERG):
        earlier = services.decision_record(proposal=proposal, kind="refer_back", reason="Nej.", by=ole)
        services.decision_confirm(decision=earlier, by=ole)
        services.decision_record(proposal=proposal, kind="approve", reason="Ja.", by=ole)
        services.conflict_declare(proposal=proposal, member=member)
    assert len(selectors.committee_cases(committee=bispebjerg)) == 50
    assert queries() == one


def test_the_overview_and_the_audit_trail_cost_the_same_for_few_and_many(people, committees, counted):
    budget_round = counted["benches"].round
    editor = people["editor"]

    def queries(url) -> int:
        client = _client(editor)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = (queries(WORKSPACE), queries(AUDIT))
    for proposal in _winners(budget_round, 50, start=100):
        services.decision_record(proposal=proposal, kind="approve", reason="Ja.", by=people["member"])
    assert (queries(WORKSPACE), queries(AUDIT)) == few


def test_the_audit_trail_shows_members_their_own_committee_and_editors_all(people, committees, counted):
    services.conflict_declare(proposal=counted["lights"], member=people["other_committee"], reason="Nabo.")
    hanne = _client(people["member"]).get(AUDIT).content.decode()
    assert "Bænkene er ønsket af mange." in hanne and "Nabo." not in hanne
    editor = _client(people["editor"]).get(AUDIT).content.decode()
    assert "Bænkene er ønsket af mange." in editor and "Nabo." in editor
    filtered = _client(people["editor"]).get(AUDIT, {"committee": committees["bispebjerg"].pk}).content.decode()
    assert "Nabo." in filtered and "Bænkene er ønsket af mange." not in filtered
    assert _client(people["case_officer"]).get(AUDIT).status_code in (302, 403)


def test_an_editor_adds_a_member_by_e_mail(people, committees, django_user_model):
    """Editors manage the members in the admin; an unknown e-mail address is refused on the form."""
    newcomer = _person(django_user_model, "ny@example.dk", "Ny")
    editor = _client(people["editor"])
    data = {"committee": committees["bispebjerg"].pk, "email": "ukendt@example.dk", "role": "member"}
    response = editor.post(f"{MEMBERS}new/", data)
    assert response.status_code == 200 and response.context["form"].errors["email"]
    response = editor.post(f"{MEMBERS}new/", {**data, "email": "NY@example.dk"})
    assert response.status_code == 302
    membership = CommitteeMembership.objects.get(user=newcomer)
    assert membership.committee == committees["bispebjerg"]
    assert _client(people["member"]).get(f"{MEMBERS}new/").status_code in (302, 403)


# The public record ---------------------------------------------------------------------------------------


def test_the_proposal_page_shows_the_final_decision_and_the_declarations_never_a_draft(people, counted, client):
    """A draft is not public; once confirmed, the page shows the decision, its reason, the committee and who
    declared a conflict and took no part."""
    benches = counted["benches"]
    html = client.get(benches.get_absolute_url()).content.decode()
    assert "Bænkene er ønsket af mange." not in html and "Karim Test" not in html
    services.decision_confirm(decision=benches.decisions.get(), by=people["chair"])
    html = client.get(benches.get_absolute_url()).content.decode()
    assert "Bænkene er ønsket af mange." in html and "Nørrebro" in html
    assert "Karim Test" in html and "Min forening søgte." in html and "Lene Test" in html


def test_a_winner_waiting_for_its_committee_says_so_and_a_loser_says_nothing(counted, client):
    trees = client.get(counted["trees"].get_absolute_url()).content.decode()
    loser = client.get(counted["loser"].get_absolute_url()).content.decode()
    assert 'id="decision-heading"' in trees and 'id="decision-heading"' not in loser


def test_the_latest_confirmed_decision_is_in_force(people, counted):
    trees = counted["trees"]
    first = services.decision_record(proposal=trees, kind="refer_back", reason="Først nej.", by=people["member"])
    services.decision_confirm(decision=first, by=people["chair"])
    second = services.decision_record(proposal=trees, kind="approve", reason="Så ja.", by=people["member"])
    second = services.decision_confirm(decision=second, by=people["chair"])
    record = selectors.public_decision(proposal=trees)
    assert record.final == second and record.earlier == [first]
    assert trees.decisions.aggregate(last=Max("confirmed_at"))["last"] == second.confirmed_at
