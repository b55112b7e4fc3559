"""Reads for rounds, sub-budgets, proposals and the ideas they grow from, for the public pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse

from participation import selectors as idea_selectors
from participation.models import Visibility

from ..models import (
    BudgetRound,
    Proposal,
    SubBudget,
)
from .common import _administration_model, _idea_model, _project_model


def round_for_project(*, project) -> BudgetRound | None:
    """The project's round, from the page of any of its languages, with its page joined."""
    return (
        BudgetRound.objects.filter(project__translation_key=project.translation_key).select_related("project").first()
    )


def sub_budgets(*, round: BudgetRound) -> list[SubBudget]:
    """The round's sub-budgets with their districts, by district number."""
    return list(round.sub_budgets.select_related("district").order_by("district__code"))


def sub_budget_for(*, round: BudgetRound, district) -> SubBudget | None:
    """The sub-budget of the district in the round, if it has one."""
    if district is None:
        return None
    return round.sub_budgets.select_related("district").filter(district=district).first()


def ballot_proposals(*, round: BudgetRound, district=None) -> QuerySet[Proposal]:
    """The proposals on the ballot (feasible), in order of their numbers; only the district's when given."""
    proposals = round.proposals.on_ballot().select_related("district")
    if district is not None:
        proposals = proposals.filter(district=district)
    return proposals.order_by("pk")


def round_proposals(*, round: BudgetRound) -> QuerySet[Proposal]:
    """Every proposal of the round, assessed or not, with its district, administration and idea count."""
    return (
        round.proposals.select_related("district", "administration")
        .annotate(idea_count=Count("ideas", distinct=True))
        .order_by("pk")
    )


# The public proposal pages ----------------------------------------------------------------------

PROPOSAL_SORTS = {
    "titel": (Lower("title"), "pk"),
    "billigst": ("cost", "pk"),
    "dyrest": ("-cost", "pk"),
}


def proposal_for_page(*, pk: int, user=None) -> Proposal | None:
    """One proposal with what its page shows: its round and project page, district and administration joined,
    and the ideas it grew from that this person may see (by number). None when its project page is not live."""
    ideas = idea_selectors.visible_ideas(user=user).order_by("pk")
    return (
        Proposal.objects.filter(pk=pk, round__project__live=True)
        .select_related("round__project__locale", "district", "administration")
        .prefetch_related(Prefetch("ideas", queryset=ideas))
        .first()
    )


def administration_in(administration, *, language: str):
    """The administration's translation in this language when it has one, else the administration itself."""
    if administration is None:
        return None
    translated = (
        _administration_model()
        .objects.filter(translation_key=administration.translation_key, locale__language_code=language)
        .first()
    )
    return translated or administration


def round_districts(*, round: BudgetRound) -> QuerySet:
    """The districts a round's proposals can be in, by number: its sub-budgets' districts, else its project's,
    else all ten."""
    district_model = Proposal._meta.get_field("district").related_model
    if round.sub_budgets.exists():
        return district_model.objects.filter(pk__in=round.sub_budgets.values("district")).order_by("code")
    if round.project.districts.exists():
        return district_model.objects.filter(pk__in=round.project.districts.values("pk")).order_by("code")
    return district_model.objects.order_by("code")


def public_proposals(
    *, round: BudgetRound, district=None, feasibility: str | None = None, sort: str = "titel"
) -> QuerySet[Proposal]:
    """Every proposal of the round, assessed or not, for the public list: with its district, filtered and sorted
    (`PROPOSAL_SORTS`: by title, cheapest or dearest first). One query, whatever the number."""
    proposals = round.proposals.select_related("district")
    if district is not None:
        proposals = proposals.filter(district=district)
    if feasibility:
        proposals = proposals.filter(feasibility=feasibility)
    return proposals.order_by(*PROPOSAL_SORTS.get(sort, PROPOSAL_SORTS["titel"]))


def proposal_map_data(*, proposal: Proposal) -> dict | None:
    """What the proposal page's map needs (see templates/maps/map.html): its pin, not a link since the page is
    the proposal's own, over the district outlines with its district highlighted. None without a point."""
    if proposal.latitude is None or proposal.longitude is None:
        return None
    district = proposal.district
    return {
        "markers": [
            {
                "title": proposal.title,
                "lat": proposal.latitude,
                "lon": proposal.longitude,
                "phase": "voting",
                "phaseLabel": district.name if district else "",
            }
        ],
        "districtsUrl": reverse("maps:districts_geojson"),
        "highlight": [district.slug] if district else [],
    }


def round_ideas(*, round: BudgetRound) -> QuerySet:
    """The ideas a proposal of the round can grow from (the rule of `services.proposals._check_ideas`): those of
    its project, in any language, and the public ideas of other projects placed in the project's districts."""
    in_area = Q(visibility=Visibility.PUBLISHED, district__in=round.project.districts.values("pk"))
    return (
        _idea_model()
        .objects.filter(Q(project__translation_key=round.project.translation_key) | in_area, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )


def proposing_ideas() -> QuerySet:
    """What a new proposal can grow from: the ideas of every project that has a budget round, and the public
    ideas placed in those projects' districts."""
    keys = BudgetRound.objects.values("project__translation_key")
    districts = _project_model().objects.filter(budget_rounds__isnull=False).values("districts")
    in_area = Q(visibility=Visibility.PUBLISHED, district__in=districts)
    return (
        _idea_model()
        .objects.filter(Q(project__translation_key__in=keys) | in_area, merged_into__isnull=True)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )
