from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import AdministrationViewSet

register_snippet(AdministrationViewSet)


@hooks.register("insert_global_admin_css")
def admin_css():
    """Our few corrections to Wagtail admin's own styles (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
