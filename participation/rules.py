"""Who may do what to ideas and comments, and when. The one place these questions are answered.

`can(user, action, target, at=...)` is asked by views, templates and services alike. The target is
the project for "submit" and the idea or comment for everything else. Roles:

- anonymous: reads only;
- citizen: any signed-in person;
- author: the citizen who wrote the idea;
- moderator: a member of the owning administration's case-officer group (`Administration.moderators`),
  or a superuser; case officers of another administration are citizens here.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from .models import Comment, Feature, Idea, Visibility


class Action(StrEnum):
    SUBMIT = "submit"
    EDIT = "edit"
    COMMENT = "comment"
    SUPPORT = "support"
    REPORT = "report"
    MODERATE = "moderate"
    ANSWER = "answer"
    MERGE = "merge"


MODERATOR_ACTIONS = frozenset({Action.MODERATE, Action.ANSWER, Action.MERGE})


def is_moderator(user, project) -> bool:
    """Whether the user is a case officer of the administration that owns the project."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    administration = getattr(project, "administration", None)
    group_id = getattr(administration, "moderators_id", None)
    if group_id is None:
        return False
    # Cached per user object so that a list of ideas asks the database once.
    cache = user.__dict__.setdefault("_participation_group_ids", None)
    if cache is None:
        cache = set(user.groups.values_list("pk", flat=True))
        user.__dict__["_participation_group_ids"] = cache
    return group_id in cache


def can(user, action: str, target, *, at: datetime.datetime | datetime.date | None = None) -> bool:
    """May this user do this action to this target (project, idea or comment) at this moment?"""
    action = Action(action)
    if not user.is_authenticated or not user.is_active:
        return False

    if action is Action.SUBMIT:
        return target.allows(Feature.SUBMIT, at=at)

    idea = target.idea if isinstance(target, Comment) else target
    if not isinstance(idea, Idea):
        raise TypeError(f"{action} needs an idea or a comment, not {type(target).__name__}")
    project = idea.project

    if action in MODERATOR_ACTIONS:
        return is_moderator(user, project)

    public = idea.visibility == Visibility.PUBLISHED and idea.merged_into_id is None
    if isinstance(target, Comment):
        public = public and target.visibility == Visibility.PUBLISHED
    if action is Action.EDIT:
        return idea.author_id == user.pk and not idea.is_answered and project.allows(Feature.SUBMIT, at=at)
    if action is Action.COMMENT:
        return public and project.allows(Feature.COMMENT, at=at)
    if action is Action.SUPPORT:
        return public and project.allows(Feature.SUPPORT, at=at)
    if action is Action.REPORT:
        author_id = target.author_id
        return public and author_id != user.pk
    raise AssertionError(f"Unhandled action {action}")  # pragma: no cover
