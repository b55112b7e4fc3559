from wagtail import hooks

from .viewsets import MapsViewSetGroup


@hooks.register("register_admin_viewset")
def register_areas():
    return MapsViewSetGroup()
