"""The participation app's models, re-exported so that `from participation.models import Idea` works."""

from .ideas import (
    AnswerStatus,
    Category,
    Comment,
    Follow,
    Idea,
    IdeaVersion,
    Report,
    Support,
    Visibility,
)
from .notifications import (
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    PhaseNotice,
)
from .process import (
    OPEN_PHASE_TYPES,
    PHASE_FEATURES,
    Feature,
    LocationMode,
    ModerationMode,
    Phase,
    PhaseType,
    Process,
    find_overlaps,
    local_date,
)

__all__ = [
    "OPEN_PHASE_TYPES",
    "PHASE_FEATURES",
    "AnswerStatus",
    "Category",
    "Comment",
    "Feature",
    "Follow",
    "Idea",
    "IdeaVersion",
    "LocationMode",
    "ModerationMode",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "EmailFrequency",
    "Phase",
    "PhaseNotice",
    "PhaseType",
    "Process",
    "Report",
    "Support",
    "Visibility",
    "find_overlaps",
    "local_date",
]
