"""Clerks and curators may delete a document (`reprocess.document_discard`): the groups get
`documents.delete_document`. Written out, not read from `roles.py`, so that a later change of
the roles does not change what this migration did."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Griffiers", "Curatoren"]


def _permission(apps):
    create_permissions(apps.get_app_config("documents"), apps=apps, verbosity=0)
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="documents", codename="delete_document"
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("documents")
    app_config.models_module = True  # create_permissions skips an app without models
    try:
        permission = _permission(apps)
    finally:
        app_config.models_module = None
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="documents", codename="delete_document"
    ).first()
    if permission is None:
        return
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("kamervragen", "0024_question_set_run_answers"),
        ("documents", "0015_passage_answer_run"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
