"""An answer that points to an answer in another paper ("Zie antwoord op vraag 3 Oosenbrug
en Bouwmeester (beiden PvdA), ingezonden 25 november 2016 (Aanhangsel Handelingen,
vergaderjaar 2016–2017, nr. 849).") links its question to that answer too, method
"explicit": whichever of the two is uploaded first, once however often either is processed
again, never over a curator's decision, and only when the paper and the numbers are certain.

`2016Z22257.txt` is the real answer document; `ah-tk-20162017-849.txt` stands in for the
answers it refers to (its identifier printed as officielebekendmakingen prints it), and
`verwijzende-antwoorden.txt` refers to them in every way, certain and not."""

import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from documents.models import Document, Passage, Reference
from documents.services import document_create
from kamervragen.curation import link_reject
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import document_reprocess
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
REFERRING = FIXTURES / "structure" / "2016Z22257.txt"
REFERRED = FIXTURES / "referred-answers" / "ah-tk-20162017-849.txt"
REFERRING_IN_EVERY_WAY = FIXTURES / "referred-answers" / "verwijzende-antwoorden.txt"


def _ingest(path: Path) -> Document:
    document = document_create(filename=path.name, data=path.read_bytes()).document
    document = document_ingest(document_id=document.pk)
    assert document.status == Document.Status.DONE, document.error
    return document


def _both(referring: Path, referred_first: bool) -> tuple[Document, Document]:
    if referred_first:
        referred = _ingest(REFERRED)
        return _ingest(referring), referred
    referring_document = _ingest(referring)
    return referring_document, _ingest(REFERRED)


def _referred_links(document: Document) -> dict[int, list[list[int]]]:
    """Question number in the document's set → the answer numbers of the links made by
    pointing to another paper."""
    links = Link.objects.filter(
        question__question_set__documents=document,
        method=Link.Method.EXPLICIT,
        passage__document__identifiers__aanhangsel_number="849",
    ).order_by("question__number", "passage__order")
    found: dict[int, list[list[int]]] = {}
    for link in links:
        found.setdefault(link.question.number, []).append(link.passage.answer_numbers)
    return found


@pytest.mark.parametrize("referred_first", [False, True], ids=["referring-first", "referred-first"])
def test_the_question_is_linked_to_the_answer_its_answer_points_to(
    referred_first, client_for, policy_staff
):
    referring, referred = _both(REFERRING, referred_first)
    assert referred.identifiers == {"aanhangsel_number": "849", "session": "2016/17"}
    assert _referred_links(referring) == {1: [[3]]}
    question = Question.objects.get(question_set__documents=referring, number=1)
    link = Link.objects.get(question=question, passage__document=referred)
    assert (link.score, link.status) == (1.0, Link.Status.SUGGESTED)
    assert link.passage == referred.passages.get(answer_numbers=[3])
    assert link.evidence == {
        "answer_numbers": [3],
        "referred_from": 1,
        "referred_document": referred.pk,
        "reference": "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 849",
    }
    # The question's own answer stays linked as before.
    assert Link.objects.filter(
        question=question, method=Link.Method.EXPLICIT, passage__document=referring
    ).exists()

    page = client_for(policy_staff).get(
        reverse("question_detail", args=[question.question_set.url_key, 1])
    )
    html = page.content.decode()
    row = html[html.index(f'id="link-{link.pk}"') :].split("</article>")[0]
    assert (
        "Het document beantwoordt hier vraag 3. Het antwoord op vraag 1 verwijst hiernaar (" in row
    )
    assert (
        f'<a href="{reverse("documents:detail", args=[referred.pk])}">'
        "Aanhangsel Handelingen, vergaderjaar 2016–2017, nr. 849</a>)." in row
    )


@pytest.mark.parametrize("referred_first", [False, True], ids=["referring-first", "referred-first"])
def test_several_numbers_and_zie_ook_are_linked_and_uncertain_references_are_not(referred_first):
    """Answers 1 ("de antwoorden op de vragen 2 en 4") and 2 ("Zie ook …") name the paper by
    number and session; 3 names no session, 4 another session (no such paper here), 5 two
    papers (nrs. 849 en 850), 6 something beside the answer ("en de antwoorden op eerdere
    vragen"), 7 two references, 8 no question number: none of those is linked."""
    referring, _ = _both(REFERRING_IN_EVERY_WAY, referred_first)
    assert _referred_links(referring) == {1: [[2], [4]], 2: [[1]]}


def _explicit_links() -> list[tuple]:
    return list(
        Link.objects.filter(method=Link.Method.EXPLICIT)
        .order_by("pk")
        .values_list("pk", "question_id", "passage_id", "status", "evidence")
    )


def test_processing_either_document_again_adds_no_link_and_keeps_the_curators_rejection(
    curator, clerk
):
    referring, referred = _both(REFERRING, referred_first=False)
    question = Question.objects.get(question_set__documents=referring, number=1)
    link = Link.objects.get(question=question, passage__document=referred)
    link_reject(link=link, curator=curator)
    explicit_before = _explicit_links()
    for document in (referring, referred, referring):
        document_reprocess(document=document, by=clerk)
        assert document_ingest(document_id=document.pk, by=clerk).status == Document.Status.DONE
        assert _explicit_links() == explicit_before
    (kept,) = Link.objects.filter(question=question, passage__document=referred)
    assert (kept.pk, kept.status, kept.curated_by) == (link.pk, Link.Status.REJECTED, curator)
    assert [event.action for event in kept.events.order_by("pk")] == ["suggested", "rejected"]


def _document(kind: str, **fields) -> Document:
    return Document.objects.create(
        filename=f"{kind}.txt",
        sha256=uuid.uuid4().hex * 2,
        kind=kind,
        status=Document.Status.DONE,
        **fields,
    )


@pytest.mark.parametrize("direction", ["questions", "letter"])
def test_a_kamerstuk_named_by_dossier_and_number_is_followed_as_well(direction):
    """The referring answer linked again (its questions), or the Kamerstuk linked when it
    comes (the letter): the same link."""
    answers = _document(Document.Kind.ANSWERS)
    question_set = QuestionSet.objects.create(zaak_number="2099Z00001")
    answers.question_sets.add(question_set)
    question = Question.objects.create(
        question_set=question_set, document=answers, number=1, text="Hoe staat het ermee?"
    )
    text = "Zie het antwoord op vraag 2 in Kamerstuk 27 529, nr. 143."
    passage = Passage.objects.create(
        document=answers, order=0, text=text, role=Passage.Role.ANSWER, answer_numbers=[1]
    )
    Reference.objects.create(
        document=answers, passage=passage, kind=Reference.Kind.KAMERSTUK,
        text="Kamerstuk 27 529, nr. 143", dossier="27 529", numbers=[143],
    )  # fmt: skip
    letter = _document(
        Document.Kind.LETTER,
        identifiers={"kamerstuk_dossier": "27 529", "kamerstuk_number": "143"},
    )
    for number in (1, 2, 3):
        letter.passages.create(
            order=number,
            text=f"Het antwoord op vraag {number} luidt anders.",
            role=Passage.Role.ANSWER,
            answer_numbers=[number],
        )
    if direction == "questions":
        links_suggest_for_questions(Question.objects.filter(pk=question.pk))
    else:
        links_suggest_for_document(letter)
    (link,) = Link.objects.filter(question=question, passage__document=letter)
    assert (link.method, link.passage.answer_numbers) == (Link.Method.EXPLICIT, [2])
    assert link.evidence["reference"] == "Kamerstuk 27 529, nr. 143"
