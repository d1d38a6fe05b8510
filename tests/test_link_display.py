"""Links shown for what they are: answers only under the answers, explicit first; rejected
links for curators only; footnotes as sources, not answers; certain links not in the review
queue; evidence as the passage spells it; the CSV with words, not stems."""

import csv
import io

import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.curation import link_reject
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    document = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Havens")
    return Question.objects.create(
        question_set=question_set,
        document=document,
        number=1,
        text="Wat heeft de haven dit jaar gedaan aan de taken van de Douane?",
    )


@pytest.fixture
def letter(db):
    return Document.objects.create(
        filename="b.pdf", sha256="b" * 64, kind="answers", status="done", title="Antwoorden"
    )


def _link(question, passage, method, score, status=Link.Status.SUGGESTED, **evidence):
    return Link.objects.create(
        question=question,
        passage=passage,
        method=method,
        score=score,
        status=status,
        evidence=evidence,
    )


def _answers(html: str, question) -> str:
    start = html.index(f'id="links-{question.pk}"')
    ends = [html.find(end, start) for end in ("<details", "</main>")]
    return html[start : min(end for end in ends if end > 0)]


@pytest.fixture
def links(question, letter, curator):
    lexical = _link(
        question,
        letter.passages.create(order=1, text="De haven groeit."),
        Link.Method.LEXICAL,
        0.9,
        terms=["hav"],
    )
    explicit = _link(
        question,
        letter.passages.create(order=2, text="Antwoord 1: de haven deed veel."),
        Link.Method.EXPLICIT,
        1.0,
        answer_numbers=[1],
    )
    rejected = _link(
        question,
        letter.passages.create(order=3, text="Over dijken."),
        Link.Method.LEXICAL,
        0.95,
        terms=["dijk"],
    )
    link_reject(link=rejected, curator=curator)
    footnote = question.document.footnotes.create(order=1, marker="1", text="Bron: NOS")
    question.footnotes.add(footnote)
    source = Link.objects.create(
        question=question, footnote=footnote, method=Link.Method.SOURCE, score=1.0
    )
    return {"lexical": lexical, "explicit": explicit, "rejected": rejected, "source": source}


def test_answers_are_confirmed_and_suggested_links_explicit_first(
    client_for, policy_staff, question, links
):
    html = (
        client_for(policy_staff)
        .get(reverse("question_set_detail", args=[question.question_set_id]))
        .content.decode()
    )
    answers = _answers(html, question)
    assert answers.index(f'id="link-{links["explicit"].pk}"') < answers.index(
        f'id="link-{links["lexical"].pk}"'
    )
    assert f'id="link-{links["rejected"].pk}"' not in html  # not for policy staff at all
    assert "Afgewezen" not in html
    # The footnote is a source: under "Bronnen", not again as an answer.
    assert f'id="link-{links["source"].pk}"' not in html
    assert html.count("Bron: NOS") == 1


def test_curators_see_rejected_links_apart(client_for, curator, question, links):
    html = (
        client_for(curator)
        .get(reverse("question_set_detail", args=[question.question_set_id]))
        .content.decode()
    )
    assert f'id="link-{links["rejected"].pk}"' not in _answers(html, question)
    rejected = html[html.index(f'id="rejected-{question.pk}"') :]
    assert "Afgewezen koppelingen (1)" in rejected
    assert f'id="link-{links["rejected"].pk}"' in rejected


def test_certain_links_do_not_fill_the_review_queue(client_for, curator, question, links):
    links["rejected"].status = Link.Status.SUGGESTED
    links["rejected"].save()
    response = client_for(curator).get(reverse("review_queue"))
    shown = [link.pk for link in response.context["links"]]
    assert shown == [links["rejected"].pk, links["lexical"].pk]


def test_only_questions_answered_by_a_passage_count_as_linked(
    client_for, policy_staff, question, letter
):
    footnote = question.document.footnotes.create(order=1, marker="1", text="Bron")
    Link.objects.create(question=question, footnote=footnote, method="source", score=1.0)
    response = client_for(policy_staff).get(reverse("dashboard"))
    assert question in list(response.context["unanswered"])
    listing = client_for(policy_staff).get(reverse("question_set_list"))
    assert [s.linked_question_count for s in listing.context["question_sets"]] == [0]


def test_evidence_words_are_the_passages_own_words_and_all_marked(
    client_for, policy_staff, question, letter
):
    passage = letter.passages.create(
        order=1,
        text="Dit jaar heeft de Haven veel gedaan. De haven en haar taken groeien elk jaar.",
    )
    link = _link(
        question, passage, Link.Method.LEXICAL, 0.4, terms=["hav", "jar", "gedan", "tak", "port"]
    )
    html = (
        client_for(policy_staff)
        .get(reverse("question_set_detail", args=[question.question_set_id]))
        .content.decode()
    )
    row = html[html.index(f'id="link-{link.pk}"') :]
    row = row[: row.index("</article>")]
    words = row[row.index("Gedeelde woorden") :].split("</p>")[0]
    assert words.endswith(
        "<mark>haven</mark>, <mark>jaar</mark>, <mark>gedaan</mark>, <mark>taken</mark>"
    )  # "port" is in no word of the passage: not listed
    assert "<mark>hav</mark>" not in row and "<mark>jar</mark>" not in row
    assert (
        "Dit <mark>jaar</mark> heeft de <mark>Haven</mark> veel <mark>gedaan</mark>. "
        "De <mark>haven</mark> en haar <mark>taken</mark> groeien elk <mark>jaar</mark>."
    ) in row
    assert "kans 40%" in row


def test_a_listed_word_far_into_a_long_passage_is_shown_and_marked(
    client_for, policy_staff, question, letter
):
    text = " ".join(["Woord."] * 120) + " Hier de haven. " + " ".join(["Meer."] * 30)
    link = _link(
        question,
        letter.passages.create(order=1, text=text),
        Link.Method.LEXICAL,
        0.4,
        terms=["hav"],
    )
    html = (
        client_for(policy_staff)
        .get(reverse("question_set_detail", args=[question.question_set_id]))
        .content.decode()
    )
    row = html[html.index(f'id="link-{link.pk}"') :]
    assert "Hier de <mark>haven</mark>. …" in row


def test_the_csv_carries_words_not_stems(client_for, policy_staff, question, letter):
    passage = letter.passages.create(order=1, text="De haven deed dit jaar veel.")
    _link(question, passage, Link.Method.LEXICAL, 0.4, terms=["hav", "jar"])
    url = reverse("question_set_export", args=[question.question_set_id, "csv"])
    text = client_for(policy_staff).get(url).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["Termen"] for row in rows] == ["haven jaar"]
    data = (
        client_for(policy_staff)
        .get(reverse("question_set_export", args=[question.question_set_id, "json"]))
        .json()
    )
    link = data["questions"][0]["links"][0]
    assert (link["terms"], link["words"]) == (["hav", "jar"], ["haven", "jaar"])


def test_adding_a_link_with_htmx_replaces_the_no_answer_placeholder(
    client_for, curator, question, letter
):
    passage = letter.passages.create(order=1, text="De haven.")
    client = client_for(curator)
    page = client.get(reverse("question_set_detail", args=[question.question_set_id]))
    assert "Nog geen document beantwoordt deze vraag." in page.content.decode()
    response = client.post(
        reverse("link_create", args=[question.pk]), {"passage": passage.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.startswith(f'<div id="links-{question.pk}" class="links">')
    assert "Nog geen document beantwoordt deze vraag." not in html
    assert 'data-status="confirmed"' in html


def test_a_probability_short_of_certainty_is_never_shown_as_100_percent():
    """A reply letter's order makes suggestions of 0.9986: "kans 100%" on a link nobody has
    confirmed read as certain."""
    from kamervragen.templatetags.kamervragen_tags import percent

    assert [percent(p) for p in (0.9986, 0.995, 0.004, 0.34)] == ["99%", "99%", "1%", "34%"]
    assert [percent(p) for p in (1.0, 1.7, 0.0, None)] == ["100%", "100%", "0%", "0%"]
