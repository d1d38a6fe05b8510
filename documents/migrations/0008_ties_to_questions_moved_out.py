"""A document's question set and a footnote's question are kept by the kamervragen app now
(kamervragen 0004 copied them there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_reference_resolved_document"),
        ("kamervragen", "0004_set_documents_and_question_footnotes"),
    ]

    operations = [
        migrations.RemoveField(model_name="document", name="question_set"),
        migrations.RemoveField(model_name="footnote", name="question"),
    ]
