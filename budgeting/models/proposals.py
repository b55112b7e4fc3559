"""Proposals: costed, located and assessed ideas for spending a round's budget.

A proposal grows from one or more ideas ("participation.Idea") or is written by staff. The
administration that owns it ("cms.Administration") assesses whether it is feasible; only feasible
proposals go on the ballot. Once voting has opened, the services refuse every change voters could see.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .rounds import BudgetRound


class Feasibility(models.TextChoices):
    PENDING = "pending", _("Not assessed yet")
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class ProposalQuerySet(models.QuerySet):
    def on_ballot(self) -> ProposalQuerySet:
        """The proposals voters can choose: those assessed feasible."""
        return self.filter(feasibility=Feasibility.FEASIBLE)


class Proposal(models.Model):
    round = models.ForeignKey(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="proposals"
    )
    # Stable and short, unique in the round: "1", "2", … in order of creation. It is the project id
    # in the published pabulib file, so it never changes.
    code = models.CharField(_("number"), max_length=20, editable=False)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000, help_text=_("Plain text."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Derived on the server from the point; set by hand only for a proposal without a point.
    district = models.ForeignKey(
        "maps.District", verbose_name=_("district"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cost = models.PositiveBigIntegerField(_("cost estimate (kr.)"), help_text=_("In whole kroner."))
    administration = models.ForeignKey(
        "cms.Administration",
        verbose_name=_("owning administration"),
        on_delete=models.PROTECT,
        null=True,
        related_name="budget_proposals",
        help_text=_("Its case officers assess whether the proposal is feasible."),
    )
    feasibility = models.CharField(
        _("feasibility"), max_length=12, choices=Feasibility.choices, default=Feasibility.PENDING, db_index=True
    )
    feasibility_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Public. Required when the proposal is not feasible.")
    )
    assessed_at = models.DateTimeField(_("assessed"), null=True, blank=True, editable=False)
    ideas = models.ManyToManyField("participation.Idea", verbose_name=_("ideas"), blank=True, related_name="proposals")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["round", "pk"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="budgeting_proposal_point"),
            models.Index(fields=["round", "feasibility"], name="budgeting_proposal_ballot"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"],
                name="budgeting_proposal_code_unique",
                violation_error_message=_("Another proposal of the round has this number."),
            ),
            models.CheckConstraint(condition=~Q(code=""), name="budgeting_proposal_has_code"),
            models.CheckConstraint(
                condition=Q(cost__gte=1),
                name="budgeting_proposal_cost_positive",
                violation_error_message=_("The cost estimate must be at least 1 kr."),
            ),
            models.CheckConstraint(
                condition=Q(feasibility__in=Feasibility.values), name="budgeting_proposal_feasibility_valid"
            ),
            models.CheckConstraint(
                condition=~Q(feasibility=Feasibility.NOT_FEASIBLE) | ~Q(feasibility_reason=""),
                name="budgeting_proposal_not_feasible_has_reason",
                violation_error_message=_("Say why the proposal is not feasible: the reason is public."),
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90, latitude__lte=90) & Q(longitude__gte=-180, longitude__lte=180)),
                name="budgeting_proposal_point_valid",
                violation_error_message=_("A place needs both a latitude and a longitude."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:proposal_detail", kwargs={"pk": self.pk})

    @property
    def on_ballot(self) -> bool:
        return self.feasibility == Feasibility.FEASIBLE
