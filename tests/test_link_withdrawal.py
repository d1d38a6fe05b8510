""" "Terugzetten" undoes a curator's decision. A link the machine suggested is its suggestion
again; one it never suggested (promoted from "Mogelijk ook relevant", added by hand) is
withdrawn, so that it no longer counts as the question's answer, and the history says so."""

import pytest
from django.urls import reverse

from documents.models import Passage
from kamervragen.curation import candidate_promote, link_add, link_reopen
from kamervragen.models import Link, LinkCandidate, LinkEvent
from kamervragen.selectors import unanswered_questions
from tests.test_link_candidate_promotion import candidate  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_undoing_a_promotion_makes_the_passage_a_candidate_again(candidate, curator):  # noqa: F811
    question, passage = candidate.question, candidate.passage
    link = candidate_promote(candidate=candidate, curator=curator)
    assert link_reopen(link=link, curator=curator) is None
    assert not Link.objects.exists()
    again = LinkCandidate.objects.get()
    assert (again.question, again.passage, again.probability) == (question, passage, 0.34)
    assert again.evidence == {"terms": ["douan", "scan", "container"]}
    events = LinkEvent.objects.order_by("pk")
    assert [(e.action, e.actor, e.question_ref, e.passage_ref) for e in events] == [
        (LinkEvent.Action.PROMOTED, curator, question.pk, passage.pk),
        (LinkEvent.Action.DEMOTED, curator, question.pk, passage.pk),
    ]
    assert question in unanswered_questions()


def test_undoing_a_link_added_by_hand_withdraws_it(candidate, curator):  # noqa: F811
    question = candidate.question
    passage = Passage.objects.create(
        document=candidate.passage.document, order=9, text="Andere passage.", page=3
    )
    link = link_add(question=question, passage=passage, curator=curator)
    assert link_reopen(link=link, curator=curator) is None
    assert not Link.objects.filter(passage=passage).exists()
    assert not LinkCandidate.objects.filter(passage=passage).exists()
    assert list(LinkEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        LinkEvent.Action.ADDED,
        LinkEvent.Action.WITHDRAWN,
    ]


def test_undoing_a_decision_on_a_machine_suggestion_reopens_it(candidate, curator):  # noqa: F811
    link = Link.objects.create(
        question=candidate.question, passage=candidate.passage, method="lexical", score=0.8
    )
    link.status = Link.Status.CONFIRMED
    link.save()
    reopened = link_reopen(link=link, curator=curator)
    assert reopened is not None and reopened.status == Link.Status.SUGGESTED


def test_the_curator_sees_the_withdrawal_on_the_row_and_in_the_history(
    candidate,  # noqa: F811
    client_for,
    curator,
):
    question = candidate.question
    link = candidate_promote(candidate=candidate, curator=curator)
    client = client_for(curator)
    response = client.post(
        reverse("link_curate", args=[link.pk, "reopen"]),
        {"version": link.version},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="link-{link.pk}"' in html and "Teruggezet naar ‘Mogelijk ook relevant’." in html
    assert response["HX-Trigger"]
    page = client.get(
        reverse("question_detail", args=[question.question_set.url_key, question.number])
    ).content.decode()
    history = page[page.index('id="question-history"') :]
    assert "Teruggezet naar ‘Mogelijk ook relevant’" in history
    assert f"passage={candidate.passage.pk}" in history


def test_without_javascript_the_withdrawal_redirects_with_a_message(candidate, client_for, curator):  # noqa: F811
    link = candidate_promote(candidate=candidate, curator=curator)
    response = client_for(curator).post(
        reverse("link_curate", args=[link.pk, "reopen"]), follow=True
    )
    assert "Teruggezet naar ‘Mogelijk ook relevant’." in response.content.decode()
