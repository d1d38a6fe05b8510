"""The many-to-many fields over the through tables of 0004; no change to the database.
They come after documents 0008, whose removed fields had the same reverse names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0008_ties_to_questions_moved_out"),
        ("kamervragen", "0004_set_documents_and_question_footnotes"),
    ]

    operations = [
        migrations.AddField(
            model_name="questionset",
            name="documents",
            field=models.ManyToManyField(
                blank=True,
                related_name="question_sets",
                through="kamervragen.SetDocument",
                to="documents.document",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="footnotes",
            field=models.ManyToManyField(
                blank=True,
                related_name="questions",
                through="kamervragen.QuestionFootnote",
                to="documents.footnote",
            ),
        ),
    ]
