from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from pghistory.apps import PGHistoryConfig


class KamervragenConfig(AppConfig):
    # The app's config although this module holds other AppConfig subclasses (the Dutch
    # names below, and the ones imported for them): without `default`, Django took the plain
    # AppConfig and ready() never ran.
    default = True
    name = "kamervragen"
    verbose_name = _("Kamervragen")

    def ready(self) -> None:
        checks.register(link_model_check)
        # A saved question set's members, parties and ministries join the cached filter
        # choices at once.
        from kamervragen.models import QuestionSet
        from kamervragen.set_filters import choices_add

        post_save.connect(choices_add, sender=QuestionSet, dispatch_uid="choices_add")
        # Django's built-in permissions in Dutch for the admin's rights chooser, renamed after
        # each migration (Django creates them, in English, on post_migrate too).
        from kamervragen.permission_names import permissions_name_in_dutch

        post_migrate.connect(permissions_name_in_dutch, dispatch_uid="permissions_in_dutch")


# Third-party apps under a Dutch name in the admin (INSTALLED_APPS names these configs).
# django-axes names its models and fields through gettext: their Dutch is in locale/nl.
class AxesConfig(BaseAxesConfig):
    verbose_name = _("Inlogpogingen")


class HistoryConfig(PGHistoryConfig):
    verbose_name = _("Geschiedenis")

    def ready(self) -> None:
        super().ready()
        # django-pghistory names its models in plain English, which no catalog translates:
        # Dutch names here, for the admin (its columns and filters: documents.admin). No
        # migration: the migrations' state reads the package's Meta as written.
        from pghistory.models import Events, MiddlewareEvents

        Events._meta.verbose_name = _("wijziging")
        Events._meta.verbose_name_plural = _("wijzigingen")
        MiddlewareEvents._meta.verbose_name = _("wijziging met context")
        MiddlewareEvents._meta.verbose_name_plural = _("wijzigingen met context")


def link_model_check(app_configs=None, **kwargs) -> list[checks.Error]:
    """A link model trained on other features than the code computes is refused at start-up
    (every management command but train-linking, runserver, the test runner)."""
    # Imported here, not at the top: django.setup() loads no linking code (tests/test_startup.py).
    from kamervragen.linking.model import MODEL_PATH, ModelMismatch, model_read

    try:
        model_read(MODEL_PATH)
    except ModelMismatch as error:
        return [checks.Error(str(error), id="kamervragen.E001")]
    return []
