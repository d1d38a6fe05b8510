import json
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from pghistory.admin import EventModelAdmin, EventsAdmin
from pghistory.admin.core import (
    BackFilter,
    EventModelFilter,
    LabelFilter,
    MethodFilter,
    ModelFilter,
    ObjFilter,
)

from documents.models import EVENT_LABELS, Document, Footnote, Passage

# Made by django-pghistory from `Document` (its `pghistory.track`), so found by name.
DocumentSnapshot = apps.get_model("documents", "DocumentSnapshot")


class ChangeFilter(LabelFilter):
    """django-pghistory's filter on the kind of change, under Dutch names (its own is titled
    'label' and offers insert/update/delete)."""

    title = _("wijziging")  # type: ignore[assignment]  # a lazy string, as Django allows

    def lookups(self, request, model_admin):
        labels = super().lookups(request, model_admin)
        return [(label, EVENT_LABELS.get(label, label)) for label, _name in labels]


def _object_of(key: str | None):
    """The object of django-pghistory's `obj` parameter ("kamervragen.link:12"), or None."""
    label, _colon, pk = (key or "").partition(":")
    try:
        return apps.get_model(label)._default_manager.filter(pk=pk).first() if pk else None
    except (LookupError, ValueError):
        return None


def _model_of(label: str | None):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


class ObjectFilter(ObjFilter):
    """django-pghistory's filter on one object, showing the object ("2023Z11786 vraag 1")
    instead of its key ("kamervragen.question:1")."""

    def lookups(self, request, model_admin):
        return [
            (key, str(_object_of(key) or key))
            for key, _name in super().lookups(request, model_admin)
        ]


class ModelNameFilter(ModelFilter):
    """django-pghistory's filter on one model, by its Dutch name ("Koppelingen"), not its label
    ("kamervragen.Link")."""

    def lookups(self, request, model_admin):
        return [
            (
                label,
                capfirst(model._meta.verbose_name_plural) if (model := _model_of(label)) else label,
            )
            for label, _name in super().lookups(request, model_admin)
        ]


class HistoryPages:
    """What django-pghistory's lists of changes say in English, in Dutch: the subtitle naming
    whose changes are shown ("Tracks …", "References …", "kamervragen.Link") and the link back
    ("Back"; the admins' `history_change_list.html`), shown only for an address on this site
    (django-pghistory puts its `back` parameter in the page as it comes)."""

    def changelist_view(self, request, extra_context=None):
        back = request.GET.get("back", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        extra_context = {**(extra_context or {}), "history_back": back if safe else ""}
        response = super().changelist_view(request, extra_context)  # type: ignore[misc]
        subtitle = self._subtitle(request)
        if subtitle and hasattr(response, "context_data"):
            response.context_data["subtitle"] = subtitle
        return response

    @staticmethod
    def _subtitle(request) -> str:
        obj = _object_of(request.GET.get("obj"))
        if obj is not None:
            if request.GET.get("method") == "references":
                return gettext("Verwijzend naar %(object)s") % {"object": obj}
            return str(obj)
        model = _model_of(request.GET.get("model"))
        return capfirst(model._meta.verbose_name_plural) if model else ""


class EventColumns(HistoryPages):
    """The time and kind of a django-pghistory event, as columns under Dutch names."""

    @admin.display(description=_("tijdstip"), ordering="pgh_created_at")
    def when(self, event) -> str:
        # Formatted here: a change's page shows a method's value as it comes ("2026-06-23
        # 12:05:00+00:00"), where the list formats a date.
        return formats.date_format(timezone.localtime(event.pgh_created_at), "DATETIME_FORMAT")

    @admin.display(description=_("wijziging"), ordering="pgh_label")
    def change(self, event) -> str:
        return str(EVENT_LABELS.get(event.pgh_label, event.pgh_label))


class SnapshotAdmin(EventColumns, EventModelAdmin):
    """The audit trail of a model (django-pghistory events): to read, never to add, change or
    delete (the table refuses updates and deletes as well)."""

    change_list_template = "admin/history_change_list.html"  # HistoryPages' link back
    list_display_links = None
    list_select_related = ["pgh_context"]
    ordering = ["-pgh_created_at", "-pgh_id"]
    list_filter = [ChangeFilter, ObjectFilter, BackFilter]

    def get_list_display(self, request):
        # A long text (a question's; a passage, named by its words) is cut in the list: whole,
        # it made each row hundreds of pixels high and the table screens wide. A change's
        # page shows it whole.
        tracked = [_list_column(field) for field in self._tracked_fields()]
        return ["when", "change", "object_ref", *tracked, "changed_by", "url"]

    def get_fields(self, request, obj=None):
        # A change's page (to read only) as its row: not django-pghistory's own fields
        # ("Pgh label: insert", "Pgh context"), which have no Dutch.
        tracked = [field.name for field in self._tracked_fields()]
        return ["when", "change", "object_ref", *tracked, "changed_by", "url"]

    def _tracked_fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.fields if not f.name.startswith("pgh_")]

    # django-pghistory's own columns (pgh_*), under Dutch names: the package has none.
    @admin.display(description=_("object (nummer)"), ordering="pgh_obj_id")
    def object_ref(self, event) -> int:
        return event.pgh_obj_id

    @admin.display(description=_("door"))
    def changed_by(self, event) -> str:
        user_id = self._metadata(event).get("user")
        if user_id is None:
            return "—"  # the machine: ingestion, linking, a management command
        user = get_user_model().objects.filter(pk=user_id).first()
        return user.get_username() if user else f"#{user_id}"

    @admin.display(description=_("via"))
    def url(self, event) -> str:
        return self._metadata(event).get("url", "")

    @staticmethod
    def _metadata(event) -> dict:
        return event.pgh_context.metadata if event.pgh_context_id else {}


class HistoryFilter(EventModelFilter):
    """django-pghistory's filter on the history (event model) a change is in, by its Dutch
    name ("Koppelingsversies") instead of "kamervragen.LinkSnapshot"."""

    title = _("geschiedenis van")  # type: ignore[assignment]  # a lazy string, as Django allows

    def lookups(self, request, model_admin):
        labels = super().lookups(request, model_admin)
        names = [
            (label, capfirst(apps.get_model(label)._meta.verbose_name_plural))
            for label, _name in labels
        ]
        return sorted(names, key=lambda choice: str(choice[1]))


class RelationFilter(MethodFilter):
    """Whether the changes shown are the object's own or of objects referring to it."""

    title = _("verband")  # type: ignore[assignment]

    def lookups(self, request, model_admin):
        return (
            ("tracks", _("van het object zelf")),
            ("references", _("verwijzend naar het object")),
        )


class HistoryEventsAdmin(EventColumns, EventsAdmin):
    """django-pghistory's list of every recorded change (Geschiedenis › Wijzigingen,
    `PGHISTORY_ADMIN_CLASS`): its columns and filters under Dutch names, as `SnapshotAdmin`."""

    change_list_template = "admin/history_change_list.html"

    def get_list_display(self, request):
        return ["when", "change", "history", "object_ref", "diff"]

    def get_fields(self, request, obj=None):
        return self.get_list_display(request)  # a change's page as its row, as SnapshotAdmin's

    def get_list_filter(self, request):
        dutch = {
            LabelFilter: ChangeFilter,
            EventModelFilter: HistoryFilter,
            MethodFilter: RelationFilter,
            ObjFilter: ObjectFilter,
            ModelFilter: ModelNameFilter,
        }
        return [dutch.get(f, f) for f in super().get_list_filter(request)]

    @admin.display(description=_("gegevens"), ordering="pgh_obj_model")
    def history(self, event) -> str:
        try:
            return capfirst(apps.get_model(event.pgh_obj_model)._meta.verbose_name)
        except LookupError:
            return event.pgh_obj_model

    @admin.display(description=_("object (nummer)"), ordering="pgh_obj_id")
    def object_ref(self, event) -> str:
        return event.pgh_obj_id

    @admin.display(description=_("verschil met de vorige versie"))
    def diff(self, event) -> str:
        """What changed, field by field, in the words of the object's page: "Status:
        Voorgesteld → Bevestigd; Versie: 1 → 2" (django-pghistory keeps it as JSON of the
        stored values: {"status": ["suggested", "confirmed"], "version": [1, 2]})."""
        if not event.pgh_diff:
            return "—"
        model = _model_of(event.pgh_obj_model)
        fields = {f.attname: f for f in model._meta.concrete_fields} if model else {}
        return "; ".join(
            f"{capfirst(fields[name].verbose_name) if name in fields else name}: "
            f"{_shown(fields.get(name), old)} → {_shown(fields.get(name), new)}"
            for name, (old, new) in event.pgh_diff.items()
        )


# Characters of a long text shown in a list of changes (about two lines of its column).
LIST_CELL_CHARS = 100


def _list_column(field: models.Field):
    """A list column: the field's name, or for a text or a related object (whose name may be a
    passage's words) a column showing at most LIST_CELL_CHARS of it, cut with "…"."""
    if not isinstance(field, (models.TextField, models.ForeignKey)):
        return field.name

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(event) -> str | None:
        value = getattr(event, field.name)  # None: the admin's "-", as for the field itself
        return None if value is None else Truncator(str(value)).chars(LIST_CELL_CHARS)

    column.__name__ = field.name
    return column


def _shown(field, value) -> str:
    """A stored value as a person reads it: a choice's label, a date as the site writes one."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("ja") if value else gettext("nee")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and (moment := parse_datetime(str(value))):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if isinstance(field, models.DateField) and (day := parse_date(str(value))):
        return formats.date_format(day, "DATE_FORMAT")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@admin.register(DocumentSnapshot)
class DocumentSnapshotAdmin(SnapshotAdmin):
    search_fields = ["title", "filename"]


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["order", "page", "role", "heading", "text"]
    readonly_fields = ["text"]  # edited on the passage's own page, which mends its offsets
    extra = 0
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "page_count", "created_at"]
    list_filter = ["kind", "status", "format"]
    search_fields = ["title", "filename", "sha256"]
    readonly_fields = ["sha256", "format", "created_at", "updated_at", "processed_at"]
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "role", "heading"]
    list_filter = ["role"]
    search_fields = ["text", "heading"]
    list_select_related = ["document"]
    raw_id_fields = ["document"]
    # Derived from the text by processing (offsets into it, its lemmas): an edit here would
    # not match the text; processing the document again computes them anew.
    readonly_fields = ["paragraph_starts", "sentence_starts", "lemmas"]

    def save_model(self, request: HttpRequest, obj: Passage, form: Any, change: bool) -> None:
        if "text" in form.changed_data:
            # Offsets into the old text would cut the new one anywhere: one paragraph.
            obj.paragraph_starts, obj.sentence_starts = [], []
        super().save_model(request, obj, form, change)


@admin.register(Footnote)
class FootnoteAdmin(admin.ModelAdmin):
    list_display = ["marker", "document", "text"]
    search_fields = ["text"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "passage"]
