""" "Mogelijk ook relevant": the next best passages below the threshold are stored apart from
links, replaced on every linking run, and never duplicate a link."""

import pytest

from documents.models import Document, Passage
from kamervragen.linking.store import candidates_replace
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_and_passages():
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Scanners")
    questions_document = Document.objects.create(
        filename="vragen.pdf", sha256="a" * 64, kind="questions"
    )
    question = Question.objects.create(
        question_set=question_set, document=questions_document, number=1, text="Waarom?"
    )
    letter = Document.objects.create(filename="brief.pdf", sha256="b" * 64, kind="letter")
    passages = [
        Passage.objects.create(document=letter, order=order, text=f"Alinea {order}.")
        for order in range(3)
    ]
    return question, passages


def test_candidates_are_replaced_and_a_linked_pair_is_left_out(question_and_passages):
    question, (first, second, third) = question_and_passages
    scope = Passage.objects.filter(document=first.document)
    candidates_replace(
        [question.pk], scope, [LinkCandidate(question=question, passage=first, probability=0.3)]
    )
    Link.objects.create(question=question, passage=second, method=Link.Method.LEXICAL)
    candidates_replace(
        [question.pk],
        scope,
        [
            LinkCandidate(question=question, passage=second, probability=0.35),
            LinkCandidate(question=question, passage=third, probability=0.2),
        ],
    )
    assert list(LinkCandidate.objects.values_list("passage_id", "probability")) == [(third.pk, 0.2)]
