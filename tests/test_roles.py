import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.models import Link, LinkCandidate, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(db):
    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    return Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)


@pytest.mark.parametrize("name", ["dashboard", "question_set_list", "documents:upload"])
def test_anonymous_users_are_sent_to_log_in(anonymous, name):
    response = anonymous.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_users_cannot_curate(anonymous, link):
    response = anonymous.post(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED


def test_policy_staff_can_browse(client_for, policy_staff, link):
    client = client_for(policy_staff)
    for url in [
        reverse("dashboard"),
        reverse("question_set_list"),
        reverse("question_set_detail", args=[link.question.question_set_id]),
        reverse("documents:detail", args=[link.passage.document_id]),
    ]:
        assert client.get(url).status_code == 200, url


def test_policy_staff_cannot_upload(client_for, policy_staff):
    client = client_for(policy_staff)
    assert client.get(reverse("documents:upload")).status_code == 403
    assert (
        client.post(reverse("documents:upload"), headers={"HX-Request": "true"}).status_code == 403
    )


def test_policy_staff_cannot_curate(client_for, policy_staff, link):
    response = client_for(policy_staff).post(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED


def test_clerks_can_upload_but_not_curate(client_for, clerk, link):
    client = client_for(clerk)
    assert client.get(reverse("documents:upload")).status_code == 200
    response = client.post(reverse("link_curate", args=[link.pk, "reject"]))
    assert response.status_code == 403


def test_curators_confirm_a_link_and_the_row_is_rerendered(client_for, curator, link):
    response = client_for(curator).post(
        reverse("link_curate", args=[link.pk, "confirm"]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert f'id="link-{link.pk}"' in response.content.decode()
    link.refresh_from_db()
    assert link.status == Link.Status.CONFIRMED
    assert link.curated_by == curator
    assert [event.action for event in link.events.all()] == ["confirmed"]


def test_curation_rejects_unknown_actions(client_for, curator, link):
    response = client_for(curator).post(reverse("link_curate", args=[link.pk, "delete"]))
    assert response.status_code == 400


def test_curation_rejects_get(client_for, curator, link):
    response = client_for(curator).get(reverse("link_curate", args=[link.pk, "confirm"]))
    assert response.status_code == 405


@pytest.fixture
def candidate(link):
    passage = link.passage.document.passages.create(order=1, text="Ook over scanners.", page=1)
    return LinkCandidate.objects.create(question=link.question, passage=passage, probability=0.3)


def test_anonymous_users_cannot_promote_a_candidate(anonymous, candidate):
    response = anonymous.post(reverse("candidate_promote", args=[candidate.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert LinkCandidate.objects.filter(pk=candidate.pk).exists()


@pytest.mark.parametrize("persona", ["policy_staff", "clerk"])
def test_only_curators_promote_a_candidate(request, client_for, persona, candidate):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("candidate_promote", args=[candidate.pk])
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 403
    assert client.post(url).status_code == 403
    assert LinkCandidate.objects.filter(pk=candidate.pk).exists()
    assert not Link.objects.filter(passage=candidate.passage).exists()


def test_promoting_rejects_get(client_for, curator, candidate):
    response = client_for(curator).get(reverse("candidate_promote", args=[candidate.pk]))
    assert response.status_code == 405
