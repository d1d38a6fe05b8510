from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KamervragenConfig(AppConfig):
    name = "kamervragen"
    verbose_name = _("Kamervragen")
