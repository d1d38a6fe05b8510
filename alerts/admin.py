from django.contrib import admin

from alerts.models import Follow, Notification


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "value", "created_at"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "event", "title", "mail"]
    list_filter = ["event", "mail"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        # Made by the alerts only. Every field is read-only, so the add form had none and
        # saved an empty notification: a 500 (user_id NOT NULL) on "Opslaan".
        return False
