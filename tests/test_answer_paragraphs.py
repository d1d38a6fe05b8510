"""An answer of several paragraphs reads in its paragraphs on the question, set and
document pages, with the evidence words still marked; its stored text (what search,
linking and the exports read) stays one line."""

import json
import re

import pytest
from django.db import connection
from django.urls import reverse

from documents.models import Document, Passage
from documents.services import document_create
from documents.structure import paragraphs_of
from kamervragen.evidence import excerpt, excerpt_paragraphs
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import document_reprocess
from kamervragen.models import Link, QuestionSet
from tests.test_answer_documents import answer_document, question_document

pytestmark = pytest.mark.django_db

FIRST = "De voorbereidende werkzaamheden voor de centrale opslag gaan door."
SECOND = "Het biometrisch paspoort blijft zoals het is; de Kamer krijgt een brief."
THIRD = "Over de opslag van vingerafdrukken besluit het kabinet na de zomer."
ANSWERS = (
    "Antwoord op vragen 1 en 2\nIk heb kennis genomen van de genoemde publicatie.\n\n"
    f"Antwoord op vraag 3\n{FIRST}\n\n{SECOND}\n\n{THIRD}"
)


def _ingest(name: str, data: bytes) -> Document:
    document = document_create(filename=name, data=data).document
    return document_ingest(document_id=document.pk)


@pytest.fixture
def answer(db) -> Passage:
    assert _ingest("vragen.txt", question_document()).status == "done"
    assert _ingest("antwoord.txt", answer_document(ANSWERS)).status == "done"
    return Passage.objects.get(role="answer", answer_numbers=[3])


def _blockquotes(html: str) -> list[str]:
    return re.findall(r'<blockquote class="link-text">(.*?)</blockquote>', html, re.DOTALL)


def test_the_answer_is_stored_as_one_line_with_its_paragraph_starts(answer):
    assert answer.text == f"{FIRST} {SECOND} {THIRD}"
    assert answer.paragraph_starts == [len(FIRST) + 1, len(FIRST) + len(SECOND) + 2]
    assert answer.paragraphs == [FIRST, SECOND, THIRD]


def test_the_question_page_shows_the_answer_in_its_paragraphs(answer, policy_staff, client_for):
    question_set = QuestionSet.objects.get()
    html = (
        client_for(policy_staff)
        .get(reverse("question_detail", args=[question_set.url_key, 3]))
        .content.decode()
    )
    assert f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>" in _blockquotes(html)


def test_the_set_page_shows_the_answer_in_its_paragraphs(answer, policy_staff, client_for):
    html = (
        client_for(policy_staff)
        .get(reverse("question_set_detail", args=[QuestionSet.objects.get().pk]))
        .content.decode()
    )
    assert f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>" in _blockquotes(html)


def test_the_document_page_shows_the_answer_in_its_paragraphs(answer, policy_staff, client_for):
    html = (
        client_for(policy_staff)
        .get(reverse("documents:detail", args=[answer.document_id]))
        .content.decode()
    )
    shown = re.search(
        rf'<div id="passage-{answer.pk}" class="passage passage-answer">(.*?)</div>', html
    )
    assert shown is not None
    paragraphs = re.findall(r"<p>(.*?)</p>", shown.group(1))
    assert [re.sub(r"<span.*", "", p).strip() for p in paragraphs] == [FIRST, SECOND, THIRD]
    # one paragraph reads as before, a <p> of its own
    assert re.search(r'<p id="passage-\d+" class="passage passage-answer">Ik heb kennis', html)


def test_the_evidence_words_are_marked_in_the_paragraph_that_holds_them(
    answer, policy_staff, client_for
):
    question = QuestionSet.objects.get().questions.get(number=2)
    Link.objects.create(
        question=question,
        passage=answer,
        method=Link.Method.LEXICAL,
        score=0.9,
        status=Link.Status.SUGGESTED,
        evidence={"terms": ["paspoort", "kamer"]},
    )
    html = (
        client_for(policy_staff)
        .get(reverse("question_detail", args=[question.question_set.url_key, 2]))
        .content.decode()
    )
    marked = SECOND.replace("paspoort", "<mark>paspoort</mark>").replace(
        "Kamer", "<mark>Kamer</mark>"
    )
    assert f"<p>{FIRST}</p><p>{marked}</p><p>{THIRD}</p>" in _blockquotes(html)


def test_the_export_keeps_the_text_as_one_line(answer, policy_staff, client_for):
    question_set = QuestionSet.objects.get()
    response = client_for(policy_staff).get(
        reverse("question_set_export", args=[question_set.pk, "json"])
    )
    texts = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert json.dumps(f"{FIRST} {SECOND} {THIRD}", ensure_ascii=False) in texts


def test_a_document_stored_before_gets_its_paragraphs_when_reprocessed(answer, clerk):
    Passage.objects.filter(pk=answer.pk).update(paragraph_starts=[])  # as stored before
    document = answer.document
    document_reprocess(document=document, by=clerk)
    assert document_ingest(document_id=document.pk, by=clerk).status == "done"
    answer.refresh_from_db()  # the same row, its links kept
    assert answer.paragraphs == [FIRST, SECOND, THIRD]


def test_an_excerpt_keeps_the_paragraphs_of_the_words_it_shows():
    first = " ".join(f"woord{n}" for n in range(50)) + "."
    second = " ".join(f"term{n}" for n in range(50)) + "."
    third = "Het laatste stuk."
    text = f"{first} {second} {third}"
    starts = [len(first) + 1, len(first) + len(second) + 2]
    shown = excerpt_paragraphs(text, {"term10"}, starts)
    assert shown == [first, f"{second} …"]
    assert " ".join(shown) == excerpt(text, {"term10"})


def test_an_offset_that_is_no_word_start_is_no_paragraph_break():
    assert paragraphs_of("Een twee. Drie vier.", [3, 10, 99]) == ["Een twee.", "Drie vier."]
    assert paragraphs_of("Een twee.", []) == ["Een twee."]


def test_the_one_line_excerpt_is_its_paragraphs_joined():
    """`attach` cuts the text once: the line the page shows for a single paragraph is the
    paragraphs' words, whatever the whitespace of the stored text (an admin's edit)."""
    from types import SimpleNamespace

    from kamervragen.evidence import Spelled, attach

    sentences = [" ".join(f"woord{n}" for n in range(k, k + 20)) + "." for k in range(0, 200, 20)]
    one_line = " ".join(sentences)
    second = len(sentences[0]) + 1
    for text, starts in [
        (one_line, []),
        (one_line, [second]),
        (sentences[0] + "\n" + " ".join(sentences[1:]), []),
    ]:
        item = SimpleNamespace()
        attach(item, Spelled(), text, starts)
        assert item.excerpt == " ".join(item.excerpt_paragraphs)
        assert item.excerpt.endswith("woord79. …")
    assert len(item.excerpt_paragraphs) == 1  # no offsets: the line break is no paragraph


def test_a_passage_written_without_its_paragraph_starts_is_one_paragraph():
    """A row written by COPY or a raw insert that names no such column (the linking benchmark
    failed with a not-null violation when the column came): the database's default fills it."""
    document = Document.objects.create(filename="brief.txt", sha256="c" * 64, kind="letter")
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {Passage._meta.db_table} (document_id, "order", heading, text, role, '
            "answer_numbers, refers_to_numbers, lemmas, sentence_starts, is_further_answer, "
            "superseded, answer_run) VALUES (%s, 0, '', 'Een antwoord.', 'body', '{}', '{}', "
            "'', '{}', false, false, 0)",
            [document.pk],
        )
    written = Passage.objects.get(document=document)
    assert written.paragraph_starts == []
    assert written.paragraphs == ["Een antwoord."]
