"""The demo's local committees (`seed_demo`, after the closed round): Nørrebro and Bispebjerg Lokaludvalg.

Each committee gets a member and a chair with demo logins for Wagtail admin (printed like the other demo
accounts), made members through `budgeting.services.committees` (which also opens the admin to them). On the
winners of the closed round ("Borgerbudget Nørrebro og Bispebjerg 2026", `closed_round.py`) they have:

- Nørrebro: "Bænke og borde på Blågårds Plads" approved with changes (recorded by Hanne, confirmed by the chair);
  the other winners are left undecided, so the demo member can record a decision and the chair confirm it;
- Bispebjerg: "Blomstereng ved Bispebjerg Kirkegård" has a conflict of interest declared by the member, and is
  approved by the chair, who records and confirms it.

Confirming goes through the services as in the admin: an approval opens the proposal's implementation, and those
who follow the proposal are told once the seed commits. The decisions are dated three weeks after the count. The demo
citizen follows an undecided Nørrebro winner, so she is told when the demo committee decides on it.

Members are found by e-mail and decisions made only on a proposal that has none, so running the seed again creates
nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F

from budgeting.models import BudgetRound, CommitteeRole, DecisionKind, TallyResult
from budgeting.services import committees as services
from budgeting.services.follows import proposal_follow
from maps.models import LocalCommittee

from . import closed_round, content

Say = Callable[[str], None]

PASSWORD = "demo-lokaludvalg-2026"  # noqa: S105 - demo only, printed by seed_demo


@dataclass(frozen=True)
class MemberSpec:
    committee: str  # the local committee's name
    role: str
    email: str
    first_name: str
    last_name: str


MEMBERS = [
    MemberSpec("Nørrebro", CommitteeRole.MEMBER, "lokaludvalg-noerrebro@example.dk", "Hanne", "Lund"),
    MemberSpec("Nørrebro", CommitteeRole.CHAIR, "formand-noerrebro@example.dk", "Per", "Holm"),
    MemberSpec("Bispebjerg", CommitteeRole.MEMBER, "lokaludvalg-bispebjerg@example.dk", "Aisha", "Karim"),
    MemberSpec("Bispebjerg", CommitteeRole.CHAIR, "formand-bispebjerg@example.dk", "Ole", "Berg"),
]

# The winners the committees decide on in the demo (both are winners of the closed round's count).
NORREBRO_APPROVED = "Bænke og borde på Blågårds Plads"
BISPEBJERG_CONFLICTED = "Blomstereng ved Bispebjerg Kirkegård"
# Undecided, and followed by the demo citizen: when the demo member decides on it and the chair confirms, she is told.
NORREBRO_FOLLOWED = "Drikkefontæner i Nørrebroparken"
NORREBRO_CHANGES = (
    "Bænkene og bordene skal kunne klappes sammen og stilles væk på markedsdagene, så pladsen stadig kan bruges "
    "til loppemarked."
)
NORREBRO_REASON = (
    "Forslaget fik mange stemmer på Nørrebro, og beboerne har længe ønsket flere steder at sidde på pladsen. "
    "Lokaludvalget godkender det, men pladsen skal fortsat kunne bruges til markeder."
)
BISPEBJERG_CONFLICT = "Min forening har tilbudt at passe stedet."
BISPEBJERG_REASON = (
    "Forslaget fik flest stemmer i Bispebjerg og kan gennemføres inden for budgettet. Lokaludvalget godkender det "
    "som beskrevet på stemmesedlen."
)


def seed_committees(*, say: Say, created: Say, warnings: list[str]) -> list:
    """The committee members and their decisions on the closed round's winners. Returns their demo logins."""
    from .seed import DemoLogin  # seed.py imports this module

    say("Local committees:")
    committees = {committee.name: committee for committee in LocalCommittee.objects.all()}
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    members, logins = {}, []
    for spec in MEMBERS:
        committee = committees.get(spec.committee)
        if committee is None:
            warnings.append(f"The local committee {spec.committee!r} is missing: its members were not made.")
            return logins
        user = _ensure_member(spec, committee, by=admin, created=created)
        members[(spec.committee, spec.role)] = user
        role = f"{'chair' if spec.role == CommitteeRole.CHAIR else 'member'} of {spec.committee} Lokaludvalg"
        password = PASSWORD if user.check_password(PASSWORD) else None
        logins.append(DemoLogin(role=role, email=user.email, password=password))

    budget_round = BudgetRound.objects.filter(title=closed_round.ROUND_TITLE, tallied_at__isnull=False).first()
    if budget_round is None:
        warnings.append(f"“{closed_round.ROUND_TITLE}” is not counted: the committees have nothing to decide.")
        return logins
    decided_at = budget_round.tallied_at + datetime.timedelta(days=21)
    try:
        _decide_norrebro(budget_round, committees["Nørrebro"], members, decided_at, created=created, say=say)
        _decide_bispebjerg(budget_round, committees["Bispebjerg"], members, decided_at, created=created, say=say)
        _follow(budget_round, committees["Nørrebro"], created=created)
    except ValidationError as error:
        warnings.append(f"The committees' demo decisions were not made: {' '.join(error.messages)}")
    return logins


def _ensure_member(spec: MemberSpec, committee: LocalCommittee, *, by, created: Say):
    from allauth.account.models import EmailAddress

    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = user_model.objects.create_user(
            email=spec.email, password=PASSWORD, first_name=spec.first_name, last_name=spec.last_name
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        created(f"user {spec.email} ({spec.role} of {committee.name} Lokaludvalg)")
    if not committee.memberships.filter(user=user).exists():
        services.membership_add(committee=committee, user=user, role=spec.role, by=by)
        created(f"{committee.name} Lokaludvalg: {user} as {spec.role}")
    return user


def _winner(winners: list, title: str, committee: LocalCommittee):
    found = next((proposal for proposal in winners if proposal.title == title), None)
    if found is None:
        raise ValidationError(f"“{title}” is not a winner in {committee.name}.")
    return found


def _winners(budget_round: BudgetRound, committee: LocalCommittee) -> list:
    """The round's winners in the committee's district, most votes first."""
    results = (
        TallyResult.objects.filter(tally__round=budget_round, selected=True, proposal__district=committee.district)
        .select_related("proposal")
        .annotate(total=F("votes_online") + F("votes_paper"))
        .order_by("-total", "proposal__pk")
    )
    return [result.proposal for result in results]


def _decide_norrebro(budget_round, committee, members, at, *, created: Say, say: Say) -> None:
    winners = _winners(budget_round, committee)
    if len(winners) < 2:
        raise ValidationError(f"{committee.name} has {len(winners)} winners; the demo needs two.")
    first = _winner(winners, NORREBRO_APPROVED, committee)
    if first.decisions.exists():
        say(f"  {committee.name} Lokaludvalg had decided already")
        return
    member, chair = members[(committee.name, CommitteeRole.MEMBER)], members[(committee.name, CommitteeRole.CHAIR)]
    draft = services.decision_record(
        proposal=first,
        kind=DecisionKind.APPROVE_WITH_CHANGES,
        changes=NORREBRO_CHANGES,
        reason=NORREBRO_REASON,
        by=member,
        at=at,
    )
    services.decision_confirm(decision=draft, by=chair, at=at + datetime.timedelta(days=2))
    created(f"{committee.name} Lokaludvalg: “{first.title}” approved with changes; {len(winners) - 1} undecided")


def _follow(budget_round, committee, *, created: Say) -> None:
    """The demo citizen follows an undecided Nørrebro winner (in Danish), so she hears of its decision."""
    email = next(account.email for account in content.DEMO_ACCOUNTS if account.role == "citizen")
    citizen = get_user_model().objects.filter(email__iexact=email).first()
    proposal = _winner(_winners(budget_round, committee), NORREBRO_FOLLOWED, committee)
    if citizen is not None and not proposal.follows.filter(user=citizen).exists():
        proposal_follow(user=citizen, proposal=proposal, language="da")
        created(f"{citizen.email} follows “{proposal.title}”")


def _decide_bispebjerg(budget_round, committee, members, at, *, created: Say, say: Say) -> None:
    winners = _winners(budget_round, committee)
    if not winners:
        raise ValidationError(f"{committee.name} has no winners; the demo needs one.")
    first = _winner(winners, BISPEBJERG_CONFLICTED, committee)
    if first.decisions.exists() or first.conflicts.exists():
        say(f"  {committee.name} Lokaludvalg had decided already")
        return
    member, chair = members[(committee.name, CommitteeRole.MEMBER)], members[(committee.name, CommitteeRole.CHAIR)]
    services.conflict_declare(proposal=first, member=member, reason=BISPEBJERG_CONFLICT, at=at)
    draft = services.decision_record(
        proposal=first, kind=DecisionKind.APPROVE, reason=BISPEBJERG_REASON, by=chair, at=at
    )
    services.decision_confirm(decision=draft, by=chair, at=at + datetime.timedelta(days=2))
    created(f"{committee.name} Lokaludvalg: “{first.title}” approved, with {member}'s conflict of interest declared")
