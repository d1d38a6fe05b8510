"""The migration that moved a document's question set and a footnote's question from the
documents app into kamervragen keeps every tie, forwards and backwards."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("documents", "0007_reference_resolved_document"),
    ("kamervragen", "0003_link_events_for_reprocessing"),
]


def _migrate(targets=None):
    """Migrates to `targets` (default: the latest state) and returns the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_ties_to_question_sets_and_questions_survive_the_move_and_its_reversal():
    old = _migrate(BEFORE)
    Document = old.get_model("documents", "Document")
    QuestionSet = old.get_model("kamervragen", "QuestionSet")
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    in_set = Document.objects.create(filename="v.pdf", sha256="v" * 64, question_set=question_set)
    alone = Document.objects.create(filename="b.pdf", sha256="b" * 64)
    question = old.get_model("kamervragen", "Question").objects.create(
        question_set=question_set, document=in_set, number=1, text="Waarom?"
    )
    Footnote = old.get_model("documents", "Footnote")
    cited = Footnote.objects.create(
        document=in_set, order=0, marker="1", text="Bron", question=question
    )
    loose = Footnote.objects.create(document=alone, order=0, marker="1", text="Bron")

    new = _migrate()
    SetDocument = new.get_model("kamervragen", "SetDocument")
    QuestionFootnote = new.get_model("kamervragen", "QuestionFootnote")
    assert list(SetDocument.objects.values_list("document_id", "question_set_id")) == [
        (in_set.pk, question_set.pk)
    ]
    assert list(QuestionFootnote.objects.values_list("footnote_id", "question_id")) == [
        (cited.pk, question.pk)
    ]

    old = _migrate(BEFORE)
    Document = old.get_model("documents", "Document")
    Footnote = old.get_model("documents", "Footnote")
    assert Document.objects.get(pk=in_set.pk).question_set_id == question_set.pk
    assert Document.objects.get(pk=alone.pk).question_set_id is None
    assert Footnote.objects.get(pk=cited.pk).question_id == question.pk
    assert Footnote.objects.get(pk=loose.pk).question_id is None
    _migrate()  # the other tests expect the latest schema
