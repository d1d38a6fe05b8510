from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data van de Tweede Kamer")
    default_auto_field = "django.db.models.BigAutoField"
