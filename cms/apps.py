from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = _("Pages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from participation import cache

        # Shown on every project page (the administration) or in every footer (the site links).
        cache.invalidate_all_on_change("cms.Administration", "cms.SiteLinks")
