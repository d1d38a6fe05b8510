"""A question reads in its paragraphs, each list item ("a) …", "- …", "• …", "1. …") on a
line of its own, on the question and set pages, whether it came as plain text, PDF, HTML or
XML; so do the list items inside a letter's or an answer's paragraph. The stored text (what
search, linking and the exports read) stays one line."""

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from documents.pipeline import structure_document
from documents.services import document_create
from documents.structure import paragraphs_of
from kamervragen.ingestion.recipe import document_ingest
from kamervragen.models import Question
from tests.test_answer_documents import INTRO, QUESTIONS
from tests.test_question_page import _set

MARKUP = Path(__file__).parent / "fixtures" / "markup"

OPENING = "Wat is de stand van zaken van:"
ITEMS = [
    "a) de centrale opslag van vingerafdrukken;",
    "b) de decentrale opslag in de reisdocumentenadministratie;",
    "c) het verwijderen van de oude gegevens?",
]
LISTED = [OPENING, *ITEMS]


def _document(second_question: str) -> str:
    body = "\n\n".join(
        f"Vraag {n}\n{text}"
        for n, text in enumerate([QUESTIONS[0], second_question, QUESTIONS[2]], start=1)
    )
    return f"Tweede Kamer der Staten-Generaal\n2010Z15780\n\n{INTRO}\n\n{body}\n"


def _pdf(text: str) -> bytes:
    """The text drawn line by line, a blank line's height between its paragraphs."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    y = A4[1] - 80
    for paragraph in text.strip().split("\n\n"):
        for line in paragraph.split("\n"):
            bold = line.startswith("Vraag ")
            canvas.setFont("Helvetica-Bold" if bold else "Helvetica", 9.5)
            canvas.drawString(70, y, line)
            y -= 12
        y -= 12
    canvas.save()
    return buffer.getvalue()


def _question(data: bytes, number: int = 2):
    structure = structure_document(data)
    return next(q for q in structure.questions if q.number == number)


def _xml_question_with_a_list() -> bytes:
    """The official XML, its fourth question ending in a list as the OP schema marks one."""
    xml = (MARKUP / "ah-tk-20212022-105.xml").read_text(encoding="utf-8")
    asked = re.search(r"(<nr>Vraag 4</nr>\s*)<al>(.*?)</al>", xml)
    assert asked is not None
    items = "".join(
        f"<li><li.nr>{item.split()[0]}</li.nr><al>{item.split(' ', 1)[1]}</al></li>"
        for item in ITEMS
    )
    listed = f'<al>{OPENING}</al><lijst type="expliciet">{items}</lijst>'
    return xml.replace(asked.group(0), asked.group(1) + listed).encode()


def _html_question_with_a_list() -> bytes:
    """The official page, its fourth question ending in a list as the site lays one out."""
    html = (MARKUP / "ah-tk-20212022-105.html").read_text(encoding="utf-8")
    asked = re.search(r'(<h2 class="stuktitel">Vraag 4</h2>)<p>(.*?)</p>', html)
    assert asked is not None
    items = "".join(
        f'<li class="li"><p class="labeled"><span class="ol">{item.split()[0]} </span>'
        f"{item.split(' ', 1)[1]}</p></li>"
        for item in ITEMS
    )
    listed = f'<p>{OPENING}</p><ul class="expliciet">{items}</ul>'
    return html.replace(asked.group(0), asked.group(1) + listed).encode()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_document("\n".join(LISTED)).encode(), id="text, one line each"),
        pytest.param(_document("\n\n".join(LISTED)).encode(), id="text, blank lines"),
        pytest.param(_pdf(_document("\n".join(LISTED))), id="pdf"),
    ],
)
def test_a_question_keeps_where_its_list_items_start(data):
    question = _question(data)
    assert question.text == " ".join(LISTED)
    assert paragraphs_of(question.text, question.paragraph_starts) == LISTED


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_xml_question_with_a_list(), id="xml"),
        pytest.param(_html_question_with_a_list(), id="html"),
    ],
)
def test_an_official_question_keeps_where_its_list_items_start(data):
    question = _question(data, number=4)
    assert question.text == " ".join(LISTED)
    assert paragraphs_of(question.text, question.paragraph_starts) == LISTED


@pytest.mark.parametrize(
    "items",
    [
        ["Welke landen slaan vingerafdrukken op:", "- Nederland", "- België", "- Duitsland?"],
        ["Kunt u aangeven:", "1. hoeveel gegevens zijn opgeslagen;", "2. hoe lang?"],
        ["Herinnert u zich de uitspraken", "• «Wij stoppen.»", "• «Dat is onverantwoord.»?"],
    ],
    ids=["dashes", "numbers", "bullets"],
)
def test_dashes_numbers_and_bullets_open_list_items(items):
    question = _question(_document("\n".join(items)).encode())
    assert paragraphs_of(question.text, question.paragraph_starts) == items


@pytest.mark.parametrize(
    "lines",
    [
        # a dash and a number at the start of a line, in the middle of a sentence
        ["Deelt u de mening dat de veiligheid van de burgers", "– dus ook die van", "u – telt?"],
        [
            "Wanneer wordt de lijst zoals gevraagd in de motie (Kamerstuk 36 200-V, nr.",
            "26) uitgebracht?",
        ],  # fmt: skip
    ],
    ids=["dash", "after an abbreviation"],
)
def test_a_line_that_continues_a_sentence_starts_no_list_item(lines):
    question = _question(_document("\n".join(lines)).encode())
    assert question.paragraph_starts == []


def test_a_question_of_several_paragraphs_keeps_them():
    first = "In het artikel staat dat de opslag per 1 januari stopt."
    second = "Klopt dat bericht?"
    question = _question(_document(f"{first}\n\n{second}").encode())
    assert paragraphs_of(question.text, question.paragraph_starts) == [first, second]


def test_the_list_items_in_an_answer_and_a_letter_paragraph_start_on_lines_of_their_own():
    for name in ("ah-tk-20212022-105.xml", "ah-tk-20212022-105.html"):
        structure = structure_document((MARKUP / name).read_bytes())
        answer = next(p for p in structure.passages if p.answer_numbers == [4])
        assert paragraphs_of(answer.text, answer.paragraph_starts)[-2:] == [
            "– iemand die geassocieerd wordt met de Nationale Politie;",
            "– een medewerker van een opsporingsdienst.",
        ], name
    letter = structure_document(
        b"Geachte voorzitter,\n\nDe conclusie is dat:\n1) de opslag stopt;\n2) de gegevens "
        b"worden verwijderd.\n\nHoogachtend,\n\nDe Minister van Binnenlandse Zaken,\n"
    )
    listed = next(p for p in letter.passages if p.text.startswith("De conclusie"))
    assert paragraphs_of(listed.text, listed.paragraph_starts) == [
        "De conclusie is dat:",
        "1) de opslag stopt;",
        "2) de gegevens worden verwijderd.",
    ]


# stored and shown ---------------------------------------------------------------------------


@pytest.fixture
def question(db) -> Question:
    data = _document("\n".join(LISTED)).encode()
    document = document_create(filename="vragen.txt", data=data).document
    assert document_ingest(document_id=document.pk).status == "done"
    return Question.objects.get(number=2)


def _question_text(html: str, number: int) -> str:
    shown = re.search(
        rf'<article class="question" id="vraag-{number}".*?<div class="question-text">\s*'
        r"<h2.*?</h2>\s*(.*?)\s*(?:<p class=\"meta|<details|</div>)",
        html,
        re.DOTALL,
    )
    assert shown is not None
    return shown.group(1)


def test_the_question_is_stored_as_one_line_with_its_paragraph_starts(question):
    assert question.text == " ".join(LISTED)
    assert question.paragraphs == LISTED


def test_the_question_page_shows_each_list_item_on_a_line_of_its_own(
    question, policy_staff, client_for
):
    html = (
        client_for(policy_staff)
        .get(reverse("question_detail", args=[question.question_set.url_key, 2]))
        .content.decode()
    )
    assert _question_text(html, 2).startswith("".join(f"<p>{p}</p>" for p in LISTED))
    # a question of one paragraph reads as before
    page_1 = client_for(policy_staff).get(
        reverse("question_detail", args=[question.question_set.url_key, 1])
    )
    assert _question_text(page_1.content.decode(), 1).startswith(f"<p>{QUESTIONS[0]}</p>")


def test_the_set_page_shows_each_list_item_on_a_line_of_its_own(question, policy_staff, client_for):
    html = (
        client_for(policy_staff)
        .get(reverse("question_set_detail", args=[question.question_set_id]))
        .content.decode()
    )
    assert _question_text(html, 2).startswith("".join(f"<p>{p}</p>" for p in LISTED))
    assert _question_text(html, 3).startswith(f"<p>{QUESTIONS[2]}</p>")


def test_the_export_and_search_keep_the_text_as_one_line(question, policy_staff, client_for):
    client = client_for(policy_staff)
    response = client.get(reverse("question_set_export", args=[question.question_set_id, "json"]))
    texts = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert json.dumps(" ".join(LISTED), ensure_ascii=False) in texts
    query = SearchQuery("vingerafdrukken reisdocumentenadministratie", config="dutch")
    assert Question.objects.filter(search_vector=query).get() == question


def test_a_question_written_without_its_paragraph_starts_gets_none(question):
    """Rows written with COPY or a raw insert (the linking benchmark) name no such column:
    the database's default fills it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Question._meta.db_table} (question_set_id, document_id, number, "
            "text, lemmas) VALUES (%s, %s, 9, 'Een vraag?', '')",
            [question.question_set_id, question.document_id],
        )
    written = Question.objects.get(number=9)
    assert written.paragraph_starts == []
    assert written.paragraphs == ["Een vraag?"]


def test_a_similar_earlier_question_shows_its_paragraphs_with_the_shared_words_marked(
    client_for, policy_staff, db
):
    opening = "Volgens het bericht:"
    asked = "Hoeveel containerscanners van Nuctech staan er in de haven van Rotterdam?"
    earlier = _set("2019Z01234", "Scanners", [f"{opening} {asked}"], submitted=date(2019, 3, 1))
    earlier.questions.update(paragraph_starts=[len(opening) + 1])
    later = "Klopt het dat de Douane in de haven van Rotterdam scanners van Nuctech gebruikt?"
    _set("2023Z11786", "Scanners", [later], submitted=date(2023, 6, 23), number=1)
    html = (
        client_for(policy_staff)
        .get(reverse("question_detail", args=["2023Z11786", 1]))
        .content.decode()
    )
    shown = re.search(r'<blockquote class="similar-text">(.*?)</blockquote>', html, re.DOTALL)
    assert shown is not None
    paragraphs = re.findall(r"<p>(.*?)</p>", shown.group(1))
    assert paragraphs[0] == opening
    assert "<mark>haven</mark> van <mark>Rotterdam</mark>?" in paragraphs[1]
