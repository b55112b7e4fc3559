"""A budget round on a project page, and its optional per-district sub-budgets.

The round points to its project page by a string reference ("cms.ProjectPage"); the app never imports
`cms`. Whether voting is open is the page's business (`project.allows("vote", at=...)`): the round
asks, and never compares dates itself.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from participation.models import Feature, local_date

Moment = datetime.datetime | datetime.date | None


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose up to a set number of proposals")
    KNAPSACK = "knapsack", _("Knapsack: choose proposals that fit within the budget")
    CUMULATIVE = "cumulative", _("Cumulative: spread points over proposals")


class WinnerRule(models.TextChoices):
    GREEDY = "greedy", _("Greedy: most votes first, skipping what no longer fits")
    MES = "mes", _("Method of Equal Shares")
    MES_ADD1 = "mes_add1", _("Method of Equal Shares, with completion (add-one, then greedy)")


class Eligibility(models.TextChoices):
    SELF_DECLARED = "self_declared", _("Self-declared age and district")
    OIDC = "oidc", _("Verified with MitID (OpenID Connect)")
    CENSUS = "census", _("Census list uploaded by staff")


class BudgetRound(models.Model):
    """The budget a project's citizens decide on, how they vote, and how winners are found.

    One round per project. The round belongs to one page of the project's translation group (usually
    the Danish one); `budgeting.selectors.round_for_project` finds it from any language's page.
    """

    project = models.ForeignKey(
        "cms.ProjectPage", verbose_name=_("project"), on_delete=models.CASCADE, related_name="budget_rounds"
    )
    title = models.CharField(_("title"), max_length=120)
    total_budget = models.PositiveBigIntegerField(
        _("total budget (kr.)"), help_text=_("In whole kroner. Sub-budgets per district may not add up to more.")
    )
    ballot_type = models.CharField(_("ballot type"), max_length=12, choices=BallotType.choices)
    max_choices = models.PositiveSmallIntegerField(
        _("most proposals a voter may choose"),
        null=True,
        blank=True,
        help_text=_("For approval ballots: a voter chooses from 1 up to this many proposals."),
    )
    min_spend_percent = models.PositiveSmallIntegerField(
        _("least share of the budget to use (%)"),
        default=0,
        help_text=_("For knapsack ballots: a ballot must use at least this share of the budget. 0 for no minimum."),
    )
    points_total = models.PositiveSmallIntegerField(
        _("points per voter"), null=True, blank=True, help_text=_("For cumulative ballots: the points a voter spreads.")
    )
    points_per_proposal_max = models.PositiveSmallIntegerField(
        _("most points on one proposal"),
        null=True,
        blank=True,
        help_text=_("For cumulative ballots: the most points a voter may give one proposal."),
    )
    winner_rule = models.CharField(_("winner rule"), max_length=10, choices=WinnerRule.choices)
    eligibility = models.CharField(
        _("eligibility"), max_length=14, choices=Eligibility.choices, default=Eligibility.SELF_DECLARED
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=15)
    tallied_at = models.DateTimeField(_("tallied"), null=True, blank=True, editable=False)
    # The last number given to a proposal of this round: proposal codes are "1", "2", … in order.
    proposal_counter = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                name="budgeting_round_one_per_project",
                violation_error_message=_("The project already has a budget round."),
            ),
            models.CheckConstraint(
                condition=Q(total_budget__gte=1),
                name="budgeting_round_budget_positive",
                violation_error_message=_("The total budget must be at least 1 kr."),
            ),
            models.CheckConstraint(
                condition=Q(ballot_type__in=BallotType.values), name="budgeting_round_ballot_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(winner_rule__in=WinnerRule.values), name="budgeting_round_winner_rule_valid"
            ),
            models.CheckConstraint(
                condition=Q(eligibility__in=Eligibility.values), name="budgeting_round_eligibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_spend_percent__lte=100),
                name="budgeting_round_percent_at_most_100",
                violation_error_message=_("The least share of the budget to use is a percentage: 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(max_choices__isnull=True) | Q(max_choices__gte=1),
                name="budgeting_round_max_choices_positive",
                violation_error_message=_("A voter must be allowed to choose at least 1 proposal."),
            ),
            models.CheckConstraint(
                condition=~Q(ballot_type=BallotType.APPROVAL) | Q(max_choices__isnull=False),
                name="budgeting_round_approval_has_max_choices",
                violation_error_message=_("An approval ballot needs the most proposals a voter may choose."),
            ),
            models.CheckConstraint(
                condition=(Q(points_total__isnull=True) | Q(points_total__gte=1))
                & (Q(points_per_proposal_max__isnull=True) | Q(points_per_proposal_max__gte=1)),
                name="budgeting_round_points_positive",
                violation_error_message=_("Points must be at least 1."),
            ),
            models.CheckConstraint(
                condition=~Q(ballot_type=BallotType.CUMULATIVE)
                | Q(points_total__isnull=False, points_per_proposal_max__isnull=False),
                name="budgeting_round_cumulative_has_points",
                violation_error_message=_(
                    "A cumulative ballot needs the points per voter and the most points on one proposal."
                ),
            ),
            models.CheckConstraint(
                condition=Q(points_total__isnull=True)
                | Q(points_per_proposal_max__isnull=True)
                | Q(points_per_proposal_max__lte=F("points_total")),
                name="budgeting_round_points_per_proposal_within_total",
                violation_error_message=_("The most points on one proposal cannot be more than the points per voter."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def voting_phases(self) -> list:
        """The project's phases that open voting, in order."""
        return [phase for phase in self.project.ordered_phases() if Feature.VOTE in phase.features]

    def voting_open(self, at: Moment = None) -> bool:
        """Whether the project's phase at that moment opens voting."""
        return self.tallied_at is None and self.project.allows(Feature.VOTE, at=at)

    def voting_has_opened(self, at: Moment = None) -> bool:
        """Whether a voting phase has started by that moment (it may be running or over)."""
        day = local_date(at)
        return any(phase.status(day) != "upcoming" for phase in self.voting_phases())

    def voting_closed(self, at: Moment = None) -> bool:
        """Whether voting is over for good at that moment: tallied, or every voting phase is past."""
        if self.tallied_at is not None:
            return True
        day = local_date(at)
        phases = self.voting_phases()
        return bool(phases) and all(phase.status(day) == "past" for phase in phases)

    @property
    def is_closed(self) -> bool:
        """Whether voting is over for good now."""
        return self.voting_closed()

    @property
    def is_tallied(self) -> bool:
        return self.tallied_at is not None


class SubBudget(models.Model):
    """The part of a round's budget set aside for one district. Voters vote in their own district's."""

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="sub_budgets"
    )
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("amount (kr.)"), help_text=_("In whole kroner."))

    class Meta:
        verbose_name = _("sub-budget")
        verbose_name_plural = _("sub-budgets")
        ordering = ["round", "district__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "district"],
                name="budgeting_sub_budget_one_per_district",
                violation_error_message=_("The round already has a sub-budget for this district."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=1),
                name="budgeting_sub_budget_amount_positive",
                violation_error_message=_("A sub-budget must be at least 1 kr."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.district}"
