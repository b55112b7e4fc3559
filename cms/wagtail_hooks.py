from wagtail.snippets.models import register_snippet

from .viewsets import AdministrationViewSet

register_snippet(AdministrationViewSet)
