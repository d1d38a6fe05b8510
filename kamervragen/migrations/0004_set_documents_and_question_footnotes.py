"""The ties of a document to its question set and of a footnote to its question move from
the documents app into this one (through tables), with their data; documents 0008 then
drops the old columns and 0005 declares the many-to-many fields over the new tables."""

import django.db.models.deletion
from django.db import migrations, models


def copy_ties_here(apps, schema_editor) -> None:
    Document = apps.get_model("documents", "Document")
    Footnote = apps.get_model("documents", "Footnote")
    SetDocument = apps.get_model("kamervragen", "SetDocument")
    QuestionFootnote = apps.get_model("kamervragen", "QuestionFootnote")
    SetDocument.objects.bulk_create(
        SetDocument(document_id=document_id, question_set_id=set_id)
        for document_id, set_id in Document.objects.filter(question_set__isnull=False)
        .order_by("pk")
        .values_list("pk", "question_set_id")
    )
    QuestionFootnote.objects.bulk_create(
        QuestionFootnote(footnote_id=footnote_id, question_id=question_id)
        for footnote_id, question_id in Footnote.objects.filter(question__isnull=False)
        .order_by("pk")
        .values_list("pk", "question_id")
    )


def copy_ties_back(apps, schema_editor) -> None:
    Document = apps.get_model("documents", "Document")
    Footnote = apps.get_model("documents", "Footnote")
    SetDocument = apps.get_model("kamervragen", "SetDocument")
    QuestionFootnote = apps.get_model("kamervragen", "QuestionFootnote")
    for document_id, set_id in SetDocument.objects.values_list("document_id", "question_set_id"):
        Document.objects.filter(pk=document_id).update(question_set_id=set_id)
    for footnote_id, question_id in QuestionFootnote.objects.values_list(
        "footnote_id", "question_id"
    ):
        Footnote.objects.filter(pk=footnote_id).update(question_id=question_id)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_reference_resolved_document"),
        ("kamervragen", "0003_link_events_for_reprocessing"),
    ]

    operations = [
        migrations.CreateModel(
            name="SetDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "document",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="set_membership",
                        to="documents.document",
                    ),
                ),
                (
                    "question_set",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="kamervragen.questionset",
                    ),
                ),
            ],
            options={
                "verbose_name": "document van een vragenset",
                "verbose_name_plural": "documenten van vragensets",
            },
        ),
        migrations.CreateModel(
            name="QuestionFootnote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "footnote",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="question_membership",
                        to="documents.footnote",
                    ),
                ),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="kamervragen.question"
                    ),
                ),
            ],
            options={
                "verbose_name": "voetnoot bij een vraag",
                "verbose_name_plural": "voetnoten bij vragen",
            },
        ),
        migrations.RunPython(copy_ties_here, copy_ties_back),
    ]
