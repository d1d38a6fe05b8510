"""Processing a document again keeps every link a curator decided on, with its history."""

import dataclasses

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, Footnote, Passage
from kamervragen.curation import link_add, link_confirm, link_reject
from kamervragen.ingestion import recipe
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.ingestion.reprocess import NotFinished, document_reprocess
from kamervragen.linking import DEFAULT, links_suggest_for_questions
from kamervragen.models import Link, LinkEvent, Question, QuestionSet
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def curated(curator):
    """The seed documents with one confirmed, one rejected and one added link."""
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    # Threshold 0, three a question: every candidate is a suggestion, enough of them to curate.
    links_suggest_for_questions(
        Question.objects.all(),
        config=dataclasses.replace(DEFAULT, threshold=0.0, suggestions_per_question=3),
    )
    question_set = QuestionSet.objects.get(zaak_number="2023Z11786")
    first, second = Link.objects.filter(
        question__question_set=question_set, question__number=10, passage__isnull=False
    ).order_by("-score", "pk")[:2]
    first = link_confirm(link=first, curator=curator)
    second = link_reject(link=second, curator=curator)
    question = question_set.questions.get(number=7)
    linked = Link.objects.filter(question=question).values("passage")
    passage = Passage.objects.filter(document__kind="letter").exclude(pk__in=linked).last()
    added = link_add(question=question, passage=passage, curator=curator)
    source = Link.objects.filter(method=Link.Method.SOURCE).order_by("pk").first()
    source = link_confirm(link=source, curator=curator)
    return [first, second, added, source]


def _snapshot(links):
    rows = Link.objects.filter(pk__in=[link.pk for link in links]).order_by("pk")
    return [
        (
            link.pk,
            link.question_id,
            link.passage_id,
            link.footnote_id,
            link.status,
            link.method,
            link.curated_by_id,
            link.curated_at,
            [(e.action, e.actor_id, e.created_at) for e in link.events.order_by("pk")],
        )
        for link in rows
    ]


def _reprocess(document, by):
    document_reprocess(document=document, by=by)
    return document_ingest(document_id=document.pk, by=by)


def test_reprocessing_both_documents_leaves_curated_links_and_their_history_alone(curated, clerk):
    before = _snapshot(curated)
    passages_before = set(Passage.objects.values_list("pk", flat=True))
    for document in Document.objects.order_by("pk"):
        assert _reprocess(document, clerk).status == Document.Status.DONE
    assert _snapshot(curated) == before
    assert set(Passage.objects.values_list("pk", flat=True)) == passages_before
    assert not Passage.objects.filter(superseded=True).exists()
    assert Question.objects.count() == 13


def _edit_structure(monkeypatch, edit):
    original = recipe.structure_document

    def structure_then_edit(data, *, kind=None):
        structure = original(data, kind=kind)
        edit(structure)
        return structure

    monkeypatch.setattr(recipe, "structure_document", structure_then_edit)


def test_a_reworded_passage_takes_its_curated_links_along(curated, clerk, monkeypatch):
    confirmed = curated[0]
    old_passage = confirmed.passage
    letter = old_passage.document

    def reword(structure):
        item = next(p for p in structure.passages if p.text == old_passage.text)
        item.text = item.text.replace(".", ";", 1) + " Dit is aangevuld."

    _edit_structure(monkeypatch, reword)
    _reprocess(letter, clerk)

    confirmed.refresh_from_db()
    assert confirmed.passage_id != old_passage.pk
    assert confirmed.passage.text.endswith("Dit is aangevuld.")
    assert (confirmed.status, confirmed.curated_by_id) == ("confirmed", curated[0].curated_by_id)
    assert list(confirmed.events.values_list("action", "actor")) == [
        ("suggested", None),
        ("confirmed", confirmed.curated_by_id),
        ("moved", clerk.pk),
    ]
    assert not Passage.objects.filter(pk=old_passage.pk).exists()


def test_a_passage_that_disappears_is_kept_for_its_curated_links(curated, clerk, monkeypatch):
    rejected, added = curated[1], curated[2]
    gone = {rejected.passage.text, added.passage.text}
    letter = rejected.passage.document
    machine_only = (
        Passage.objects.filter(document=letter, links__isnull=False)
        .exclude(links__curated_by__isnull=False)
        .exclude(text__in=gone)
        .first()
    )
    gone.add(machine_only.text)

    def drop(structure):
        kept = [p for p in structure.passages if p.text not in gone]
        structure.passages = [dataclasses.replace(p, order=i) for i, p in enumerate(kept)]

    _edit_structure(monkeypatch, drop)
    assert _reprocess(letter, clerk).status == Document.Status.DONE

    for link in (rejected, added):
        old_status = link.status
        link.refresh_from_db()
        assert link.status == old_status
        assert link.passage.superseded
        assert link.events.last().action == LinkEvent.Action.KEPT
    assert not Passage.objects.filter(pk=machine_only.pk).exists()
    superseded = Passage.objects.filter(document=letter, superseded=True)
    assert superseded.count() == 2
    assert all(p.search_vector is None and p.answer_numbers == [] for p in superseded)
    reading_order = list(letter.passages.filter(superseded=False).values_list("order", flat=True))
    assert max(reading_order) < min(superseded.values_list("order", flat=True))

    # A second run records the loss once, not again.
    _reprocess(letter, clerk)
    assert rejected.events.filter(action=LinkEvent.Action.KEPT).count() == 1


def test_a_changed_footnote_takes_its_confirmed_source_link_along(curated, clerk, monkeypatch):
    source = curated[3]
    old_footnote = source.footnote
    questions = old_footnote.document

    def change(structure):
        note = next(n for n in structure.footnotes if n.marker == old_footnote.marker)
        note.text += " (geraadpleegd)"

    _edit_structure(monkeypatch, change)
    _reprocess(questions, clerk)
    source.refresh_from_db()
    assert source.footnote_id != old_footnote.pk
    assert source.footnote.text.endswith("(geraadpleegd)")
    assert list(source.footnote.questions.all()) == [source.question]
    assert source.status == Link.Status.CONFIRMED
    assert not Footnote.objects.filter(pk=old_footnote.pk).exists()


def test_a_document_still_in_the_queue_cannot_be_queued_again(clerk):
    document = Document.objects.create(filename="x.txt", sha256="x" * 64)
    with pytest.raises(NotFinished):
        document_reprocess(document=document, by=clerk)


def test_the_document_page_lists_superseded_passages_apart(curated, clerk, monkeypatch, client):
    rejected = curated[1]
    letter = rejected.passage.document
    gone = rejected.passage.text
    _edit_structure(
        monkeypatch, lambda s: setattr(s, "passages", [p for p in s.passages if p.text != gone])
    )
    _reprocess(letter, clerk)
    client.force_login(clerk)
    html = client.get(reverse("documents:detail", args=[letter.pk])).content.decode()
    assert "Vervallen passages" in html
    assert html.index(f'id="passage-{rejected.passage_id}"') > html.index("Vervallen passages")
