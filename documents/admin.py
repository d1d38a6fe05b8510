from django.contrib import admin

from documents.models import Document, Footnote, Passage


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["order", "page", "role", "heading", "text"]
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


@admin.register(Footnote)
class FootnoteAdmin(admin.ModelAdmin):
    list_display = ["marker", "document", "text"]
    search_fields = ["text"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "passage"]
