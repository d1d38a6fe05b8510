"""The three roles, as Django groups (created by a migration) and the permissions they imply."""

POLICY_STAFF = "Beleidsmedewerkers"
CLERKS = "Griffiers"
CURATORS = "Curatoren"

VIEW_PERMISSIONS = [
    "documents.view_document",
    "documents.view_passage",
    "documents.view_footnote",
    "kamervragen.view_questionset",
    "kamervragen.view_question",
    "kamervragen.view_link",
    "kamervragen.view_linkevent",
]
ROLE_PERMISSIONS = {
    POLICY_STAFF: VIEW_PERMISSIONS,
    CLERKS: [
        *VIEW_PERMISSIONS,
        "documents.add_document",
        "documents.change_document",
        "documents.delete_document",
    ],
    CURATORS: [
        *VIEW_PERMISSIONS,
        "kamervragen.add_link",
        "kamervragen.change_link",
        "documents.delete_document",
    ],
}

CAN_BROWSE = "kamervragen.view_questionset"
CAN_UPLOAD = "documents.add_document"
CAN_CORRECT = "documents.change_document"  # override detection, retry, re-process
CAN_CURATE = "kamervragen.change_link"
# Delete a wrong upload and what was made of it; refused while a curator's decision rests on
# it (`reprocess.document_discard`). Any clerk, as for correcting: documents come from the
# open data and `manage.py ingest` too, with no uploader to ask.
CAN_DELETE = "documents.delete_document"


def ensure_role_groups(group_model, permission_model) -> None:
    """Create the role groups with their permissions (models passed in, for migrations)."""
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for dotted in permissions:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
