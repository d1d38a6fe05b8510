"""Two curators changing the same link at once: neither change is silently lost. The page
carries the link's version; a change made on a stale version changes nothing and says so."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from documents.models import Document
from kamervragen.curation import LinkConflict, link_set_status
from kamervragen.models import Link, LinkEvent, Question, QuestionSet
from kamervragen.roles import CURATORS
from tests.conftest import _user

CONFLICT = "Deze koppeling is intussen gewijzigd door {}; vernieuw de pagina."


@pytest.fixture
def link(db):
    document = Document.objects.create(filename="brief.pdf", sha256="0" * 64, kind="letter")
    passage = document.passages.create(order=0, text="De Douane gebruikt scanners.", page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    question = Question.objects.create(
        question_set=question_set, document=document, number=1, text="Gebruikt de Douane scanners?"
    )
    return Link.objects.create(question=question, passage=passage, method="lexical", score=0.5)


@pytest.fixture
def other_curator(db):
    return _user("tweede", CURATORS)


def _post(client, link, action, version, *, htmx=False):
    url = reverse("link_curate", args=[link.pk, action])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, {"version": str(version)}, headers=headers)


@pytest.mark.django_db
def test_the_row_carries_the_links_version(client_for, curator, link):
    url = reverse("question_set_detail", args=[link.question.question_set_id])
    page = client_for(curator).get(url)
    assert page.content.decode().count(f'name="version" value="{link.version}"') == 2


@pytest.mark.django_db
def test_a_change_on_a_stale_version_changes_nothing_and_says_who(
    client, curator, other_curator, link
):
    seen = link.version  # both curators have the page open
    client.force_login(other_curator)
    assert _post(client, link, "confirm", seen, htmx=True).status_code == 200

    client.force_login(curator)
    response = _post(client, link, "reject", seen, htmx=True)
    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT.format("tweede") in html
    assert f'id="link-{link.pk}"' in html and 'data-status="confirmed"' in html  # as it is now
    link.refresh_from_db()
    assert (link.status, link.curated_by, link.version) == ("confirmed", other_curator, seen + 1)
    assert [e.actor for e in LinkEvent.objects.filter(link=link)] == [other_curator]

    # Having reloaded, the curator's decision on the current version goes through.
    assert _post(client, link, "reject", link.version, htmx=True).status_code == 200
    link.refresh_from_db()
    assert (link.status, link.curated_by) == ("rejected", curator)


@pytest.mark.django_db
def test_without_htmx_the_conflict_is_a_message_on_the_page(client, curator, other_curator, link):
    client.force_login(other_curator)
    _post(client, link, "reject", link.version)
    client.force_login(curator)
    response = _post(client, link, "confirm", link.version)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert CONFLICT.format("tweede") in page
    link.refresh_from_db()
    assert (link.status, link.curated_by) == ("rejected", other_curator)


@pytest.mark.django_db
def test_a_malformed_version_is_refused(client_for, curator, link):
    response = _post(client_for(curator), link, "confirm", "drie")
    assert response.status_code == 400
    link.refresh_from_db()
    assert link.status == Link.Status.SUGGESTED


@pytest.mark.django_db
def test_version_zero_is_compared_like_any_other_version(client_for, curator, link):
    # A link's version starts at 1: a form saying 0 was made on no version of this link.
    assert link.version == 1
    response = _post(client_for(curator), link, "confirm", 0, htmx=True)
    assert response.status_code == 409
    link.refresh_from_db()
    assert (link.status, link.version) == (Link.Status.SUGGESTED, 1)


@pytest.mark.django_db
def test_a_post_without_a_version_is_not_checked(client_for, curator, link):
    url = reverse("link_curate", args=[link.pk, "confirm"])
    assert client_for(curator).post(url, headers={"HX-Request": "true"}).status_code == 200
    link.refresh_from_db()
    assert (link.status, link.version) == (Link.Status.CONFIRMED, 2)


@pytest.mark.django_db(transaction=True)
def test_two_curators_at_the_same_moment_one_wins_the_other_is_told(link):
    curators = [_user(f"curator{n}", CURATORS) for n in range(2)]
    assert Group.objects.filter(name=CURATORS).exists()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(curator, status):
        try:
            barrier.wait()
            link_set_status(link=link, curator=curator, status=status, version=1)
            outcomes.append(status)
        except LinkConflict as conflict:
            outcomes.append(conflict.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(curators[0], "confirmed")),
        threading.Thread(target=decide, args=(curators[1], "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    link.refresh_from_db()
    winner = link.curated_by.username
    assert sorted(outcomes, key=len) == [link.status, CONFLICT.format(winner)]
    assert link.version == 2
    assert LinkEvent.objects.filter(link=link).count() == 1
