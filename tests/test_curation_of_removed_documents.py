"""A curator's page outlives what it shows: a clerk deletes the document, or has it processed
again, between the page's loading and the curator's button. Each curation then says in Dutch
what happened and changes nothing: never a 500, never a half-written link."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.curation import CurationGone, link_add, link_confirm, link_reopen
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.ingestion.reprocess import NotDiscardable, document_discard
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question, QuestionSet, SetDocument
from tests.test_document_deletion import (
    CONFIRMED,
    REPLY_LETTER,
    REPLY_QUESTIONS,
    _document,
    _wait_until_someone_waits_on_a_lock,
)
from tests.test_reprocessing import _edit_structure, _reprocess

HTMX = {"HX-Request": "true"}
LINK_GONE = "Deze koppeling bestaat niet meer"
PASSAGE_GONE = "Deze passage bestaat niet meer"
QUESTION_GONE = "Deze vraag bestaat niet meer"
CANDIDATE_GONE = "Deze mogelijke koppeling is intussen al verwerkt"


@pytest.fixture
def page(db):
    """A set's question document and a letter answering it: a suggested link from question 1
    to the letter's first passage, a candidate of question 2 on its second."""
    questions = _document("vragen.txt", Document.Kind.QUESTIONS)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786", title="Scanners")
    SetDocument.objects.create(document=questions, question_set=question_set)
    first, second = (
        Question.objects.create(
            question_set=question_set, document=questions, number=n, text=f"Vraag {n}?"
        )
        for n in (1, 2)
    )
    letter = _document("brief.txt", Document.Kind.LETTER, date=datetime.date(2023, 7, 1))
    passages = [
        Passage.objects.create(document=letter, order=n, text=f"Antwoord {n}.") for n in (0, 1)
    ]
    question_set.reply_letters.add(letter)
    question_set_status_refresh([question_set.pk])
    link = Link.objects.create(question=first, passage=passages[0], method="lexical", score=0.6)
    LinkEvent.objects.create(link=link, action=LinkEvent.Action.SUGGESTED, to_status="suggested")
    candidate = LinkCandidate.objects.create(question=second, passage=passages[1], probability=0.2)
    return {
        "set": question_set,
        "questions": questions,
        "letter": letter,
        "passages": passages,
        "link": link,
        "candidate": candidate,
        "first": first,
        "second": second,
    }


def _curator_opens_then_clerk_deletes(client_for, curator, clerk, page, *documents):
    """The curator's page is loaded; then the clerk deletes the documents (in this order)."""
    url = reverse("question_set_detail", args=[page["set"].pk])
    assert client_for(curator).get(url).status_code == 200
    clerk_client = client_for(clerk)
    for document in documents:
        deleted = clerk_client.post(reverse("documents:discard", args=[document.pk]), CONFIRMED)
        assert deleted.status_code == 302
        assert not Document.objects.filter(pk=document.pk).exists()
    return client_for(curator)


def _nothing_written(curator):
    assert not Link.objects.filter(curated_by=curator).exists()
    assert not LinkEvent.objects.filter(actor=curator).exists()


def _messages(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["confirm", "reject", "reopen"])
def test_curating_a_link_whose_document_was_deleted_says_so_in_its_row(
    client_for, curator, clerk, page, action
):
    link = page["link"]
    client = _curator_opens_then_clerk_deletes(client_for, curator, clerk, page, page["letter"])
    url = reverse("link_curate", args=[link.pk, action])
    response = client.post(url, {"version": link.version}, headers=HTMX)
    assert response.status_code == 409  # swapped in, as a conflict is (static/js/app.js)
    html = response.content.decode()
    assert f'id="link-{link.pk}"' in html and 'role="alert"' in html
    assert LINK_GONE in html and "verwijderd of opnieuw verwerkt" in html
    _nothing_written(curator)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["confirm", "reject", "reopen"])
def test_without_htmx_the_question_page_says_the_link_is_gone(
    client_for, curator, clerk, page, action
):
    link = page["link"]
    client = _curator_opens_then_clerk_deletes(client_for, curator, clerk, page, page["letter"])
    response = client.post(reverse("link_curate", args=[link.pk, action]), follow=True)
    url = reverse("question_set_detail", args=[page["set"].pk])
    assert response.redirect_chain[-1][0] == f"{url}#vraag-1"
    assert LINK_GONE in response.content.decode()
    _nothing_written(curator)


@pytest.mark.django_db
def test_a_link_that_never_was_is_still_not_found(client_for, curator, page):
    response = client_for(curator).post(reverse("link_curate", args=[999999, "confirm"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_adding_a_passage_of_a_deleted_document_says_so_and_links_nothing(
    client_for, curator, clerk, page
):
    question, passage = page["second"], page["passages"][1]
    search = reverse("link_search", args=[question.pk])
    shown = client_for(curator).get(search, {"q": "Antwoord"}).content.decode()
    assert f'name="passage" value="{passage.pk}"' in shown
    client = _curator_opens_then_clerk_deletes(client_for, curator, clerk, page, page["letter"])
    url = reverse("link_create", args=[question.pk])
    response = client.post(url, {"passage": passage.pk}, headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert f'id="links-{question.pk}"' in html and PASSAGE_GONE in html
    assert "Nog geen document beantwoordt deze vraag." in html  # the links as they are now

    response = client.post(url, {"passage": passage.pk}, follow=True)
    assert PASSAGE_GONE in response.content.decode()
    set_url = reverse("question_set_detail", args=[page["set"].pk])
    assert response.redirect_chain[-1][0] == f"{set_url}#vraag-2"
    _nothing_written(curator)


@pytest.mark.django_db
def test_promoting_a_candidate_of_a_deleted_document_says_so(client_for, curator, clerk, page):
    candidate, question = page["candidate"], page["second"]
    client = _curator_opens_then_clerk_deletes(client_for, curator, clerk, page, page["letter"])
    url = reverse("candidate_promote", args=[candidate.pk])
    response = client.post(url, {"question": question.pk}, headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert f'id="links-{question.pk}"' in html
    assert CANDIDATE_GONE in html and "verwijderd met haar document" in html
    _nothing_written(curator)


@pytest.mark.django_db
def test_curating_questions_whose_document_was_deleted_says_so(client_for, curator, clerk, page):
    """The letter and then the questions themselves: the set went with them."""
    client = _curator_opens_then_clerk_deletes(
        client_for, curator, clerk, page, page["letter"], page["questions"]
    )
    assert not QuestionSet.objects.filter(pk=page["set"].pk).exists()
    second, candidate = page["second"], page["candidate"]
    posts = [
        (reverse("link_create", args=[second.pk]), {"passage": page["passages"][1].pk}),
        (reverse("candidate_promote", args=[candidate.pk]), {"question": second.pk}),
    ]
    for url, data in posts:
        response = client.post(url, data, headers=HTMX)
        assert response.status_code == 409
        html = response.content.decode()
        assert f'id="links-{second.pk}"' in html and QUESTION_GONE in html
        response = client.post(url, data, follow=True)
        assert response.redirect_chain[-1][0] == reverse("question_set_list")
        assert QUESTION_GONE in response.content.decode()
    response = client.post(reverse("link_curate", args=[page["link"].pk, "confirm"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("question_set_list")
    assert LINK_GONE in response.content.decode()
    _nothing_written(curator)


@pytest.mark.django_db
def test_curating_on_a_passage_that_reprocessing_replaced_says_so(
    client_for, curator, clerk, monkeypatch
):
    """Through the real ingestion: the letter is processed again with its first answer
    reworded, so that passage and the machine's links on it are replaced."""
    call_command("ingest", str(REPLY_QUESTIONS), str(REPLY_LETTER), sync=True)
    letter = Document.objects.get(filename__contains="brief")
    link = Link.objects.filter(passage__document=letter, status="suggested").order_by("pk").first()
    assert link is not None
    old_passage, question = link.passage, link.question
    client = client_for(curator)
    page_url = reverse("question_set_detail", args=[question.question_set_id])
    assert client.get(page_url).status_code == 200

    def reword(structure):
        item = next(p for p in structure.passages if p.text == old_passage.text)
        item.text = item.text.replace(".", ";", 1) + " Dit is aangevuld."

    _edit_structure(monkeypatch, reword)
    assert _reprocess(letter, clerk).status == Document.Status.DONE
    assert not Passage.objects.filter(pk=old_passage.pk).exists()

    response = client.post(
        reverse("link_curate", args=[link.pk, "confirm"]), {"version": 1}, headers=HTMX
    )
    assert response.status_code == 409 and LINK_GONE in response.content.decode()
    response = client.post(
        reverse("link_create", args=[question.pk]), {"passage": old_passage.pk}, headers=HTMX
    )
    assert response.status_code == 409 and PASSAGE_GONE in response.content.decode()
    _nothing_written(curator)


# Two requests at once: the one that waits sees what the other committed. ---------------


def _in_thread(work):
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["result"] = work()
        except Exception as error:  # noqa: BLE001 - the test compares what came out
            outcome["result"] = type(error).__name__
        finally:
            connection.close()

    return threading.Thread(target=run), outcome


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("curate", ["confirm", "add"])
def test_a_curation_waiting_on_a_deletion_finds_its_link_gone(page, curator, clerk, curate):
    """Before: the confirmation's lock came back empty (DoesNotExist), the added link failed
    its passage's foreign key at commit (IntegrityError): a 500 either way."""

    def work():
        if curate == "confirm":
            link_confirm(link=page["link"], curator=curator)
        else:
            link_add(question=page["second"], passage=page["passages"][1], curator=curator)

    thread, outcome = _in_thread(work)
    try:
        with transaction.atomic():
            document_discard(document=page["letter"], by=clerk)
            thread.start()
            _wait_until_someone_waits_on_a_lock()
    finally:
        thread.join(timeout=30)
    assert outcome == {"result": "CurationGone"}
    assert not Document.objects.filter(pk=page["letter"].pk).exists()
    _nothing_written(curator)


@pytest.mark.django_db(transaction=True)
def test_a_deletion_waiting_on_a_curator_who_adds_a_link_keeps_the_document(page, curator, clerk):
    """Before: the deletion did not wait, and the curator's new link failed at commit."""
    thread, outcome = _in_thread(lambda: document_discard(document=page["letter"], by=clerk))
    try:
        with transaction.atomic():
            added = link_add(question=page["second"], passage=page["passages"][1], curator=curator)
            thread.start()
            _wait_until_someone_waits_on_a_lock()
    finally:
        thread.join(timeout=30)
    assert outcome == {"result": NotDiscardable.__name__}
    assert Link.objects.get(pk=added.pk).status == Link.Status.CONFIRMED
    assert Document.objects.filter(pk=page["letter"].pk).exists()


@pytest.mark.django_db
def test_undoing_a_link_that_is_gone_raises_curation_gone(page, curator):
    link = page["link"]
    Link.objects.filter(pk=link.pk).delete()
    with pytest.raises(CurationGone):
        link_reopen(link=link, curator=curator)
