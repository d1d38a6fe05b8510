from django.contrib import admin

from opendata.models import ImportedDocument, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "since", "seen", "created", "skipped", "failed", "error"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(admin.ModelAdmin):
    list_display = ["document_number", "soort", "changed_at", "document"]
    search_fields = ["document_number", "tk_id"]
    readonly_fields = [f.name for f in ImportedDocument._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
