from axes.apps import AppConfig as BaseAxesConfig
from django.apps import AppConfig
from django.core import checks
from django.db.models import Model
from django.db.models.signals import post_migrate, post_save
from django.utils import formats, timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
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
        relations_name_in_dutch()


# Third-party apps under a Dutch name in the admin (INSTALLED_APPS names these configs).
# django-axes names its models and fields through gettext: their Dutch is in locale/nl.
class AxesConfig(BaseAxesConfig):
    verbose_name = _("Inlogpogingen")

    def ready(self) -> None:
        super().ready()
        # django-axes titles its records in English f-strings ("Access Log for beleid @
        # 2026-…+00:00"), which no catalog translates: the admin shows the title on a record's
        # page, in its breadcrumbs, its delete and history pages and the list's checkboxes.
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_title
        AccessFailureLog.__str__ = _failure_title
        AccessLog.__str__ = _login_title


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
        # Its fields of every history model ("pgh created at") and the title of a change
        # ("DocumentSnapshot object (1)", "Events object (kamervragen.LinkSnapshot:1)") too.
        # verbose_name only: Django's migrations read a field's own name (`_verbose_name`),
        # so this asks for no migration of our history models.
        from django.apps import apps
        from pghistory.models import Event

        history_models: list[type[Model]] = [
            Events,
            *(m for m in apps.get_models() if issubclass(m, Event)),
        ]
        for model in history_models:
            model.__str__ = _change_title  # type: ignore[method-assign]
            for field in model._meta.concrete_fields:
                if field.name in HISTORY_FIELD_NAMES:
                    field.verbose_name = HISTORY_FIELD_NAMES[field.name]


# django-pghistory's fields, as the history admin's columns name them (documents.admin).
HISTORY_FIELD_NAMES = {
    "pgh_id": _("versienummer"),
    "pgh_slug": _("sleutel"),
    "pgh_model": _("geschiedenis"),
    "pgh_created_at": _("tijdstip"),
    "pgh_label": _("wijziging"),
    "pgh_obj": _("object"),
    "pgh_obj_model": _("gegevens"),
    "pgh_obj_id": _("object (nummer)"),
    "pgh_data": _("inhoud"),
    "pgh_diff": _("verschil met de vorige versie"),
    "pgh_context": _("context"),
    "pgh_context_id": _("context (nummer)"),
}


def _change_title(event) -> str:
    """A recorded change's title: "Koppeling 12, gewijzigd op 23 juni 2023 14:05"."""
    from django.apps import apps

    from documents.models import EVENT_LABELS

    tracked = getattr(event, "pgh_tracked_model", None)
    if tracked is None:  # the list of all changes: the model by its label
        try:
            tracked = apps.get_model(event.pgh_obj_model)
        except (LookupError, ValueError):
            tracked = None
    name = capfirst(tracked._meta.verbose_name) if tracked else gettext("Object")
    return gettext("%(name)s %(number)s, %(change)s op %(time)s") % {
        "name": name,
        "number": event.pgh_obj_id,
        "change": EVENT_LABELS.get(event.pgh_label, event.pgh_label),
        "time": _when(event.pgh_created_at),
    }


def _when(moment) -> str:
    """A record's time as the site writes one: "3 december 2026 12:19", local time."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "?"


def _attempt_title(attempt) -> str:
    return gettext(
        "Mislukte inlogpogingen van %(username)s vanaf %(ip)s, de laatste op %(time)s"
    ) % {
        "username": attempt.username or "?",
        "ip": attempt.ip_address or "?",
        "time": _when(attempt.attempt_time),
    }


def _failure_title(failure) -> str:
    text = gettext("Mislukte inlogpoging van %(username)s vanaf %(ip)s op %(time)s") % {
        "username": failure.username or "?",
        "ip": failure.ip_address or "?",
        "time": _when(failure.attempt_time),
    }
    return text + (gettext(", geblokkeerd") if failure.locked_out else "")


def _login_title(login) -> str:
    return gettext("Aanmelding van %(username)s op %(time)s") % {
        "username": login.username or "?",
        "time": _when(login.attempt_time),
    }


def relations_name_in_dutch() -> None:
    """Name the tables Django makes for a many-to-many field (a user's groups, a group's
    rights, a set's reply letters) and their rows in Dutch: a delete page lists the rows that
    go, which Django names in English from the code ("Group-permission-relatie:
    Group_permissions object (1)"); now "Relatie groep – rechten: Kamervragen | vragenset |
    Kan vragenset bekijken". Names only: no migration, as Django's own are none either."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is None or not through._meta.auto_created:
                continue
            names = {"owner": model._meta.verbose_name, "field": field.verbose_name}
            through._meta.verbose_name = format_lazy(_("relatie {owner} – {field}"), **names)
            through._meta.verbose_name_plural = format_lazy(
                _("relaties {owner} – {field}"), **names
            )
            through.__str__ = _titled_by(field.m2m_reverse_field_name())  # type: ignore[method-assign]


def _titled_by(target: str):
    """A many-to-many row's title: the object it ties to (the group, the right)."""

    def title(row) -> str:
        return str(getattr(row, target))

    return title


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
