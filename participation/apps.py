from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import personal_data

        from . import cache, signals  # noqa: F401  (connect the receivers)
        from . import personal_data as participation_data

        personal_data.register("participation", export=participation_data.export, delete=participation_data.delete)
