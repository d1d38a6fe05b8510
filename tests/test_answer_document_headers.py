"""What the model may not suggest in an answer document: its header, and anything beside
the answer the document itself numbers for the question."""

from pathlib import Path

import pytest

from documents.models import Document, Passage
from documents.services import document_override
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import document_reprocess
from kamervragen.linking.replies import is_about_its_own_answers
from kamervragen.models import Link, LinkCandidate, Question
from tests.conftest import model_pinned_at
from tests.test_answer_documents import _ingest, answer_document, question_document

FIXTURES = Path(__file__).parent / "fixtures" / "structure"


@pytest.fixture
def model_suggesting_everything(tmp_path, monkeypatch):
    """The repository's model with its threshold at 0: every question's best passage in
    every document it reaches is suggested, so only the rules decide what is left out."""
    model = model_pinned_at(0.0, tmp_path, monkeypatch)
    yield
    model.link_model.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_the_header_restating_the_question_is_neither_suggested_nor_a_candidate():
    # "Vragen van de leden … over het bericht dat ziekenhuizen dit jaar al 304 keer …" and
    # question 1 "Wat is uw reactie op het bericht dat ziekenhuizen dit jaar al 304 keer …":
    # the model gave the header 0.99.
    document = _ingest("2016Z22257.txt", (FIXTURES / "2016Z22257.txt").read_bytes())
    headers = document.passages.filter(role=Passage.Role.INTRODUCTION)
    assert headers.count() == 2
    assert not Link.objects.filter(passage__in=headers).exists()
    assert not LinkCandidate.objects.filter(passage__in=headers).exists()
    first = Question.objects.get(number=1)
    assert set(Link.objects.filter(question=first).values_list("method", flat=True)) == {
        Link.Method.EXPLICIT
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("model_suggesting_everything")
@pytest.mark.parametrize("answers_first", [False, True])
def test_a_numbered_answer_leaves_the_rest_of_its_document_to_the_candidates(answers_first):
    answers = (
        "Antwoord op vraag 1\nJa.\n\n"
        "Antwoord op vraag 2\nDe publicatie nr. 46 van de Wetenschappelijke Raad voor het "
        "Regeringsbeleid «Happy Landings» krijgt een kabinetsreactie, die de Kamer voor de "
        "zomer tegemoet kan zien.\n\n"
        "Antwoord op vraag 3\nNee, de voorbereidende werkzaamheden gaan door."
    )
    files = [("vragen.txt", question_document()), ("antwoorden.txt", answer_document(answers))]
    if answers_first:
        files.reverse()
    for name, data in files:
        _ingest(name, data)
    answer_document_ = Document.objects.get(kind=Document.Kind.ANSWERS)
    for question in Question.objects.all():
        linked = Link.objects.filter(question=question, passage__document=answer_document_)
        assert [(link.method, link.passage.answer_numbers) for link in linked] == [
            (Link.Method.EXPLICIT, [question.number])
        ], question.number
    # The answer to question 2 shares question 1's words: shown under it, not suggested.
    assert LinkCandidate.objects.filter(question__number=1, passage__answer_numbers=[2]).exists()


@pytest.mark.parametrize(
    ("question", "about_its_answers"),
    [
        ("Kunt u deze vragen één voor één beantwoorden?", True),
        ("Kunt u uw vragen uiterlijk beantwoorden in de wekelijkse coronabrief?", True),
        ("Bent u bereid deze vragen binnen drie weken en afzonderlijk te beantwoorden?", True),
        ("Waarom zijn de vragen van de Autoriteit Persoonsgegevens niet beantwoord?", False),
        ("Kunt u aangeven welke vragen de politie heeft gesteld?", False),
    ],
)
def test_a_question_about_answering_its_own_set_is_told_apart(question, about_its_answers):
    assert is_about_its_own_answers(question) is about_its_answers


@pytest.mark.django_db(transaction=True)
def test_a_question_about_answering_its_own_set_gets_nothing_from_another_document():
    # 2020Z06648's question 8 ("Kunt u uw vragen uiterlijk beantwoorden in de wekelijkse
    # coronabrief …?") was given "Ik zal u binnen drie weken … mijn reactie doen toekomen"
    # of Kamerstuk 31016-58.
    for name in ("2020Z06648.txt", "kst-31016-58.txt"):
        _ingest(name, (FIXTURES / name).read_bytes())
    eighth = Question.objects.get(question_set__zaak_number="2020Z06648", number=8)
    elsewhere = Passage.objects.exclude(document__question_sets=eighth.question_set)
    assert not Link.objects.filter(question=eighth, passage__in=elsewhere).exists()
    assert not LinkCandidate.objects.filter(question=eighth, passage__in=elsewhere).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("model_suggesting_everything")
def test_a_letter_a_clerk_made_an_answer_document_without_numbers_still_links(clerk):
    # Without numbered answers, every paragraph of an answer document is its introduction:
    # none is a header to hide.
    linking = FIXTURES.parent / "linking"
    _ingest("vragen.txt", (linking / "2014Z07273-vragen.txt").read_bytes())
    letter = _ingest("brief.txt", (linking / "2014Z07273-brief.txt").read_bytes())
    document_override(
        document=letter, by=clerk, kind=Document.Kind.ANSWERS, title="", date=None, identifiers={}
    )
    document_reprocess(document=letter, by=clerk)
    letter = document_ingest(document_id=letter.pk, by=clerk)
    assert letter.kind == Document.Kind.ANSWERS
    assert not letter.passages.filter(role=Passage.Role.ANSWER).exists()
    answer = letter.passages.get(text__startswith="Voor het plaatsen van cookies")
    assert Link.objects.filter(passage=answer, question__number=4).exists()
