from .ideas import comment_create, idea_detail, idea_edit, idea_support, report
from .notifications import (
    follow_idea,
    follow_project,
    notification_list,
    notification_settings,
    unfollow_idea,
    unfollow_project,
    unsubscribe,
)
from .submit import address_reverse, address_search, idea_submit, idea_submit_finish

__all__ = ["comment_create", "idea_detail", "idea_edit", "idea_support", "report"]
__all__ += [
    "follow_idea",
    "follow_project",
    "notification_list",
    "notification_settings",
    "unfollow_idea",
    "unfollow_project",
    "unsubscribe",
]
__all__ += ["address_reverse", "address_search", "idea_submit", "idea_submit_finish"]
