"""Helpers shared by the reads: the models of other apps, reached through relations (this app does not
import `cms`), and the administrations."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Locale

from ..models import (
    BudgetRound,
    Proposal,
)


def _project_model():
    # cms.ProjectPage, reached through the relation so that this app does not import `cms`.
    return BudgetRound._meta.get_field("project").related_model


def _administration_model():
    return Proposal._meta.get_field("administration").related_model


def _idea_model():
    return Proposal._meta.get_field("ideas").related_model


def administrations() -> QuerySet:
    """The administrations in the default language, by name: those that can own a proposal."""
    return _administration_model().objects.filter(locale=Locale.get_default()).order_by("name")
