""" "Mogelijk ook relevant": a curator promotes a candidate to a confirmed link in one action;
the machine never undoes it, and candidates stay apart from links in the export."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import Document, Passage
from kamervragen.curation import candidate_promote
from kamervragen.export import export_all
from kamervragen.linking import links_suggest_for_document, links_suggest_for_questions
from kamervragen.linking.store import candidates_replace
from kamervragen.models import Link, LinkCandidate, LinkEvent, Question, QuestionSet
from tests.conftest import SEED_LETTER_PDF, SEED_QUESTIONS_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate():
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Scanners")
    questions_doc = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    question = Question.objects.create(
        question_set=question_set,
        document=questions_doc,
        number=2,
        text="Hoeveel containers scant de Douane in Rotterdam?",
    )
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    passage = letter.passages.create(
        order=3, heading="Scannen", text="De Douane scant jaarlijks duizenden containers.", page=2
    )
    return LinkCandidate.objects.create(
        question=question,
        passage=passage,
        probability=0.34,
        evidence={"terms": ["douan", "scan", "container"]},
    )


def test_promoting_makes_one_confirmed_link_records_it_and_drops_the_candidate(candidate, curator):
    link = candidate_promote(candidate=candidate, curator=curator)
    assert (link.question_id, link.passage_id) == (candidate.question_id, candidate.passage_id)
    assert (link.status, link.method, link.curated_by) == (
        Link.Status.CONFIRMED,
        Link.Method.LEXICAL,
        curator,
    )
    assert link.score == 0.34
    assert link.evidence == {"terms": ["douan", "scan", "container"], "probability": 0.34}
    assert [(e.action, e.actor, e.to_status) for e in link.events.all()] == [
        (LinkEvent.Action.PROMOTED, curator, Link.Status.CONFIRMED)
    ]
    assert not LinkCandidate.objects.exists()


def test_promoting_twice_gives_one_link_and_one_event(candidate, curator):
    first = candidate_promote(candidate=candidate, curator=curator)
    second = candidate_promote(candidate=candidate, curator=curator)
    assert first.pk == second.pk
    assert Link.objects.count() == 1
    assert LinkEvent.objects.count() == 1


def test_promoting_a_candidate_the_machine_also_suggested_confirms_that_suggestion(
    candidate, curator
):
    suggestion = Link.objects.create(
        question=candidate.question, passage=candidate.passage, method="lexical", score=0.5
    )
    link = candidate_promote(candidate=candidate, curator=curator)
    assert link.pk == suggestion.pk
    assert (link.status, link.score) == (Link.Status.CONFIRMED, 0.5)
    assert [e.action for e in link.events.all()] == [LinkEvent.Action.CONFIRMED]
    assert not LinkCandidate.objects.exists()


def test_a_candidate_gone_without_a_link_cannot_be_promoted(candidate, curator):
    LinkCandidate.objects.all().delete()
    with pytest.raises(LinkCandidate.DoesNotExist):
        candidate_promote(candidate=candidate, curator=curator)
    assert not Link.objects.exists()


def test_relinking_leaves_a_promoted_link_alone(curator, suggesting_model):
    call_command("ingest", str(SEED_QUESTIONS_PDF), str(SEED_LETTER_PDF), sync=True)
    # A pair the machine suggests, made a candidate instead: relinking would suggest it again.
    machine = Link.objects.filter(method=Link.Method.LEXICAL).order_by("-score", "pk").first()
    question, passage = machine.question, machine.passage
    machine.delete()
    candidate = LinkCandidate.objects.create(
        question=question, passage=passage, probability=0.3, evidence={"terms": ["scanner"]}
    )
    promoted = candidate_promote(candidate=candidate, curator=curator)

    links_suggest_for_questions(Question.objects.filter(pk=question.pk))
    links_suggest_for_document(passage.document)
    candidates_replace(
        [question.pk],
        Passage.objects.filter(document=passage.document),
        [LinkCandidate(question=question, passage=passage, probability=0.2)],
    )

    link = Link.objects.get(question=question, passage=passage)
    assert link.pk == promoted.pk
    assert (link.status, link.method, link.score, link.evidence, link.curated_by) == (
        Link.Status.CONFIRMED,
        Link.Method.LEXICAL,
        0.3,
        {"terms": ["scanner"], "probability": 0.3},
        curator,
    )
    assert [e.action for e in link.events.all()] == [LinkEvent.Action.PROMOTED]
    assert not LinkCandidate.objects.filter(question=question, passage=passage).exists()


def test_adding_a_candidate_passage_by_hand_drops_the_candidate(candidate, client_for, curator):
    response = client_for(curator).post(
        reverse("link_create", args=[candidate.question_id]),
        {"passage": candidate.passage_id},
    )
    assert response.status_code == 302
    assert Link.objects.get().method == Link.Method.MANUAL
    assert not LinkCandidate.objects.exists()


def _set_page(client, candidate) -> str:
    url = reverse("question_set_detail", args=[candidate.question.question_set_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_set_page_lists_candidates_collapsed_with_their_probability(
    candidate, client_for, policy_staff
):
    html = _set_page(client_for(policy_staff), candidate)
    block = html[html.index(f'id="candidates-{candidate.question_id}"') :]
    block = block[: block.index("</details>")]
    assert "Mogelijk ook relevant (1)" in block
    assert " open" not in block.split(">")[0]  # collapsed
    assert 'title="Geschatte kans dat deze passage de vraag beantwoordt">kans 34%' in block
    # The stems as the passage and its heading spell them, every one marked.
    assert (
        "Gedeelde woorden, gemarkeerd in de passage: <mark>Douane</mark>, <mark>containers</mark>"
        in block
    )
    assert "De <mark>Douane</mark> scant jaarlijks duizenden <mark>containers</mark>." in block
    assert "Koppelen" not in block  # policy staff cannot promote


def test_the_set_page_shows_at_most_a_handful_of_candidates_best_first(
    candidate, client_for, curator
):
    letter = candidate.passage.document
    for order in range(10):
        LinkCandidate.objects.create(
            question=candidate.question,
            passage=letter.passages.create(order=10 + order, text=f"Alinea {order}."),
            probability=0.01 * order,
        )
    html = _set_page(client_for(curator), candidate)
    assert "Mogelijk ook relevant (5)" in html
    shown = [
        pk
        for pk in LinkCandidate.objects.values_list("pk", flat=True)
        if f'id="candidate-{pk}"' in html
    ]
    best = LinkCandidate.objects.order_by("-probability", "pk").values_list("pk", flat=True)[:5]
    assert sorted(shown) == sorted(best)
    assert html.index(f'id="candidate-{candidate.pk}"') < html.index(f'id="candidate-{best[1]}"')


def test_candidates_of_several_documents_keep_the_best_document_first(
    candidate, client_for, curator
):
    """`rank` is a place among the question's candidates in one document: ordered by it
    alone, every unrelated document's first (1%, nothing shared) came before the letter's
    third, which fell out of the five shown."""
    letter = candidate.passage.document
    second, third = (
        LinkCandidate.objects.create(
            question=candidate.question,
            passage=letter.passages.create(order=order, text=f"Alinea {order}."),
            probability=probability,
            rank=rank,
        )
        for order, probability, rank in ((4, 0.05, 2), (5, 0.2, 3))
    )
    others = []
    for number, probability in enumerate((0.01, 0.03, 0.02, 0.015)):
        document = Document.objects.create(
            filename=f"o{number}.pdf", sha256=f"{number}" * 64, kind="answers"
        )
        others.append(
            LinkCandidate.objects.create(
                question=candidate.question,
                passage=document.passages.create(order=1, text="Vragen van de leden."),
                probability=probability,
                rank=1,
            )
        )
    html = _set_page(client_for(curator), candidate)
    shown = sorted(
        (html.index(f'id="candidate-{c.pk}"'), c.pk)
        for c in LinkCandidate.objects.all()
        if f'id="candidate-{c.pk}"' in html
    )
    assert [pk for _, pk in shown] == [
        candidate.pk,
        second.pk,  # the letter's own fused order (rank), not its probabilities
        third.pk,
        others[1].pk,
        others[2].pk,
    ]
    # The help says so, and no longer names the veto on common words (gone with the
    # retrained model: the model decides).
    assert "het document met de waarschijnlijkste passage eerst" in html
    assert "veelvoorkomende woorden" not in html


def test_a_curator_promotes_with_htmx_and_gets_the_question_links_back(
    candidate, client_for, curator
):
    response = client_for(curator).post(
        reverse("candidate_promote", args=[candidate.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    link = Link.objects.get()
    assert html.startswith(f'<div id="links-{candidate.question_id}" class="links">')
    assert f'id="link-{link.pk}"' in html
    assert f'id="candidate-{candidate.pk}"' not in html
    assert "kans 34%" in html
    # The button went with its candidate: the new link takes the keyboard focus (app.js).
    assert re.search(rf'<article [^>]*id="link-{link.pk}"[^>]* data-focus-after-swap', html)
    assert html.count("data-focus-after-swap") == 1


def test_without_javascript_promoting_redirects_back_to_the_question(
    candidate, client_for, curator
):
    response = client_for(curator).post(reverse("candidate_promote", args=[candidate.pk]))
    url = reverse("question_set_detail", args=[candidate.question.question_set_id])
    assert response.status_code == 302
    assert response["Location"] == f"{url}#vraag-2"
    assert Link.objects.get().status == Link.Status.CONFIRMED


def test_a_candidate_promoted_already_is_not_found(candidate, client_for, curator):
    client = client_for(curator)
    url = reverse("candidate_promote", args=[candidate.pk])
    client.post(url)
    assert client.post(url).status_code == 404
    assert Link.objects.count() == 1


def test_a_candidate_promoted_meanwhile_shows_the_question_s_links_as_they_are_now(
    candidate, client_for, curator, django_user_model
):
    """Two curators on the same page: the second one's "Koppelen" got a 404 that htmx does
    not show, so the click did nothing visible and the page kept the candidate."""
    other = django_user_model.objects.create_user(username="curator2")
    link = candidate_promote(candidate=candidate, curator=other)

    response = client_for(curator).post(
        reverse("candidate_promote", args=[candidate.pk]),
        {"question": candidate.question_id},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 409  # swapped in as a conflict (static/js/app.js)
    html = response.content.decode()
    assert html.startswith(f'<div id="links-{candidate.question_id}" class="links">')
    assert "intussen al verwerkt" in html
    assert f'id="link-{link.pk}"' in html and "door curator2" in html
    assert f'id="candidate-{candidate.pk}"' not in html
    assert list(Link.objects.values_list("curated_by__username", flat=True)) == ["curator2"]


def test_without_javascript_a_candidate_gone_meanwhile_says_so_on_the_question(
    candidate, client_for, curator
):
    candidate_promote(candidate=candidate, curator=curator)
    client = client_for(curator)
    response = client.post(
        reverse("candidate_promote", args=[candidate.pk]), {"question": candidate.question_id}
    )
    url = reverse("question_set_detail", args=[candidate.question.question_set_id])
    assert (response.status_code, response["Location"]) == (302, f"{url}#vraag-2")
    assert "intussen al verwerkt" in client.get(response["Location"]).content.decode()


def test_the_export_lists_candidates_apart_from_links(candidate, curator):
    exported = export_all()
    assert exported["links"] == []
    assert exported["candidates"] == [
        {
            "id": candidate.pk,
            "question_id": candidate.question_id,
            "passage_id": candidate.passage_id,
            "probability": 0.34,
            "rank": 1,
            "evidence": {"terms": ["douan", "scan", "container"]},
        }
    ]
    link = candidate_promote(candidate=candidate, curator=curator)
    exported = export_all()
    assert exported["candidates"] == []
    assert [(item["id"], item["status"]) for item in exported["links"]] == [(link.pk, "confirmed")]


def test_the_set_json_lists_each_questions_candidates(candidate, client_for, policy_staff):
    url = reverse("question_set_export", args=[candidate.question.question_set_id, "json"])
    question = client_for(policy_staff).get(url).json()["questions"][0]
    assert question["links"] == []
    assert [(c["passage_id"], c["probability"], c["terms"]) for c in question["candidates"]] == [
        (candidate.passage_id, 0.34, ["douan", "scan", "container"])
    ]
