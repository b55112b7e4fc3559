"""Reads for Wagtail admin: rounds, proposals and tallies, census lists and paper ballots."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ..models import (
    BudgetRound,
    CensusList,
    PaperBatch,
    PaperEntry,
    PaperEntryStatus,
    Proposal,
    SubBudget,
    Tally,
)


def admin_rounds() -> QuerySet[BudgetRound]:
    """Every round with its page and counts of proposals, for the admin list."""
    return BudgetRound.objects.select_related("project").annotate(proposal_count=Count("proposals", distinct=True))


def admin_sub_budgets() -> QuerySet[SubBudget]:
    return SubBudget.objects.select_related("round", "district")


def admin_proposals() -> QuerySet[Proposal]:
    """Every proposal with its round, district and administration, and the phases of its project (which
    decide what may be done to it), for the admin list."""
    return Proposal.objects.select_related("round__project", "district", "administration").prefetch_related(
        "round__project__phases"
    )


def admin_tallies() -> QuerySet[Tally]:
    return Tally.objects.select_related("round")


# Census lists and paper ballots (Wagtail admin) -----------------------------------------------------


def census_rounds() -> QuerySet[BudgetRound]:
    """The rounds not yet tallied, with their pages: those a census list can be uploaded or paper ballots keyed for."""
    return BudgetRound.objects.filter(tallied_at__isnull=True).select_related("project").order_by("-created_at")


def admin_census_lists() -> QuerySet[CensusList]:
    """The uploaded census lists (counts, who and when; never entries), with their rounds."""
    return CensusList.objects.filter(uploaded_at__isnull=False).select_related("round", "uploaded_by")


def admin_paper_batches() -> QuerySet[PaperBatch]:
    """Every batch of paper ballots with its round, its maker, and how many of its ballots are in each state."""
    statuses = {
        "counted": PaperEntryStatus.MATCHED,
        "pending": PaperEntryStatus.PENDING,
        "mismatches": PaperEntryStatus.MISMATCH,
        "refused": PaperEntryStatus.REFUSED,
    }
    counts = {name: Count("entries", filter=Q(entries__status=status)) for name, status in statuses.items()}
    return (
        PaperBatch.objects.select_related("round__project", "created_by")
        .annotate(entry_count=Count("entries"), **counts)
        .order_by("-created_at", "-pk")
    )


def paper_entries(*, batch: PaperBatch) -> QuerySet[PaperEntry]:
    """The batch's ballots by number, with who keyed them."""
    return batch.entries.select_related("first_keyed_by", "second_keyed_by", "third_keyed_by").order_by("sequence")


def next_paper_sequence(*, batch: PaperBatch, user) -> int:
    """The lowest ballot number this person can key next: one waiting for a keying they have not made, or a new one."""
    waiting = (
        batch.entries.filter(status=PaperEntryStatus.PENDING)
        .exclude(first_keyed_by=user)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if waiting is not None:
        return waiting
    highest = batch.entries.order_by("-sequence").values_list("sequence", flat=True).first()
    return (highest or 0) + 1
