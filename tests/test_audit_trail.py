"""The audit trail: every curation, document correction and change of a question or question
set is kept (django-pghistory snapshots and the links' `LinkEvent`s), with who made it, and
neither the UI nor the admin nor a plain UPDATE/DELETE can edit or remove it."""

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from documents.models import Document, DocumentSnapshot
from kamervragen.models import (
    Link,
    LinkEvent,
    LinkSnapshot,
    Question,
    QuestionSet,
    QuestionSetSnapshot,
    QuestionSnapshot,
)

pytestmark = pytest.mark.django_db

HISTORY_MODELS = [LinkEvent, LinkSnapshot, QuestionSnapshot, QuestionSetSnapshot, DocumentSnapshot]


@pytest.fixture
def link(db):
    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    return Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)


def _who(snapshot) -> int | None:
    return snapshot.pgh_context.metadata.get("user") if snapshot.pgh_context_id else None


def test_a_curation_in_the_web_is_kept_with_the_curator(client_for, curator, link):
    response = client_for(curator).post(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 302
    snapshot = LinkSnapshot.objects.filter(pgh_obj_id=link.pk).latest("pgh_id")
    assert (snapshot.pgh_label, snapshot.status, snapshot.curated_by_id) == (
        "update",
        "confirmed",
        curator.pk,
    )
    assert _who(snapshot) == curator.pk
    assert snapshot.pgh_context.metadata["url"] == reverse("link_curate", args=[link.pk, "confirm"])
    assert [(e.action, e.actor) for e in LinkEvent.objects.filter(link_ref=link.pk)] == [
        ("confirmed", curator)
    ]


def test_a_document_correction_is_kept_with_the_clerk(client_for, clerk):
    document = Document.objects.create(
        filename="brief.pdf", sha256="a" * 64, status=Document.Status.DONE, title="Oud"
    )
    response = client_for(clerk).post(
        reverse("documents:correct", args=[document.pk]),
        {"kind": "letter", "title": "Nieuwe titel", "date": "2024-05-01", "zaak": ""},
    )
    assert response.status_code == 302
    history = list(DocumentSnapshot.objects.filter(pgh_obj_id=document.pk).order_by("pgh_id"))
    assert [s.pgh_label for s in history][:2] == ["insert", "update"]
    corrected = history[1]
    assert (corrected.title, corrected.kind, corrected.kind_set_by_user) == (
        "Nieuwe titel",
        "letter",
        True,
    )
    assert corrected.overrides["title"] == "Nieuwe titel"
    assert _who(corrected) == clerk.pk
    assert _who(history[0]) is None  # created outside a request: the machine


def test_questions_and_question_sets_are_kept_through_change_and_deletion(link):
    question = link.question
    question_set = question.question_set
    question.text = "Gebruikt de Douane röntgenscanners?"
    question.save()
    question_set.title = "Scanners bij de Douane"
    question_set.save()
    set_pk = question_set.pk
    question_set.delete()  # its questions and their links go with it

    assert [
        (s.pgh_label, s.text) for s in QuestionSnapshot.objects.filter(pgh_obj_id=question.pk)
    ] == [
        ("insert", "Gebruikt de Douane scanners?"),
        ("update", "Gebruikt de Douane röntgenscanners?"),
        ("delete", "Gebruikt de Douane röntgenscanners?"),
    ]
    labels = QuestionSetSnapshot.objects.filter(pgh_obj_id=set_pk).values_list("pgh_label", "title")
    assert list(labels) == [
        ("insert", ""),
        ("update", "Scanners bij de Douane"),
        ("delete", "Scanners bij de Douane"),
    ]
    assert LinkSnapshot.objects.filter(pgh_obj_id=link.pk, pgh_label="delete").exists()


def test_rescoring_alone_adds_no_snapshot(link):
    before = LinkSnapshot.objects.count()
    link.score, link.evidence = 0.9, {"terms": ["scanners"]}
    link.save()
    assert LinkSnapshot.objects.count() == before


def test_deleting_a_link_in_the_admin_keeps_its_history(admin_client, admin_user, curator, link):
    from kamervragen.curation import link_reject

    link_reject(link=link, curator=curator)
    link_pk, question_pk, passage_pk = link.pk, link.question_id, link.passage_id
    url = reverse("admin:kamervragen_link_delete", args=[link_pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Link.objects.filter(pk=link_pk).exists()

    events = LinkEvent.objects.filter(link_ref=link_pk)
    assert [(e.link_id, e.question_ref, e.passage_ref, e.action, e.actor) for e in events] == [
        (None, question_pk, passage_pk, "rejected", curator)
    ]
    deleted = LinkSnapshot.objects.get(pgh_obj_id=link_pk, pgh_label="delete")
    assert (deleted.status, deleted.question_id, deleted.curated_by_id) == (
        "rejected",
        question_pk,
        curator.pk,
    )
    assert _who(deleted) == admin_user.pk
    assert deleted.pgh_context.metadata["url"] == url


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_the_admin_shows_history_but_offers_no_add_change_or_delete(admin_client, link, model):
    Link.objects.filter(pk=link.pk).update(status="confirmed")  # a snapshot row to look at
    from kamervragen.curation import link_confirm

    link_confirm(link=link, curator=None)
    row = model.objects.first()
    assert row is not None
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = admin_client.get(reverse(f"{info}_changelist"))
    assert changelist.status_code == 200
    assert reverse(f"{info}_add") not in changelist.content.decode()
    assert admin_client.get(reverse(f"{info}_add")).status_code == 403
    assert admin_client.post(reverse(f"{info}_add"), {}).status_code == 403
    change = reverse(f"{info}_change", args=[row.pk])
    page = admin_client.get(change)
    assert page.status_code == 200  # view only
    assert 'name="_save"' not in page.content.decode()
    assert admin_client.post(change, {}).status_code == 403
    delete = reverse(f"{info}_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    action = admin_client.post(
        reverse(f"{info}_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert action.status_code == 200  # no such action: the list again, nothing deleted
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda m: m.__name__)
def test_the_database_refuses_to_edit_or_delete_history(link, model):
    from kamervragen.curation import link_confirm

    link_confirm(link=link, curator=None)
    Document.objects.filter(pk=link.passage.document_id).update(title="Gewijzigd")
    row = model.objects.first()
    edit = {"note": "weggepoetst"} if model is LinkEvent else {"pgh_label": "weggepoetst"}
    for attempt in (
        lambda: model.objects.filter(pk=row.pk).delete(),
        lambda: model.objects.filter(pk=row.pk).update(**edit),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert model.objects.filter(pk=row.pk).exists()
