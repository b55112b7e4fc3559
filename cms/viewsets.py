from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Administration


class AdministrationViewSet(SnippetViewSet):
    model = Administration
    icon = "group"
    menu_label = _("Administrations")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "abbreviation", "locale"]
    search_fields = ["name", "abbreviation"]
