from typing import Any

from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import Truncator, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.admin import LIST_CELL_CHARS, SnapshotAdmin
from kamervragen.models import (  # type: ignore[attr-defined]  # made by pghistory.track
    Link,
    LinkEvent,
    LinkSnapshot,
    Question,
    QuestionSet,
    QuestionSetSnapshot,
    QuestionSnapshot,
)


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["number", "text", "document"]
    readonly_fields = ["text"]  # edited on the question's own page, which mends its offsets
    raw_id_fields = ["document"]
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "submitted"]
    search_fields = ["zaak_number", "title"]
    inlines = [QuestionInline]

    def save_related(self, request, form, formsets, change) -> None:
        # Imported here: the ingestion package loads the linking (spaCy), as LinkAdmin notes.
        from kamervragen.ingestion.question_sets import question_set_status_refresh

        super().save_related(request, form, formsets, change)
        # A corrected submission date or questions added here move the deadline.
        question_set_status_refresh([form.instance.pk])


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "text_start"]
    # The zaak number finds a set's questions: a filter listing every set would not fit.
    search_fields = ["text", "question_set__zaak_number"]
    list_select_related = ["question_set"]
    raw_id_fields = ["question_set", "document"]
    # Derived from the text by processing (its lemmas for the linking, its paragraphs).
    readonly_fields = ["lemmas", "paragraph_starts"]

    @admin.display(description=_("tekst"), ordering="text")
    def text_start(self, question: Question) -> str:
        return Truncator(question.text).chars(LIST_CELL_CHARS)

    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        if "text" in form.changed_data:
            obj.paragraph_starts = []  # offsets into the old text: one paragraph
        super().save_model(request, obj, form, change)


class LinkEventInline(admin.TabularInline):
    model = LinkEvent
    fields = readonly_fields = ("created_at", "actor", "action", "from_status", "to_status", "note")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    list_display = ["__str__", "method", "status", "score", "curated_by"]
    list_filter = ["status", "method"]
    list_select_related = ["question__question_set", "passage__document", "footnote__document"]
    raw_id_fields = ["question", "passage", "footnote", "curated_by"]
    readonly_fields = ["curated_by", "curated_at", "created_at", "updated_at"]
    inlines = [LinkEventInline]

    def save_model(self, request, obj, form, change) -> None:
        # Imported here, not at the top: the admin is loaded by every manage.py call, and the
        # linking package loads spaCy and the word lists, which only linking needs.
        from kamervragen.curation import link_set_status
        from kamervragen.linking import link_event_record

        # An admin edit is a curation like any other: record it, never leave it unaudited.
        if change and "status" in form.changed_data:
            new_status, obj.status = obj.status, form.initial["status"]
            super().save_model(request, obj, form, change)
            link_set_status(link=obj, curator=request.user, status=new_status, note="admin")
            return
        super().save_model(request, obj, form, change)
        if not change:
            link_event_record(
                link=obj, actor=request.user, action=LinkEvent.Action.ADDED, to_status=obj.status
            )


@admin.register(LinkEvent)
class LinkEventAdmin(admin.ModelAdmin):
    """The curators' history of the links: to read only (the table refuses changes too)."""

    list_display = ["created_at", "link_ref", "question_ref", "action", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["actor"]
    # Newest first, as the snapshots: the model's own order (link by link) scattered the
    # latest curations over the list.
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register([LinkSnapshot, QuestionSnapshot, QuestionSetSnapshot], SnapshotAdmin)


# Texts of Django's admin that are English in every language (not in any catalog).


def _boolean_icon(value) -> str:
    """Django's yes/no/unknown icon of a boolean column or field, read out in Dutch: Django's
    own puts the value in the image's text (alt="True"), which a screen reader says."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Ja"), False: gettext("Nee"), None: gettext("Onbekend")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


# Django's list, readonly-field and detail code import it from here when they draw one.
admin_list._boolean_icon = _boolean_icon  # type: ignore[attr-defined]


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for an admin setting a user's password, with the warning its help text
    ends in (shown when password login is switched off) in Dutch: Django adds it in English,
    outside its catalog."""

    usable_password_help_text = format_lazy(  # type: ignore[assignment]  # lazy: translated when shown
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("Als u dit uitschakelt, gaat het huidige wachtwoord van deze gebruiker verloren."),
    )


admin.site.site_header = admin.site.site_title = _("Kamervragen-beheer")
admin.site.index_title = _("Beheer")
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserAdmin(auth_admin.UserAdmin):
    change_password_form = PasswordChangeForm
