from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import District, LocalCommittee


class DistrictViewSet(ModelViewSet):
    """Districts in the admin. Outlines come from `manage.py import_areas`, so only name and population are edited."""

    model = District
    url_prefix = "areas/districts"
    url_namespace = "maps_districts"
    icon = "site"
    menu_label = _("Districts")
    form_fields = ["name", "population"]
    list_display = ["code", "name", "population"]
    search_fields = ["name"]
    inspect_view_enabled = True


class LocalCommitteeViewSet(ModelViewSet):
    model = LocalCommittee
    url_prefix = "areas/local-committees"
    url_namespace = "maps_local_committees"
    icon = "group"
    menu_label = _("Local committees")
    form_fields = ["name", "population"]
    list_display = ["code", "name", "district", "population"]
    list_filter = ["district"]
    search_fields = ["name"]
    inspect_view_enabled = True


class MapsViewSetGroup(ViewSetGroup):
    menu_label = _("Areas")
    menu_icon = "site"
    menu_order = 310
    items = (DistrictViewSet, LocalCommitteeViewSet)
