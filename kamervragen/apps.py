from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_save
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


# Third-party apps under a Dutch name in the admin (INSTALLED_APPS names these configs). Their
# models' and fields' names stay English: the packages have no Dutch translation, and changing
# their models' options would need migrations inside the packages.
class AxesConfig(BaseAxesConfig):
    verbose_name = _("Inlogpogingen")


class HistoryConfig(PGHistoryConfig):
    verbose_name = _("Geschiedenis")


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
