"""Factories for budgeting rows, for setting up a state directly. Tests of behaviour go through the services."""

import factory

from budgeting.models import (
    Ballot,
    BallotChoice,
    BallotType,
    BudgetRound,
    Feasibility,
    Proposal,
    SubBudget,
    Voter,
    WinnerRule,
)


class BudgetRoundFactory(factory.django.DjangoModelFactory):
    """A knapsack round of 2.000.000 kr. decided by the Method of Equal Shares. Give it a `project`."""

    class Meta:
        model = BudgetRound

    title = factory.Sequence(lambda n: f"Borgerbudget {n}")
    total_budget = 2_000_000
    ballot_type = BallotType.KNAPSACK
    winner_rule = WinnerRule.MES


class SubBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubBudget

    amount = 1_000_000


class ProposalFactory(factory.django.DjangoModelFactory):
    """A feasible proposal owned by the round's project's administration, numbered in order."""

    class Meta:
        model = Proposal

    code = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Forslag {n + 1}")
    description = "En bænk og to træer."
    cost = 500_000
    administration = factory.LazyAttribute(lambda proposal: proposal.round.project.administration)
    feasibility = Feasibility.FEASIBLE


class VoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voter


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot


class BallotChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotChoice
