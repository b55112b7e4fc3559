"""The stored result of running the round's winner rule on its ballots."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .proposals import Proposal
from .rounds import BudgetRound, SubBudget, WinnerRule


class Tally(models.Model):
    round = models.OneToOneField(
        BudgetRound, verbose_name=_("budget round"), on_delete=models.CASCADE, related_name="tally"
    )
    rule = models.CharField(_("winner rule"), max_length=10, choices=WinnerRule.choices)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["-computed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rule__in=WinnerRule.values), name="budgeting_tally_rule_valid")
        ]

    def __str__(self) -> str:
        return str(self.round)


class TallyResult(models.Model):
    """One proposal's votes (approvals, or points for cumulative ballots), online and on paper, and whether it won."""

    tally = models.ForeignKey(Tally, verbose_name=_("tally"), on_delete=models.CASCADE, related_name="results")
    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="+")
    sub_budget = models.ForeignKey(
        SubBudget, verbose_name=_("sub-budget"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    votes_online = models.PositiveIntegerField(_("votes online"), default=0)
    votes_paper = models.PositiveIntegerField(_("votes on paper"), default=0)
    selected = models.BooleanField(_("selected"), default=False)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["tally", "-selected", "proposal"]
        constraints = [models.UniqueConstraint(fields=["tally", "proposal"], name="budgeting_tally_result_once")]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.votes}"

    @property
    def votes(self) -> int:
        return self.votes_online + self.votes_paper
