from wagtail import hooks

from .admin_views import LOG_ACTIONS
from .viewsets import ParticipationViewSetGroup


@hooks.register("register_admin_viewset")
def register_participation():
    return ParticipationViewSetGroup()


@hooks.register("register_log_actions")
def register_participation_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
