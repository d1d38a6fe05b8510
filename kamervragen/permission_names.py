"""Dutch names for Django's built-in permissions ("Can add user" → "Kan gebruiker
toevoegen"). Django writes them in English when it creates them, from the model's untranslated
name; the admin's rights chooser on a user's and a group's page lists them all."""

from django.contrib.auth.models import Permission
from django.utils import translation

ACTIONS = {
    "add": "Kan %(model)s toevoegen",
    "change": "Kan %(model)s wijzigen",
    "delete": "Kan %(model)s verwijderen",
    "view": "Kan %(model)s bekijken",
}
NAME_MAX_LENGTH = 255  # auth.Permission.name


def permissions_name_in_dutch(using: str = "default", **kwargs) -> int:
    """Renames the built-in permissions Django named in English; a post_migrate receiver, so
    those it creates on a migration are renamed at once. Returns how many it renamed."""
    renamed = []
    with translation.override("nl"):
        found = (
            Permission.objects.using(using)
            .filter(name__startswith="Can ")
            .select_related("content_type")
        )
        for permission in found:
            action, _, model_name = permission.codename.partition("_")
            model = permission.content_type.model_class()
            if action not in ACTIONS or model is None or model._meta.model_name != model_name:
                continue  # a permission of its own, or of a model gone: left as it is
            verbose_name = str(model._meta.verbose_name)
            permission.name = (ACTIONS[action] % {"model": verbose_name})[:NAME_MAX_LENGTH]
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
    return len(renamed)
