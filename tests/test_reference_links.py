"""Questions and passages that cite the same parliamentary paper get a "reference" link."""

import uuid

import pytest

from documents.models import Document, Footnote, Passage, Reference
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


def _document(kind: str, **fields) -> Document:
    return Document.objects.create(
        filename=f"{kind}.txt",
        sha256=uuid.uuid4().hex * 2,
        kind=kind,
        status=Document.Status.DONE,
        **fields,
    )


@pytest.fixture
def letter():
    """A letter whose second passage carries a footnote citing Kamerstuk 31 934, nr. 52."""
    letter = _document(Document.Kind.LETTER)
    Passage.objects.create(document=letter, order=0, text="Hierbij informeer ik u.")
    carrier = Passage.objects.create(
        document=letter, order=1, text="De Douane past dit instrumentarium sinds 2021 toe."
    )
    note = Footnote.objects.create(
        document=letter, order=0, marker="3", text="Kamerstuk 31 934, nr. 52", passage=carrier
    )
    Reference.objects.create(
        document=letter, footnote=note, kind=Reference.Kind.KAMERSTUK,
        text="Kamerstuk 31 934, nr. 52", dossier="31 934", numbers=[52],
    )  # fmt: skip
    return letter


def _question(text: str) -> Question:
    questions = _document(Document.Kind.QUESTIONS)
    question_set = QuestionSet.objects.create(zaak_number=f"2099Z{uuid.uuid4().int % 99999:05d}")
    return Question.objects.create(
        question_set=question_set, document=questions, number=1, text=text
    )


def test_a_question_citing_the_papers_a_letter_cites_is_linked_to_that_passage(letter):
    question = _question(
        "Wat is de stand van zaken van de toezegging in Kamerstuk 31 934, nr. 52 over de inzet?"
    )
    links_suggest_for_questions(Question.objects.filter(pk=question.pk))
    (link,) = Link.objects.filter(question=question, method=Link.Method.REFERENCE)
    assert link.passage.order == 1
    assert link.evidence["reference"] == "Kamerstuk 31 934, nr. 52"


def test_a_new_letter_is_linked_to_questions_whose_footnote_cites_the_same_paper(letter):
    question = _question("Hoe staat het met de inzet van de apparatuur?")
    note = Footnote.objects.create(
        document=question.document, order=0, marker="1", text="Kamerstuk 31934, nr. 52"
    )
    question.footnotes.add(note)
    Reference.objects.create(
        document=question.document, footnote=note, kind=Reference.Kind.KAMERSTUK,
        text="Kamerstuk 31934, nr. 52", dossier="31934", numbers=[52],
    )  # fmt: skip
    links_suggest_for_document(letter)
    (link,) = Link.objects.filter(question=question, method=Link.Method.REFERENCE)
    assert link.passage.order == 1


def test_another_number_in_the_same_dossier_is_no_shared_reference(letter):
    question = _question("Wat staat er in Kamerstuk 31 934, nr. 53 over de inzet?")
    links_suggest_for_questions(Question.objects.filter(pk=question.pk))
    assert not Link.objects.filter(question=question, method=Link.Method.REFERENCE).exists()
