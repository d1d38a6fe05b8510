from django.contrib import admin

from documents.admin import SnapshotAdmin
from kamervragen.models import (
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
    list_display = ["__str__", "number"]
    search_fields = ["text"]
    list_select_related = ["question_set"]
    raw_id_fields = ["question_set", "document"]


class LinkEventInline(admin.TabularInline):
    model = LinkEvent
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
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
