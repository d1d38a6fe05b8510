"""Each link on the set page says in Dutch why it was made, for every linking method."""

import pytest
from django.urls import reverse

from documents.models import Document
from kamervragen.curation import link_add, link_confirm
from kamervragen.models import Link, Question, QuestionSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(db):
    questions_doc = Document.objects.create(filename="v.pdf", sha256="v" * 64, kind="questions")
    question_set = QuestionSet.objects.create(zaak_number="2024Z00001", title="Scanners")
    return Question.objects.create(
        question_set=question_set,
        document=questions_doc,
        number=3,
        text="Hoeveel containers scant de Douane in Rotterdam?",
    )


@pytest.fixture
def answers():
    return Document.objects.create(
        filename="a.pdf", sha256="a" * 64, kind="answers", title="Antwoorden scanners"
    )


def _set_page(client, question) -> str:
    response = client.get(reverse("question_set_detail", args=[question.question_set_id]))
    assert response.status_code == 200
    return response.content.decode()


def _row(html: str, link: Link) -> str:
    start = html.index(f'id="link-{link.pk}"')
    return html[start : html.index("</article>", start)]


def test_a_lexical_link_lists_its_terms_and_marks_them_in_the_passage(
    client_for, policy_staff, question, answers
):
    passage = answers.passages.create(order=1, text="De Douane scant containers met scanners.")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.LEXICAL,
        score=0.42,
        evidence={"terms": ["douan", "scanner"]},
    )
    row = _row(_set_page(client_for(policy_staff), question), link)
    assert "Overeenkomende termen" in row
    # Stems shown as the passage spells them, and only the words with those stems marked.
    assert (
        "Gedeelde woorden, gemarkeerd in de passage: <mark>Douane</mark>, <mark>scanners</mark>"
        in row
    )
    assert "De <mark>Douane</mark> scant containers met <mark>scanners</mark>." in row
    assert "kans 42%" in row  # a lexical score is a probability: shown as one


def test_an_explicit_link_names_the_answered_questions(client_for, policy_staff, question, answers):
    passage = answers.passages.create(order=1, text="Antwoord op vraag 3 en 4: elke dag.")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.EXPLICIT,
        score=1.0,
        evidence={"answer_numbers": [3, 4]},
    )
    row = _row(_set_page(client_for(policy_staff), question), link)
    assert "Expliciet antwoord" in row
    assert "Het document beantwoordt hier de vragen 3 en 4." in row
    assert "Nader antwoord" not in row


def test_a_further_answer_says_so(client_for, policy_staff, question, answers):
    passage = answers.passages.create(order=2, text="In aanvulling op mijn eerdere antwoord: …")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.EXPLICIT,
        score=1.0,
        evidence={"answer_numbers": [3], "further_answer": True},
    )
    row = _row(_set_page(client_for(policy_staff), question), link)
    assert '<strong class="further-answer">Nader antwoord</strong>' in row
    assert "Het document beantwoordt hier vraag 3." in row


def test_an_answer_pointed_to_from_another_answer_says_which_answer_points_to_it(
    client_for, policy_staff, question, answers
):
    passage = answers.passages.create(order=3, text="Dat gebeurt elke dag.")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.EXPLICIT,
        score=1.0,
        evidence={"answer_numbers": [1], "referred_from": 3},
    )
    row = _row(_set_page(client_for(policy_staff), question), link)
    assert (
        "Het document beantwoordt hier vraag 1. Het antwoord op vraag 3 verwijst hiernaar." in row
    )


def test_a_source_is_shown_under_bronnen_with_its_addresses_not_as_an_answer(
    client_for, policy_staff, question
):
    footnote = question.document.footnotes.create(
        order=1,
        marker="2",
        text="NOS, 3 mei 2023, https://nos.nl/artikel/1",
        urls=["https://nos.nl/artikel/1"],
    )
    question.footnotes.add(footnote)
    link = Link.objects.create(
        question=question,
        footnote=footnote,
        method=Link.Method.SOURCE,
        score=1.0,
        evidence={"marker": "2", "urls": ["https://nos.nl/artikel/1"]},
    )
    html = _set_page(client_for(policy_staff), question)
    assert f'id="link-{link.pk}"' not in html  # a source, not an answer
    source = html[html.index(f'id="bron-{footnote.pk}"') :].split("</li>")[0]
    assert source.count('<a href="https://nos.nl/artikel/1"') == 1
    footnote.text = "NOS, 3 mei 2023"  # the address only in the footnote's link
    footnote.save()
    html = _set_page(client_for(policy_staff), question)
    source = html[html.index(f'id="bron-{footnote.pk}"') :].split("</li>")[0]
    assert 'NOS, 3 mei 2023 <a href="https://nos.nl/artikel/1"' in source


def test_a_reference_link_shows_the_reference_and_links_the_document_it_names(
    client_for, policy_staff, question, answers
):
    cited = Document.objects.create(filename="k.pdf", sha256="k" * 64, kind="letter")
    passage = answers.passages.create(order=1, text="Zie ook Kamerstuk 31934, nr. 12.")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.REFERENCE,
        score=0.8,
        evidence={"reference": "Kamerstuk 31934, nr. 12", "resolved_document_id": cited.pk},
    )
    unresolved = Link.objects.create(
        question=question,
        passage=answers.passages.create(order=2, text="Zie de motie-Van Dijk (36200-XII, nr. 9)."),
        method=Link.Method.REFERENCE,
        score=0.7,
        evidence={"reference": "Kamerstuk 36200-XII, nr. 9", "resolved_document_id": None},
    )
    html = _set_page(client_for(policy_staff), question)
    row = _row(html, link)
    assert "Gedeelde verwijzing" in row
    url = reverse("documents:detail", args=[cited.pk])
    assert f'Verwijzing: <a href="{url}">Kamerstuk 31934, nr. 12</a>' in row
    other = _row(html, unresolved)
    assert "Kamerstuk 36200-XII, nr. 9 <span" in other
    assert "niet in de database" in other


def test_a_manual_link_says_who_added_it_even_after_another_curator_confirms_it(
    client_for, policy_staff, curator, question, answers, django_user_model
):
    passage = answers.passages.create(order=1, text="De Douane scant elke dag.")
    link = link_add(question=question, passage=passage, curator=curator)
    colleague = django_user_model.objects.create_user(username="collega")
    link_confirm(link=link, curator=colleague)
    row = _row(_set_page(client_for(policy_staff), question), link)
    assert "Handmatig toegevoegd door curator op" in row
    assert "door collega" in row  # who decided last
    assert "score" not in row.split('class="evidence')[1]


@pytest.mark.parametrize(
    ("reply", "label"),
    [
        ("order", "Volgorde van de brief"),
        ("combined", "Volgorde van de brief"),
        ("fit", "Best passende vraag van de brief"),
    ],
)
def test_a_link_a_reply_letters_order_placed_says_so_not_shared_terms(
    client_for, policy_staff, question, reply, label
):
    """A reply letter's paragraph given to its question by the letter's order (the evidence
    of `recipe._evidence`): it was labelled "Overeenkomende termen · kans 100%"."""
    letter = Document.objects.create(filename="b.pdf", sha256="b" * 64, kind="letter")
    passage = letter.passages.create(order=2, text="Dat is niet bekend.")
    link = Link.objects.create(
        question=question,
        passage=passage,
        method=Link.Method.LEXICAL,
        score=1.0,
        evidence={"terms": [], "probability": 1.0, "features": [], "reply": reply},
    )
    url = reverse("question_detail", args=[question.question_set.url_key, question.number])
    html = client_for(policy_staff).get(url).content.decode()
    row = _row(html, link)
    assert f'<span class="evidence-method">{label}</span> · ' in row
    assert "kans 100%" in row  # the probability stays
    assert "Overeenkomende termen" not in row
