"""A wrong upload, processed or not, is deleted with what was made of it, after a
confirmation; never over a curator's decision, and never leaving a set without its questions
while other documents still belong to it or answer it. Statuses follow, and the deletion is in
the history."""

import datetime
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from documents.models import Document, DocumentSnapshot, Footnote, Passage, Reference
from kamervragen.curation import (
    candidate_promote,
    link_add,
    link_confirm,
    link_reject,
    link_reopen,
)
from kamervragen.ingestion.question_sets import question_set_status_refresh
from kamervragen.models import (
    Link,
    LinkCandidate,
    LinkEvent,
    LinkSnapshot,
    Question,
    QuestionSet,
    QuestionSetSnapshot,
    QuestionSnapshot,
    SetDocument,
)
from tests.conftest import FIXTURES

CONFIRMED = {"bevestigd": "ja"}
REPLY_QUESTIONS = FIXTURES / "linking" / "2016Z22257-vragen.txt"
REPLY_LETTER = FIXTURES / "linking" / "2016Z22257-brief.txt"  # declares it answers that set


def _document(name: str, kind: str, **fields) -> Document:
    document = Document.objects.create(
        filename=name,
        sha256=name.encode().hex().ljust(64, "0")[:64],
        kind=kind,
        status=Document.Status.DONE,
        **fields,
    )
    document.file.save(name, ContentFile(name.encode()))
    return document


@pytest.fixture
def world(db):
    """A question document with its set and two questions, and a letter that answers the set:
    a suggested link from question 1 to its first passage, a candidate for question 2."""
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
    footnote = Footnote.objects.create(
        document=letter, order=0, marker="1", text="Kamerstuk 31 934.", passage=passages[0]
    )
    Reference.objects.create(document=letter, footnote=footnote, kind="kamerstuk", text="31 934")
    question_set.reply_letters.add(letter)
    question_set_status_refresh([question_set.pk])
    question_set.refresh_from_db()
    link = Link.objects.create(question=first, passage=passages[0], method="lexical", score=0.6)
    LinkEvent.objects.create(link=link, action=LinkEvent.Action.SUGGESTED, to_status="suggested")
    candidate = LinkCandidate.objects.create(question=second, passage=passages[1], probability=0.2)
    return {
        "questions": questions,
        "set": question_set,
        "letter": letter,
        "passages": passages,
        "link": link,
        "candidate": candidate,
        "first": first,
        "second": second,
    }


def _delete(client, document, data=CONFIRMED):
    return client.post(reverse("documents:discard", args=[document.pk]), data, follow=True)


@pytest.mark.django_db
def test_a_clerk_deletes_a_processed_letter_after_confirming_and_its_set_is_open_again(
    client_for, clerk, world, django_capture_on_commit_callbacks
):
    letter, question_set, link = world["letter"], world["set"], world["link"]
    assert question_set.answered
    stored = letter.file.name
    client = client_for(clerk)
    page = client.get(reverse("documents:detail", args=[letter.pk])).content.decode()
    assert reverse("documents:discard", args=[letter.pk]) in page
    confirm = client.get(reverse("documents:discard", args=[letter.pk]))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "2 passages, 1 voetnoot" in html
    assert "2 koppelingen die het systeem voorstelde" in html  # the link and the candidate
    assert "Definitief verwijderen" in html and 'name="bevestigd" value="ja"' in html
    assert Document.objects.filter(pk=letter.pk).exists()  # looking deletes nothing

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once committed
        response = _delete(client, letter)
    assert response.redirect_chain[-1][0] == reverse("documents:list")
    assert "‘brief.txt’ is verwijderd." in response.content.decode()
    assert not Document.objects.filter(pk=letter.pk).exists()
    assert not default_storage.exists(stored)
    assert not Passage.objects.filter(document_id=letter.pk).exists()
    assert not Footnote.objects.filter(document_id=letter.pk).exists()
    assert not Reference.objects.filter(document_id=letter.pk).exists()
    assert not Link.objects.filter(pk=link.pk).exists()
    assert not LinkCandidate.objects.exists()
    question_set.refresh_from_db()
    assert list(question_set.reply_letters.all()) == []
    assert (question_set.answered, question_set.answered_on) == (False, None)
    assert Question.objects.filter(question_set=question_set).count() == 2  # not its questions


@pytest.mark.django_db
def test_the_deletion_is_in_the_history_with_the_clerk(client_for, clerk, world):
    letter, link = world["letter"], world["link"]
    _delete(client_for(clerk), letter)
    deleted = DocumentSnapshot.objects.get(pgh_obj_id=letter.pk, pgh_label="delete")
    assert deleted.filename == "brief.txt"
    assert deleted.pgh_context.metadata["user"] == clerk.pk
    assert deleted.pgh_context.metadata["url"] == reverse("documents:discard", args=[letter.pk])
    assert LinkSnapshot.objects.filter(pgh_obj_id=link.pk, pgh_label="delete").exists()
    # The link's own story stays, naming the link and passage it was about.
    assert [(e.link_id, e.link_ref, e.passage_ref) for e in LinkEvent.objects.all()] == [
        (None, link.pk, world["passages"][0].pk)
    ]


def _confirmed(world, curator):
    return link_confirm(link=world["link"], curator=curator)


def _rejected(world, curator):
    return link_reject(link=world["link"], curator=curator)


def _added(world, curator):
    return link_add(question=world["second"], passage=world["passages"][1], curator=curator)


def _promoted(world, curator):
    return candidate_promote(candidate=world["candidate"], curator=curator)


@pytest.mark.django_db
@pytest.mark.parametrize("decide", [_confirmed, _rejected, _added, _promoted])
def test_a_curators_decision_keeps_the_document_until_a_curator_undoes_it(
    client_for, clerk, curator, world, decide
):
    letter = world["letter"]
    decided = decide(world, curator)
    client = client_for(clerk)
    response = client.post(reverse("documents:discard", args=[letter.pk]), CONFIRMED)
    assert response.status_code == 409
    html = response.content.decode()
    assert "een curator heeft 1 koppeling beoordeeld" in html
    assert "2023Z11786 vraag" in html and "Terugzetten" in html and "beheerder" in html
    assert "Definitief verwijderen" not in html
    assert Document.objects.filter(pk=letter.pk).exists()
    assert Link.objects.filter(pk=decided.pk).exists()
    assert (
        "Terugzetten" in client.get(reverse("documents:discard", args=[letter.pk])).content.decode()
    )

    link_reopen(link=Link.objects.get(pk=decided.pk), curator=curator)  # the curator undoes it
    response = _delete(client, letter)
    assert "‘brief.txt’ is verwijderd." in response.content.decode()
    assert not Document.objects.filter(pk=letter.pk).exists()
    # Undoing and deleting leave the curator's story in the history.
    assert LinkEvent.objects.filter(actor=curator).count() == 2


@pytest.mark.django_db
def test_a_decision_on_a_link_of_its_questions_keeps_a_question_document(
    client_for, clerk, curator, world
):
    """The link is on another document's passage, but on this document's question."""
    link_confirm(link=world["link"], curator=curator)
    response = client_for(clerk).post(
        reverse("documents:discard", args=[world["questions"].pk]), CONFIRMED
    )
    assert response.status_code == 409
    assert Question.objects.filter(pk=world["first"].pk).exists()


@pytest.mark.django_db
def test_a_question_document_is_not_deleted_while_another_document_answers_its_set(
    client_for, clerk, world
):
    """Its questions are the set's only ones: the letter would answer a set without any."""
    questions, question_set = world["questions"], world["set"]
    client = client_for(clerk)
    response = client.post(reverse("documents:discard", args=[questions.pk]), CONFIRMED)
    assert response.status_code == 409
    html = response.content.decode()
    assert "de vragen van vragenset 2023Z11786 komen alleen hieruit" in html
    assert "‘brief.txt’" in html and "Upload eerst het juiste vragendocument" in html
    assert Question.objects.filter(question_set=question_set).count() == 2

    _delete(client, world["letter"])  # the letter was wrong too: it goes first
    response = _delete(client, questions)
    assert "‘vragen.txt’ is verwijderd." in response.content.decode()
    # The set came from this document alone: it goes with it, in the history too.
    assert not QuestionSet.objects.filter(pk=question_set.pk).exists()
    assert QuestionSetSnapshot.objects.filter(pgh_obj_id=question_set.pk, pgh_label="delete")
    assert QuestionSnapshot.objects.filter(pgh_label="delete").count() == 2


@pytest.mark.django_db
def test_the_confirmation_names_the_set_that_goes_with_its_only_document(client_for, clerk, world):
    world["set"].reply_letters.clear()
    html = client_for(clerk).get(reverse("documents:discard", args=[world["questions"].pk]))
    assert "vragenset 2023Z11786: die komt alleen uit dit document" in html.content.decode()


@pytest.mark.django_db
def test_a_second_copy_of_the_questions_says_to_process_the_first_again(client_for, clerk, world):
    """A copy processed later took the questions over (`questions_store`): deleting it
    would leave the first copy in a set without questions."""
    copy = _document("vragen-kopie.pdf", Document.Kind.QUESTIONS)
    world["set"].reply_letters.clear()
    Question.objects.filter(question_set=world["set"]).update(document=copy)
    SetDocument.objects.create(document=copy, question_set=world["set"])
    response = client_for(clerk).post(reverse("documents:discard", args=[copy.pk]), CONFIRMED)
    assert response.status_code == 409
    assert "Verwerk eerst ‘vragen.txt’ opnieuw" in response.content.decode()

    Question.objects.filter(question_set=world["set"]).update(document=world["questions"])
    assert "is verwijderd" in _delete(client_for(clerk), copy).content.decode()
    assert Question.objects.filter(question_set=world["set"]).count() == 2


@pytest.mark.django_db
def test_a_document_answering_a_set_in_a_run_leaves_its_run_answers(client_for, clerk, world):
    """A collected answer belongs to its own set and answers another in a run."""
    collected = _document("antwoorden.txt", Document.Kind.ANSWERS, date=datetime.date(2023, 8, 1))
    own = QuestionSet.objects.create(zaak_number="2023Z22222")
    SetDocument.objects.create(document=collected, question_set=own)
    Question.objects.create(question_set=own, document=collected, number=1, text="Vraag?")
    other = world["set"]
    other.reply_letters.clear()
    other.run_answers.add(collected)
    question_set_status_refresh([other.pk, own.pk])
    other.refresh_from_db()
    assert other.answered

    _delete(client_for(clerk), collected)
    other.refresh_from_db()
    assert list(other.run_answers.all()) == []
    assert (other.answered, other.answered_on) == (False, None)
    assert not QuestionSet.objects.filter(pk=own.pk).exists()  # from this document alone


@pytest.mark.django_db
def test_a_notice_leaves_its_set_and_the_set_is_no_longer_postponed(client_for, clerk, world):
    notice = _document("uitstel.txt", Document.Kind.NOTICE)
    SetDocument.objects.create(document=notice, question_set=world["set"])
    question_set_status_refresh([world["set"].pk])
    world["set"].refresh_from_db()
    assert world["set"].postponed
    _delete(client_for(clerk), notice)
    world["set"].refresh_from_db()
    assert not world["set"].postponed
    assert QuestionSet.objects.filter(pk=world["set"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Document.Status.QUEUED, Document.Status.PROCESSING])
def test_a_document_being_processed_is_not_deleted(client_for, clerk, world, status):
    Document.objects.filter(pk=world["letter"].pk).update(status=status)
    client = client_for(clerk)
    page = client.get(reverse("documents:detail", args=[world["letter"].pk])).content.decode()
    assert reverse("documents:discard", args=[world["letter"].pk]) not in page
    response = client.post(reverse("documents:discard", args=[world["letter"].pk]), CONFIRMED)
    assert response.status_code == 409
    assert "wordt nog verwerkt" in response.content.decode()
    assert Document.objects.filter(pk=world["letter"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"bevestigd": "nee"}, {"bevestigd": ["ja", "nee"]}])
def test_a_post_without_the_confirmation_only_asks_again(client_for, clerk, world, data):
    response = client_for(clerk).post(reverse("documents:discard", args=[world["letter"].pk]), data)
    assert response.status_code == 400
    assert "Definitief verwijderen" in response.content.decode()
    assert Document.objects.filter(pk=world["letter"].pk).exists()


@pytest.mark.django_db
def test_deleting_twice_says_it_is_gone_and_an_unknown_document_is_not_found(
    client_for, clerk, world
):
    client = client_for(clerk)
    letter = world["letter"]
    _delete(client, letter)
    for response in (
        _delete(client, letter),
        client.get(reverse("documents:discard", args=[letter.pk]), follow=True),
    ):
        assert response.redirect_chain[-1][0] == reverse("documents:list")
        assert "Dit document is al verwijderd." in response.content.decode()
    assert client.get(reverse("documents:discard", args=[999999])).status_code == 404
    assert client.post(reverse("documents:discard", args=[999999]), CONFIRMED).status_code == 404
    big = reverse("documents:discard", args=[2**70])
    assert client.get(big).status_code == 404
    assert client.post(big, CONFIRMED).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_deletion_that_waited_on_another_finds_the_document_gone(clerk, world):
    """Two clerks press at once: the second waits on the first's row lock, then is told the
    document is gone (not a 500)."""
    from kamervragen.ingestion.reprocess import DocumentGone, document_discard

    letter = world["letter"]
    outcome = {}

    def second() -> None:
        try:
            document_discard(document=letter, by=clerk)
            outcome["result"] = "deleted"
        except DocumentGone:
            outcome["result"] = "gone"
        finally:
            connection.close()

    thread = threading.Thread(target=second)
    try:
        with transaction.atomic():
            Document.objects.select_for_update().get(pk=letter.pk)
            thread.start()
            _wait_until_someone_waits_on_a_lock()
            document_discard(document=letter, by=clerk)
    finally:
        thread.join(timeout=30)
    assert outcome == {"result": "gone"}
    assert not Document.objects.filter(pk=letter.pk).exists()


def _wait_until_someone_waits_on_a_lock(timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # pg_locks, not pg_stat_activity: that is read once per transaction.
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second deletion never waited on the lock")


@pytest.mark.django_db(transaction=True)
def test_deleting_an_ingested_reply_letter_reopens_its_set(client_for, clerk):
    """End to end, through the real ingestion: the letter's links and reply go, the set is
    open again; processing the letter again is what would bring it back."""
    call_command("ingest", str(REPLY_QUESTIONS), str(REPLY_LETTER), sync=True)
    question_set = QuestionSet.objects.get(zaak_number="2016Z22257")
    letter = Document.objects.get(filename__contains="brief")
    assert question_set.answered and list(question_set.reply_letters.all()) == [letter]
    stored = letter.file.name
    response = _delete(client_for(clerk), letter)
    assert "is verwijderd" in response.content.decode()
    question_set.refresh_from_db()
    assert (question_set.answered, list(question_set.reply_letters.all())) == (False, [])
    assert not Link.objects.filter(passage__document_id=letter.pk).exists()
    assert not default_storage.exists(stored)
    assert question_set.questions.exists()


@pytest.mark.django_db
def test_a_refused_deletion_weighs_the_document_once(
    client_for, clerk, curator, world, monkeypatch
):
    """The refusal shown is the one the deletion found, not a second look."""
    from kamervragen import document_views
    from kamervragen.ingestion import reprocess

    link_confirm(link=world["link"], curator=curator)
    plans = []

    def counted(*, document):
        plans.append(document.pk)
        return original(document=document)

    original = reprocess.document_discard_plan
    monkeypatch.setattr(reprocess, "document_discard_plan", counted)
    monkeypatch.setattr(document_views, "document_discard_plan", counted)
    response = _delete(client_for(clerk), world["letter"])
    assert response.status_code == 409
    assert "een curator heeft 1 koppeling beoordeeld" in response.content.decode()
    assert plans == [world["letter"].pk]
