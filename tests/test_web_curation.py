"""Curation in the browser's absence: adding a link by searching passages, the review queue."""

import re

import pytest
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    letter = Document.objects.create(
        filename="brief.pdf", sha256="a" * 64, kind="letter", status="done"
    )
    for order, text in enumerate(
        [
            "De Douane gebruikt scanners van verschillende leveranciers.",
            "Het kabinet investeert in dijken.",
            "Scanners worden jaarlijks gekeurd.",
        ]
    ):
        letter.passages.create(order=order, text=text, page=1)
    question_set = QuestionSet.objects.create(zaak_number="2023Z11786")
    return Question.objects.create(
        question_set=question_set, document=letter, number=1, text="Welke scanners?"
    )


def test_curators_search_passages_for_a_question(client_for, curator, question):
    response = client_for(curator).get(
        reverse("link_search", args=[question.pk]), {"q": "scanner"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div id="passage-results-{question.pk}"')
    assert html.count('class="candidate"') == 2
    assert "<mark>scanners</mark>" in html or "<mark>Scanners</mark>" in html
    assert "dijken" not in html


def test_without_htmx_the_search_is_a_whole_page(client_for, curator, question):
    response = client_for(curator).get(reverse("link_search", args=[question.pk]), {"q": "dijk"})
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_adding_a_link_renders_the_answers_with_it_and_is_audited(client_for, curator, question):
    passage = Passage.objects.get(order=2)
    response = client_for(curator).post(
        reverse("link_create", args=[question.pk]),
        {"passage": passage.pk},
        headers={"HX-Request": "true"},
    )
    link = Link.objects.get(question=question, passage=passage)
    html = response.content.decode()
    # The question's answer list, re-rendered: the new link in it, no "no answer yet".
    assert html.startswith(f'<div id="links-{question.pk}"') and f'id="link-{link.pk}"' in html
    assert html.count("<article") == 1
    assert (link.status, link.method, link.curated_by) == ("confirmed", "manual", curator)
    assert list(link.events.values_list("action", "actor")) == [("added", curator.pk)]


def test_the_link_a_curator_added_is_marked_to_take_the_keyboard_focus(
    client_for, curator, question
):
    """The "Koppelen" button goes with its search result: the response names the element
    the focus goes to (static/js/app.js), the new link and only it, whatever other request
    the page has under way."""
    suggested = Link.objects.create(
        question=question, passage=Passage.objects.get(order=0), method="lexical", score=0.6
    )
    client = client_for(curator)
    response = client.post(
        reverse("link_create", args=[question.pk]),
        {"passage": Passage.objects.get(order=2).pk},
        headers={"HX-Request": "true"},
    )
    added = Link.objects.get(question=question, passage__order=2)
    html = response.content.decode()
    assert html.count("data-focus-after-swap") == 1
    assert re.search(rf'<article [^>]*id="link-{added.pk}"[^>]* data-focus-after-swap', html)
    # A link's own buttons re-render its row, which keeps the focus itself; a reload marks none.
    row = client.post(
        reverse("link_curate", args=[suggested.pk, "confirm"]), headers={"HX-Request": "true"}
    )
    url = reverse("question_detail", args=[question.question_set.url_key, question.number])
    assert "data-focus-after-swap" not in row.content.decode()
    assert "data-focus-after-swap" not in client.get(url).content.decode()


def _links_area(html: str, question) -> str:
    """The question's links as the page shows them (#links-N), without its search form."""
    start = html.index(f'<div id="links-{question.pk}"')
    return _unmasked(html[start : html.find('<details class="add-link"', start)])


def _unmasked(html: str) -> str:
    # Every rendering masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html).strip()


def test_adding_a_link_after_a_rejection_shows_the_links_as_a_reload_does(
    client_for, curator, question
):
    """A curator rejected a link on the question's page, then added one: the answer list
    came back without the rejected link (rejected links were outside #links-N) until a
    reload. The added link's response now holds what a reload shows in that place, on the
    question's page and on the search page (link_search.html) alike."""
    rejected_passage, candidate_passage, added_passage = Passage.objects.order_by("order")
    rejected = Link.objects.create(
        question=question, passage=rejected_passage, method="lexical", score=0.6
    )
    LinkCandidate.objects.create(question=question, passage=candidate_passage, probability=0.2)
    LinkCandidate.objects.create(question=question, passage=added_passage, probability=0.1)
    client = client_for(curator)
    htmx = {"HX-Request": "true"}
    client.post(reverse("link_curate", args=[rejected.pk, "reject"]), headers=htmx)
    response = client.post(
        reverse("link_create", args=[question.pk]), {"passage": added_passage.pk}, headers=htmx
    )
    fragment = response.content.decode()
    added = Link.objects.get(question=question, passage=added_passage)
    assert f'id="rejected-{question.pk}"' in fragment
    assert f'id="link-{rejected.pk}"' in fragment[fragment.index(f'id="rejected-{question.pk}"') :]
    assert f'id="link-{added.pk}"' in fragment
    assert "Mogelijk ook relevant (1)" in fragment  # the added passage is no candidate now
    url = reverse("question_detail", args=[question.question_set.url_key, question.number])
    reloaded = _links_area(client.get(url).content.decode(), question)
    # But for the mark that gives the added link the keyboard focus.
    assert _unmasked(fragment).replace(" data-focus-after-swap", "") == reloaded
    # Both places the form is on swap the fragment into #links-N.
    for page in (
        client.get(url).content.decode(),
        client.get(reverse("link_search", args=[question.pk]), {"q": "scanner"}).content.decode(),
    ):
        assert f'hx-target="#links-{question.pk}"' in page
        assert page.count(f'id="links-{question.pk}"') == 1


def test_already_linked_passages_are_marked_in_the_search(client_for, curator, question):
    passage = Passage.objects.get(order=0)
    Link.objects.create(question=question, passage=passage, method="lexical", score=0.4)
    html = client_for(curator).get(
        reverse("link_search", args=[question.pk]), {"q": "scanner"}, headers={"HX-Request": "true"}
    )
    assert html.content.decode().count("Al gekoppeld") == 1


def test_without_htmx_curation_redirects_back_to_the_question(client_for, curator, question):
    passage = Passage.objects.get(order=0)
    link = Link.objects.create(question=question, passage=passage, method="lexical", score=0.4)
    response = client_for(curator).post(reverse("link_curate", args=[link.pk, "reject"]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/vragen/{question.question_set_id}/#vraag-1")


def test_reopening_a_link_is_audited(client_for, curator, question):
    passage = Passage.objects.get(order=0)
    link = Link.objects.create(question=question, passage=passage, method="lexical", score=0.4)
    client = client_for(curator)
    client.post(reverse("link_curate", args=[link.pk, "reject"]), headers={"HX-Request": "true"})
    client.post(reverse("link_curate", args=[link.pk, "reopen"]), headers={"HX-Request": "true"})
    assert list(link.events.values_list("action", flat=True)) == ["rejected", "reopened"]


@pytest.mark.parametrize("persona", ["policy_staff", "clerk"])
def test_only_curators_add_links(request, client_for, persona, question):
    client = client_for(request.getfixturevalue(persona))
    passage = Passage.objects.get(order=0)
    assert client.get(reverse("link_search", args=[question.pk])).status_code == 403
    response = client.post(reverse("link_create", args=[question.pk]), {"passage": passage.pk})
    assert response.status_code == 403
    assert client.get(reverse("review_queue")).status_code == 403
    assert not LinkEvent.objects.exists()


def test_the_review_queue_shows_suggestions_best_first(
    client_for, curator, question, django_assert_max_num_queries
):
    low, high, done = (
        Link.objects.create(question=question, passage=passage, method="lexical", score=score)
        for passage, score in zip(Passage.objects.order_by("order"), [0.2, 0.8, 0.9], strict=True)
    )
    done.status = Link.Status.CONFIRMED
    done.save()
    client = client_for(curator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review_queue"))
    assert [link.pk for link in response.context["links"]] == [high.pk, low.pk]
    html = response.content.decode()
    assert html.index(f'id="link-{high.pk}"') < html.index(f'id="link-{low.pk}"')
    assert "data-review" in html and "js/review.js" in html


def test_the_question_pages_history_follows_a_curation_made_on_it(client_for, curator, question):
    """A curation on the question's page swaps its link rows; the page's "Geschiedenis" used
    to stay as loaded ("Nog geen wijzigingen." under a link just added) until a reload. Each
    curation's response now announces it (HX-Trigger), and the history fetches itself anew."""
    client = client_for(curator)
    url = reverse("question_detail", args=[question.question_set.url_key, question.number])
    html = client.get(url).content.decode()
    section = html[html.index('<section class="question-history"') :]
    section = section[: section.index(">")]
    assert 'id="question-history"' in section and f'hx-get="{url}"' in section
    assert 'hx-trigger="links-changed from:body"' in section
    assert 'hx-select="#question-history"' in section and 'hx-swap="outerHTML"' in section
    htmx = {"HX-Request": "true"}
    passage = Passage.objects.get(order=2)
    response = client.post(
        reverse("link_create", args=[question.pk]), {"passage": passage.pk}, headers=htmx
    )
    assert response["HX-Trigger"] == "links-changed"
    link = Link.objects.get(question=question, passage=passage)
    response = client.post(reverse("link_curate", args=[link.pk, "reject"]), headers=htmx)
    assert response["HX-Trigger"] == "links-changed"
    html = client.get(url).content.decode()
    assert "Afgewezen" in html[html.index('id="question-history"') :]


def test_the_passage_search_leaves_out_documents_of_questions(client_for, curator, question):
    """Searching 'röntgencamera' for a question of 2023Z11786 offered first the opening of
    its own questions document ('Vragen van de leden … over het bericht …'): a question
    document asks, it never answers, and 'Koppelen' on it made a nonsense link."""
    questions = Document.objects.create(
        filename="vragen.pdf", sha256="q" * 64, kind="questions", status="done"
    )
    questions.passages.create(order=0, text="Vragen van het lid Jansen over scanners.", page=1)
    response = client_for(curator).get(
        reverse("link_search", args=[question.pk]), {"q": "scanner"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.count('class="candidate"') == 2
    assert "Jansen" not in html


def test_a_filter_that_finds_no_suggestions_does_not_say_the_queue_is_empty(
    client_for, curator, question
):
    """Filtered on a zaak number without suggestions, the queue said 'Er zijn geen
    voorgestelde koppelingen meer.', as if every suggestion had been reviewed."""
    Link.objects.create(
        question=question, passage=Passage.objects.first(), method="lexical", score=0.5
    )
    client = client_for(curator)
    html = client.get(reverse("review_queue"), {"q": "2024Z99999"}).content.decode()
    assert "geen voorgestelde koppelingen meer" not in html
    assert "Geen voorgestelde koppelingen voor ‘2024Z99999’." in html
    assert f'href="{reverse("review_queue")}">Alle voorstellen tonen</a>' in html
    empty = client.get(reverse("review_queue")).content.decode()
    assert "Geen voorgestelde koppelingen voor" not in empty
    hostile = client.get(reverse("review_queue"), {"q": "<b>x</b>"}).content.decode()
    assert "‘&lt;b&gt;x&lt;/b&gt;’" in hostile
