"""Budget rounds and their sub-budgets: what decides the vote is locked once voting has opened."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import BudgetRound, SubBudget
from .common import LOCKED_ROUND_FIELDS, Moment, kroner, lock_round, locked_field_values, voting_started


def _refuse_second_round(round: BudgetRound) -> None:
    """One round per project, in whichever language's page it was made: the pages share a translation key."""
    project_model = BudgetRound._meta.get_field("project").related_model  # cms.ProjectPage, without importing cms
    pages = project_model.objects.filter(translation_key=round.project.translation_key)
    # Lock the project's pages, so that two rounds made at once on the Danish and English page cannot both pass.
    list(pages.select_for_update(of=("self",)).values_list("pk", flat=True))
    others = BudgetRound.objects.filter(project__in=pages)
    if round.pk is not None:
        others = others.exclude(pk=round.pk)
    if others.exists():
        raise ValidationError(
            {"project": ValidationError(_("The project already has a budget round."), code="second_round")}
        )


@transaction.atomic
def round_save(*, round: BudgetRound, at: Moment = None) -> BudgetRound:
    """Create or update a round from the values set on the instance.

    Once voting has opened, the budget, ballot type, winner rule, eligibility and project can no
    longer change: each changed field is refused with a message. The total may not fall below the
    sub-budgets.
    """
    if round.pk is not None:
        stored = lock_round(round.pk)
        if voting_started(stored, at=at):
            before, after = locked_field_values(stored), locked_field_values(round)
            changed = [name for name in LOCKED_ROUND_FIELDS if before[name] != after[name]]
            if changed:
                message = _("Voting has opened: the budget, ballot type and rules of the round can no longer change.")
                raise ValidationError({name: ValidationError(message, code="locked") for name in changed})
        allocated = stored.sub_budgets.aggregate(total=Sum("amount"))["total"] or 0
        if round.total_budget is not None and round.total_budget < allocated:
            raise ValidationError(
                {
                    "total_budget": ValidationError(
                        _("The sub-budgets add up to %(allocated)s kr.: the total cannot be less."),
                        code="below_sub_budgets",
                        params={"allocated": kroner(allocated)},
                    )
                }
            )
    if round.project_id is not None:
        _refuse_second_round(round)
    round.full_clean(exclude=["project"] if round.project_id is not None else None)
    # An update writes only what an editor sets, never a counter or tally time read earlier.
    update_fields = [*LOCKED_ROUND_FIELDS, "title", "updated_at"] if round.pk is not None else None
    try:
        with transaction.atomic():
            round.save(update_fields=update_fields)
    except IntegrityError:
        # A second round on the same page, made at the same moment.
        raise ValidationError(
            {"project": ValidationError(_("The project already has a budget round."), code="second_round")}
        ) from None
    return round


def round_create(
    *, project, title: str, total_budget: int, ballot_type: str, winner_rule: str, **options
) -> BudgetRound:
    """A new round on a project page. `options` are the other fields of `BudgetRound` (max_choices, …)."""
    return round_save(
        round=BudgetRound(
            project=project,
            title=title.strip(),
            total_budget=total_budget,
            ballot_type=ballot_type,
            winner_rule=winner_rule,
            **options,
        )
    )


def round_update(*, round: BudgetRound, at: Moment = None, **changes) -> BudgetRound:
    """Change fields of a round (see `round_save` for what is locked once voting has opened)."""
    fresh = BudgetRound.objects.get(pk=round.pk)
    for name, value in changes.items():
        setattr(fresh, name, value)
    return round_save(round=fresh, at=at)


@transaction.atomic
def round_delete(*, round: BudgetRound, at: Moment = None) -> None:
    """Delete a round that has no votes yet; refused once voting has opened."""
    round = lock_round(round.pk)
    if voting_started(round, at=at):
        raise ValidationError(_("Voting has opened: the round can no longer be deleted."), code="locked")
    round.delete()


@transaction.atomic
def sub_budget_set(*, round: BudgetRound, district, amount: int, at: Moment = None) -> SubBudget:
    """Set the part of the round's budget for a district (creating the sub-budget if needed).

    Refused once voting has opened, for a district outside the project, and when the sub-budgets
    would add up to more than the total.
    """
    round = lock_round(round.pk)
    if voting_started(round, at=at):
        raise ValidationError(_("Voting has opened: the sub-budgets can no longer change."), code="locked")
    project_districts = list(round.project.districts.all())
    if project_districts and district not in project_districts:
        raise ValidationError(
            {
                "district": ValidationError(
                    _("%(district)s is not one of the project's districts (%(districts)s)."),
                    code="district",
                    params={"district": district.name, "districts": ", ".join(d.name for d in project_districts)},
                )
            }
        )
    others = round.sub_budgets.exclude(district=district).aggregate(total=Sum("amount"))["total"] or 0
    if amount is not None and others + amount > round.total_budget:
        raise ValidationError(
            {
                "amount": ValidationError(
                    _("The sub-budgets would add up to %(sum)s kr., but the round's total budget is %(total)s kr."),
                    code="over_total",
                    params={"sum": kroner(others + amount), "total": kroner(round.total_budget)},
                )
            }
        )
    sub_budget = SubBudget.objects.filter(round=round, district=district).first() or SubBudget(
        round=round, district=district
    )
    sub_budget.amount = amount
    sub_budget.full_clean(exclude=["round", "district"])
    sub_budget.save()
    return sub_budget


@transaction.atomic
def sub_budget_delete(*, sub_budget: SubBudget, at: Moment = None) -> None:
    round = lock_round(sub_budget.round_id)
    if voting_started(round, at=at):
        raise ValidationError(_("Voting has opened: the sub-budgets can no longer change."), code="locked")
    SubBudget.objects.filter(pk=sub_budget.pk).delete()
